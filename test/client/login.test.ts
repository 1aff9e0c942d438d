// The login flow and the session (createLoginFlow, createBrowserLoginFlow, getLoginFlow, updateLoginFlow, getSession)
// against a real HTTP server answering what Kratos v1.3.1 and v26.2.0 answer (the spec's examples are their answers):
// what is sent, how every answer comes back, and a refresh that signs in another identity told apart from one that
// refreshes. test/login/login.test.ts runs the same calls against a real Kratos.
import {afterAll, beforeAll, describe, expect, expectTypeOf, test} from 'vitest';
import {
	InvalidRequestError,
	type LoginFlow,
	type Session,
	createBrowserLoginFlow,
	createKratosClient,
	createLoginFlow,
	createSettingsFlowClient,
	getLoginFlow,
	getSession,
	updateLoginFlow,
} from '../../src/index.js';
import {example} from '../helpers/fixtures.js';
import {type TestServer, answerWith, startServer} from '../helpers/server.js';

let server: TestServer;
let bodies: string[];
beforeAll(async () => {
	server = await startServer();
});
afterAll(() => server.close());

/** Answers with `status` and `body`, keeping what was posted. */
const answer = (status: number, body: unknown) => {
	bodies = answerWith(server, status, body);
};

const TOKEN = 'ory_st_the_session_that_asked';
const flow = (name = 'loginFlow') => example<LoginFlow>(name);
/** A 200 of the submit; `null`: a browser flow's, without a token. */
const signedIn = (token: string | null = 'ory_st_example_not_a_secret') => {
	const body = example<{session_token?: string; session: Session; continue_with: null}>('successfulNativeLogin');
	if (token === null) delete body.session_token;
	else body.session_token = token;
	return body;
};
const last = () => server.requests.at(-1)!;

describe('createLoginFlow (native apps) and createBrowserLoginFlow', () => {
	test('GET /self-service/login/api with the session, refresh, aal and return_to; the new flow comes back', async () => {
		answer(200, flow('refreshLoginFlow'));
		const client = createKratosClient({baseUrl: `${server.url}/auth/`, sessionToken: TOKEN});
		const result = await createLoginFlow(client, {refresh: true, aal: 'aal1', returnTo: 'https://app.example/a b'});
		expect(result).toMatchObject({ok: true, kind: 'success', status: 200, flow: flow('refreshLoginFlow')});
		expect([last().method, last().url]).toEqual(['GET', '/auth/self-service/login/api?refresh=true&aal=aal1&return_to=https%3A%2F%2Fapp.example%2Fa%20b']);
		expect(last().headers).toMatchObject({'x-session-token': TOKEN, accept: 'application/json'});
	});

	test('without options: no query at all, and no session header without a session', async () => {
		answer(200, flow());
		await createLoginFlow(createKratosClient({baseUrl: server.url}));
		expect(last().url).toBe('/self-service/login/api');
		expect(last().headers['x-session-token']).toBeUndefined();
	});

	test("a settings error's `login` is the options of the flow that clears it", async () => {
		answer(200, flow('secondFactorLoginFlow'));
		const client = createKratosClient({baseUrl: server.url, sessionToken: TOKEN});
		for (const login of [{refresh: true} as const, {aal: 'aal2'} as const]) await createLoginFlow(client, login);
		expect(server.requests.slice(-2).map((request) => request.url)).toEqual(['/self-service/login/api?refresh=true', '/self-service/login/api?aal=aal2']);
	});

	test.each([
		[400, 'sessionAlreadyAvailable', 'session_already_available'],
		[400, 'returnToForbidden', 'self_service_flow_return_to_forbidden'],
		[401, 'aal1Required', 'session_aal1_required'],
	])('%i %s is an http-error, never a throw', async (status, name, errorId) => {
		answer(status, example(name));
		const result = await createLoginFlow(createKratosClient({baseUrl: server.url}), {aal: 'aal2'});
		expect(result).toMatchObject({ok: false, kind: 'http-error', status, errorId, body: example(name)});
	});

	test('browsers: GET /self-service/login/browser as JSON, the cookie forwarded per call', async () => {
		answer(200, flow('browserLoginFlow'));
		const client = createKratosClient({baseUrl: server.url});
		const result = await createBrowserLoginFlow(client, {refresh: true, cookie: 'ory_kratos_session=s; csrf_token_1=c'});
		expect(result.ok && result.flow.type).toBe('browser');
		expect(last().url).toBe('/self-service/login/browser?refresh=true');
		expect(last().headers).toMatchObject({cookie: 'ory_kratos_session=s; csrf_token_1=c', accept: 'application/json'});
	});

	test('options that cannot be sent are refused before any request', async () => {
		const before = server.requests.length;
		const client = createKratosClient({baseUrl: server.url});
		// @ts-expect-error refresh is a boolean
		await expect(createLoginFlow(client, {refresh: 'yes'})).rejects.toThrow(InvalidRequestError);
		// @ts-expect-error aal is aal1 or aal2
		await expect(createBrowserLoginFlow(client, {aal: 'aal3'})).rejects.toThrow(/^refresh must be a boolean and aal 'aal1' or 'aal2'$/);
		await expect(createLoginFlow(client, {returnTo: 'https://a.example/\uD800'})).rejects.toThrow(/^returnTo must be a string/);
		expect(server.requests.length).toBe(before);
	});
});

