import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, test, vi} from 'vitest';
import {
	AbortError,
	InvalidRequestError,
	InvalidResponseError,
	NetworkError,
	ResponseValidationError,
	TimeoutError,
	createSettingsFlowClient,
} from '../../src/index.js';
import {validateSettingsFlow} from '../../src/validate.js';
import {example, flowExample} from '../helpers/fixtures.js';
import {type TestServer, json, startServer} from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(() => server.close());

const FLOW_ID = '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a';

describe('success', () => {
	test('a 200 comes back as success with the flow and the response', async () => {
		server.handle(json(200, flowExample()));
		const result = await createSettingsFlowClient({baseUrl: server.url}).getSettingsFlow(FLOW_ID);
		expect(result.kind).toBe('success');
		if (!result.ok) throw new Error('expected success');
		expect(result.flow).toEqual(flowExample());
		expect(result.status).toBe(200);
		expect(result.response.status).toBe(200);
		expect(server.requests.at(-1)?.url).toBe(`/self-service/settings/flows?id=${FLOW_ID}`);
	});

	test('a base URL with a path keeps the path, with or without a trailing slash', async () => {
		server.handle(json(200, flowExample()));
		for (const base of [`${server.url}/auth`, `${server.url}/auth/`]) {
			await createSettingsFlowClient({baseUrl: base}).getSettingsFlow(FLOW_ID);
			expect(server.requests.at(-1)?.url).toBe(`/auth/self-service/settings/flows?id=${FLOW_ID}`);
		}
	});
});

describe('the three ways to authenticate', () => {
	test('native apps: the session token goes in X-Session-Token, and nothing else', async () => {
		server.handle(json(200, flowExample()));
		await createSettingsFlowClient({baseUrl: server.url, sessionToken: 'ory_st_native'}).getSettingsFlow(FLOW_ID);
		const {headers} = server.requests.at(-1)!;
		expect(headers['x-session-token']).toBe('ory_st_native');
		expect(headers.cookie).toBeUndefined();
		// Kratos answers a request that does not ask for JSON like a browser navigation (a 302 to the login UI).
		expect(headers.accept).toBe('application/json');
	});

	test("server side: the incoming request's Cookie header is forwarded, per call", async () => {
		server.handle(json(200, flowExample()));
		const client = createSettingsFlowClient({baseUrl: server.url});
		const incoming = 'ory_kratos_session=abc; csrf_token_806060ca=def';
		await client.getSettingsFlow(FLOW_ID, {cookie: incoming});
		expect(server.requests.at(-1)?.headers.cookie).toBe(incoming);
		expect(server.requests.at(-1)?.headers['x-session-token']).toBeUndefined();
	});

	test('per-call credentials replace the client-wide ones', async () => {
		server.handle(json(200, flowExample()));
		const client = createSettingsFlowClient({baseUrl: server.url, sessionToken: 'ory_st_default'});
		await client.getSettingsFlow(FLOW_ID, {sessionToken: 'ory_st_per_call'});
		expect(server.requests.at(-1)?.headers['x-session-token']).toBe('ory_st_per_call');
	});

	test("browsers: credentials: 'include' reaches fetch, so the browser sends its own cookies", async () => {
		let seen: Request | undefined;
		const client = createSettingsFlowClient({
			baseUrl: 'https://accounts.example.com/auth',
			credentials: 'include',
			fetch: async (request) => {
				seen = request;
				return new Response(JSON.stringify(flowExample()), {status: 200, headers: {'content-type': 'application/json'}});
			},
		});
		const result = await client.getSettingsFlow(FLOW_ID);
		expect(result.kind).toBe('success');
		expect(seen?.credentials).toBe('include');
		expect(seen?.url).toBe(`https://accounts.example.com/auth/self-service/settings/flows?id=${FLOW_ID}`);
		expect(seen?.redirect).toBe('manual');
	});
});

