// createSettingsFlow (native) and createBrowserSettingsFlow, against a real HTTP server: what is sent, and how every
// answer Kratos v1.3.1 gives comes back.
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	InvalidRequestError,
	createBrowserSettingsFlow,
	createKratosClient,
	createSettingsFlow,
	createSettingsFlowClient,
} from '../../src/index.js';
import {example, flowExample} from '../helpers/fixtures.js';
import {type TestServer, json, startServer} from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(() => server.close());

describe('createSettingsFlow (native apps)', () => {
	test('GET /self-service/settings/api with the session token; the new flow comes back', async () => {
		server.handle(json(200, flowExample()));
		const client = createKratosClient({baseUrl: `${server.url}/auth/`, sessionToken: 'ory_st_native'});
		const result = await createSettingsFlow(client);
		expect(result).toMatchObject({ok: true, kind: 'success', status: 200, flow: flowExample()});
		const request = server.requests.at(-1)!;
		expect([request.method, request.url]).toEqual(['GET', '/auth/self-service/settings/api']);
		expect(request.headers).toMatchObject({'x-session-token': 'ory_st_native', accept: 'application/json'});
		expect(request.headers.cookie).toBeUndefined();
	});

	test('returnTo is sent encoded, as return_to', async () => {
		server.handle(json(200, flowExample()));
		await createSettingsFlow(createKratosClient({baseUrl: server.url}), {returnTo: 'https://app.example/a b?x=1&y=2'});
		expect(server.requests.at(-1)?.url).toBe('/self-service/settings/api?return_to=https%3A%2F%2Fapp.example%2Fa%20b%3Fx%3D1%26y%3D2');
	});

	test.each([
		[401, 'sessionInactiveNative', 'session_inactive', undefined, undefined],
		[400, 'returnToForbidden', 'self_service_flow_return_to_forbidden', undefined, undefined],
		[403, 'aal2RequiredOnCreate', 'session_aal2_required', 'https://accounts.your-company.com/auth/self-service/login/browser?aal=aal2', {aal: 'aal2'}],
	])('%i comes back as http-error %s, with where to send the browser and which login flow a native app creates', async (status, name, errorId, redirectBrowserTo, login) => {
		const body = example<{error: object}>(name);
		server.handle(json(status, body));
		const result = await createSettingsFlowClient({baseUrl: server.url}).createSettingsFlow();
		expect(result).toEqual({
			ok: false,
			kind: 'http-error',
			status,
			errorId,
			error: body.error,
			redirectBrowserTo,
			login,
			useFlowId: undefined,
			body,
			response: expect.any(Response),
		});
	});

	test('a returnTo that cannot be sent is refused before any request', async () => {
		const before = server.requests.length;
		const client = createKratosClient({baseUrl: server.url});
		// @ts-expect-error returnTo is a string
		await expect(createSettingsFlow(client, {returnTo: 42})).rejects.toThrow(InvalidRequestError);
		await expect(createSettingsFlow(client, {returnTo: 'https://a.example/\uD800'})).rejects.toThrow(/^returnTo must be a string/);
		expect(server.requests.length).toBe(before);
	});
});

describe('createBrowserSettingsFlow (single-page apps and server-side rendering)', () => {
	test('server side: GET /self-service/settings/browser as JSON, the browser cookie forwarded per call', async () => {
		server.handle(json(200, {...flowExample(), type: 'browser'}));
		const client = createSettingsFlowClient({baseUrl: server.url});
		const result = await client.createBrowserSettingsFlow({cookie: 'ory_kratos_session=abc; csrf_token_1=def', returnTo: 'https://app.example/'});
		expect(result.ok && result.flow.type).toBe('browser');
		const request = server.requests.at(-1)!;
		expect(request.url).toBe('/self-service/settings/browser?return_to=https%3A%2F%2Fapp.example%2F');
		expect(request.headers).toMatchObject({cookie: 'ory_kratos_session=abc; csrf_token_1=def', accept: 'application/json'});
	});

	test("browsers: credentials: 'include' reaches fetch, and a navigation's 303 is never followed", async () => {
		let seen: Request | undefined;
		const client = createKratosClient({
			baseUrl: 'https://accounts.example.com/auth',
			credentials: 'include',
			fetch: async (request) => {
				seen = request;
				return new Response(null, {status: 303, headers: {location: 'https://accounts.example.com/settings?flow=x'}});
			},
		});
		const result = await createBrowserSettingsFlow(client);
		expect(seen?.credentials).toBe('include');
		expect(seen?.redirect).toBe('manual');
		expect(result.kind === 'transport-error' && result.error.message).toMatch(/is a redirect to https:\/\/accounts\.example\.com\/settings\?flow=x, not followed/);
	});

	test('401 session_inactive is typed', async () => {
		server.handle(json(401, example('sessionInactiveBrowser')));
		const result = await createBrowserSettingsFlow(createKratosClient({baseUrl: server.url}));
		if (result.kind !== 'http-error') throw new Error(`expected an http-error, got ${result.kind}`);
		expect([result.status, result.errorId]).toEqual([401, 'session_inactive']);
	});
});
