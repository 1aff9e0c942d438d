// The promises a staging Kratos must keep (issue 17): each check is shown catching a broken answer, with its title,
// location and Received/Expected (and never a secret or a trait in them), and passing the faithful answers of a real
// Kratos, as captured from v1.0.0 to master.
import {beforeAll, describe, expect, test} from 'vitest';
import {cookieFlags} from '../../contract-tests/checks/cookie-flags.js';
import {correctionsSayWhat} from '../../contract-tests/checks/corrections-say-what.js';
import {corsCredentials} from '../../contract-tests/checks/cors-credentials.js';
import {checks, checksFor} from '../../contract-tests/checks/index.js';
import {type Check, type CheckContext, type Exchange, type Expectation, type Violation} from '../../contract-tests/base/model.js';
import {noInternals} from '../../contract-tests/checks/no-internals.js';
import {PUBLIC_URL_QUERY, noSecretInUrls} from '../../contract-tests/checks/no-secret-in-urls.js';
import {nothingOfTheOwner} from '../../contract-tests/checks/nothing-of-the-owner.js';
import {readKeepsSession} from '../../contract-tests/checks/read-keeps-session.js';
import {redirectsStayHome} from '../../contract-tests/checks/redirects-stay-home.js';
import {type CaseId, caseById} from '../../contract-tests/operations/index.js';
import {recordExchange} from '../../contract-tests/runner/exchange.js';
import type {Truth} from '../../contract-tests/base/model.js';
import {type Contract, loadContract} from '../../spec/index.js';
import {example, flowExample} from '../helpers/fixtures.js';

let contract: Contract;
beforeAll(async () => {
	contract = await loadContract();
});

const BASE = 'http://127.0.0.1:9/auth';
const FLOW_ID = '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a';
const OWNER_ID = '2f1b6a3c-8d4e-4a5b-9c6d-7e8f9a0b1c2d';
const FOREIGN = 'https://contract-probe.invalid';
const UI = 'http://127.0.0.1:4455';
const NO_STORE = {'cache-control': 'private, no-cache, no-store, must-revalidate'};
// Distinctive values, so a test can search every violation for them.
const SECRET = {
	token: 'ory_st_SECRETtokenVALUE00000000000',
	session: 'SECRETsessionCOOKIEvalue0000000',
	csrfCookie: 'SECRETcsrfCOOKIEvalue000000000',
	csrfToken: 'SECRET+csrf/TOKEN=inTHEflow0000',
	totp: 'SECRETTOTPBASE32SECRETAAAAAAAA',
} as const;
const COOKIE = `ory_kratos_session=${SECRET.session}; csrf_token_806060ca=${SECRET.csrfCookie}`;
/** A value as Kratos's cookie store (gorilla/securecookie) writes it: base64url of `<unix time>|<value>|<mac>`. */
const STORE_VALUE = Buffer.from(`1796165625|${SECRET.session}|mac`).toString('base64url');
const SESSION_LINE = `ory_kratos_session=${SECRET.session}; Path=/; Expires=Wed, 02 Dec 2026 21:56:49 GMT; Max-Age=86397; HttpOnly; SameSite=Lax`;
const CSRF_LINE = `csrf_token_806060ca=${SECRET.csrfCookie}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax`;

/** Every form of every secret, and the owner's data: none may be in a violation. */
const forbidden = [...Object.values(SECRET), STORE_VALUE, OWNER_ID, 'user@your-company.com', 'hVq3yQ2m0rZ8c1uX7fLk9pWnTgE4sYbRdJ6aMvHo'].flatMap((value) => [value, encodeURIComponent(value)]);
const expectNothingSecret = (violations: Violation[]) => {
	const text = JSON.stringify(violations);
	for (const value of forbidden) expect(text, value).not.toContain(value);
};

/** A flow as a healthy Kratos at BASE sends it, its URLs on BASE; optionally a browser flow with its CSRF token and a TOTP secret. */
function faithfulFlow(options: {browser?: boolean; totp?: boolean} = {}): Record<string, any> {
	const flow = JSON.parse(JSON.stringify(flowExample()).replaceAll('https://accounts.your-company.com/auth', BASE));
	if (options.browser) {
		flow.type = 'browser';
		flow.ui.nodes[0].attributes.value = SECRET.csrfToken;
	}
	if (options.totp) {
		flow.ui.nodes.push({
			type: 'text',
			group: 'totp',
			attributes: {text: {id: 1050006, text: SECRET.totp, type: 'info', context: {secret: SECRET.totp}}, id: 'totp_secret_key', node_type: 'text'},
			messages: [],
			meta: {},
		});
	}
	return flow;
}

const onBase = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll('https://accounts.your-company.com/auth', BASE));