describe('HTTP errors are returned, never thrown', () => {
	test.each([
		[401, 'noSession', undefined],
		[403, 'identityMismatch', 'security_identity_mismatch'],
		[403, 'aal2Required', 'session_aal2_required'],
		[410, 'flowExpired', undefined],
		[404, 'notFound', undefined],
		[500, 'internalServerError', undefined],
	])('%i comes back as http-error with its error id', async (status, name, errorId) => {
		const body = example<{error: object}>(name);
		server.handle(json(status, body));
		const result = await createSettingsFlowClient({baseUrl: server.url}).getSettingsFlow(FLOW_ID);
		expect(result).toMatchObject({ok: false, kind: 'http-error', status, errorId, error: body.error});
	});

	test('an id Kratos adds later is kept as a string', async () => {
		server.handle(json(403, {error: {id: 'brand_new_error', code: 403, message: 'new'}}));
		const result = await createSettingsFlowClient({baseUrl: server.url}).getSettingsFlow(FLOW_ID);
		expect(result.kind === 'http-error' && result.errorId).toBe('brand_new_error');
	});
});

describe('transport failures come back typed', () => {
	const expectTransport = async (problem: RegExp | string, type: new (...args: never[]) => Error, timeoutMs = 2000) => {
		const result = await createSettingsFlowClient({baseUrl: server.url, timeoutMs}).getSettingsFlow(FLOW_ID);
		if (result.kind !== 'transport-error') throw new Error(`expected a transport error, got ${result.kind}`);
		expect(result.error).toBeInstanceOf(type);
		expect(result.error.message).toMatch(problem);
		return result;
	};

	test('an HTML page from a proxy', async () => {
		server.handle((_, response) => {
			response.writeHead(502, {'content-type': 'text/html'});
			response.end('<html><body>Bad Gateway</body></html>');
		});
		const result = await expectTransport('The 502 answer from', InvalidResponseError);
		expect(result.error.message).toMatch(/ is not JSON but text\/html$/);
		expect(result.response?.status).toBe(502);
	});

	test('truncated JSON in a 200', async () => {
		server.handle(json(200, JSON.stringify(flowExample()).slice(0, 300)));
		await expectTransport(/The 200 answer from .* is invalid or truncated JSON$/, InvalidResponseError);
	});

	test('truncated JSON in an error', async () => {
		server.handle(json(401, '{"error":{"id":"sess'));
		await expectTransport(/The 401 answer from .* is invalid or truncated JSON$/, InvalidResponseError);
	});

	test('JSON sent as text/plain', async () => {
		server.handle(json(200, flowExample(), {'content-type': 'text/plain'}));
		await expectTransport(/is not JSON but text\/plain$/, InvalidResponseError);
	});

	test('an empty 200', async () => {
		server.handle(json(200, ''));
		await expectTransport(/The 200 answer from .* is empty JSON$/, InvalidResponseError);
	});

	test('an error body that is not a Kratos error', async () => {
		server.handle(json(403, {message: 'forbidden'}));
		await expectTransport(/is not a Kratos error \(no "error" object\)$/, InvalidResponseError);
	});

	test('a redirect is not followed', async () => {
		server.handle((_, response) => {
			response.writeHead(303, {location: 'https://elsewhere.example/steal'});
			response.end();
		});
		await expectTransport(/is a redirect to https:\/\/elsewhere\.example\/steal, not followed/, InvalidResponseError);
		expect(server.requests.at(-1)?.url).toMatch(/^\/self-service\/settings\/flows/);
	});

	test('a 200 over the size limit, announced by Content-Length', async () => {
		server.handle(json(200, {padding: 'x'.repeat(2000)}));
		const result = await createSettingsFlowClient({baseUrl: server.url, maxBodyBytes: 1000}).getSettingsFlow(FLOW_ID);
		expect(result.kind === 'transport-error' && result.error.message).toMatch(/The 200 answer from .* is over 1000 bytes$/);
	});

	test('a chunked 200 that grows past the size limit', async () => {
		server.handle((_, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			for (let i = 0; i < 10; i++) response.write(`"${'x'.repeat(500)}"`);
			response.end();
		});
		const result = await createSettingsFlowClient({baseUrl: server.url, maxBodyBytes: 1000}).getSettingsFlow(FLOW_ID);
		expect(result.kind === 'transport-error' && result.error).toBeInstanceOf(InvalidResponseError);
		expect(result.kind === 'transport-error' && result.error.message).toMatch(/is over 1000 bytes$/);
	});

	test('a chunked body is read without piping it through a stream (Chromium reported such requests as aborted)', async () => {
		server.handle((_, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			const text = JSON.stringify(flowExample());
			response.write(text.slice(0, 100));
			setTimeout(() => response.end(text.slice(100)), 5);
		});
		const pipeThrough = vi.spyOn(ReadableStream.prototype, 'pipeThrough');
		const pipeTo = vi.spyOn(ReadableStream.prototype, 'pipeTo');
		try {
			const result = await createSettingsFlowClient({baseUrl: server.url}).getSettingsFlow(FLOW_ID);
			expect(result.ok && result.flow.id).toBe(FLOW_ID);
			expect(pipeThrough).not.toHaveBeenCalled();
			expect(pipeTo).not.toHaveBeenCalled();
		} finally {
			pipeThrough.mockRestore();
			pipeTo.mockRestore();
		}
	});

	test('no answer within timeoutMs', async () => {
		server.handle(() => undefined); // never answers
		const result = await expectTransport(/within 100 ms/, TimeoutError, 100);
		expect(result.response).toBeUndefined();
	});

	test('a body that trickles in slower than timeoutMs', async () => {
		server.handle((_, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('{"id":');
			// …and never finishes.
		});
		await expectTransport(/within 150 ms/, TimeoutError, 150);
	});

	test("the caller's AbortSignal", async () => {
		server.handle(() => undefined);
		const controller = new AbortController();
		const pending = createSettingsFlowClient({baseUrl: server.url}).getSettingsFlow(FLOW_ID, {signal: controller.signal});
		setTimeout(() => controller.abort(), 20);
		const result = await pending;
		expect(result.kind === 'transport-error' && result.error).toBeInstanceOf(AbortError);
	});

	test('a connection reset in the middle of the body', async () => {
		server.handle((_, response) => {
			response.writeHead(200, {'content-type': 'application/json', 'content-length': '5000'});
			response.write('{"id":"7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a","ui":{');
			setTimeout(() => response.socket?.destroy(), 20);
		});
		const result = await createSettingsFlowClient({baseUrl: server.url}).getSettingsFlow(FLOW_ID);
		if (result.kind !== 'transport-error') throw new Error(`expected a transport error, got ${result.kind}`);
		expect(result.error).toBeInstanceOf(NetworkError);
		expect(result.error.message).toMatch(/^Connection lost while reading http:\/\/127\.0\.0\.1:\d+\/self-service\/settings\/flows\?id=[\w-]+: /);
		expect(result.response?.status).toBe(200);
		// Errors carry where and what as fields, not only in their message.
		expect(result.error).toMatchObject({url: `${server.url}/self-service/settings/flows?id=${FLOW_ID}`, status: 200});
	});

	test('a server that is down', async () => {
		const down = await startServer();
		const url = down.url;
		await down.close();
		const result = await createSettingsFlowClient({baseUrl: url}).getSettingsFlow(FLOW_ID);
		expect(result.kind === 'transport-error' && result.error).toBeInstanceOf(NetworkError);
		expect(result.kind === 'transport-error' && result.error.message).toMatch(/Could not reach .*ECONNREFUSED/);
	});
});

