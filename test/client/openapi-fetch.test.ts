// The client sits on openapi-fetch: an app's middleware and an app's own openapi-fetch client plug in, and neither can
// undo what the client promises (a redirect refused, a result instead of a rejection, no secret in a message).
import createClient, {type Middleware} from 'openapi-fetch';
import {afterAll, beforeAll, describe, expect, expectTypeOf, test} from 'vitest';
import {
	InvalidRequestError,
	InvalidResponseError,
	MiddlewareError,
	TimeoutError,
	createKratosClient,
	getSettingsFlow,
	isMiddlewareError,
	type paths,
	updateSettingsFlow,
} from '../../src/index.js';
import {example, flowExample} from '../helpers/fixtures.js';
import {type TestServer, json, startServer} from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(() => server.close());

const FLOW_ID = '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a';
const TOKEN = 'ory_st_the_middleware_must_not_leak_this';

describe('middleware', () => {
	test('run on every operation, in order: onRequest a then b, onResponse b then a; schemaPath is the spec path', async () => {
		server.handle(json(200, flowExample()));
		const seen: string[] = [];
		const named = (name: string): Middleware => ({
			onRequest({schemaPath}) {
				seen.push(`${name}.request ${schemaPath}`);
			},
			onResponse({response}) {
				seen.push(`${name}.response ${response.status}`);
			},
		});
		const client = createKratosClient({baseUrl: server.url, middleware: [named('a'), named('b')]});
		await getSettingsFlow(client, FLOW_ID);
		await updateSettingsFlow(client, FLOW_ID, {method: 'profile', traits: {email: 'a@example.org'}});
		expect(seen).toEqual([
			'a.request /self-service/settings/flows',
			'b.request /self-service/settings/flows',
			'b.response 200',
			'a.response 200',
			'a.request /self-service/settings',
			'b.request /self-service/settings',
			'b.response 200',
			'a.response 200',
		]);
	});

	test('a header a middleware sets reaches Kratos, beside the client\'s own', async () => {
		server.handle(json(200, flowExample()));
		const requestId: Middleware = {onRequest: ({request}) => void request.headers.set('X-Request-Id', 'req-42')};
		await getSettingsFlow(createKratosClient({baseUrl: server.url, sessionToken: TOKEN, middleware: [requestId]}), FLOW_ID);
		expect(server.requests.at(-1)?.headers).toMatchObject({'x-request-id': 'req-42', 'x-session-token': TOKEN, accept: 'application/json'});
	});

	test('a retry after a token refresh, done as middleware: the retried answer is the result', async () => {
		let calls = 0;
		server.handle((request, response) => {
			calls++;
			const fresh = request.headers['x-session-token'] === 'ory_st_refreshed';
			(fresh ? json(200, flowExample()) : json(401, example('noSession')))(request, response);
		});
		const refresh: Middleware = {
			async onResponse({request, response}) {
				if (response.status !== 401) return undefined;
				const retry = new Request(request, {headers: new Headers(request.headers)});
				retry.headers.set('X-Session-Token', 'ory_st_refreshed');
				return fetch(retry);
			},
		};
		const result = await getSettingsFlow(createKratosClient({baseUrl: server.url, sessionToken: 'ory_st_stale', middleware: [refresh]}), FLOW_ID);
		expect(result.kind).toBe('success');
		expect(calls).toBe(2);
	});

	test('a middleware object without a hook is refused at creation, as an InvalidRequestError naming the option', () => {
		const own = createClient<paths>({baseUrl: server.url});
		for (const options of [{baseUrl: server.url}, {client: own}]) {
			expect(() => createKratosClient({...options, middleware: [{onRequest: () => undefined}, {} as Middleware]})).toThrow(InvalidRequestError);
			expect(() => createKratosClient({...options, middleware: [{} as Middleware]})).toThrow(/^middleware: Middleware must be an object with one of/);
		}
	});
});

describe("an app's own openapi-fetch client", () => {
	test('is used as it is: its baseUrl (with a path), its headers and its .use() middleware', async () => {
		server.handle(json(200, flowExample()));
		const seen: string[] = [];
		const own = createClient<paths>({baseUrl: `${server.url}/auth/`, headers: {'X-App': 'settings-page'}});
		own.use({onRequest: ({request}) => void seen.push(new URL(request.url).pathname)});
		const client = createKratosClient({client: own, sessionToken: TOKEN});
		expect(client.client).toBe(own);
		const result = await getSettingsFlow(client, FLOW_ID);
		expect(result.ok && result.flow.id).toBe(FLOW_ID);
		expect(seen).toEqual(['/auth/self-service/settings/flows']);
		expect(server.requests.at(-1)).toMatchObject({url: `/auth/self-service/settings/flows?id=${FLOW_ID}`, headers: {'x-app': 'settings-page', 'x-session-token': TOKEN}});
	});

	test('a 401 is still a result, and the client its own creator set to follow redirects still follows none', async () => {
		const own = createClient<paths>({baseUrl: server.url, redirect: 'follow'});
		server.handle(json(401, example('noSession')));
		const denied = await getSettingsFlow(createKratosClient({client: own}), FLOW_ID);
		expect(denied).toMatchObject({ok: false, kind: 'http-error', status: 401});
		server.handle((request, response) => {
			if (request.url?.startsWith('/elsewhere')) return json(200, flowExample())(request, response);
			response.writeHead(302, {location: '/elsewhere'});
			response.end();
		});
		const before = server.requests.length;
		const moved = await getSettingsFlow(createKratosClient({client: own}), FLOW_ID);
		expect(moved.kind === 'transport-error' && moved.error.message).toMatch(/is a redirect to \/elsewhere, not followed/);
		expect(server.requests.length - before).toBe(1);
	});

	test('baseUrl beside it, a fetch beside it, or something else as client are refused', () => {
		const own = createClient<paths>({baseUrl: server.url});
		// @ts-expect-error the client has its own baseUrl
		expect(() => createKratosClient({client: own, baseUrl: server.url})).toThrow(/^client brings its own baseUrl and fetch/);
		// @ts-expect-error nor does it take another fetch
		expect(() => createKratosClient({client: own, fetch})).toThrow(/^client brings its own baseUrl and fetch/);
		// @ts-expect-error not an openapi-fetch client
		expect(() => createKratosClient({client: {}})).toThrow(/^client is not an openapi-fetch client/);
	});

	test("typed by the package's own paths", () => {
		expectTypeOf(createClient<paths>({})).toExtend<Parameters<typeof createKratosClient>[0] extends infer O ? (O extends {client: infer C} ? C : never) : never>();
	});
});