interface Asked {
	/** The case whose request is sent (its method, path and probe): default own_flow. */
	readonly case?: CaseId;
	readonly input?: unknown;
	readonly sessionToken?: string;
	readonly cookie?: string;
	readonly headers?: Record<string, string>;
}

/** An answer as a server would send it (headers as pairs: Set-Cookie may repeat), through the real client and recorder. */
async function answer(status: number, body: unknown, headers: [string, string][] = [], asked: Asked = {}): Promise<Exchange> {
	const id = asked.case ?? 'own_flow';
	const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
	return recordExchange(
		caseById(id),
		BASE,
		{input: asked.input ?? {id: FLOW_ID}, sessionToken: asked.sessionToken, cookie: asked.cookie, ...(asked.headers && {headers: asked.headers})},
		1000,
		async () =>
			new Response(status === 204 || status === 304 || text === '' ? null : text, {
				status,
				headers: [...(headers.some(([name]) => name === 'content-type') ? [] : [['content-type', 'application/json'] as [string, string]]), ...Object.entries(NO_STORE), ...headers],
			}),
	);
}

function contextOf(exchange: Exchange, caseId: CaseId = 'own_flow', expect: Partial<Expectation> = {}): CheckContext {
	const contractCase = caseById(caseId);
	const {method, path} = contractCase.operation;
	return {
		exchange,
		expect: {status: contractCase.status, truth: {}, publicUrl: BASE, ...expect},
		operation: contract.operation(method, path),
		case: contractCase,
	};
}

/** The check's violations; fails when the check skips the exchange. */
function run(check: Check, exchange: Exchange, caseId: CaseId = 'own_flow', expect: Partial<Expectation> = {}): Violation[] {
	const context = contextOf(exchange, caseId, expect);
	const skipped = check.skip?.(context);
	if (skipped !== undefined) throw new Error(`${check.name} skipped: ${skipped}`);
	const violations = check.run(context);
	expectNothingSecret(violations);
	return violations;
}

const skipOf = (check: Check, exchange: Exchange, caseId: CaseId = 'own_flow', expect: Partial<Expectation> = {}) => check.skip?.(contextOf(exchange, caseId, expect));

test('the new checks are listed in report order, after the flow checks and before the drift checks, and run where they can fail', () => {
	const names = checks.map((check) => check.name);
	const mine = ['cors_credentials', 'cookie_flags', 'read_keeps_session', 'no_secret_in_urls', 'no_internals', 'nothing_of_the_owner', 'corrections_say_what', 'redirects_stay_home'];
	const first = names.indexOf(mine[0]!);
	expect(names.slice(first, first + mine.length)).toEqual(mine);
	expect(first).toBeGreaterThan(names.indexOf('no_secret_echo'));
	expect(names.indexOf('redirects_stay_home')).toBeLessThan(names.indexOf('mock_request_violations'));
	// Prism, the mock, adds its own CORS headers and answers canned examples: only the corrections check judges it (its examples).
	expect(checksFor('mock').map((check) => check.name).filter((name) => mine.includes(name))).toEqual(['corrections_say_what']);
});

test("docs/schema-cannot-see.md's table names each new check with the broken stand-ins that it catches (test/mutation/faults.ts)", async () => {
	const {readFile} = await import('node:fs/promises');
	const {mutants} = await import('../mutation/faults.js');
	const readme = await readFile(new URL('../../docs/schema-cannot-see.md', import.meta.url), 'utf8');
	for (const check of [corsCredentials, cookieFlags, readKeepsSession, noSecretInUrls, noInternals, nothingOfTheOwner, correctionsSayWhat, redirectsStayHome]) {
		const row = readme.split('\n').find((line) => line.startsWith('|') && line.includes(`| \`${check.name}\` |`));
		expect(row, check.name).toBeDefined();
		const standIns = [...row!.split('|').at(-2)!.matchAll(/`([a-z_]+)`/g)].map(([, name]) => name);
		expect(standIns.length, check.name).toBeGreaterThan(0);
		for (const name of standIns) expect(mutants.find((mutant) => mutant.name === name)?.caughtBy, name).toContain(check.name);
	}
});

test('the recorder keeps every Set-Cookie line of an answer, one by one', async () => {
	const exchange = await answer(200, faithfulFlow(), [['set-cookie', SESSION_LINE], ['set-cookie', CSRF_LINE]]);
	expect(exchange.response?.setCookies).toEqual([SESSION_LINE, CSRF_LINE]);
	expect(exchange.response?.headers['set-cookie']).toBe(`${SESSION_LINE}, ${CSRF_LINE}`);
});

