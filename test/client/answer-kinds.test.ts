// Which result each kind of answer comes back as, for each of the four operations, against a real HTTP server: a
// flow in a 200 is `success` (the body, parsed), the update's 400 with the flow `corrections`, a Kratos error body
// `http-error` with its status and error id, and anything that is not a usable Kratos answer a `transport-error`.
// The contract suite once judged this (client_result_conformance) from every answer a server gave; it judges the server
// only now, and the client's sorting is proved here, where a drift of the two cannot fail a healthy server.
import type {IncomingMessage, ServerResponse} from 'node:http';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	InvalidResponseError,
	type KratosClient,
	type Sorted,
	createBrowserSettingsFlow,
	createKratosClient,
	createSettingsFlow,
	getSettingsFlow,
	updateSettingsFlow,
} from '../../src/index.js';
import {example, flowExample} from '../helpers/fixtures.js';
import {type TestServer, json, startServer} from '../helpers/server.js';

let server: TestServer;
let kratos: KratosClient;
beforeAll(async () => {
	server = await startServer();
	kratos = createKratosClient({baseUrl: `${server.url}/auth`, sessionToken: 'ory_st_answer_kinds', timeoutMs: 5000});
});
afterAll(() => server.close());

const FLOW_ID = '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a';

const operations: Record<string, () => Promise<Sorted>> = {
	getSettingsFlow: () => getSettingsFlow(kratos, FLOW_ID),
	createSettingsFlow: () => createSettingsFlow(kratos),
	createBrowserSettingsFlow: () => createBrowserSettingsFlow(kratos),
	updateSettingsFlow: () => updateSettingsFlow(kratos, FLOW_ID, {method: 'profile', traits: {email: 'user@your-company.com'}}),
};

/** Answers every request with this status, content type and body text. */
const answer = (status: number, body: unknown, contentType = 'application/json; charset=utf-8') =>
	server.handle(async (request: IncomingMessage, response: ServerResponse) => {
		for await (const _ of request); // the update's body, read so the connection stays clean
		await json(status, body, {'content-type': contentType})(request, response);
	});

/** A transport error whose error is an InvalidResponseError saying `problem`, with the answer kept beside it. */
function expectUnusable(result: Sorted, status: number, problem: RegExp) {
	expect(result.kind, JSON.stringify(result)).toBe('transport-error');
	if (result.kind !== 'transport-error') return;
	expect(result.error).toBeInstanceOf(InvalidResponseError);
	expect(result.error.message).toMatch(problem);
	expect(result.response?.status).toBe(status);
}

describe.each(Object.entries(operations))('%s', (_, call) => {
	test('a 200 with a flow is success, the flow being the body as parsed', async () => {
		const flow = flowExample();
		answer(200, flow);
		const result = await call();
		expect(result).toMatchObject({ok: true, kind: 'success', status: 200});
		expect(result.kind === 'success' && result.flow).toEqual(flow);
	});

	test.each([
		[400, 'returnToForbidden', 'self_service_flow_return_to_forbidden'],
		[401, 'noSession', undefined],
		[403, 'identityMismatch', 'security_identity_mismatch'],
		[403, 'aal2Required', 'session_aal2_required'],
		[404, 'notFound', undefined],
		[410, 'flowExpired', undefined],
		[422, 'browserLocationChangeRequired', 'browser_location_change_required'],
		[500, 'internalServerError', undefined],
	])('a %i with a Kratos error body (%s) is http-error, with that status and error id', async (status, name, errorId) => {
		const body = example<{error: object}>(name);
		answer(status, body);
		const result = await call();
		expect(result).toMatchObject({ok: false, kind: 'http-error', status, errorId, error: body.error});
	});

	test("a 200 with the flow, sent as text/plain: not a Kratos answer, a transport error (the suite's old check said success)", async () => {
		answer(200, flowExample(), 'text/plain; charset=utf-8');
		expectUnusable(await call(), 200, /is not JSON but text\/plain; charset=utf-8$/);
	});

	test('a Kratos error body sent as text/plain is a transport error too', async () => {
		answer(401, example('noSession'), 'text/plain');
		expectUnusable(await call(), 401, /is not JSON but text\/plain$/);
	});

	test.each([
		['an HTML page from a proxy', 502, '<html><body>Bad Gateway</body></html>', 'text/html', /is not JSON but text\/html$/],
		['truncated JSON', 200, JSON.stringify(flowExample()).slice(0, 200), undefined, /is invalid or truncated JSON$/],
		['an empty 200', 200, '', undefined, /is empty JSON$/],
		['a JSON array', 200, '[]', undefined, /is not a JSON object$/],
		['an error body that is not a Kratos error', 403, {message: 'forbidden'}, undefined, /is not a Kratos error \(no "error" object\)$/],
		['an undocumented success status', 201, flowExample(), undefined, /has an undocumented success status$/],
	] as const)('%s is a transport error', async (_, status, body, contentType, problem) => {
		answer(status, body, contentType);
		expectUnusable(await call(), status, problem);
	});

	test('a redirect is a transport error, never followed', async () => {
		server.handle((_request, response) => {
			response.writeHead(303, {location: 'https://elsewhere.example/login'}).end();
		});
		const before = server.requests.length;
		expectUnusable(await call(), 303, /is a redirect to https:\/\/elsewhere\.example\/login, not followed/);
		expect(server.requests.length - before).toBe(1);
	});
});

describe('a 400 that carries the flow', () => {
	test('is corrections from the update (the flow asking for corrections, the body as parsed)', async () => {
		const flow = example<ReturnType<typeof flowExample>>('correctionsInvalidEmail');
		answer(400, flow);
		const result = await operations.updateSettingsFlow!();
		expect(result).toMatchObject({ok: false, kind: 'corrections', status: 400});
		expect(result.kind === 'corrections' && result.flow).toEqual(flow);
	});

	test.each(['getSettingsFlow', 'createSettingsFlow', 'createBrowserSettingsFlow'])('is a transport error from %s, which documents no such 400', async (name) => {
		answer(400, flowExample());
		expectUnusable(await operations[name]!(), 400, /is not a Kratos error \(no "error" object\)$/);
	});

	test('with an error object beside the flow, is an http-error from the update, not corrections', async () => {
		const body = {...flowExample(), error: {id: 'security_csrf_violation', code: 400, message: 'bad'}};
		answer(400, body);
		expect(await operations.updateSettingsFlow!()).toMatchObject({kind: 'http-error', status: 400, errorId: 'security_csrf_violation'});
	});
});