describe('middleware cannot undo the guarantees', () => {
	const redirecting = (request: Parameters<Parameters<TestServer['handle']>[0]>[0], response: Parameters<Parameters<TestServer['handle']>[0]>[1]) => {
		if (request.url?.startsWith('/landing')) return json(200, flowExample())(request, response);
		response.writeHead(303, {location: `${server.url}/landing`});
		response.end();
		return undefined;
	};

	test('a middleware that asks fetch to follow redirects: still not followed', async () => {
		server.handle(redirecting);
		const follow: Middleware = {onRequest: ({request}) => new Request(request, {redirect: 'follow'})};
		const before = server.requests.length;
		const result = await getSettingsFlow(createKratosClient({baseUrl: server.url, sessionToken: TOKEN, middleware: [follow]}), FLOW_ID);
		expect(result.kind === 'transport-error' && result.error).toBeInstanceOf(InvalidResponseError);
		expect(server.requests.length - before).toBe(1);
	});

	test('a middleware that follows the redirect itself: the answer it hands back is still refused', async () => {
		server.handle(redirecting);
		const follow: Middleware = {
			async onResponse({response}) {
				const location = response.headers.get('location');
				return location ? fetch(location) : undefined;
			},
		};
		const result = await getSettingsFlow(createKratosClient({baseUrl: server.url, middleware: [follow]}), FLOW_ID);
		expect(result.kind === 'transport-error' && result.error.message).toMatch(/The 303 answer from .* is a redirect to .*\/landing, not followed/);
	});

	test.each<[string, Middleware]>([
		['onRequest', {onRequest: ({request}) => Promise.reject(new Error(`no route for ${request.headers.get('x-session-token')}`))}],
		[
			'onResponse',
			{
				onResponse({request}) {
					throw new Error(`could not log ${request.headers.get('x-session-token')} ${encodeURIComponent(TOKEN)}`);
				},
			},
		],
		['onRequest (a value openapi-fetch refuses)', {onRequest: () => 'not a request' as unknown as Request}],
	])('a throw in %s comes back as a MiddlewareError result naming no secret', async (_, broken) => {
		server.handle(json(200, flowExample()));
		const result = await getSettingsFlow(createKratosClient({baseUrl: server.url, sessionToken: TOKEN, middleware: [broken]}), FLOW_ID);
		if (result.kind !== 'transport-error') throw new Error(`expected a transport error, got ${result.kind}`);
		expect(result.error).toBeInstanceOf(MiddlewareError);
		expect(isMiddlewareError(result.error)).toBe(true);
		expect(result.error.message).toMatch(/^A middleware failed on the request to http:\/\/127\.0\.0\.1:\d+\/self-service\/settings\/flows/);
		expect(JSON.stringify(result.error)).not.toContain(TOKEN.slice(7));
		expect(JSON.stringify(result.error)).toContain('MiddlewareError');
	});

	test('an onError that throws its own error: a typed NetworkError, not a rejection', async () => {
		const down = await startServer();
		await down.close();
		const rethrow: Middleware = {
			onError({error}) {
				throw new Error(`wrapped: ${String(error)} for ${TOKEN}`);
			},
		};
		const result = await getSettingsFlow(createKratosClient({baseUrl: down.url, sessionToken: TOKEN, middleware: [rethrow]}), FLOW_ID);
		expect(result.kind === 'transport-error' && result.error.name).toBe('NetworkError');
		expect(result.kind === 'transport-error' && result.error.message).not.toContain(TOKEN);
	});

	test('a middleware that never returns: the call still ends at timeoutMs', async () => {
		const stuck: Middleware = {onRequest: () => new Promise<undefined>(() => undefined)};
		const result = await getSettingsFlow(createKratosClient({baseUrl: server.url, timeoutMs: 100, middleware: [stuck]}), FLOW_ID);
		expect(result.kind === 'transport-error' && result.error).toBeInstanceOf(TimeoutError);
	});

	test('an oversized answer a middleware hands back is refused too', async () => {
		server.handle(json(200, flowExample()));
		const huge: Middleware = {
			onResponse: () =>
				new Response(
					new ReadableStream({
						start(controller) {
							for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(100)));
							controller.close();
						},
					}),
					{status: 200, headers: {'content-type': 'application/json'}},
				),
		};
		const result = await getSettingsFlow(createKratosClient({baseUrl: server.url, maxBodyBytes: 1000, middleware: [huge]}), FLOW_ID);
		expect(result.kind === 'transport-error' && result.error.message).toMatch(/is over 1000 bytes$/);
	});
});