describe('cors_credentials', () => {
	const foreign = (asked: Asked = {}): Asked => ({sessionToken: SECRET.token, ...asked, headers: {Origin: FOREIGN, ...asked.headers}});
	const preflight: Asked = {case: 'foreign_origin_preflight', headers: {Origin: FOREIGN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-session-token'}};

	test("* with credentials, as Kratos's own CORS defaults answer (v1.0.0 to v26.2.0): a warning that says what it breaks, on the read and on the preflight", async () => {
		const grant: [string, string][] = [['access-control-allow-origin', '*'], ['access-control-allow-credentials', 'true']];
		const [read] = run(corsCredentials, await answer(200, faithfulFlow(), grant, foreign({case: 'foreign_origin'})), 'foreign_origin');
		expect(read).toMatchObject({
			severity: 'warning',
			title: 'Credentialed CORS for any origin (*), which browsers refuse',
			location: ['response', 'header', 'access-control-allow-origin'],
			code: 'cors_wildcard_credentials',
			received: 'Access-Control-Allow-Origin: *; Access-Control-Allow-Credentials: true',
		});
		expect(read?.message).toContain('Browsers refuse a credentialed read under *');
		expect(read?.message).toContain('single-page app on another origin');
		const [probe] = run(corsCredentials, await answer(204, undefined, grant, preflight), 'foreign_origin_preflight');
		expect(probe).toMatchObject({code: 'cors_wildcard_credentials', severity: 'warning'});
	});

	test('the origin reflected with credentials, as Kratos master does with CORS enabled and default origins: an error, on the preflight and the read', async () => {
		const grant: [string, string][] = [['access-control-allow-origin', FOREIGN], ['access-control-allow-credentials', 'true'], ['vary', 'Origin']];
		const [violation] = run(corsCredentials, await answer(204, undefined, grant, preflight), 'foreign_origin_preflight');
		expect(violation).toMatchObject({
			title: 'SECURITY: credentialed CORS for a foreign origin',
			code: 'cors_credentials',
			expected: `no credentialed grant to ${FOREIGN}: CORS off, or allowed_origins naming only your UIs`,
		});
		expect(violation?.severity).toBeUndefined();
		expect(violation?.message).toContain(`granted its own Origin (reflected, or listed)`);
		const [read] = run(corsCredentials, await answer(200, faithfulFlow(), grant, foreign({case: 'foreign_origin'})), 'foreign_origin');
		expect(read?.code).toBe('cors_credentials');
	});

	test('faithful: CORS off (no header), a grant to another origin, a grant without credentials', async () => {
		for (const grant of [
			[],
			[['access-control-allow-origin', 'https://app.example.test'], ['access-control-allow-credentials', 'true']],
			[['access-control-allow-origin', '*']],
			[['access-control-allow-origin', FOREIGN], ['access-control-allow-credentials', 'false']],
		] as [string, string][][]) {
			expect(run(corsCredentials, await answer(200, faithfulFlow(), grant, foreign({case: 'foreign_origin'})), 'foreign_origin'), JSON.stringify(grant)).toEqual([]);
		}
	});

	test('skipped without a foreign Origin: none, or the public URL’s own', async () => {
		const grant: [string, string][] = [['access-control-allow-origin', '*'], ['access-control-allow-credentials', 'true']];
		expect(skipOf(corsCredentials, await answer(200, faithfulFlow(), grant, {sessionToken: SECRET.token}))).toBe('the request sent no foreign Origin');
		expect(skipOf(corsCredentials, await answer(200, faithfulFlow(), grant, {sessionToken: SECRET.token, headers: {Origin: 'http://127.0.0.1:9'}}))).toBe('the request sent no foreign Origin');
	});
});

describe('cookie_flags', () => {
	test('a session cookie without HttpOnly, a CSRF cookie with SameSite=None and no Secure: named, never their values', async () => {
		const lines: [string, string][] = [
			['set-cookie', SESSION_LINE.replace('; HttpOnly', '')],
			['set-cookie', CSRF_LINE.replace('SameSite=Lax', 'SameSite=None')],
		];
		const violations = run(cookieFlags, await answer(200, faithfulFlow(), lines, {cookie: COOKIE}));
		expect(violations.map((violation) => violation.location)).toEqual([
			['response', 'header', 'set-cookie', 0],
			['response', 'header', 'set-cookie', 1],
		]);
		expect(violations[0]).toMatchObject({title: 'SECURITY: a cookie without the flags that protect it', code: 'cookie_flags', expected: 'HttpOnly; SameSite=Lax or Strict (None only with Secure)'});
		expect(violations[0]?.message).toBe('The cookie ory_kratos_session is set with no HttpOnly: a script on the page can read it');
		expect(violations[0]?.received).toBe('ory_kratos_session=(value not shown); path=/; expires=Wed, 02 Dec 2026 21:56:49 GMT; max-age=86397; samesite=Lax');
		expect(violations[1]?.message).toBe('The cookie csrf_token_806060ca is set with SameSite=None without Secure: browsers refuse it');
	});

	test('no SameSite, an unknown SameSite, and no Secure on an https public URL', async () => {
		const lines: [string, string][] = [
			['set-cookie', `ory_kratos_continuity=${SECRET.session}; Path=/; HttpOnly`],
			['set-cookie', CSRF_LINE.replace('SameSite=Lax', 'SameSite=Sometimes')],
		];
		const violations = run(cookieFlags, await answer(200, faithfulFlow(), lines), 'own_flow', {publicUrl: 'https://accounts.example.com/auth'});
		expect(violations.map((violation) => violation.message)).toEqual([
			'The cookie ory_kratos_continuity is set with no SameSite: browsers differ on when they send it cross-site; no Secure on an https public URL: it also travels over plain http (is Kratos running with --dev?)',
			'The cookie csrf_token_806060ca is set with SameSite=Sometimes, which browsers do not know; no Secure on an https public URL: it also travels over plain http (is Kratos running with --dev?)',
		]);
		expect(violations[0]?.expected).toBe('HttpOnly; SameSite=Lax or Strict (None only with Secure); Secure');
	});

	test("a session cookie renamed by session.cookie.name is Kratos's too (a value of its cookie store); a load balancer's is not", async () => {
		const [violation] = run(cookieFlags, await answer(200, faithfulFlow(), [['set-cookie', `my_session=${STORE_VALUE}; Path=/; SameSite=Lax`]], {cookie: COOKIE}));
		expect(violation?.message).toContain('The cookie my_session is set with no HttpOnly');
		// A browser's Cookie header copied whole carries the sticky cookie too; the balancer re-sets it, flagless.
		const sticky = await answer(200, faithfulFlow(), [['set-cookie', 'AWSALB=hVq3yQ2m0rZ8c1uX7fLk9pWnTgE4sYbRdJ6aMvHo; Expires=Wed, 09 Dec 2026 22:00:00 GMT; Path=/']], {cookie: `${COOKIE}; AWSALB=gT5oP1kXs8Lw2vN3bQyHc7Jd0ReUf4mAiZ9n6WxK`});
		expect(skipOf(cookieFlags, sticky)).toBe('the answer sets no cookie of Kratos');
		expect(run(readKeepsSession, sticky)).toEqual([]);
	});

	test('faithful: Kratos v1.3.1 on http (--dev), and on https (Secure; SameSite=None with Secure), the cookies of others, a removal', async () => {
		expect(run(cookieFlags, await answer(200, faithfulFlow(), [['set-cookie', SESSION_LINE], ['set-cookie', CSRF_LINE]], {cookie: COOKIE}))).toEqual([]);
		const secure: [string, string][] = [['set-cookie', `${SESSION_LINE.replace('SameSite=Lax', 'SameSite=None')}; Secure`], ['set-cookie', `${CSRF_LINE}; Secure`]];
		expect(run(cookieFlags, await answer(200, faithfulFlow(), secure, {cookie: COOKIE}), 'own_flow', {publicUrl: 'https://accounts.example.com/auth'})).toEqual([]);
		const others: [string, string][] = [['set-cookie', 'lb_affinity=abc; Path=/'], ['set-cookie', `ory_kratos_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0`]];
		expect(skipOf(cookieFlags, await answer(200, faithfulFlow(), others, {cookie: COOKIE}))).toBe('the answer sets no cookie of Kratos');
	});
});

describe('read_keeps_session', () => {
	test('a GET of a flow that sets or removes the session cookie', async () => {
		const lines: [string, string][] = [
			['set-cookie', CSRF_LINE],
			['set-cookie', SESSION_LINE],
		];
		const [violation, ...others] = run(readKeepsSession, await answer(200, faithfulFlow(), lines, {cookie: COOKIE}));
		expect(others).toEqual([]);
		expect(violation).toMatchObject({
			title: 'SECURITY: a read changes the session cookie',
			location: ['response', 'header', 'set-cookie', 1],
			received: 'Set-Cookie: ory_kratos_session=(value not shown)',
			expected: 'no Set-Cookie but the CSRF cookie (csrf_token…)',
		});
		expect(violation?.message).toMatch(/^GET \/auth\/self-service\/settings\/flows sets the cookie ory_kratos_session: a read must leave the session as it is/);
		const removal = run(readKeepsSession, await answer(200, faithfulFlow(), [['set-cookie', 'ory_kratos_session=; Path=/; Max-Age=0']], {cookie: COOKIE}));
		expect(removal[0]?.message).toContain('removes the cookie ory_kratos_session');
		// A renamed session cookie, removed: the request sent it with a value of Kratos's cookie store.
		const renamed = run(readKeepsSession, await answer(200, faithfulFlow(), [['set-cookie', 'my_session=; Path=/; Max-Age=0']], {cookie: `my_session=${STORE_VALUE}`}));
		expect(renamed[0]?.message).toContain('removes the cookie my_session');
	});

	test('faithful: the CSRF cookie nosurf sets on a GET; an update re-issuing the session is not a read', async () => {
		expect(run(readKeepsSession, await answer(401, example('noSession'), [['set-cookie', CSRF_LINE]]))).toEqual([]);
		const update = await answer(200, faithfulFlow(), [['set-cookie', SESSION_LINE]], {case: 'update_browser', input: {flow: FLOW_ID, body: {method: 'profile', traits: {}}}, cookie: COOKIE});
		expect(skipOf(readKeepsSession, update, 'update_browser')).toBe('not a GET');
		expect(skipOf(readKeepsSession, await answer(200, faithfulFlow()))).toBe('the answer sets no cookie');
	});
});

describe('no_secret_in_urls', () => {
	test('the session token in ui.action, a cookie value URL-encoded twice in a return_to, the CSRF token in Location', async () => {
		const flow = faithfulFlow({browser: true});
		flow.ui.action = `${BASE}/self-service/settings?flow=${FLOW_ID}&token=${SECRET.token}`;
		flow.return_to = `${UI}/done?next=${encodeURIComponent(`${UI}/x?c=${encodeURIComponent(SECRET.csrfToken)}`)}`;
		const exchange = await answer(200, flow, [['location', `${UI}/settings?flow=${FLOW_ID}&s=${SECRET.session}`]], {sessionToken: SECRET.token, cookie: COOKIE});
		const violations = run(noSecretInUrls, exchange);
		const secrets = violations.filter((violation) => violation.code === 'secret_in_url');
		expect(secrets.map((violation) => [violation.location.join('.'), violation.message.replace(/:.*/, '')])).toEqual([
			['response.header.location', 'The URL at header.location holds the value of the cookie ory_kratos_session'],
			['response.body.ui.action', 'The URL at body.ui.action holds the session token'],
			['response.body.return_to', "The URL at body.return_to holds the flow's CSRF token"],
		]);
		expect(secrets[0]).toMatchObject({title: 'SECURITY: a secret in a URL', received: '(a URL holding a secret, not shown)', expected: 'no secret in any URL'});
		// The undocumented `token` on the form's URL is named too, as a credential.
		expect(violations.filter((violation) => violation.code === 'undocumented_query_parameter').map((violation) => [violation.location.join('.'), violation.severity])).toEqual([
			['response.body.ui.action.query.token', 'error'],
		]);
	});

	test('a TOTP secret in continue_with, the session token in an error redirect', async () => {
		const flow = {...faithfulFlow({totp: true}), state: 'success', continue_with: [{action: 'redirect_browser_to', redirect_browser_to: `${UI}/settings?otp=${SECRET.totp}`}]};
		const saved = run(noSecretInUrls, await answer(200, flow, [], {sessionToken: SECRET.token}));
		expect(saved.map((violation) => violation.message)).toEqual(['The URL at body.continue_with.0.redirect_browser_to holds the TOTP secret: URLs are kept in browser history, Referer headers and logs']);
		const error = onBase(example<Record<string, any>>('aal2Required'));
		error.redirect_browser_to = `${error.redirect_browser_to}&session=${encodeURIComponent(SECRET.token)}`;
		const violations = run(noSecretInUrls, await answer(403, error, [], {sessionToken: SECRET.token}), 'aal2_required');
		expect(violations.map((violation) => [violation.code, violation.location.join('.'), violation.severity])).toEqual([
			['secret_in_url', 'response.body.redirect_browser_to', undefined],
			['undocumented_query_parameter', 'response.body.redirect_browser_to.query.session', 'error'],
		]);
	});

	test("an undocumented parameter not named like a credential is drift (a warning); the names only, never a value", async () => {
		const flow = faithfulFlow();
		flow.ui.action = `${BASE}/self-service/settings?flow=${FLOW_ID}&organization=acme`;
		const [violation, ...others] = run(noSecretInUrls, await answer(200, flow, [], {sessionToken: SECRET.token}));
		expect(others).toEqual([]);
		expect(violation).toMatchObject({
			severity: 'warning',
			title: 'A URL carries an undocumented query parameter',
			location: ['response', 'body', 'ui', 'action', 'query', 'organization'],
			received: '?organization=(value not shown)',
			documented: 'flow',
		});
		expect(violation?.message).toBe('/self-service/settings at body.ui.action carries the query parameter "organization", which Kratos does not document there (a newer Kratos may add one)');
	});

	test('faithful: the URLs Kratos v1.0.0 to master hand out (form, second factor, refresh, expired flow, saved browser flow, navigations, a provider)', async () => {
		const aal2 = onBase(example('aal2Required'));
		expect(run(noSecretInUrls, await answer(403, aal2, [], {sessionToken: SECRET.token}), 'aal2_required')).toEqual([]);
		const refresh = {error: {id: 'session_refresh_required', code: 403, status: 'Forbidden', message: 'x'}, redirect_browser_to: `${BASE}/self-service/login/browser?refresh=true&return_to=${encodeURIComponent(`${BASE}/self-service/settings?flow=${FLOW_ID}`)}`};
		expect(run(noSecretInUrls, await answer(403, refresh, [], {sessionToken: SECRET.token}))).toEqual([]);
		const expired = {error: {code: 410, status: 'Gone', message: 'x', details: {redirect_to: `${BASE}/self-service/settings/browser?return_to=${encodeURIComponent(`${UI}/welcome`)}`, return_to: `${UI}/welcome`}}};
		expect(run(noSecretInUrls, await answer(410, expired, [], {sessionToken: SECRET.token}))).toEqual([]);
		const saved = {...faithfulFlow({browser: true, totp: true}), state: 'success', continue_with: [{action: 'redirect_browser_to', redirect_browser_to: `${UI}/settings?flow=${FLOW_ID}`}]};
		expect(run(noSecretInUrls, await answer(200, saved, [['set-cookie', SESSION_LINE]], {cookie: COOKIE}))).toEqual([]);
		expect(run(noSecretInUrls, await answer(303, '<a href="x">See Other</a>.', [['location', `${UI}/settings?flow=${FLOW_ID}`], ['content-type', 'text/html']], {cookie: COOKIE}))).toEqual([]);
		const provider = {error: {id: 'browser_location_change_required', code: 422, status: 'Unprocessable Entity', message: 'x'}, redirect_browser_to: 'https://github.com/login/oauth/authorize?client_id=c&redirect_uri=x&response_type=code&scope=user%3Aemail&state=abc'};
		expect(run(noSecretInUrls, await answer(422, provider, [], {sessionToken: SECRET.token}))).toEqual([]);
	});

	test('skipped when the answer holds no URL', async () => {
		expect(skipOf(noSecretInUrls, await answer(401, example('noSession')))).toBe('no URL in the answer');
	});

	test("the spec documents each URL's query parameters, as the check reads them", async () => {
		const {readFile} = await import('node:fs/promises');
		const {SPEC_FILE} = await import('../../spec/index.js');
		const spec = (await readFile(SPEC_FILE, 'utf8')).replace(/\s+/g, ' ');
		for (const [path, parameters] of Object.entries(PUBLIC_URL_QUERY)) {
			const said = parameters.length ? `query parameters: ${parameters.map((name) => `\`${name}\``).join(', ')}` : 'no query parameters';
			const phrase = `\`{public}${path}\`, ${said}`;
			expect(spec.includes(phrase), phrase).toBe(true);
		}
	});
});