describe('getLoginFlow', () => {
	test('GET /self-service/login/flows?id=…', async () => {
		answer(200, flow());
		const result = await getLoginFlow(createKratosClient({baseUrl: server.url}), 'a&b', {cookie: 'csrf_token_1=c'});
		expect(result.ok && result.flow.id).toBe(flow().id);
		expect(last().url).toBe('/self-service/login/flows?id=a%26b');
	});

	test.each([
		[403, 'csrfViolation', 'security_csrf_violation'],
		[404, 'notFound', undefined],
		[410, 'loginFlowExpired', 'self_service_flow_expired'],
	])('%i %s is an http-error', async (status, name, errorId) => {
		answer(status, example(name));
		expect(await getLoginFlow(createKratosClient({baseUrl: server.url}), 'x')).toMatchObject({kind: 'http-error', status, errorId});
	});
});

describe('updateLoginFlow', () => {
	test('POST /self-service/login?flow=<id>: the body as JSON, the session token; success carries the session and its token', async () => {
		answer(200, signedIn());
		const result = await updateLoginFlow(createKratosClient({baseUrl: server.url}), flow(), {method: 'password', identifier: 'user@your-company.com', password: 'a-password'});
		expect([last().method, last().url]).toEqual(['POST', `/self-service/login?flow=${flow().id}`]);
		expect(bodies.map((body) => JSON.parse(body))).toEqual([{method: 'password', identifier: 'user@your-company.com', password: 'a-password'}]);
		expect(result).toEqual({
			ok: true,
			kind: 'success',
			status: 200,
			session: signedIn().session,
			sessionToken: 'ory_st_example_not_a_secret',
			// Kratos sends null when there is nothing to continue with.
			continueWith: [],
			response: expect.any(Response),
		});
	});

	test("a browser flow's CSRF token comes from its csrf_token node; a browser login has no token", async () => {
		answer(200, {...signedIn(null), continue_with: [{action: 'redirect_browser_to', redirect_browser_to: 'https://app.your-company.com/'}]});
		const result = await updateLoginFlow(createKratosClient({baseUrl: server.url}), flow('browserLoginFlow'), {method: 'password', identifier: 'u', password: 'p'}, {cookie: 'csrf_token_1=c'});
		expect(JSON.parse(bodies[0]!).csrf_token).toBe('example-csrf-token-not-a-secret');
		expect(result).toMatchObject({kind: 'success', sessionToken: undefined, continueWith: [{action: 'redirect_browser_to'}]});
	});

	test('400 with the flow: corrections (wrong credentials), with the message', async () => {
		answer(400, flow('loginInvalidCredentials'));
		const result = await updateLoginFlow(createKratosClient({baseUrl: server.url}), flow(), {method: 'password', identifier: 'u', password: 'wrong'});
		if (result.kind !== 'corrections') throw new Error(`expected corrections, got ${result.kind}`);
		expect(result.flow.ui.messages?.[0]?.id).toBe(4000006);
	});

	test.each([
		[400, 'malformedFlowParameter', undefined, undefined],
		[401, 'aal1Required', 'session_aal1_required', undefined],
		[403, 'csrfViolation', 'security_csrf_violation', undefined],
		[404, 'notFound', undefined, undefined],
		[410, 'updateFlowExpired', 'self_service_flow_expired', '39e313e5-b9c3-4f3e-8634-f9f32eaceaa6'],
	])('%i %s is an http-error, with the flow to continue in', async (status, name, errorId, useFlowId) => {
		answer(status, example(name));
		const result = await updateLoginFlow(createKratosClient({baseUrl: server.url}), flow(), {method: 'totp', totp_code: '123456'});
		expect(result).toMatchObject({kind: 'http-error', status, errorId, useFlowId});
	});

	test('a flow id alone, or a body without a method, is refused before any request: the flow says whether it is a refresh', async () => {
		const before = server.requests.length;
		const client = createKratosClient({baseUrl: server.url});
		// @ts-expect-error the flow itself, not its id
		await expect(updateLoginFlow(client, flow().id, {method: 'totp', totp_code: '1'})).rejects.toThrow(/^flow must be a login flow object$/);
		// @ts-expect-error a body is required
		await expect(updateLoginFlow(client, flow(), null)).rejects.toThrow(/^body must be an object with a method$/);
		expect(server.requests.length).toBe(before);
	});
});

