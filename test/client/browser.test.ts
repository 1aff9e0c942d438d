// What differs in a page (a `location` with an origin): a path-only base means the page's own origin, and a failed
// request may be a CORS refusal, which the message says. Outside a page a path-only base is refused.
import {afterAll, afterEach, beforeAll, describe, expect, test, vi} from 'vitest';
import {InvalidRequestError, createKratosClient, getSettingsFlow} from '../../src/index.js';
import {flowExample} from '../helpers/fixtures.js';
import {type TestServer, json, startServer} from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(() => server.close());
afterEach(() => vi.unstubAllGlobals());

const FLOW_ID = '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a';
const inPage = (url: string) => {
	const location = new URL(`${url}/account/settings?flow=${FLOW_ID}`);
	vi.stubGlobal('location', location);
	// A page's Request resolves a relative URL against the page, as Node's does not.
	vi.stubGlobal(
		'Request',
		class extends Request {
			constructor(input: RequestInfo | URL, init?: RequestInit) {
				super(typeof input === 'string' ? new URL(input, location) : input, init);
			}
		},
	);
};

describe('a path-only baseUrl', () => {
	test("in a page: the page's own origin (its Request resolves the path), path prefix kept", async () => {
		inPage(server.url);
		server.handle(json(200, flowExample()));
		const result = await getSettingsFlow(createKratosClient({baseUrl: '/auth/'}), FLOW_ID);
		expect(result.ok).toBe(true);
		expect(server.requests.at(-1)?.url).toBe(`/auth/self-service/settings/flows?id=${FLOW_ID}`);
	});

	test('outside a page: refused, saying why', () => {
		expect(() => createKratosClient({baseUrl: '/auth'})).toThrow(InvalidRequestError);
		expect(() => createKratosClient({baseUrl: '/auth'})).toThrow(/^baseUrl is a path, which needs the origin of a page \(a browser\); give an absolute URL;/);
	});

	test('a protocol-relative //host is not a path', () => {
		inPage(server.url);
		expect(() => createKratosClient({baseUrl: '//accounts.example.com/auth'})).toThrow(/^baseUrl is not an absolute URL;/);
	});
});

describe('a request that fails before any answer', () => {
	test('in a page the message says it may be CORS, not only that the server is down', async () => {
		const down = await startServer();
		await down.close();
		inPage(server.url);
		const result = await getSettingsFlow(createKratosClient({baseUrl: down.url}), FLOW_ID);
		expect(result.kind === 'transport-error' && result.error.message).toMatch(
			/^The request to http:\/\/127\.0\.0\.1:\d+\/self-service\/settings\/flows\?id=[\w-]+ failed \(.+\): the server may be down, or the browser blocked it by CORS/,
		);
	});

	test('outside a page it says the server could not be reached', async () => {
		const down = await startServer();
		await down.close();
		const result = await getSettingsFlow(createKratosClient({baseUrl: down.url}), FLOW_ID);
		expect(result.kind === 'transport-error' && result.error.message).toMatch(/^Could not reach .*ECONNREFUSED/);
	});
});

describe('a body without Content-Length, in a page', () => {
	const chunked = (size: number) => (_: unknown, response: import('node:http').ServerResponse) => {
		response.writeHead(200, {'content-type': 'application/json'});
		const text = JSON.stringify({...flowExample(), padding: 'x'.repeat(size)});
		response.write(text.slice(0, 100));
		setTimeout(() => response.end(text.slice(100)), 5);
	};

	// Read through its stream, Chromium reports the request as aborted: test/guides/spa.test.ts sees that in Chromium.
	test("is handed whole to the browser's own arrayBuffer(), not read through its stream", async () => {
		inPage(server.url);
		server.handle(chunked(10));
		const arrayBuffer = vi.spyOn(Response.prototype, 'arrayBuffer');
		try {
			const result = await getSettingsFlow(createKratosClient({baseUrl: server.url}), FLOW_ID);
			expect(result.ok).toBe(true);
			expect(arrayBuffer).toHaveBeenCalledTimes(1);
		} finally {
			arrayBuffer.mockRestore();
		}
	});

	test('and refused when it is over the limit', async () => {
		inPage(server.url);
		server.handle(chunked(5000));
		const result = await getSettingsFlow(createKratosClient({baseUrl: server.url, maxBodyBytes: 4000}), FLOW_ID);
		expect(result.kind === 'transport-error' && result.error.message).toMatch(/is over 4000 bytes$/);
	});
});

test('a logged result keeps its reason: errors serialize with name, message, url and status, never a secret', async () => {
	server.handle((_, response) => {
		response.writeHead(502, {'content-type': 'text/html'});
		response.end('<h1>Bad Gateway</h1>');
	});
	const token = 'ory_st_never_in_a_log_line';
	const result = await getSettingsFlow(createKratosClient({baseUrl: server.url, sessionToken: token}), FLOW_ID);
	const logged = JSON.parse(JSON.stringify({kind: result.kind, error: result.kind === 'transport-error' ? result.error : undefined}));
	expect(logged.error).toEqual({
		name: 'InvalidResponseError',
		message: `The 502 answer from ${server.url}/self-service/settings/flows?id=${FLOW_ID} is not JSON but text/html`,
		url: `${server.url}/self-service/settings/flows?id=${FLOW_ID}`,
		status: 502,
	});
	expect(JSON.stringify(result)).not.toContain(token);
});