describe('no_internals', () => {
	test.each([
		['SQL in the message of a 500', 500, {error: {code: 500, status: 'Internal Server Error', message: 'sql: SELECT id, traits FROM identities WHERE id = $1: no rows'}}, 'response.body.error.message', 'an SQL statement (SELECT … FROM)'],
		['SQLSTATE in the reason', 409, {error: {code: 409, status: 'Conflict', message: 'x', reason: 'ERROR: duplicate key value violates unique constraint "identities_pkey" (SQLSTATE 23505)'}}, 'response.body.error.reason', 'an SQL error state (SQLSTATE)'],
		['a stack trace in details', 500, {error: {code: 500, status: 'Internal Server Error', message: 'x', details: {stack: 'goroutine 42 [running]:\nmain.go'}}}, 'response.body.error.details.stack', 'a Go stack trace (goroutine)'],
		['a source position in debug', 400, {error: {code: 400, status: 'Bad Request', message: 'x', debug: 'at github.com/ory/kratos/session/manager_http.go:302'}}, 'response.body.error.debug', 'a source position (.go:line)'],
		['sqlite on an error page', 502, 'database is locked (5) (SQLITE_BUSY)', 'response.body', 'a database error (sqlite)'],
	] as const)('%s', async (_, status, body, location, label) => {
		const violations = run(noInternals, await answer(status, body, typeof body === 'string' ? [['content-type', 'text/plain']] : []));
		expect(violations.map((violation) => violation.location.join('.'))).toContain(location);
		const violation = violations.find((each) => each.message.includes(label));
		expect(violation).toMatchObject({title: 'SECURITY: an error shows the server’s internals', code: 'internals', received: `(${label}, not shown)`, expected: "Kratos's own error texts, without internals"});
	});

	test("a panic in a correction's message", async () => {
		const flow = onBase(example<Record<string, any>>('correctionsInvalidEmail'));
		flow.ui.nodes[0].messages[0].text = 'panic: runtime error: invalid memory address [recovered]';
		const update = {case: 'update_corrections', input: {flow: FLOW_ID, body: {method: 'profile', traits: {}}}} as const;
		const [violation] = run(noInternals, await answer(400, flow, [], update), 'update_corrections');
		expect(violation?.location).toEqual(['response', 'body', 'ui', 'nodes', 0, 'messages', 0, 'text']);
	});

	test("faithful: every error Kratos v1.0.0 to master sends in the suite, and English that only looks like SQL", async () => {
		for (const name of ['noSession', 'identityMismatch', 'aal2Required', 'notFound', 'flowExpired', 'internalServerError', 'returnToForbidden', 'csrfViolation', 'refreshRequired', 'browserLocationChangeRequired']) {
			expect(run(noInternals, await answer(403, onBase(example(name)))), name).toEqual([]);
		}
		expect(run(noInternals, await answer(400, {error: {code: 400, status: 'Bad Request', message: 'Please select a value from the list, then update it to set a new one.'}}))).toEqual([]);
		expect(skipOf(noInternals, await answer(200, faithfulFlow()))).toBe('no error text in the answer');
	});
});

