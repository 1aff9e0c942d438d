// Type-level guarantees, enforced by `tsc` over this file (npm run typecheck) and run as plain tests by vitest.
import {describe, expect, expectTypeOf, test} from 'vitest';
import {
	type GetSettingsFlowErrorId,
	type GetSettingsFlowResult,
	type KratosClient,
	type KratosError,
	type SettingsFlow,
	type TransportError,
	createKratosClient,
	createSettingsFlowClient,
} from '../../src/index.js';

import {example, flowExample} from '../helpers/fixtures.js';

const client = createSettingsFlowClient({
	baseUrl: 'https://accounts.example.com/auth',
	// Answers by the id asked for, so each test gets a real result of the variant it narrows to.
	fetch: async (request) => {
		const id = new URL(request.url).searchParams.get('id');
		if (id === 'down') throw new TypeError('fetch failed');
		const [status, body] = id === 'ok' ? [200, flowExample()] : [403, example('aal2Required')];
		return new Response(JSON.stringify(body), {status, headers: {'content-type': 'application/json'}});
	},
});
const results = async (): Promise<GetSettingsFlowResult[]> =>
	Promise.all(['ok', 'aal2', 'down'].map((id) => client.getSettingsFlow(id)));

describe('the result must be narrowed before use', () => {
	test('flow and error are not reachable on the union', async () => {
		const [result] = await results();
		if (!result) throw new Error('no result');
		// @ts-expect-error `flow` exists only on success
		void result.flow;
		// @ts-expect-error `error` does not exist on success
		void result.error;
		// @ts-expect-error `errorId` exists only on http-error
		void result.errorId;
	});

	test('ok narrows to the flow', async () => {
		const kinds = [];
		for (const result of await results()) {
			kinds.push(result.kind);
			if (result.ok) {
				expectTypeOf(result.flow).toEqualTypeOf<SettingsFlow>();
				expectTypeOf(result.status).toEqualTypeOf<200>();
				expect(result.flow.id).toBe(flowExample().id);
			} else {
				expectTypeOf(result.kind).toEqualTypeOf<'http-error' | 'transport-error'>();
			}
		}
		expect(kinds).toEqual(['success', 'http-error', 'transport-error']);
	});

	test('kind narrows errors', async () => {
		const [, httpError, transportError] = await results();
		if (httpError?.kind !== 'http-error' || transportError?.kind !== 'transport-error') throw new Error('wrong kinds');
		expectTypeOf(httpError.error).toEqualTypeOf<KratosError>();
		expectTypeOf(httpError.errorId).toEqualTypeOf<GetSettingsFlowErrorId | (string & {}) | undefined>();
		expectTypeOf(httpError.response).toEqualTypeOf<Response>();
		expect(httpError.errorId).toBe('session_aal2_required');
		expect(httpError.status).toBe(403);
		expectTypeOf(transportError.error).toEqualTypeOf<TransportError>();
		expectTypeOf(transportError.response).toEqualTypeOf<Response | undefined>();
		expect(transportError.error.name).toBe('NetworkError');
	});

	test('error ids can be switched on; ids Kratos adds later are still strings', async () => {
		expectTypeOf<
			| 'session_inactive'
			| 'security_csrf_violation'
			| 'security_identity_mismatch'
			| 'session_aal2_required'
			| 'self_service_flow_expired'
		>().toExtend<GetSettingsFlowErrorId>();
		type Kept = (GetSettingsFlowResult & {kind: 'http-error'})['errorId'];
		expectTypeOf<'some_future_id'>().toExtend<Kept>();
		const [, result] = await results();
		if (result?.kind !== 'http-error') throw new Error('expected an http-error');
		let branch = '';
		switch (result.errorId) {
			case 'session_inactive':
			case 'session_aal2_required':
				expectTypeOf(result.errorId).toExtend<string>();
				branch = result.errorId;
				break;
			default:
				expectTypeOf(result.errorId).toExtend<string | undefined>();
		}
		expect(branch).toBe('session_aal2_required');
	});

	test('the flow is typed down to the node attributes', async () => {
		const [result] = await results();
		if (!result?.ok) throw new Error('expected success');
		const names = result.flow.ui.nodes.map((node) => {
			// node_type discriminates the attributes: only inputs have a name.
			if (node.attributes.node_type !== 'input') return undefined;
			expectTypeOf(node.attributes.name).toEqualTypeOf<string>();
			return node.attributes.name;
		});
		expect(names).toContain('csrf_token');
		expectTypeOf(result.flow.state).toEqualTypeOf<'show_form' | 'success'>();
		expectTypeOf(result.flow.type).toEqualTypeOf<'api' | 'browser'>();
	});
});