describe('a refresh that signs in another identity is not a successful refresh', () => {
	const refresh = () => flow('refreshLoginFlow');
	const own = {method: 'password', identifier: 'user@your-company.com', password: 'p'} as const;

	test('native: the token sent comes back, the same session refreshed: success', async () => {
		answer(200, signedIn(TOKEN));
		const result = await updateLoginFlow(createKratosClient({baseUrl: server.url, sessionToken: TOKEN}), refresh(), own);
		expect(result).toMatchObject({ok: true, kind: 'success', sessionToken: TOKEN});
		expect(last().headers['x-session-token']).toBe(TOKEN);
	});

	test("native: another token comes back (another identity's credentials): other-identity, not ok", async () => {
		answer(200, signedIn('ory_st_someone_else'));
		const client = createKratosClient({baseUrl: server.url, sessionToken: TOKEN});
		const result = await updateLoginFlow(client, refresh(), {...own, identifier: 'other@your-company.com'});
		expect(result).toMatchObject({ok: false, kind: 'other-identity', status: 200, sessionToken: 'ory_st_someone_else'});
		// The call's own token counts as the one sent.
		answer(200, signedIn('ory_st_per_call'));
		expect((await updateLoginFlow(client, refresh(), own, {sessionToken: 'ory_st_per_call'})).kind).toBe('success');
	});

	test('browsers (no token): another identifier than the one the refresh flow pre-fills: other-identity', async () => {
		answer(200, signedIn(null));
		const client = createKratosClient({baseUrl: server.url});
		expect((await updateLoginFlow(client, refresh(), {...own, identifier: 'other@your-company.com'}, {cookie: 'c=1'})).kind).toBe('other-identity');
		expect((await updateLoginFlow(client, refresh(), own, {cookie: 'c=1'})).kind).toBe('success');
	});

	test('not a refresh: a new token is what a login gives (the client may hold a dead one)', async () => {
		answer(200, signedIn('ory_st_new'));
		const result = await updateLoginFlow(createKratosClient({baseUrl: server.url, sessionToken: 'ory_st_expired'}), flow(), own);
		expect(result).toMatchObject({ok: true, kind: 'success', sessionToken: 'ory_st_new'});
	});

	test('a second factor (aal2) keeps the token: success', async () => {
		answer(200, signedIn(TOKEN));
		const result = await updateLoginFlow(createKratosClient({baseUrl: server.url, sessionToken: TOKEN}), flow('secondFactorLoginFlow'), {method: 'totp', totp_code: '123456'});
		expect(result.kind).toBe('success');
	});
});

describe('getSession', () => {
	test('GET /sessions/whoami: the session, traits typed by the client', async () => {
		answer(200, example('session'));
		const client = createKratosClient<{email: string}>({baseUrl: server.url, sessionToken: TOKEN});
		const result = await getSession(client);
		expect(last().url).toBe('/sessions/whoami');
		expect(last().headers['x-session-token']).toBe(TOKEN);
		if (!result.ok) throw new Error(`expected success, got ${result.kind}`);
		expectTypeOf(result.session.identity).toEqualTypeOf<import('../../src/index.js').Identity<{email: string}> | null>();
		expect(result.session.identity?.traits.email).toBe('user@your-company.com');
		expect(result.session.authenticator_assurance_level).toBe('aal2');
		expect(Object.keys(result).sort()).toEqual(['kind', 'ok', 'response', 'session', 'status']);
	});

	test('401 is a result; 403 session_aal2_required says which login flow a native app creates, where a browser goes', async () => {
		answer(401, example('noSessionWhoami'));
		expect(await getSession(createKratosClient({baseUrl: server.url}))).toMatchObject({ok: false, kind: 'http-error', status: 401, errorId: undefined, login: undefined});
		answer(403, example('aal2RequiredOnCreate'));
		expect(await getSession(createKratosClient({baseUrl: server.url}))).toMatchObject({
			kind: 'http-error',
			status: 403,
			errorId: 'session_aal2_required',
			login: {aal: 'aal2'},
			redirectBrowserTo: 'https://accounts.your-company.com/auth/self-service/login/browser?aal=aal2',
		});
	});
});

test('the all-in-one client has the login and session calls too', async () => {
	answer(200, example('session'));
	const client = createSettingsFlowClient({baseUrl: server.url});
	expect((await client.getSession()).kind).toBe('success');
	answer(200, flow());
	expect((await client.createLoginFlow()).kind).toBe('success');
	expect((await client.createBrowserLoginFlow()).kind).toBe('success');
	expect((await client.getLoginFlow('x')).kind).toBe('success');
	answer(200, signedIn());
	expect((await client.updateLoginFlow(flow(), {method: 'lookup_secret', lookup_secret: 'abc'})).kind).toBe('success');
	expect(server.requests.slice(-5).map((request) => request.url.split('?')[0])).toEqual([
		'/sessions/whoami',
		'/self-service/login/api',
		'/self-service/login/browser',
		'/self-service/login/flows',
		'/self-service/login',
	]);
});