describe('nothing_of_the_owner', () => {
	const owner: Truth = {identityId: '3a2c7b4d-9e5f-4b6c-8d7e-8f9a0b1c2d3e', owner: {identityId: OWNER_ID, traits: {email: 'user@your-company.com', name: {first: 'Zoë <Z>'}, nick: 'Anna', locale: 'de', since: '2026', phone: '+4915112345678'}}};

	test("the owner's id in an error's details, its email URL-encoded in a Location, its name JSON-escaped as Go does", async () => {
		const error = onBase(example<Record<string, any>>('identityMismatch'));
		error.error.details = {flow_owner: OWNER_ID, note: 'for Zoë <Z>'};
		// Go's encoding/json writes < and > as \u003c and \u003e.
		const text = JSON.stringify(error).replace('<', '\\u003c').replace('>', '\\u003e');
		const headers: [string, string][] = [['location', `${UI}/login?hint=${encodeURIComponent('user@your-company.com')}`]];
		const violations = run(nothingOfTheOwner, await answer(403, text, headers, {sessionToken: SECRET.token}), 'other_identity', {truth: owner});
		expect(violations.map((violation) => [violation.location.join('.'), violation.message])).toEqual([
			['response.body', "the body holds the owner's identity id, in an answer to another identity's session"],
			['response.header.location', "the location header holds a value of the owner's traits (traits.email), in an answer to another identity's session"],
			['response.body', "the body holds a value of the owner's traits (traits.name.first), in an answer to another identity's session"],
		]);
		expect(violations[0]).toMatchObject({title: "SECURITY: the answer shows another identity's data", code: 'owner_disclosed', received: "(the owner's identity id, not shown)", expected: 'nothing of the owner'});
	});

	test("the owner's flow (Kratos v1.0.0's 400 to another identity's update)", async () => {
		const update = {case: 'update_other_identity', input: {flow: FLOW_ID, body: {method: 'profile', traits: {}}}, sessionToken: SECRET.token} as const;
		const violations = run(nothingOfTheOwner, await answer(400, faithfulFlow(), [], update), 'update_other_identity', {truth: owner});
		expect(violations.map((violation) => violation.message)).toContain("the body holds a value of the owner's traits (traits.email), in an answer to another identity's session");
	});

	test('faithful: the 403 Kratos v1.3.1 answers; a short trait and a word inside a longer one are no finding', async () => {
		expect(run(nothingOfTheOwner, await answer(403, onBase(example('identityMismatch')), [['set-cookie', CSRF_LINE]], {sessionToken: SECRET.token}), 'other_identity', {truth: owner})).toEqual([]);
		// 2026 is in the Date header and a timestamp: a short number says nothing.
		const error = {error: {code: 403, status: 'Forbidden', message: 'Annabel says de-DE on 2026-11-25', id: 'security_identity_mismatch'}};
		expect(run(nothingOfTheOwner, await answer(403, error, [], {sessionToken: SECRET.token}), 'other_identity', {truth: owner})).toEqual([]);
		expect(skipOf(nothingOfTheOwner, await answer(200, faithfulFlow()))).toBe("not another identity's request");
	});
});

