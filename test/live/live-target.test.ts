// What the live mode promises a user pointing it at their staging.
import {describe, expect, test} from 'vitest';
import {cases} from '../../contract-tests/operations/index.js';
import {formatSummary} from '../../contract-tests/report/console.js';
import {exitCodeOf} from '../../contract-tests/base/verdict.js';
import {runContract} from '../../contract-tests/runner/run.js';
import {checkPublicUrl, liveConfig, liveConfigFromEnv, liveTarget} from '../../contract-tests/targets/live.js';
import {UsageError} from '../../contract-tests/base/errors.js';
import {type Handler, startServer} from '../helpers/server.js';
import {type Fault, SECRETS, STAND_IN_IDS, type StandIn, flowBody, json, startStandIn} from '../mutation/stand-in.js';

const FLOW = '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a';
const OTHER_FLOW = '8c3e0b1f-4d52-4a6f-8b8e-2a1d3c4f5e6b';

describe('configuration from the environment and the flags', () => {
	test('KRATOS_PUBLIC_URL is required, and named (a usage error)', () => {
		expect(() => liveConfigFromEnv({})).toThrow(new UsageError('KRATOS_PUBLIC_URL is not set (or --url): the public URL of the Kratos to test, e.g. https://accounts.example.com/auth'));
	});

	test('every documented variable is read', () => {
		const config = liveConfigFromEnv({
			KRATOS_PUBLIC_URL: 'https://accounts.example.com/auth',
			KRATOS_SESSION_TOKEN: 'a',
			KRATOS_COOKIE: 'b',
			KRATOS_SETTINGS_FLOW_ID: FLOW,
			KRATOS_OTHER_SESSION_TOKEN: 'd',
			KRATOS_EXPIRED_FLOW_ID: OTHER_FLOW,
			KRATOS_AAL1_SESSION_TOKEN: 'f',
			KRATOS_AAL1_FLOW_ID: FLOW,
			KRATOS_ALLOW_WRITES: '1',
			KRATOS_TEST_IDENTITY_ID: OTHER_FLOW,
			KRATOS_ADVERTISED_URL: 'https://id.example.com',
			KRATOS_TIMEOUT_MS: '1500',
		});
		expect(config).toMatchObject({
			sessionToken: 'a',
			cookie: 'b',
			settingsFlowId: FLOW,
			otherSessionToken: 'd',
			expiredFlowId: OTHER_FLOW,
			aal1SessionToken: 'f',
			aal1FlowId: FLOW,
			allowWrites: true,
			testIdentityId: OTHER_FLOW,
			advertisedUrl: 'https://id.example.com',
			timeoutMs: 1500,
		});
		expect(() => liveConfigFromEnv({KRATOS_PUBLIC_URL: 'https://a.example', KRATOS_SESSION_TOKEN: 'a', KRATOS_TIMEOUT_MS: 'soon'})).toThrow(/^KRATOS_TIMEOUT_MS must be/);
	});

	test('a flag wins over its variable, and a mistake in it names the flag', () => {
		const env = {KRATOS_PUBLIC_URL: 'https://staging.example.com', KRATOS_SESSION_TOKEN: 'a', KRATOS_SETTINGS_FLOW_ID: FLOW, KRATOS_TIMEOUT_MS: '1500'};
		const config = liveConfig(env, {publicUrl: 'https://other.example.com/auth', settingsFlowId: OTHER_FLOW, timeoutMs: '900', allowWrites: true, testIdentityId: FLOW});
		expect(config).toMatchObject({publicUrl: 'https://other.example.com/auth', settingsFlowId: OTHER_FLOW, timeoutMs: 900, allowWrites: true, testIdentityId: FLOW});
		expect(() => liveConfig(env, {publicUrl: 'accounts.example.com'})).toThrow(/^--url is not an absolute URL/);
		expect(() => liveConfig(env, {timeoutMs: '0'})).toThrow(/^--timeout must be a positive whole number/);
		expect(() => liveConfig(env, {expiredFlowId: ''})).toThrow(/^--expired-flow-id is empty$/);
		expect(() => liveConfig(env, {allowWrites: true})).toThrow(/^--allow-writes needs KRATOS_TEST_IDENTITY_ID/);
	});

	test("privileged_session_max_age is a duration as Kratos's config writes it", () => {
		const env = {KRATOS_PUBLIC_URL: 'https://staging.example.com', KRATOS_SESSION_TOKEN: 'a'};
		expect(liveConfig(env).privilegedSessionMaxAgeMs).toBeUndefined();
		expect(liveConfig({...env, KRATOS_PRIVILEGED_SESSION_MAX_AGE: '1h30m'}).privilegedSessionMaxAgeMs).toBe(5_400_000);
		expect(liveConfig(env, {privilegedSessionMaxAgeMs: '90s'}).privilegedSessionMaxAgeMs).toBe(90_000);
		expect(() => liveConfig({...env, KRATOS_PRIVILEGED_SESSION_MAX_AGE: '15'})).toThrow(/^KRATOS_PRIVILEGED_SESSION_MAX_AGE must be a duration as Kratos's config writes it, such as 15m/);
		expect(() => liveConfig(env, {privilegedSessionMaxAgeMs: 'a while'})).toThrow(/^--privileged-session-max-age must be a duration/);
	});

	test('a missing token or cookie is a usage error, before anything is sent', () => {
		expect(() => liveConfigFromEnv({KRATOS_PUBLIC_URL: 'https://accounts.example.com'})).toThrow(
			new UsageError('Set KRATOS_SESSION_TOKEN (or KRATOS_COOKIE): the suite needs one active session of the Kratos it tests'),
		);
	});

	test('a value that cannot be right is refused without being quoted back (it may be a secret in the wrong place)', () => {
		const env = {KRATOS_PUBLIC_URL: 'https://a.example', KRATOS_SESSION_TOKEN: 'a'};
		const secret = 'ory_st_PASTEDINTHEWRONGPLACE000';
		for (const [variable, message] of [
			['KRATOS_SETTINGS_FLOW_ID', /^KRATOS_SETTINGS_FLOW_ID is not a flow id \(a UUID/],
			['KRATOS_EXPIRED_FLOW_ID', /^KRATOS_EXPIRED_FLOW_ID is not a flow id/],
			['KRATOS_TEST_IDENTITY_ID', /^KRATOS_TEST_IDENTITY_ID is not an identity id/],
			['KRATOS_ALLOW_WRITES', /^KRATOS_ALLOW_WRITES must be 1 \(or unset\)$/],
		] as const) {
			const error = (() => {
				try {
					liveConfigFromEnv({...env, [variable]: secret});
				} catch (caught) {
					return caught as Error;
				}
				throw new Error(`${variable} was accepted`);
			})();
			expect(error).toBeInstanceOf(UsageError);
			expect(error.message).toMatch(message);
			expect(error.message).not.toContain(secret);
		}
		expect(() => liveConfigFromEnv({...env, KRATOS_AAL1_FLOW_ID: FLOW})).toThrow(/^KRATOS_AAL1_FLOW_ID needs KRATOS_AAL1_SESSION_TOKEN/);
	});

	test.each([
		['http://accounts.example.com/auth', /Refusing to send session tokens over plain http to accounts\.example\.com \(KRATOS_PUBLIC_URL\)/],
		['http://10.0.0.5:4433', /Refusing to send session tokens over plain http/],
		['accounts.example.com', /is not an absolute URL/],
		['https://u:p@accounts.example.com', /must not carry credentials/],
		['ftp://accounts.example.com', /must be http\(s\)/],
	])('%s is refused before any request, as a usage error', (url, message) => {
		expect(() => checkPublicUrl(url)).toThrow(message);
		expect(() => checkPublicUrl(url)).toThrow(UsageError);
	});

	test('plain http is fine on loopback, and elsewhere only with KRATOS_ALLOW_INSECURE_HTTP=1 (or --allow-insecure-http)', () => {
		expect(checkPublicUrl('http://127.0.0.1:4433/auth/')).toBe('http://127.0.0.1:4433/auth');
		expect(checkPublicUrl('http://localhost:4433')).toBe('http://localhost:4433');
		expect(checkPublicUrl('http://kratos.internal', true)).toBe('http://kratos.internal');
		expect(liveConfigFromEnv({KRATOS_PUBLIC_URL: 'http://x', KRATOS_SESSION_TOKEN: 'a', KRATOS_ALLOW_INSECURE_HTTP: '1'}).allowInsecureHttp).toBe(true);
		expect(liveConfig({KRATOS_PUBLIC_URL: 'http://x', KRATOS_SESSION_TOKEN: 'a'}, {allowInsecureHttp: true}).allowInsecureHttp).toBe(true);
		expect(() => liveConfigFromEnv({KRATOS_PUBLIC_URL: 'http://kratos.internal', KRATOS_SESSION_TOKEN: 'a'})).toThrow(UsageError);
	});
});

describe('against a stand-in staging', () => {
	test('without the opt-in: the documented safe GETs and the logins, a bounded number of times; nothing written, no session raised', async () => {
		const standIn = await startStandIn();
		try {
			// As a staging gives it: no other identity's password, no login of the AAL1 identity, no expired login flow.
			const run = await runContract({target: liveTarget({...standIn.config, otherLogin: undefined, aal1Login: undefined, expiredLoginFlowId: undefined})});
			expect(exitCodeOf(run), formatSummary(run)).toBe(0);
			const requests = standIn.server.requests.map((request) => `${request.method} ${new URL(request.url, 'http://x').pathname}`);
			expect(new Set(requests)).toEqual(
				new Set([
					'GET /auth/sessions/whoami',
					'GET /auth/self-service/settings/api',
					'GET /auth/self-service/settings/browser',
					'GET /auth/self-service/settings/flows',
					// The CORS preflight: no credential, nothing changed.
					'OPTIONS /auth/self-service/settings/flows',
					// The login flows after an interruption: a wrong password and KRATOS_TEST_PASSWORD in a refresh flow, a wrong
					// TOTP code in a second-factor flow. No password change, no second factor given.
					'GET /auth/self-service/login/api',
					'GET /auth/self-service/login/browser',
					'POST /auth/self-service/login',
				]),
			);
			const logins = cases.filter((item) => item.id.startsWith('login_')).length;
			// whoami and the suite's flow, then one request per case; a login case also makes its flow and reads the session
			// (and the AAL1 flow) before and after: at most six more each.
			expect(requests.length).toBeLessThanOrEqual(2 + cases.length + 6 * logins);
			// Each submit a case's own (no setup posts anything): refused ones, and three with credentials of the session's
			// identities (a wrong password and KRATOS_TEST_PASSWORD in a refresh flow, a wrong TOTP code).
			const posts = run.cases.filter((item) => item.exchange?.request.method === 'POST');
			expect(requests.filter((request) => request.startsWith('POST'))).toHaveLength(posts.length);
			expect(posts.map((item) => item.case.id).sort()).toEqual(
				['login_csrf_missing', 'login_unknown_flow', 'login_step_up_without_session', 'login_refresh_wrong_password', 'login_refresh_password', 'login_step_up_wrong_code'].sort(),
			);
			// The AAL1 session stays AAL1: the step-up with the right code needs the opt-in.
			expect(run.cases.find((item) => item.case.id === 'login_step_up')?.reason).toBe(
				'raises KRATOS_AAL1_SESSION_TOKEN to AAL2 for good: set KRATOS_ALLOW_WRITES=1 (or --allow-writes) to run it; the next run then needs a fresh AAL1 session',
			);
			expect(run.cases.find((item) => item.case.id === 'login_refresh_other_identity')?.reason).toMatch(/^needs another identity's password, which only a Kratos the suite provisions itself knows/);
		} finally {
			await standIn.close();
		}
	});

	test('with the opt-in, the step-up raises the AAL1 session it is given for good: the next start refuses it, saying why', async () => {
		const standIn = await startStandIn(undefined, {allowWrites: true});
		try {
			const config = {...standIn.config, aal1Login: undefined};
			const run = await runContract({target: liveTarget(config)});
			expect(exitCodeOf(run), formatSummary(run)).toBe(0);
			expect(run.cases.find((item) => item.case.id === 'login_step_up')?.exchange?.request.headers['x-session-token']).toBe(SECRETS.aal1);
			await expect(runContract({target: liveTarget(config)})).rejects.toThrow(/^KRATOS_AAL1_SESSION_TOKEN is an AAL2 session: give a session logged in with the password only, of an identity with a second factor/);
		} finally {
			await standIn.close();
		}
	});

	test("the session's age decides which password refusal runs: judged when recent, refused for its age when old", async () => {
		const recent = await startStandIn(undefined, {allowWrites: true});
		const old = await startStandIn(undefined, {allowWrites: true, sessionAgeMs: 2 * 60 * 60 * 1000});
		try {
			// No refresh login with the session's password: it would make the old session recent for the runs after it.
			const outcomes = async (config: typeof recent.config, extra: Partial<typeof recent.config> = {}) => {
				const run = await runContract({target: liveTarget({...config, testPassword: undefined, ...extra})});
				expect(exitCodeOf(run), formatSummary(run)).toBe(0);
				return Object.fromEntries(['update_password_rejected', 'update_refresh_required'].map((id) => {
					const item = run.cases.find((each) => each.case.id === id)!;
					return [id, item.outcome === 'skipped' ? item.reason : `${item.outcome} ${item.exchange?.response?.status}`];
				}));
			};
			expect(await outcomes(recent.config)).toEqual({
				update_password_rejected: 'passed 400',
				update_refresh_required: expect.stringMatching(/^the session logged in less than privileged_session_max_age \(900 s \(KRATOS_PRIVILEGED_SESSION_MAX_AGE\)\) ago: update_password_rejected runs instead$/),
			});
			expect(await outcomes(old.config)).toEqual({
				update_password_rejected: expect.stringMatching(/^the session logged in longer ago than privileged_session_max_age \(900 s/),
				update_refresh_required: 'passed 403',
			});
			// Told a longer privileged age, the suite expects the old session's password to be judged: the server refuses
			// it for its age, and the case that ran says so.
			const told = await runContract({target: liveTarget({...old.config, testPassword: undefined, privilegedSessionMaxAgeMs: 3 * 60 * 60 * 1000})});
			const rejected = told.cases.find((each) => each.case.id === 'update_password_rejected')!;
			expect([rejected.outcome, rejected.exchange?.response?.status]).toEqual(['failed', 403]);
		} finally {
			await recent.close();
			await old.close();
		}
	});

	test('the privileged age not given: either refusal of the short password passes, each judged by its own promises', async () => {
		const recent = await startStandIn(undefined, {allowWrites: true});
		const old = await startStandIn(undefined, {allowWrites: true, sessionAgeMs: 2 * 60 * 60 * 1000});
		// A 403 session_refresh_required without the login to go to: the refusal's own promise broken.
		const noRedirect: Fault = (answer, {path}) => {
			if (path !== '/self-service/settings' || answer.status !== 403) return answer;
			const {redirect_browser_to: _, ...body} = JSON.parse(answer.body) as Record<string, any>;
			if (body.error?.details) delete body.error.details.redirect_browser_to;
			return {...answer, body: JSON.stringify(body)};
		};
		const broken = await startStandIn(noRedirect, {allowWrites: true, sessionAgeMs: 2 * 60 * 60 * 1000});
		try {
			const unknownAge = async (standIn: StandIn) => {
				const run = await runContract({target: liveTarget({...standIn.config, privilegedSessionMaxAgeMs: undefined})});
				const item = (id: string) => run.cases.find((each) => each.case.id === id)!;
				return {run, rejected: item('update_password_rejected'), refresh: item('update_refresh_required')};
			};
			const fresh = await unknownAge(recent);
			expect(exitCodeOf(fresh.run), formatSummary(fresh.run)).toBe(0);
			expect([fresh.rejected.outcome, fresh.rejected.exchange?.response?.status, fresh.rejected.expect?.result]).toEqual(['passed', 400, 'corrections']);
			expect(fresh.rejected.expect?.dependsOn).toBeUndefined();
			expect(fresh.refresh.reason).toMatch(/^the privileged age is not known: set KRATOS_PRIVILEGED_SESSION_MAX_AGE \(Kratos's selfservice\.flows\.settings\.privileged_session_max_age; its default is 1h\)/);
			const stale = await unknownAge(old);
			expect(exitCodeOf(stale.run), formatSummary(stale.run)).toBe(0);
			expect([stale.rejected.outcome, stale.rejected.exchange?.response?.status, stale.rejected.expect?.errorId]).toEqual(['passed', 403, 'session_refresh_required']);
			// The refusal for the session's age is still held to its promise: the login to go to.
			const faulty = await unknownAge(broken);
			expect(exitCodeOf(faulty.run)).toBe(1);
			expect(faulty.rejected.checks.filter((check) => check.outcome === 'failed').map((check) => check.check), formatSummary(faulty.run)).toContain('error_redirects');
		} finally {
			await Promise.all([recent.close(), old.close(), broken.close()]);
		}
	});

	test('the privileged age given: a refusal it decides names the variable (dependsOn), a wrong age fails on its case', async () => {
		const old = await startStandIn(undefined, {allowWrites: true, sessionAgeMs: 2 * 60 * 60 * 1000});
		try {
			// No refresh with the session's password: the second run needs the session as old as the first found it.
			const told = await runContract({target: liveTarget({...old.config, testPassword: undefined, privilegedSessionMaxAgeMs: 3 * 60 * 60 * 1000})});
			const rejected = told.cases.find((each) => each.case.id === 'update_password_rejected')!;
			expect([rejected.outcome, rejected.exchange?.response?.status]).toEqual(['failed', 403]);
			expect(rejected.expect?.dependsOn).toEqual(['KRATOS_PRIVILEGED_SESSION_MAX_AGE']);
			const flagged = await runContract({target: liveTarget({...old.config, testPassword: undefined, names: {privilegedSessionMaxAgeMs: '--privileged-session-max-age'}})});
			expect(flagged.cases.find((each) => each.case.id === 'update_refresh_required')!.expect?.dependsOn).toEqual(['--privileged-session-max-age']);
		} finally {
			await old.close();
		}
	});

	test('a Kratos whose flows name another public URL (a front proxy\'s): a usage error naming KRATOS_ADVERTISED_URL and both URLs, nothing judged; given, it passes', async () => {
		// Plain http: the stand-in's cookies have no Secure, which cookie_flags demands of an https deployment.
		const PROXY = 'http://accounts.example.test/auth';
		// Every URL Kratos hands out on the proxy's base, as serve.public.base_url makes them.
		const behindProxy: Fault = (answer, {base}) => ({...answer, body: answer.body.replaceAll(base, PROXY), headers: Object.fromEntries(Object.entries(answer.headers).map(([name, value]) => [name, value.replaceAll(base, PROXY)]))});
		const standIn = await startStandIn(behindProxy, {allowWrites: true});
		try {
			const {publicUrl, sessionToken} = standIn.config;
			const started: string[] = [];
			const error = await runContract({target: liveTarget({publicUrl, sessionToken}), onCaseStart: (item) => started.push(item.id)}).then(
				() => undefined,
				(caught: unknown) => caught,
			);
			expect(error).toBeInstanceOf(UsageError);
			expect((error as Error).message).toContain(`whoami's identity.schema_url is on ${PROXY}, while KRATOS_PUBLIC_URL is ${publicUrl}`);
			expect((error as Error).message).toContain(`set KRATOS_ADVERTISED_URL=${PROXY} (or --advertised-url)`);
			expect(started).toEqual([]);
			const told = await runContract({target: liveTarget({...standIn.config, advertisedUrl: PROXY})});
			expect(exitCodeOf(told), formatSummary(told)).toBe(0);
		} finally {
			await standIn.close();
		}
	});

	test('a Kratos without the password method: the password cases are skipped, naming why', async () => {
		// password.enabled: false: no password nodes in any flow, and a password submit is "disabled" (404).
		const noPassword: Fault = (answer, {path, body: sent}) => {
			if (path === '/self-service/settings' && sent?.method === 'password') return json(404, {error: {code: 404, status: 'Not Found', reason: 'This endpoint was disabled by system administrator. Please check your url or contact the system administrator to enable it.', message: 'The requested resource could not be found'}});
			if (!answer.headers['content-type']?.includes('json') || answer.status >= 300) return answer;
			const flow = JSON.parse(answer.body) as Record<string, any>;
			if (!Array.isArray(flow.ui?.nodes)) return answer;
			flow.ui.nodes = flow.ui.nodes.filter((node: {group?: string}) => node.group !== 'password');
			return {...answer, body: JSON.stringify(flow)};
		};
		const standIn = await startStandIn(noPassword, {allowWrites: true});
		try {
			const run = await runContract({target: liveTarget(standIn.config)});
			expect(exitCodeOf(run), formatSummary(run)).toBe(0);
			for (const id of ['update_password_rejected', 'update_refresh_required']) {
				const item = run.cases.find((each) => each.case.id === id)!;
				expect([item.outcome, item.reason]).toEqual(['skipped', 'this Kratos offers no password method: its settings flow has no password nodes (selfservice.methods.password.enabled)']);
			}
		} finally {
			await standIn.close();
		}
	});

	test('a case whose input is missing is skipped, naming the variable that enables it', async () => {
		const standIn = await startStandIn();
		try {
			const {publicUrl, sessionToken} = standIn.config;
			const run = await runContract({target: liveTarget({publicUrl, sessionToken})});
			const skipped = Object.fromEntries(run.cases.filter((item) => item.outcome === 'skipped').map((item) => [item.case.id, item.reason]));
			expect(skipped).toEqual({
				own_flow_cookie: 'set KRATOS_COOKIE to enable',
				token_is_final: 'set KRATOS_COOKIE (a session cookie of the same identity) to enable',
				other_identity: "set KRATOS_OTHER_SESSION_TOKEN (another identity's session) to enable",
				expired_flow: "set KRATOS_EXPIRED_FLOW_ID (an expired flow of the session's identity) to enable",
				aal2_required: expect.stringMatching(/^set KRATOS_AAL1_SESSION_TOKEN and KRATOS_AAL1_FLOW_ID/),
				create_native_aal2_required: expect.stringMatching(/^set KRATOS_AAL1_SESSION_TOKEN /),
				create_browser_aal2_required: expect.stringMatching(/^set KRATOS_AAL1_SESSION_TOKEN /),
				server_error: 'a live server cannot be made to fail on purpose',
				create_native_server_error: 'a live server cannot be made to fail on purpose',
				create_browser_server_error: 'a live server cannot be made to fail on purpose',
				// The login cases: the session's own refresh flow with a wrong password runs with the token alone.
				login_step_up_flow: 'set KRATOS_AAL1_SESSION_TOKEN (an AAL1 session of an identity with a second factor) to enable',
				login_after_refresh_required:
					"the login a refused password change names needs one refused for the session's age: a password change is tried only with the opt-in: set KRATOS_ALLOW_WRITES=1 (or --allow-writes) and KRATOS_TEST_IDENTITY_ID (a dedicated test identity)",
				login_after_aal2_required: 'set KRATOS_AAL1_SESSION_TOKEN and KRATOS_AAL1_FLOW_ID to enable',
				login_refresh_other_identity: "needs another identity's password, which only a Kratos the suite provisions itself knows (npm run contract:kratos): a staging is never asked for one",
				login_refresh_password: "set KRATOS_TEST_PASSWORD (the session identity's password) to enable",
				login_step_up_wrong_code: 'set KRATOS_AAL1_SESSION_TOKEN (an AAL1 session of an identity with a second factor) to enable',
				login_step_up: 'set KRATOS_AAL1_SESSION_TOKEN (an AAL1 session of an identity with a second factor) to enable',
				login_server_error: 'a live server cannot be made to fail on purpose',
				login_browser_server_error: 'a live server cannot be made to fail on purpose',
				login_submit_server_error: 'a live server cannot be made to fail on purpose',
				login_step_up_without_session: 'set KRATOS_AAL1_SESSION_TOKEN (an AAL1 session of an identity with a second factor) to enable',
				login_expired_flow: 'needs a login flow past its lifespan (selfservice.flows.login.lifespan, 1h by default): runs against the local Kratos (npm run contract:kratos), which makes one',
				login_browser_location_change: 'needs a social sign-in provider to sign in with: runs against the local Kratos (npm run contract:kratos), never against staging',
				// Without the opt-in, nothing is written: every update case is skipped, naming the opt-in.
				...Object.fromEntries(
					cases
						.filter((item) => item.id.startsWith('update_'))
						.map((item) => [
							item.id,
							item.id === 'update_server_error'
								? 'a live server cannot be made to fail on purpose'
								: 'writes to an identity: set KRATOS_ALLOW_WRITES=1 and KRATOS_TEST_IDENTITY_ID (a dedicated test identity) to enable',
						]),
				),
			});
			expect(exitCodeOf(run)).toBe(0);
			// The test identity given but not the opt-in: the skip asks only for what is missing.
			const half = await runContract({target: liveTarget({publicUrl, sessionToken, testIdentityId: STAND_IN_IDS.owner})});
			expect(half.cases.find((item) => item.case.id === 'update_profile')?.reason).toBe(
				'writes to an identity: set KRATOS_ALLOW_WRITES=1 (or --allow-writes) to enable; KRATOS_TEST_IDENTITY_ID is set',
			);
		} finally {
			await standIn.close();
		}
	});

	test('a token that is not a session is a usage error naming it: no run, no report', async () => {
		const standIn = await startStandIn();
		try {
			await expect(runContract({target: liveTarget({publicUrl: standIn.url, sessionToken: 'ory_st_expiredXXXXXXXX'})})).rejects.toThrow(
				new UsageError('KRATOS_SESSION_TOKEN is not an active session here: GET /sessions/whoami answered 401 (expired, revoked, or of another Kratos?)'),
			);
		} finally {
			await standIn.close();
		}
	});

	test('an unreachable target fails the run with the reason', async () => {
		const gone = await startServer();
		await gone.close();
		const run = await runContract({target: liveTarget({publicUrl: gone.url, sessionToken: SECRETS.owner, timeoutMs: 500})});
		expect(run.error).toMatch(/^Cannot reach http:\/\/127\.0\.0\.1:\d+ \(GET \/sessions\/whoami\): ECONNREFUSED$/);
		expect(exitCodeOf(run)).toBe(1);
	});

	test('a redirect to another origin is never followed with the token', async () => {
		const elsewhere = await startServer();
		const standIn = await startStandIn((answer, {path}) =>
			path === '/sessions/whoami' || path === '/self-service/settings/flows'
				? {status: 307, headers: {location: `${elsewhere.url}/steal${path}`}, body: ''}
				: answer,
		);
		try {
			// A redirect where whoami should answer: not Kratos's public API, the user's URL is named.
			await expect(runContract({target: liveTarget(standIn.config)})).rejects.toThrow(/^KRATOS_PUBLIC_URL \(http:\S+\) does not answer like Kratos's public API: GET \/sessions\/whoami answered 307 \(no content type\) redirecting to \/steal\/sessions\/whoami/);
			// And the client itself, with the session set up correctly: the flows call is redirected too.
			const withoutWhoami = await startStandIn((answer, {path}) =>
				path === '/self-service/settings/flows' ? {status: 307, headers: {location: `${elsewhere.url}/steal`}, body: ''} : answer,
			);
			try {
				const flows = await runContract({target: liveTarget(withoutWhoami.config)});
				expect(exitCodeOf(flows)).toBe(1);
				expect(flows.cases.find((item) => item.case.id === 'own_flow')?.exchange?.result).toMatchObject({kind: 'transport-error'});
			} finally {
				await withoutWhoami.close();
			}
			expect(elsewhere.requests).toEqual([]);
		} finally {
			await standIn.close();
			await elsewhere.close();
		}
	});
});

/** The message of the UsageError a run is refused with (no run, no report). */
async function usageErrorOf(config: Parameters<typeof liveTarget>[0]): Promise<string> {
	const outcome = await runContract({target: liveTarget(config)}).then(
		(run) => new Error(`the run was not refused: ${run.error ?? formatSummary(run)}`),
		(error: unknown) => error,
	);
	if (!(outcome instanceof UsageError)) throw outcome;
	return outcome.message;
}

describe('a URL that does not answer like Kratos’s public API is named as such, not as a bad session', () => {
	test.each([
		[
			'a web app: HTML on every path',
			html(200, '<!doctype html><title>Accounts</title>'),
			/^KRATOS_PUBLIC_URL \(http:\S+\) does not answer like Kratos's public API: GET \/sessions\/whoami answered 200 \(text\/html\): a text\/html page, not Kratos's JSON/,
		],
		[
			"Kratos's admin port (a 307 to /admin/…, as Kratos v1.3.1's admin API answers every public path)",
			redirect(307, '/admin/sessions/whoami'),
			/answered 307 \(text\/html\) redirecting to \/admin\/sessions\/whoami: that is Kratos's admin API; give the public API's URL \(serve\.public\), path prefix included$/,
		],
		['a wrong path prefix (a 404 on whoami)', text(404, '404 page not found'), /answered 404 \(text\/plain\): nothing like Kratos at this path; is the path prefix right/],
		['a proxy asking for its own login', html(401, '<h1>401 Authorization Required</h1>'), /answered 401 \(text\/html\): a text\/html page/],
	])('%s', async (_, handler, message) => {
		const server = await startServer(handler);
		try {
			const error = await usageErrorOf({publicUrl: server.url, sessionToken: SECRETS.owner, timeoutMs: 2000});
			expect(error).toMatch(message);
			expect(error).not.toMatch(/active session/);
			// Nothing but whoami was asked.
			expect(server.requests.map((request) => request.url)).toEqual(['/sessions/whoami']);
		} finally {
			await server.close();
		}
	});

	test('a server failing on whoami is the server’s fault: the run fails (exit 1), it is not a usage error', async () => {
		const server = await startServer((_, response) => {
			response.writeHead(503, {'content-type': 'text/html'}).end('<h1>Service Unavailable</h1>');
		});
		try {
			const run = await runContract({target: liveTarget({publicUrl: server.url, sessionToken: SECRETS.owner})});
			expect(run.error).toMatch(/^http:\S+ failed: GET \/sessions\/whoami answered 503$/);
			expect(exitCodeOf(run)).toBe(1);
		} finally {
			await server.close();
		}
	});
});

describe('the flow ids and sessions a user gives are checked first, and a wrong one is named', () => {
	const withIds = async (change: (config: StandIn['config']) => Partial<StandIn['config']>, fault?: Fault) => {
		const standIn = await startStandIn(fault);
		try {
			return await usageErrorOf({...standIn.config, ...change(standIn.config)});
		} finally {
			await standIn.close();
		}
	};
	const UNKNOWN = '00000000-0000-4000-8000-000000000000';

	test('KRATOS_SETTINGS_FLOW_ID the server does not know: not "Expected 200, got 404"', async () => {
		expect(await withIds(() => ({settingsFlowId: UNKNOWN}))).toBe(
			'KRATOS_SETTINGS_FLOW_ID is not a settings flow this Kratos knows: GET /self-service/settings/flows answered 404',
		);
	});

	test('KRATOS_SETTINGS_FLOW_ID expired, or of another identity, named by the flag that gave it', async () => {
		expect(await withIds((config) => ({settingsFlowId: config.expiredFlowId}))).toMatch(/^KRATOS_SETTINGS_FLOW_ID has expired \(GET \/self-service\/settings\/flows answered 410\)/);
		expect(await withIds((config) => ({settingsFlowId: config.aal1FlowId, names: {settingsFlowId: '--settings-flow-id'}}))).toBe(
			"--settings-flow-id is a flow of another identity than KRATOS_SESSION_TOKEN's session (GET /self-service/settings/flows answered 403 security_identity_mismatch)",
		);
	});

	test('KRATOS_EXPIRED_FLOW_ID unknown, or not expired', async () => {
		expect(await withIds(() => ({expiredFlowId: UNKNOWN}))).toMatch(/^KRATOS_EXPIRED_FLOW_ID is not a settings flow this Kratos knows/);
		expect(await withIds(() => ({expiredFlowId: STAND_IN_IDS.flow}))).toMatch(
			/^KRATOS_EXPIRED_FLOW_ID has not expired: GET \/self-service\/settings\/flows answered 200, and the flow expires at \d{4}-\d\d-\d\dT[\d:.]+Z; give a flow older than the settings lifespan/,
		);
	});

	test('KRATOS_AAL1_FLOW_ID unknown, of another identity, or readable by the AAL1 session (no 403 session_aal2_required)', async () => {
		expect(await withIds(() => ({aal1FlowId: UNKNOWN}))).toMatch(/^KRATOS_AAL1_FLOW_ID is not a settings flow this Kratos knows/);
		expect(await withIds(() => ({aal1FlowId: STAND_IN_IDS.flow}))).toMatch(/^KRATOS_AAL1_FLOW_ID is a flow of another identity than KRATOS_AAL1_SESSION_TOKEN's session/);
		// The owner's own session as the "AAL1" one: it reads its flow, so the promise of the variables is not kept.
		expect(await withIds((config) => ({aal1SessionToken: config.sessionToken, aal1FlowId: STAND_IN_IDS.flow}))).toMatch(
			/^KRATOS_AAL1_SESSION_TOKEN can read KRATOS_AAL1_FLOW_ID \(GET \/self-service\/settings\/flows answered 200, not 403 session_aal2_required\): the identity has no second factor/,
		);
	});

	test('sessions that are not what their variable says', async () => {
		expect(await withIds((config) => ({otherSessionToken: config.sessionToken}))).toBe(
			'KRATOS_OTHER_SESSION_TOKEN is a session of the same identity as KRATOS_SESSION_TOKEN: it must be another identity\'s',
		);
		expect(await withIds(() => ({otherSessionToken: 'ory_st_notasession0000'}))).toBe('KRATOS_OTHER_SESSION_TOKEN is not an active session here: GET /sessions/whoami answered 401');
		expect(await withIds(() => ({aal1SessionToken: 'ory_st_notasession0000'}))).toBe('KRATOS_AAL1_SESSION_TOKEN is not an active session here: GET /sessions/whoami answered 401');
		expect(await withIds(() => ({cookie: 'ory_kratos_session=not-a-session'}))).toBe('KRATOS_COOKIE is not an active session here: GET /sessions/whoami answered 401');
	});

	test('KRATOS_TEST_IDENTITY_ID not the session’s identity', async () => {
		expect(await withIds(() => ({allowWrites: true, testIdentityId: STAND_IN_IDS.other}))).toBe(
			`KRATOS_TEST_IDENTITY_ID (${STAND_IN_IDS.other}) is not the identity of KRATOS_SESSION_TOKEN's session (${STAND_IN_IDS.owner}): the update cases write only to the dedicated test identity it names`,
		);
	});

	test('a server that gets the state wrong is not excused as a usage error: its cases fail', async () => {
		// An expired flow served as if it were fresh (its expires_at in the past): Kratos's fault, not the variable's.
		const servesExpired: Fault = (answer, {path, flowId, base}) => {
			if (path !== '/self-service/settings/flows' || flowId !== STAND_IN_IDS.expired || answer.status !== 410) return answer;
			const flow = flowBody(flowId, STAND_IN_IDS.owner, base);
			flow.expires_at = new Date(Date.now() - 60_000).toISOString();
			return json(200, flow);
		};
		const standIn = await startStandIn(servesExpired);
		try {
			const run = await runContract({target: liveTarget(standIn.config)});
			expect(exitCodeOf(run)).toBe(1);
			const expired = run.cases.find((result) => result.case.id === 'expired_flow')!;
			expect(expired.checks.find((check) => check.check === 'expected_status')?.outcome, formatSummary(run)).toBe('failed');
		} finally {
			await standIn.close();
		}
	});
});

function html(status: number, body: string): Handler {
	return (_, response) => {
		response.writeHead(status, {'content-type': 'text/html; charset=utf-8'}).end(body);
	};
}

function text(status: number, body: string): Handler {
	return (_, response) => {
		response.writeHead(status, {'content-type': 'text/plain; charset=utf-8'}).end(body);
	};
}

function redirect(status: number, location: string): Handler {
	return (_, response) => {
		response.writeHead(status, {'content-type': 'text/html; charset=utf-8', location}).end(`<a href="${location}">Temporary Redirect</a>.\n\n`);
	};
}