describe('runtime validation (the /validate entry)', () => {
	test('a conforming 200 passes', async () => {
		server.handle(json(200, flowExample()));
		const result = await createSettingsFlowClient({baseUrl: server.url, validate: validateSettingsFlow}).getSettingsFlow(FLOW_ID);
		expect(result.kind).toBe('success');
	});

	test('a non-conforming 200 names the JSON path that broke', async () => {
		const flow = flowExample() as unknown as {ui: {nodes: {attributes: {disabled?: boolean}}[]}};
		delete flow.ui.nodes[1]!.attributes.disabled;
		server.handle(json(200, flow));
		const result = await createSettingsFlowClient({baseUrl: server.url, validate: validateSettingsFlow}).getSettingsFlow(FLOW_ID);
		if (result.kind !== 'transport-error') throw new Error(`expected a transport error, got ${result.kind}`);
		expect(result.error).toBeInstanceOf(ResponseValidationError);
		expect(result.error.message).toMatch(/\/ui\/nodes\/1\/attributes/);
		// The missing field alone: not the `if` of the node-type union that wraps it.
		expect((result.error as ResponseValidationError).issues).toEqual([
			{path: '/ui/nodes/1/attributes', keyword: 'required', message: "must have required property 'disabled'"},
		]);
	});

	// What newer Kratos releases already send (Ory's master, captured): an app must not refuse these flows.
	const newer = () => {
		const flow = flowExample() as unknown as Record<string, any>;
		flow.organization_id = null;
		flow.identity.external_id = 'crm-4711';
		flow.ui.nodes[1].attributes.autocomplete = 'username';
		flow.ui.nodes[1].meta.label.context = {name: 'traits.email'};
		flow.ui.nodes.push(
			{type: 'div', group: 'captcha', attributes: {id: 'captcha', class: 'widget', data: {sitekey: 'x'}, node_type: 'div'}, messages: [], meta: {}},
			{type: 'iframe', group: 'deviceauthn', attributes: {id: 'frame', src: 'https://x.example', node_type: 'iframe'}, messages: [], meta: {}},
		);
		return flow;
	};

	test('a newer Kratos: new node groups, a new node type, new properties and autocomplete tokens pass', async () => {
		expect(validateSettingsFlow(newer())).toEqual([]);
		server.handle(json(200, newer()));
		const result = await createSettingsFlowClient({baseUrl: server.url, validate: validateSettingsFlow}).getSettingsFlow(FLOW_ID);
		expect(result.kind).toBe('success');
	});

	type Flow = Record<string, any>;
	test.each<[string, (flow: Flow) => void, string, string]>([
		['a missing required field', (flow) => delete flow.identity, '', 'required'],
		['a wrong type', (flow) => (flow.ui.nodes[0].attributes.disabled = 'no'), '/ui/nodes/0/attributes/disabled', 'type'],
		['a closed enum outside its values', (flow) => (flow.state = 'done'), '/state', 'enum'],
		['a new node type without a string node_type', (flow) => (flow.ui.nodes.at(-1).attributes.node_type = 7), '/ui/nodes/5/attributes/node_type', 'type'],
	])('a newer flow with %s is still refused', (_, breakIt, path, keyword) => {
		const flow = newer();
		breakIt(flow);
		expect(validateSettingsFlow(flow)).toContainEqual(expect.objectContaining({path, keyword}));
	});
});