describe('corrections_say_what', () => {
	const update = {case: 'update_corrections', input: {flow: FLOW_ID, body: {method: 'profile', traits: {}}}} as const;

	test('a 400 flow without any error message', async () => {
		const flow = onBase(example<Record<string, any>>('correctionsInvalidEmail'));
		flow.ui.nodes[0].messages = [];
		flow.ui.messages = [{id: 1050001, text: 'Please check', type: 'info'}];
		const [violation] = run(correctionsSayWhat, await answer(400, flow, [], update), 'update_corrections');
		expect(violation).toMatchObject({
			title: 'A flow asks for corrections without saying what',
			location: ['response', 'body', 'ui'],
			received: 'messages of type info only',
			expected: 'at least one message of type error',
		});
		flow.ui.messages = [];
		expect(run(correctionsSayWhat, await answer(400, flow, [], update), 'update_corrections')[0]?.received).toBe('no messages');
	});

	test("faithful: the spec's corrections (an invalid email, a short password), an API flow posted with a cookie (the error in ui.messages)", async () => {
		for (const name of ['correctionsInvalidEmail', 'correctionsPasswordTooShort']) {
			expect(run(correctionsSayWhat, await answer(400, onBase(example(name)), [], update), 'update_corrections'), name).toEqual([]);
		}
		const flow = faithfulFlow();
		flow.ui.messages = [{id: 4000001, text: 'The HTTP Request Header included the "Cookie" key, indicating that this request was made by a Browser.', type: 'error'}];
		expect(run(correctionsSayWhat, await answer(400, flow, [], update), 'update_corrections')).toEqual([]);
		expect(skipOf(correctionsSayWhat, await answer(200, faithfulFlow()))).toBe('not a flow asking for corrections');
	});
});

