// What the live mode promises a user pointing it at their staging.
import {describe, expect, test} from 'vitest';
import {cases} from '../../contract-tests/operations/index.js';
import {exitCodeOf, formatSummary} from '../../contract-tests/report/console.js';
import {runContract} from '../../contract-tests/runner.js';
import {checkPublicUrl, liveConfigFromEnv, liveTarget} from '../../contract-tests/targets/live.js';
import {startServer} from '../helpers/server.js';
import {SECRETS, startStandIn} from '../mutation/stand-in.js';

describe('configuration from the environment', () => {
	test('KRATOS_PUBLIC_URL is required, and named', () => {
		expect(() => liveConfigFromEnv({})).toThrow(/KRATOS_PUBLIC_URL is not set/);
	});

	test('every documented variable is read', () => {
		const config = liveConfigFromEnv({
			KRATOS_PUBLIC_URL: 'https://accounts.example.com/auth',
			KRATOS_SESSION_TOKEN: 'a',
			KRATOS_COOKIE: 'b',
			KRATOS_SETTINGS_FLOW_ID: 'c',
			KRATOS_OTHER_SESSION_TOKEN: 'd',
			KRATOS_EXPIRED_FLOW_ID: 'e',
			KRATOS_TIMEOUT_MS: '1500',
		});
		expect(config).toMatchObject({sessionToken: 'a', cookie: 'b', settingsFlowId: 'c', otherSessionToken: 'd', expiredFlowId: 'e', timeoutMs: 1500});
		expect(() => liveConfigFromEnv({KRATOS_PUBLIC_URL: 'https://a.example', KRATOS_TIMEOUT_MS: 'soon'})).toThrow(/KRATOS_TIMEOUT_MS/);
	});

	test.each([
		['http://accounts.example.com/auth', /Refusing to send session tokens over plain http to accounts\.example\.com/],
		['http://10.0.0.5:4433', /Refusing to send session tokens over plain http/],
		['accounts.example.com', /is not an absolute URL/],
		['https://u:p@accounts.example.com', /must not carry credentials/],
		['ftp://accounts.example.com', /must be http\(s\)/],
	])('%s is refused before any request', (url, message) => {
		expect(() => checkPublicUrl(url)).toThrow(message);
	});

	test('plain http is fine on loopback, and elsewhere only with KRATOS_ALLOW_INSECURE_HTTP=1', () => {
		expect(checkPublicUrl('http://127.0.0.1:4433/auth/')).toBe('http://127.0.0.1:4433/auth');
		expect(checkPublicUrl('http://localhost:4433')).toBe('http://localhost:4433');
		expect(checkPublicUrl('http://kratos.internal', true)).toBe('http://kratos.internal');
		expect(liveConfigFromEnv({KRATOS_PUBLIC_URL: 'http://x', KRATOS_ALLOW_INSECURE_HTTP: '1'}).allowInsecureHttp).toBe(true);
	});
});

describe('against a stand-in staging', () => {
	test('only the documented safe GETs are sent, a bounded number of times', async () => {
		const standIn = await startStandIn();
		try {
			const run = await runContract({target: liveTarget(standIn.config)});
			expect(exitCodeOf(run), formatSummary(run)).toBe(0);
			const requests = standIn.server.requests.map((request) => `${request.method} ${new URL(request.url, 'http://x').pathname}`);
			expect(new Set(requests)).toEqual(
				new Set([
					'GET /auth/sessions/whoami',
					'GET /auth/self-service/settings/api',
					'GET /auth/self-service/settings/browser',
					'GET /auth/self-service/settings/flows',
				]),
			);
			expect(requests.length).toBeLessThanOrEqual(2 + cases.length);
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
		} finally {
			await standIn.close();
		}
	});

	test('a token that is not a session is named, and the run fails', async () => {
		const standIn = await startStandIn();
		try {
			const run = await runContract({target: liveTarget({publicUrl: standIn.url, sessionToken: 'ory_st_expiredXXXXXXXX'})});
			expect(run.error).toBe('KRATOS_SESSION_TOKEN is not an active session here: GET /sessions/whoami answered 401');
			expect(exitCodeOf(run)).toBe(1);
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
			const run = await runContract({target: liveTarget(standIn.config)});
			expect(run.error).toMatch(/GET \/sessions\/whoami answered 307/);
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
