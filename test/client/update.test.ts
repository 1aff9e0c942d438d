// updateSettingsFlow against a real HTTP server: what is sent (the body, the CSRF token of a browser flow), and how
// every answer Kratos v1.3.1 gives comes back.
import {afterAll, beforeAll, describe, expect, expectTypeOf, test} from 'vitest';
import {
	InvalidRequestError,
	type SettingsFlow,
	type UpdateSettingsFlowBody,
	createKratosClient,
	createSettingsFlowClient,
	csrfToken,
	updateSettingsFlow,
} from '../../src/index.js';
import {example, flowExample} from '../helpers/fixtures.js';
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

const browserFlow = (): SettingsFlow => {
	const flow = flowExample();
	flow.type = 'browser';
	const node = flow.ui.nodes[0]!.attributes;
	if (node.node_type === 'input') node.value = 'csrf-from-the-flow';
	return flow;
};

describe('what is sent', () => {
	test('POST /self-service/settings?flow=<id>, the body as JSON, the session token for a native flow', async () => {
		answer(200, {...flowExample(), state: 'success'});
		const client = createKratosClient({baseUrl: `${server.url}/auth`, sessionToken: 'ory_st_native'});
		const result = await updateSettingsFlow(client, flowExample(), {method: 'profile', traits: {email: 'new@example.org'}});
		expect(result).toMatchObject({ok: true, kind: 'success', status: 200, flow: {state: 'success'}});
		const request = server.requests.at(-1)!;
		expect([request.method, request.url]).toEqual(['POST', `/auth/self-service/settings?flow=${flowExample().id}`]);
		expect(request.headers).toMatchObject({'content-type': 'application/json', accept: 'application/json', 'x-session-token': 'ory_st_native'});
		// A native flow needs no CSRF token: none is added.
		expect(JSON.parse(bodies[0]!)).toEqual({method: 'profile', traits: {email: 'new@example.org'}});
	});

	test("a browser flow's CSRF token is taken from its own csrf_token node", async () => {
		answer(200, {...browserFlow(), state: 'success'});
		const client = createSettingsFlowClient({baseUrl: server.url});
		await client.updateSettingsFlow(browserFlow(), {method: 'password', password: 'a-new-password'}, {cookie: 'csrf_token_1=c; ory_kratos_session=s'});
		expect(JSON.parse(bodies[0]!)).toEqual({method: 'password', password: 'a-new-password', csrf_token: 'csrf-from-the-flow'});
		expect(server.requests.at(-1)?.headers.cookie).toBe('csrf_token_1=c; ory_kratos_session=s');
		expect(csrfToken(browserFlow())).toBe('csrf-from-the-flow');
	});

	test("a token in the body wins, and a flow given by id gets none", async () => {
		answer(200, {...browserFlow(), state: 'success'});
		const client = createKratosClient({baseUrl: server.url});
		await updateSettingsFlow(client, browserFlow(), {method: 'totp', totp_unlink: true, csrf_token: 'mine'});
		await updateSettingsFlow(client, 'e1b2c3d4-0000-4000-8000-000000000000', {method: 'totp', totp_unlink: true});
		expect(bodies.map((body) => JSON.parse(body).csrf_token)).toEqual(['mine', undefined]);
	});

	test('arguments that cannot be sent are refused before any request, without echoing the body', async () => {
		const before = server.requests.length;
		const client = createKratosClient({baseUrl: server.url});
		// @ts-expect-error the flow or its id
		await expect(updateSettingsFlow(client, 42, {method: 'profile', traits: {}})).rejects.toThrow(InvalidRequestError);
		// @ts-expect-error a body is required
		await expect(updateSettingsFlow(client, 'x', null)).rejects.toThrow(/^body must be an object with a method$/);
		const error = await updateSettingsFlow(client, 'x\uD800', {method: 'password', password: 'secret-password-123'}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(InvalidRequestError);
		expect(String((error as Error).message)).not.toContain('secret-password-123');
		expect(server.requests.length).toBe(before);
	});
});

describe('how each answer comes back', () => {
	test('400 with the flow: corrections, not an error', async () => {
		const flow = example<SettingsFlow>('correctionsInvalidEmail');
		answer(400, flow);
		const result = await updateSettingsFlow(createKratosClient({baseUrl: server.url}), flowExample(), {method: 'profile', traits: {email: 'not-an-email'}});
		expect(result).toMatchObject({ok: false, kind: 'corrections', status: 400, flow});
		if (result.kind !== 'corrections') throw new Error('expected corrections');
		expect(result.flow.ui.nodes[0]?.messages[0]?.id).toBe(4000001);
	});

	test('400 with an error body (a malformed flow id) is an http-error', async () => {
		answer(400, example('malformedFlowParameter'));
		const result = await updateSettingsFlow(createKratosClient({baseUrl: server.url}), 'not-a-uuid', {method: 'profile', traits: {}});
		expect(result).toMatchObject({kind: 'http-error', status: 400, errorId: undefined});
	});

	test.each([
		[401, 'noSession', undefined, undefined, undefined, undefined],
		[403, 'csrfViolation', 'security_csrf_violation', undefined, undefined, undefined],
		[403, 'identityMismatchOnUpdate', 'security_identity_mismatch', undefined, undefined, undefined],
		[403, 'refreshRequired', 'session_refresh_required', /^https:\/\/accounts\.your-company\.com\/auth\/self-service\/login\/browser\?refresh=true/, undefined, {refresh: true}],
		[403, 'aal2Required', 'session_aal2_required', /^https:\/\/accounts\.your-company\.com\/auth\/self-service\/login\/browser\?aal=aal2/, undefined, {aal: 'aal2'}],
		[404, 'settingsFlowNotFound', undefined, undefined, undefined, undefined],
		[410, 'updateFlowExpired', 'self_service_flow_expired', undefined, '39e313e5-b9c3-4f3e-8634-f9f32eaceaa6', undefined],
		[422, 'browserLocationChangeRequired', 'browser_location_change_required', /^https:\/\/github\.com\/login\/oauth\/authorize/, undefined, undefined],
	])('%i %s: http-error, with where to go next (a browser: redirectBrowserTo; a native app: the login flow to create)', async (status, name, errorId, redirect, useFlowId, login) => {
		answer(status, example(name));
		const result = await updateSettingsFlow(createKratosClient({baseUrl: server.url}), flowExample(), {method: 'password', password: 'p'});
		if (result.kind !== 'http-error') throw new Error(`expected an http-error, got ${result.kind}`);
		expect([result.status, result.errorId, result.useFlowId, result.login]).toEqual([status, errorId, useFlowId, login]);
		if (redirect) expect(result.redirectBrowserTo).toMatch(redirect);
		else expect(result.redirectBrowserTo).toBeUndefined();
		expect(result.body).toEqual(example(name));
	});
});

test('types: the body is discriminated by method, and the result by kind', async () => {
	answer(200, {...flowExample(), state: 'success'});
	const client = createKratosClient({baseUrl: server.url});
	// @ts-expect-error the password method needs a password
	const missing: UpdateSettingsFlowBody = {method: 'password'};
	// @ts-expect-error an unknown method
	const unknown: UpdateSettingsFlowBody = {method: 'carrier-pigeon'};
	void [missing, unknown];
	const result = await updateSettingsFlow(client, flowExample(), {method: 'lookup_secret', lookup_secret_reveal: true});
	if (result.kind === 'http-error') expectTypeOf(result.useFlowId).toEqualTypeOf<string | undefined>();
	if (result.kind === 'corrections') expectTypeOf(result.flow).toEqualTypeOf<SettingsFlow>();
	expect(result.ok).toBe(true);
});