describe('bad input is refused before any request, without echoing secrets', () => {
	test.each([
		['', /^baseUrl is not an absolute URL; expected an http\(s\) URL like https:\/\/accounts\.example\.com\/auth$/],
		['accounts.example.com/auth', /^baseUrl is not an absolute URL;/],
		['ftp://accounts.example.com', /^baseUrl has the scheme ftp:;/],
		['https://user:pw@accounts.example.com', /^baseUrl carries credentials;/],
		['https://accounts.example.com/auth?x=1', /^baseUrl has a query or fragment;/],
	])('baseUrl %j', (baseUrl, message) => {
		expect(() => createSettingsFlowClient({baseUrl})).toThrow(message);
		expect(() => createSettingsFlowClient({baseUrl})).toThrow(InvalidRequestError);
	});

	test.each([
		['sessionToken', 'ory_st_secret\r\nX-Injected: 1'],
		['sessionToken', 'ory_st_secret\n'],
		['cookie', 'ory_kratos_session=secret\u0000'],
		['cookie', 'ory_kratos_session=sécret\u2028'],
	])('%s with a header-illegal character', async (option, value) => {
		const before = server.requests.length;
		expect(() => createSettingsFlowClient({baseUrl: server.url, [option]: value})).toThrow(
			new RegExp(`^${option} has a character HTTP forbids in a header, at index \\d+$`),
		);
		const client = createSettingsFlowClient({baseUrl: server.url});
		const error = await client.getSettingsFlow(FLOW_ID, {[option]: value}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(InvalidRequestError);
		expect(String((error as Error).message)).not.toContain('secret');
		expect(server.requests.length).toBe(before);
	});

	test('an id that is not well-formed Unicode', async () => {
		const client = createSettingsFlowClient({baseUrl: server.url});
		await expect(client.getSettingsFlow('abc\uD800')).rejects.toThrow(InvalidRequestError);
		// @ts-expect-error a number is not an id
		await expect(client.getSettingsFlow(42)).rejects.toThrow(/id must be a string/);
	});

	test('timeoutMs must be positive, client-wide and per call', async () => {
		expect(() => createSettingsFlowClient({baseUrl: server.url, timeoutMs: 0})).toThrow(/^timeoutMs must be a positive number$/);
		const client = createSettingsFlowClient({baseUrl: server.url});
		await expect(client.getSettingsFlow(FLOW_ID, {timeoutMs: -1})).rejects.toThrow(/^timeoutMs must be a positive number$/);
	});
});

describe('ids are encoded: they never change the path or add parameters', () => {
	test.each(['a&b=c', 'x#fragment', '../../admin', 'a/b', 'with space', 'ünïcödé-🙂', '?id=other', 'x'.repeat(10_000)])(
		'%j',
		async (id) => {
			server.handle(json(404, example('notFound')));
			await createSettingsFlowClient({baseUrl: `${server.url}/auth`}).getSettingsFlow(id);
			const sent = new URL(server.requests.at(-1)!.url, server.url);
			expect(sent.pathname).toBe('/auth/self-service/settings/flows');
			expect([...sent.searchParams.keys()]).toEqual(['id']);
			expect(sent.searchParams.get('id')).toBe(id);
		},
	);
});

test('property: any well-formed id arrives intact as the only query parameter, under the base path', async () => {
	server.handle(json(404, example('notFound')));
	const client = createSettingsFlowClient({baseUrl: `${server.url}/auth`});
	await fc.assert(
		fc.asyncProperty(fc.string({unit: 'binary', maxLength: 300}), async (id) => {
			fc.pre(id.isWellFormed());
			const result = await client.getSettingsFlow(id);
			expect(result.kind).toBe('http-error');
			const sent = new URL(server.requests.at(-1)!.url, server.url);
			expect(sent.pathname).toBe('/auth/self-service/settings/flows');
			expect([...sent.searchParams]).toEqual([['id', id]]);
		}),
		{numRuns: 200},
	);
});

test('property: a header value with any character HTTP forbids is refused, naming the option and not the value', async () => {
	const client = createSettingsFlowClient({baseUrl: server.url});
	const before = server.requests.length;
	await fc.assert(
		fc.asyncProperty(
			fc.string({maxLength: 20}),
			fc.constantFrom(...'\r\n\u0000\u0007\u007f\u0100\u2028'.split('')),
			fc.string({maxLength: 20}),
			fc.constantFrom('sessionToken', 'cookie'),
			async (head, bad, tail, option) => {
				const error = await client.getSettingsFlow('id', {[option]: `${head}${bad}${tail}`}).catch((caught: unknown) => caught);
				expect(error).toBeInstanceOf(InvalidRequestError);
				expect((error as Error).message).toMatch(new RegExp(`^${option} has a character HTTP forbids in a header, at index \\d+$`));
			},
		),
		{numRuns: 200},
	);
	expect(server.requests.length).toBe(before);
});