describe('redirects_stay_home', () => {
	const update = {case: 'update_browser', input: {flow: FLOW_ID, body: {method: 'profile', traits: {}}}, cookie: COOKIE} as const;
	const saved = (...urls: unknown[]) => ({
		...faithfulFlow({browser: true}),
		state: 'success',
		continue_with: urls.map((url, index) => (index % 2 ? {action: 'show_settings_ui', flow: {id: FLOW_ID, url}} : {action: 'redirect_browser_to', redirect_browser_to: url})),
	});
	const known = {truth: {uiOrigins: [UI]}};

	test('continue_with sending the browser to another origin', async () => {
		const violations = run(redirectsStayHome, await answer(200, saved('https://elsewhere.example/settings?flow=1', 'https://evil.example/x'), [], update), 'update_browser', known);
		expect(violations.map((violation) => violation.location.join('.'))).toEqual(['response.body.continue_with.0.redirect_browser_to', 'response.body.continue_with.1.flow.url']);
		expect(violations[0]).toMatchObject({
			title: 'SECURITY: the browser is sent to another site',
			received: 'https://elsewhere.example',
			expected: `http://127.0.0.1:9, ${UI}`,
		});
		expect(violations[0]?.severity).toBeUndefined();
		expect(violations[0]?.message).toBe("continue_with.0.redirect_browser_to sends the browser to https://elsewhere.example, not the public API, the flow's return_to or the settings UI, nor their site");
	});

	test('another origin of the same site is a warning: likely the after-settings return URL of the config', async () => {
		const publicUrl = 'https://accounts.example.com/auth';
		const exchange = await answer(200, saved('https://app.example.com/profile'), [], update);
		const [violation, ...others] = run(redirectsStayHome, exchange, 'update_browser', {publicUrl, truth: {uiOrigins: ['https://accounts.example.com']}});
		expect(others).toEqual([]);
		expect(violation).toMatchObject({severity: 'warning', title: 'The browser is sent to another origin of the same site', received: 'https://app.example.com'});
		expect(violation?.message).toContain('likely selfservice.flows.settings.after.default_browser_return_url');
	});

	test("faithful: the settings UI (Kratos v1.3.1 to master), the public API, the flow's return_to", async () => {
		expect(run(redirectsStayHome, await answer(200, saved(`${UI}/settings?flow=${FLOW_ID}`, `${BASE}/self-service/settings?flow=${FLOW_ID}`), [], update), 'update_browser', known)).toEqual([]);
		const withReturn = {...saved('https://app.example.test/done'), return_to: 'https://app.example.test/done'};
		expect(run(redirectsStayHome, await answer(200, withReturn, [], update), 'update_browser', known)).toEqual([]);
	});

	test("skipped when the settings UI's origin is unknown and the URL is not on the public API; run when it is", async () => {
		expect(skipOf(redirectsStayHome, await answer(200, saved(`${UI}/settings`), [], update), 'update_browser')).toBe("the settings UI's origin is not known (no browser navigation named it)");
		expect(run(redirectsStayHome, await answer(200, saved(`${BASE}/self-service/settings?flow=${FLOW_ID}`), [], update), 'update_browser')).toEqual([]);
		expect(skipOf(redirectsStayHome, await answer(200, faithfulFlow(), [], update), 'update_browser', known)).toBe('no URL in continue_with of a saved update');
	});
});