describe('calls that must not compile (and fail at run time too)', () => {
	test('a wrong id type', async () => {
		// @ts-expect-error the id is a string
		await expect(client.getSettingsFlow(42)).rejects.toThrow(/id must be a string/);
		// @ts-expect-error `?flow=` can be null: check it before calling
		await expect(client.getSettingsFlow(new URLSearchParams().get('flow'))).rejects.toThrow(/id must be a string/);
	});

	test('unknown or missing options', async () => {
		// @ts-expect-error a typo in an option name
		expect(() => createSettingsFlowClient({baseUrl: 'https://a.example', sessionTokn: 'x'})).not.toThrow();
		// @ts-expect-error per-call options are checked too
		expect((await client.getSettingsFlow('ok', {timeout: 5})).kind).toBe('success');
		// @ts-expect-error baseUrl is required
		expect(() => createSettingsFlowClient({sessionToken: 'x'})).toThrow(/^baseUrl is not an absolute URL/);
	});
});

describe('the core is typed by the spec: an operation cannot send what the spec does not document', () => {
	test('path, method, query parameters and body come from generated/, through openapi-fetch', async () => {
		const seen: string[] = [];
		const core = createKratosClient({baseUrl: 'https://accounts.example.com/auth', fetch: async (request) => (seen.push(request.url), new Response('{}', {status: 404, headers: {'content-type': 'application/json'}}))});
		await core.request('get', '/self-service/settings/flows', {query: {id: 'a b'}});
		// @ts-expect-error `flow` is not a query parameter of this operation
		await core.request('get', '/self-service/settings/flows', {query: {flow: 'x'}});
		// @ts-expect-error the spec documents no POST on this path
		await core.request('post', '/self-service/settings/flows', {});
		// @ts-expect-error a path the spec does not have
		await core.request('get', '/self-service/settings/flowz', {});
		// @ts-expect-error a body the spec does not document for this method
		await core.request('post', '/self-service/settings', {query: {flow: 'x'}, body: {method: 'carrier-pigeon'}});
		expect(seen.slice(0, 2)).toEqual([
			'https://accounts.example.com/auth/self-service/settings/flows?id=a%20b',
			'https://accounts.example.com/auth/self-service/settings/flows?flow=x',
		]);
	});

	test("the answers' types too: a flow where the spec has one, corrections only where a 400 carries a flow", async () => {
		const core = createKratosClient({baseUrl: 'https://accounts.example.com/auth', fetch: async () => new Response(JSON.stringify(flowExample()), {status: 200, headers: {'content-type': 'application/json'}})});
		const got = await core.request('get', '/self-service/settings/flows', {query: {id: 'x'}});
		expectTypeOf(got.kind).toEqualTypeOf<'success' | 'http-error' | 'transport-error'>();
		const updated = await core.request('post', '/self-service/settings', {query: {flow: 'x'}, body: {method: 'profile', traits: {}}}, {}, {corrections: true});
		expectTypeOf(updated.kind).toEqualTypeOf<'success' | 'corrections' | 'http-error' | 'transport-error'>();
		if (updated.kind === 'corrections') expectTypeOf(updated.flow).toEqualTypeOf<SettingsFlow>();
		expect(got.ok && got.flow.id).toBe(flowExample().id);
	});
});

describe('a newer Kratos compiles too: extensible enums are open, closed ones are not', () => {
	test('a node group Kratos adds is a string the types allow; a flow state outside the two is not', () => {
		type Node = SettingsFlow['ui']['nodes'][number];
		expectTypeOf<'captcha'>().toExtend<Node['group']>();
		expectTypeOf<'password'>().toExtend<Node['group']>();
		// @ts-expect-error the flow's state is closed: show_form or success
		const state: SettingsFlow['state'] = 'pending';
		// @ts-expect-error so is its type: api or browser
		const type: SettingsFlow['type'] = 'native';
		expect([state, type]).toEqual(['pending', 'native']);
	});

	test("a node's type narrows its attributes, like attributes.node_type: the spec's node types, div (v25.4.0) included", () => {
		type Node = SettingsFlow['ui']['nodes'][number];
		expectTypeOf<Node['type']>().toEqualTypeOf<'input' | 'text' | 'img' | 'a' | 'script' | 'div'>();
		const texts = flowExample().ui.nodes.map((node) => {
			if (node.type === 'text') return node.attributes.text.text;
			if (node.type === 'input') return node.attributes.name;
			return undefined;
		});
		expect(texts).toContain('csrf_token');
	});

	test('traits typed once, on the client, reach every identity in the answers', async () => {
		type Traits = {email: string; name?: {first?: string}};
		const typed = createSettingsFlowClient<Traits>({baseUrl: 'https://accounts.example.com/auth', fetch: async () => new Response(JSON.stringify(flowExample()), {status: 200, headers: {'content-type': 'application/json'}})});
		const result = await typed.getSettingsFlow('x');
		if (!result.ok) throw new Error('expected success');
		expectTypeOf(result.flow.identity.traits).toEqualTypeOf<Traits>();
		expect(result.flow.identity.traits.email).toBe('user@your-company.com');
		const core = createKratosClient<Traits>({baseUrl: 'https://accounts.example.com/auth'});
		expectTypeOf(core).toExtend<KratosClient<Traits>>();
		const plain = await client.getSettingsFlow('ok');
		if (!plain.ok) throw new Error('expected success');
		// @ts-expect-error without a type, traits are unknown: a cast or a check is needed
		void plain.flow.identity.traits.email;
	});
});
