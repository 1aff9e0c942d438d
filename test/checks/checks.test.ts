// Every check is shown catching a broken answer (and passing a faithful one): a check that cannot fail is a defect.
import {beforeAll, describe, expect, test} from 'vitest';
import {answerReceived} from '../../contract-tests/checks/answer-received.js';
import {contentTypeConformance} from '../../contract-tests/checks/content-type-conformance.js';
import {errorIdConformance} from '../../contract-tests/checks/error-id-conformance.js';
import {expectedResult} from '../../contract-tests/checks/expected-result.js';
import {expectedStatus} from '../../contract-tests/checks/expected-status.js';
import {errorAgreesWithStatus} from '../../contract-tests/checks/error-agrees-with-status.js';
import {errorRedirects} from '../../contract-tests/checks/error-redirects.js';
import {flowBelongsToSession} from '../../contract-tests/checks/flow-belongs-to-session.js';
import {CLOCK_TOLERANCE_MS, flowLifetime} from '../../contract-tests/checks/flow-lifetime.js';
import {flowState} from '../../contract-tests/checks/flow-state.js';
import {flowType} from '../../contract-tests/checks/flow-type.js';
import {flowUrls} from '../../contract-tests/checks/flow-urls.js';
import {noSecretEcho} from '../../contract-tests/checks/no-secret-echo.js';
// The promises of a staging Kratos (issue 17) are tested in security.test.ts.
import {noStore} from '../../contract-tests/checks/no-store.js';
import {checks, checksFor} from '../../contract-tests/checks/index.js';
import {type Check, type CheckContext, type Exchange, type Expectation} from '../../contract-tests/base/model.js';
import {mockRequestViolations} from '../../contract-tests/checks/mock-request-violations.js';
import {notAServerError} from '../../contract-tests/checks/not-a-server-error.js';
import {responseSchemaConformance} from '../../contract-tests/checks/response-schema-conformance.js';
import {schemaDrift} from '../../contract-tests/checks/schema-drift.js';
import {sessionRequired} from '../../contract-tests/checks/session-required.js';
import {statusCodeConformance} from '../../contract-tests/checks/status-code-conformance.js';
import {undocumentedHeader} from '../../contract-tests/checks/undocumented-header.js';
import {HTTP_PLUMBING} from '../../contract-tests/base/http-headers.js';
import {writeTookEffect} from '../../contract-tests/checks/write-took-effect.js';
import {caseById} from '../../contract-tests/operations/index.js';
import {recordExchange} from '../../contract-tests/runner/exchange.js';
import {judge} from '../../contract-tests/runner/judge.js';
import {type Contract, loadContract} from '../../spec/index.js';
import {example, flowExample} from '../helpers/fixtures.js';

let contract: Contract;
beforeAll(async () => {
	contract = await loadContract();
});

const FLOW_ID = '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a';
const BASE = 'http://127.0.0.1:9/auth';
const NO_STORE = {'cache-control': 'private, no-cache, no-store, must-revalidate'};

/** A flow as a healthy Kratos at BASE answers it right now: its URLs on BASE, issued now, for an hour. */
function faithfulFlow(): Record<string, any> {
	const flow = JSON.parse(JSON.stringify(flowExample()).replaceAll('https://accounts.your-company.com/auth', BASE));
	// One instant for both: two clock reads a few ms apart would make the lifespan wrong.
	const now = Date.now();
	flow.issued_at = new Date(now).toISOString();
	flow.expires_at = new Date(now + 3_600_000).toISOString();
	return flow;
}

/** An answer as a server would send it, passed through the real client and the recorder. */
function answer(
	status: number,
	body: unknown,
	options: {headers?: Record<string, string>; authenticated?: boolean; fail?: boolean} = {},
): Promise<Exchange> {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return recordExchange(
		caseById('own_flow'),
		'http://127.0.0.1:9/auth',
		{input: {id: FLOW_ID}, sessionToken: options.authenticated === false ? undefined : 'ory_st_test'},
		1000,
		async () => {
			if (options.fail) throw new TypeError('fetch failed', {cause: {code: 'ECONNREFUSED'}});
			return new Response(status === 204 || status === 304 ? null : text, {
				status,
				headers: {'content-type': 'application/json', ...options.headers},
			});
		},
	);
}

/** The context a check gets for an answer to getSettingsFlow (the own_flow case). */
const contextOf = (exchange: Exchange, expect: Partial<Expectation> = {}): CheckContext => ({
	exchange,
	expect: {status: [200], truth: {}, publicUrl: 'http://127.0.0.1:9/auth', ...expect},
	operation: contract.operation('GET', '/self-service/settings/flows'),
	case: caseById('own_flow'),
});

function run(check: Check, exchange: Exchange, expect: Partial<Expectation> = {}) {
	const context = contextOf(exchange, expect);
	const skipped = check.skip?.(context);
	if (skipped !== undefined) throw new Error(`${check.name} skipped: ${skipped}`);
	return check.run(context);
}

test('every check of the registry has its own tests: a describe block named after it, in test/checks/', async () => {
	const {readdir, readFile} = await import('node:fs/promises');
	const folder = new URL('./', import.meta.url);
	const sources = await Promise.all((await readdir(folder)).filter((file) => file.endsWith('.test.ts')).map((file) => readFile(new URL(file, folder), 'utf8')));
	const described = new Set(sources.flatMap((source) => [...source.matchAll(/^describe\('([a-z_]+)[' ]/gm)].map(([, name]) => name)));
	expect(checks.map((check) => check.name).filter((name) => !described.has(name))).toEqual([]);
});

test('a faithful 200 and a faithful 401 pass every check that applies', async () => {
	for (const [exchange, expectation] of [
		[
			await answer(200, faithfulFlow(), {headers: NO_STORE}),
			{status: [200], truth: {flowId: FLOW_ID, identityId: flowExample().identity.id, flowType: 'api', state: 'show_form', created: 'by-this-request', lifespanMs: 3_600_000}},
		],
		[await answer(401, example('noSession'), {authenticated: false, headers: NO_STORE}), {status: [401]}],
		[await answer(403, JSON.parse(JSON.stringify(example('aal2Required')).replaceAll('https://accounts.your-company.com/auth', BASE)), {headers: NO_STORE}), {status: [403], errorId: 'session_aal2_required'}],
	] as const) {
		for (const check of checks) {
			const context = contextOf(exchange, expectation);
			if (check.skip?.(context) === undefined) expect(check.run(context), check.name).toEqual([]);
		}
	}
});

describe('answer_received', () => {
	test('a refused connection', async () => {
		const [violation] = run(answerReceived, await answer(200, '', {fail: true}));
		expect(violation).toMatchObject({code: 'NetworkError', title: 'No HTTP answer'});
		expect(violation?.message).toMatch(/Could not reach .*ECONNREFUSED/);
	});
});

describe('not_a_server_error', () => {
	test('a 500', async () => {
		const [violation] = run(notAServerError, await answer(500, example('internalServerError')));
		expect(violation).toMatchObject({title: 'Server error', received: '500', location: ['response', 'status']});
	});
	test('a 500 the case asked for (the mock default) is not a violation', async () => {
		const exchange = await answer(500, example('internalServerError'));
		expect(notAServerError.skip?.(contextOf(exchange, {status: [500]}))).toBe('case expects a 5xx');
	});
});

describe('status_code_conformance', () => {
	test.each([201, 307, 400, 418])('an undocumented %i', async (status) => {
		const [violation] = run(statusCodeConformance, await answer(status, example('notFound')));
		expect(violation).toMatchObject({title: 'Undocumented HTTP status code', received: String(status)});
		expect(violation?.documented).toBe('200, 302, 401, 403, 404, 410, default');
	});
	test('a 5xx is documented by default', async () => {
		expect(run(statusCodeConformance, await answer(503, example('internalServerError')))).toEqual([]);
	});
});

describe('expected_status', () => {
	test('401 answered as 403', async () => {
		const [violation] = run(expectedStatus, await answer(403, example('identityMismatch')), {status: [401]});
		expect(violation?.message).toBe('Expected 401, got 403');
	});
});

describe('content_type_conformance', () => {
	test('an HTML error page', async () => {
		const [violation] = run(contentTypeConformance, await answer(502, '<h1>Bad Gateway</h1>', {headers: {'content-type': 'text/html'}}));
		expect(violation).toMatchObject({received: 'text/html', documented: 'application/json'});
		expect(violation?.message).toMatch(/"text\/html" is not documented for status 502/);
	});
});

describe('response_schema_conformance', () => {
	test('a missing required field', async () => {
		const {ui: _, ...flow} = flowExample();
		const [violation, ...others] = run(responseSchemaConformance, await answer(200, flow));
		expect(others).toEqual([]);
		expect(violation).toMatchObject({code: 'required', location: ['response', 'body']});
		expect(violation?.message).toBe("/ must have required property 'ui'");
		expect(violation?.documented).toMatch(/"required":\["id","type","expires_at"/);
	});

	test('a wrong format names the JSON path, keyword and value', async () => {
		const flow = {...flowExample(), expires_at: 'tomorrow', id: 'not-a-uuid'};
		const violations = run(responseSchemaConformance, await answer(200, flow));
		expect(violations.map((violation) => violation.location)).toEqual([
			['response', 'body', 'expires_at'],
			['response', 'body', 'id'],
		]);
		expect(violations[0]).toMatchObject({code: 'format', received: '"tomorrow"'});
		expect(violations[0]?.message).toBe('/expires_at must match format "date-time"');
		expect(violations[1]?.documented).toMatch(/"format":"uuid"/);
	});

	test('a value outside a closed enum, deep in a node', async () => {
		const flow = flowExample() as unknown as {ui: {nodes: {meta: {label: {type: string}}}[]}};
		flow.ui.nodes[2]!.meta.label.type = 'warning';
		const [violation, ...others] = run(responseSchemaConformance, await answer(200, flow));
		expect(others).toEqual([]);
		expect(violation?.location).toEqual(['response', 'body', 'ui', 'nodes', 2, 'meta', 'label', 'type']);
		expect(violation?.code).toBe('enum');
		expect(violation?.message).toBe('/ui/nodes/2/meta/label/type must be equal to one of the allowed values (["info","error","success"])');
	});

	test('a known node type with broken attributes is an error; the union around it adds nothing', async () => {
		const flow = flowExample() as unknown as {ui: {nodes: {attributes: {name?: string}}[]}};
		delete flow.ui.nodes[0]!.attributes.name;
		const violations = run(responseSchemaConformance, await answer(200, flow));
		expect(violations.map((violation) => [violation.location.join('/'), violation.code])).toEqual([['response/body/ui/nodes/0/attributes', 'required']]);
	});

	test('a node without a string node_type is an error, known type or not', async () => {
		const flow = flowExample() as unknown as {ui: {nodes: {attributes: {node_type?: unknown}}[]}};
		delete flow.ui.nodes[0]!.attributes.node_type;
		flow.ui.nodes[1]!.attributes.node_type = 42;
		const violations = run(responseSchemaConformance, await answer(200, flow));
		expect(violations.map((violation) => [violation.location.join('/'), violation.code])).toEqual([
			['response/body/ui/nodes/0/attributes', 'required'],
			['response/body/ui/nodes/1/attributes/node_type', 'type'],
		]);
	});

	test('what a newer Kratos adds passes: a new group, node type, autocomplete token, property', async () => {
		expect(run(responseSchemaConformance, await answer(200, newerFlow()))).toEqual([]);
	});

	test('an error body not shaped like the generic error', async () => {
		const [violation] = run(responseSchemaConformance, await answer(404, {message: 'not found'}));
		expect(violation?.message).toBe("/ must have required property 'error'");
	});

	test('a body that is not JSON', async () => {
		const [violation] = run(responseSchemaConformance, await answer(200, '<html>', {headers: {'content-type': 'text/html'}}));
		expect(violation).toMatchObject({code: 'json', message: 'The body is not valid JSON', received: '"<html>"'});
	});
});

/** A flow with what newer Kratos releases add (enums.md, captures of Ory's master). */
function newerFlow() {
	const flow = flowExample() as unknown as Record<string, any>;
	flow.organization_id = null;
	flow.ui.nodes[1].group = 'captcha';
	flow.ui.nodes[1].attributes.autocomplete = 'username';
	flow.ui.nodes.push({type: 'iframe', group: 'default', attributes: {id: 'f', src: 'https://x.example', node_type: 'iframe'}, messages: [], meta: {}});
	return flow;
}

describe('schema_drift (warnings)', () => {
	test("a flow or an error: the update's 400 is judged against the alternative it is, one addition one warning", async () => {
		const flow = {...example<Record<string, unknown>>('correctionsInvalidEmail'), organization_id: null};
		const updateCase = caseById('update_corrections');
		const exchange = await recordExchange(updateCase, BASE, {input: {flow: FLOW_ID, body: {method: 'profile', traits: {}}}}, 1000, async () =>
			new Response(JSON.stringify(flow), {status: 400, headers: {'content-type': 'application/json'}}),
		);
		const context = {exchange, expect: {status: [400], truth: {}, publicUrl: BASE}, operation: contract.operation('POST', '/self-service/settings'), case: updateCase};
		expect(schemaDrift.run(context).map((violation) => violation.message)).toEqual(['/organization_id is not documented']);
	});

	test('is a warning check: what it finds leaves the case passing', async () => {
		expect(schemaDrift.severity).toBe('warning');
		const results = judge(await answer(200, newerFlow()), {status: [200], truth: {}, publicUrl: BASE}, caseById('own_flow'), contract, checksFor('mock'));
		expect(results.find((result) => result.check === 'schema_drift')).toMatchObject({outcome: 'warned', severity: 'warning'});
		expect(results.find((result) => result.check === 'schema_drift')?.violations.every((violation) => violation.severity === 'warning')).toBe(true);
		expect(results.filter((result) => result.outcome === 'failed')).toEqual([]);
	});

	test('a new value of an extensible enum', async () => {
		const violations = run(schemaDrift, await answer(200, newerFlow()));
		const group = violations.find((violation) => violation.location.at(-1) === 'group');
		expect(group).toMatchObject({
			title: 'Undocumented enum value',
			location: ['response', 'body', 'ui', 'nodes', 1, 'group'],
			code: 'enum',
			received: '"captcha"',
		});
		expect(group?.documented).toMatch(/^\["default","password",.*"identifier_first"\]$/);
		expect(violations.find((violation) => violation.location.at(-1) === 'autocomplete')?.received).toBe('"username"');
	});

	test('an undocumented property, on the flow and deep inside it', async () => {
		const flow = newerFlow();
		flow.identity.verifiable_addresses[0].primary = true;
		const violations = run(schemaDrift, await answer(200, flow)).filter((violation) => violation.code === 'unevaluatedProperties');
		expect(violations.map((violation) => violation.location.join('/'))).toEqual([
			'response/body/identity/verifiable_addresses/0/primary',
			'response/body/organization_id',
		]);
		expect(violations[1]).toMatchObject({title: 'Undocumented property', message: '/organization_id is not documented', received: 'null'});
		expect(violations[1]?.documented).toMatch(/^properties active, continue_with, expires_at, id, identity/);
	});

	test('an unknown variant of an extensible union', async () => {
		const violation = run(schemaDrift, await answer(200, newerFlow())).find((item) => item.code === 'discriminator');
		expect(violation).toMatchObject({
			title: 'Undocumented variant',
			location: ['response', 'body', 'ui', 'nodes', 4, 'attributes', 'node_type'],
			received: '"iframe"',
			documented: '["input","text","img","a","script","div"]',
		});
	});

	test('free-form objects stay open: traits, details, context, metadata_public, transient_payload', async () => {
		const flow = flowExample() as unknown as Record<string, any>;
		flow.identity.traits = {email: 'a@b.example', name: {first: 'A'}};
		flow.identity.metadata_public = {plan: 'pro'};
		flow.transient_payload = {anything: 1};
		flow.ui.nodes[1].meta.label.context = {title: 'E-Mail', name: 'traits.email'};
		expect(run(schemaDrift, await answer(200, flow))).toEqual([]);
		const aal = example<Record<string, any>>('aal2Required');
		aal.error.details.more = 'x';
		expect(run(schemaDrift, await answer(403, aal))).toEqual([]);
	});

	test('a documented variant of a union stays valid once closed: a div node', async () => {
		const flow = flowExample() as unknown as Record<string, any>;
		flow.ui.nodes.push({type: 'div', group: 'default', attributes: {id: 'd', class: 'c', data: {k: 'v'}, node_type: 'div'}, messages: [], meta: {}});
		expect(run(schemaDrift, await answer(200, flow))).toEqual([]);
		flow.ui.nodes.at(-1).attributes.style = 'x';
		expect(run(schemaDrift, await answer(200, flow)).map((violation) => violation.location.join('/'))).toEqual(['response/body/ui/nodes/4/attributes/style']);
	});

	test('an error of the conformance reading is not repeated as drift', async () => {
		const flow = newerFlow();
		delete flow.ui;
		flow.state = 'done';
		const errors = run(responseSchemaConformance, await answer(200, flow));
		expect(errors.map((violation) => violation.code).sort()).toEqual(['enum', 'required']);
		const drift = run(schemaDrift, await answer(200, flow));
		expect(drift.map((violation) => violation.location.join('/'))).toEqual(['response/body/organization_id']);
	});

	test('an extra top-level key beside an error', async () => {
		const [violation] = run(schemaDrift, await answer(401, {...example<object>('noSession'), CredentialsMissing: false}));
		expect(violation).toMatchObject({location: ['response', 'body', 'CredentialsMissing'], received: 'false'});
	});
});

describe('undocumented_header (warnings)', () => {
	test("master's Ory-Error-Id header", async () => {
		const exchange = await answer(403, example('identityMismatch'), {headers: {'ory-error-id': 'security_identity_mismatch'}});
		const [violation, ...others] = run(undocumentedHeader, exchange);
		expect(others).toEqual([]);
		expect(undocumentedHeader.severity).toBe('warning');
		expect(violation).toMatchObject({
			title: 'Undocumented response header',
			location: ['response', 'header', 'ory-error-id'],
			message: 'Header "ory-error-id" is not documented for status 403',
			received: 'ory-error-id: security_identity_mismatch',
			documented: 'cache-control, vary, set-cookie (response 403)',
		});
	});

	test("what Kratos v1.3.1 sends is documented, and plumbing is not judged", async () => {
		const headers = {
			'cache-control': 'private, no-cache, no-store, must-revalidate',
			vary: 'Cookie',
			'set-cookie': 'csrf_token_abc=x; Path=/; HttpOnly',
			date: 'Wed, 25 Nov 2026 14:56:10 GMT',
			connection: 'keep-alive',
			server: 'nginx',
			'strict-transport-security': 'max-age=63072000',
			// Kratos's CORS when enabled (v1.3.1 with serve.public.cors.enabled and its defaults), or a gateway's.
			'access-control-allow-origin': '*',
			'access-control-allow-credentials': 'true',
			'access-control-expose-headers': 'Content-Type',
		};
		expect(run(undocumentedHeader, await answer(200, flowExample(), {headers}))).toEqual([]);
		expect(run(undocumentedHeader, await answer(404, example('notFound'), {headers}))).toEqual([]);
		expect([...HTTP_PLUMBING]).toHaveLength(13);
	});

	test('a header documented for one status is undocumented for another (the default response documents none)', async () => {
		const [violation] = run(undocumentedHeader, await answer(500, example('internalServerError'), {headers: {vary: 'Cookie'}}));
		expect(violation).toMatchObject({received: 'vary: Cookie', documented: 'no headers (response default)'});
	});

	test('runs against real servers only: Prism adds its own headers', () => {
		expect(undocumentedHeader.targets).toEqual(['live']);
	});
});

describe('error_id_conformance', () => {
	test('a different error id', async () => {
		const [violation] = run(errorIdConformance, await answer(403, example('identityMismatch')), {
			status: [403],
			errorId: 'session_aal2_required',
		});
		expect(violation?.message).toBe('Expected error.id "session_aal2_required", got "security_identity_mismatch"');
	});
	test('no error id at all', async () => {
		const [violation] = run(errorIdConformance, await answer(401, {error: {code: 401, message: 'no'}}), {
			status: [401],
			errorId: 'session_inactive',
		});
		expect(violation?.message).toBe('Expected error.id "session_inactive", got none');
	});
});

describe('expected_result', () => {
	test('an error body where the situation calls for the flow asking for corrections', async () => {
		const exchange = await answer(400, example('malformedFlowParameter'));
		const [violation] = run(expectedResult, exchange, {status: [400], result: 'corrections'});
		expect(violation).toMatchObject({title: 'Unexpected kind of answer for this situation', received: 'http-error', expected: 'corrections'});
		expect(violation?.message).toBe('Expected corrections, got http-error (400)');
	});
	test('the right kind passes', async () => {
		expect(run(expectedResult, await answer(401, example('noSession')), {status: [401], result: 'http-error'})).toEqual([]);
	});
	test("the kind is read from the answer, not from the client's sorting of it", async () => {
		// The client refuses a flow sent as text/plain (a transport error); the answer is still the flow the situation
		// calls for, and its content type is content_type_conformance's to judge.
		const plain = await answer(200, faithfulFlow(), {headers: {'content-type': 'text/plain'}});
		expect(plain.result.kind).toBe('transport-error');
		expect(run(expectedResult, plain, {result: 'success'})).toEqual([]);
		const [violation] = run(expectedResult, await answer(200, '<h1>OK</h1>', {headers: {'content-type': 'text/html'}}), {result: 'success'});
		expect(violation?.message).toBe('Expected success, got neither a flow nor a Kratos error (200)');
	});
});

describe('session_required', () => {
	test('a flow handed out without any session is a security failure', async () => {
		const [violation] = run(sessionRequired, await answer(200, flowExample(), {authenticated: false}));
		expect(violation?.title).toBe('SECURITY: flow returned without a session');
	});
});

describe('flow_belongs_to_session', () => {
	test("another identity's flow", async () => {
		const [violation] = run(flowBelongsToSession, await answer(200, flowExample()), {
			truth: {flowId: FLOW_ID, identityId: '11111111-1111-4111-8111-111111111111'},
		});
		expect(violation?.title).toBe('SECURITY: flow does not belong to this session');
		expect(violation?.location).toEqual(['response', 'body', 'identity', 'id']);
	});
	test("the owner's flow handed to another identity's session: the owner's id is not repeated", async () => {
		const owner = flowExample().identity.id;
		const [violation] = run(flowBelongsToSession, await answer(200, flowExample()), {
			truth: {identityId: '11111111-1111-4111-8111-111111111111', owner: {identityId: owner, traits: {}}},
		});
		expect(violation?.message).toBe("identity.id is the owner's identity id (not shown), expected 11111111-1111-4111-8111-111111111111");
		expect(JSON.stringify(violation)).not.toContain(owner);
	});
	test('a different flow than the one asked for', async () => {
		const [violation] = run(flowBelongsToSession, await answer(200, {...flowExample(), id: '22222222-2222-4222-8222-222222222222'}), {
			truth: {flowId: FLOW_ID},
		});
		expect(violation?.location).toEqual(['response', 'body', 'id']);
	});
	test("traits other than the session's, named by key and never quoted; the same traits in another order pass", async () => {
		const flow = flowExample();
		const truth = {identityId: flow.identity.id, traits: {name: 'Jane Roe', email: 'user@your-company.com'}};
		const [violation] = run(flowBelongsToSession, await answer(200, flow), {truth});
		expect(violation).toMatchObject({location: ['response', 'body', 'identity', 'traits'], code: 'identity_truth'});
		expect(violation?.message).toBe("identity.traits differ from the session's identity (keys email; the session's: email, name)");
		expect(JSON.stringify(violation)).not.toMatch(/Jane Roe|user@your-company/);
		const same = {...flow, identity: {...flow.identity, traits: {name: 'Jane Roe', email: 'user@your-company.com'}}};
		expect(run(flowBelongsToSession, await answer(200, same), {truth: {identityId: flow.identity.id, traits: {email: 'user@your-company.com', name: 'Jane Roe'}}})).toEqual([]);
	});
});

describe('write_took_effect', () => {
	const written = {email: 'user@your-company.com', name: 'contract-1a2b3c4d'};
	const truth = {traits: written, write: {path: 'name', from: undefined, to: 'contract-1a2b3c4d'}};
	const shows = (traits: object) => ({identity: {traits}});
	const after = async (afterwards: Exchange['afterwards'], status = 200) => ({...(await answer(status, faithfulFlow())), afterwards});

	test('the write is kept: flow and whoami show it, and it was put back', async () => {
		expect(run(writeTookEffect, await after({readBack: {flow: shows(written), whoami: shows({name: 'contract-1a2b3c4d', email: 'user@your-company.com'})}}), {truth})).toEqual([]);
	});
	test('a 200 whose write was not kept, named where, never quoting the traits', async () => {
		const violations = run(writeTookEffect, await after({readBack: {flow: shows({email: 'user@your-company.com'}), whoami: shows(written)}}), {truth});
		expect(violations).toEqual([expect.objectContaining({title: 'A saved write is not what the server shows', location: ['afterwards', 'flow', 'identity', 'traits']})]);
		expect(JSON.stringify(violations)).not.toContain('contract-1a2b3c4d');
	});
	test('a put-back that failed is a failure that says what to restore, whatever the update answered', async () => {
		const putBackFailed = 'the update that puts it back answered 500: restore the trait name by hand';
		for (const status of [200, 403]) {
			const [violation] = run(writeTookEffect, await after({readBack: {flow: shows(written), whoami: shows(written)}, putBackFailed}, status), {truth});
			expect(violation).toMatchObject({title: 'PUT BACK FAILED: the test identity still carries the change', message: putBackFailed});
		}
	});
	test('nothing to judge where nothing was written', async () => {
		const context = contextOf(await answer(200, faithfulFlow()), {truth: {writeSkipped: 'the identity schema has no trait a session may change'}});
		expect(writeTookEffect.skip?.(context)).toBe('nothing was written: the identity schema has no trait a session may change');
		expect(writeTookEffect.skip?.(contextOf(await answer(200, faithfulFlow())))).toBe('the case writes nothing');
	});
});

describe('mock_request_violations', () => {
	test("Prism's sl-violations header", async () => {
		const header = JSON.stringify([{location: ['request', 'query'], severity: 'Error', code: 'required', message: "Request query must have required property 'id'"}]);
		const [violation] = run(mockRequestViolations, await answer(422, example('internalServerError'), {headers: {'sl-violations': header}}));
		expect(violation).toMatchObject({location: ['request', 'query'], code: 'required'});
	});
});

// What a schema cannot see: each check against an answer that breaks its promise (and, above, a faithful one).
describe('flow_state', () => {
	test('a fresh flow answered as already saved', async () => {
		const [violation] = run(flowState, await answer(200, {...faithfulFlow(), state: 'success'}), {truth: {state: 'show_form'}});
		expect(violation).toMatchObject({location: ['response', 'body', 'state'], received: '"success"', expected: '"show_form"'});
	});
});

describe('flow_type', () => {
	test('an API flow answered as a browser flow', async () => {
		const [violation] = run(flowType, await answer(200, {...faithfulFlow(), type: 'browser'}), {truth: {flowType: 'api'}});
		expect(violation?.message).toBe('type is "browser", but the flow was created as "api"');
	});
	test("an API flow created without the CSRF cookie with a CSRF token set, and the token never quoted", async () => {
		const flow = faithfulFlow();
		flow.ui.nodes[0].attributes.value = 'a-token-an-api-flow-never-has';
		const [violation] = run(flowType, await answer(200, flow), {truth: {flowType: 'api', csrfCookie: false}});
		expect(violation).toMatchObject({location: ['response', 'body', 'ui', 'nodes', 0, 'attributes', 'value'], received: 'a token', expected: 'empty'});
		expect(JSON.stringify(violation)).not.toContain('a-token-an-api-flow-never-has');
	});
	test('an API flow created with the CSRF cookie may carry the token Kratos derives from it (real Kratos does)', async () => {
		const flow = faithfulFlow();
		flow.ui.nodes[0].attributes.value = 'derived-from-the-csrf-cookie';
		expect(run(flowType, await answer(200, flow), {truth: {flowType: 'api', csrfCookie: true}})).toEqual([]);
	});
	test('two csrf_token inputs', async () => {
		const flow = faithfulFlow();
		flow.ui.nodes.push(flow.ui.nodes[0]);
		expect(run(flowType, await answer(200, flow))[0]?.message).toBe('2 csrf_token inputs, not one');
	});
});

describe('flow_lifetime', () => {
	test('a flow served after it expired', async () => {
		const flow = {...faithfulFlow(), issued_at: '2020-01-01T00:00:00Z', expires_at: '2020-01-01T01:00:00Z'};
		const [violation] = run(flowLifetime, await answer(200, flow));
		expect(violation?.message).toBe('a flow past its expiry was served (200), not 410');
	});
	test('issued long before this request created it', async () => {
		const issued = Date.now() - CLOCK_TOLERANCE_MS - 60_000;
		const flow = {...faithfulFlow(), issued_at: new Date(issued).toISOString(), expires_at: new Date(issued + 3_600_000).toISOString()};
		const [violation] = run(flowLifetime, await answer(200, flow), {truth: {created: 'by-this-request'}});
		expect(violation?.location).toEqual(['response', 'body', 'issued_at']);
	});
	test('a lifespan other than the configured one, and an expiry before the issue', async () => {
		const flow = faithfulFlow();
		const violations = run(flowLifetime, await answer(200, {...flow, expires_at: flow.issued_at}), {truth: {lifespanMs: 3_600_000}});
		expect(violations.map((violation) => violation.message)).toEqual(['expires_at is not after issued_at', 'expires_at is 0 ms after issued_at, the lifespan is 3600000 ms']);
	});
});

describe('flow_urls', () => {
	test('a form posted to another origin', async () => {
		const flow = faithfulFlow();
		flow.ui.action = `https://elsewhere.example/self-service/settings?flow=${FLOW_ID}`;
		const [violation] = run(flowUrls, await answer(200, flow));
		expect(violation).toMatchObject({location: ['response', 'body', 'ui', 'action'], expected: `${BASE}/self-service/settings?flow=…`});
	});
	test("a form posted to another flow, a schema elsewhere, a request_url of the other type", async () => {
		const flow = faithfulFlow();
		flow.ui.action = `${BASE}/self-service/settings?flow=11111111-1111-4111-8111-111111111111`;
		flow.identity.schema_url = 'https://elsewhere.example/schemas/ZGVmYXVsdA';
		flow.request_url = `${BASE}/self-service/settings/browser`;
		expect(run(flowUrls, await answer(200, flow)).map((violation) => violation.location.at(-1))).toEqual(['action', 'schema_url', 'request_url']);
	});
	test('a flow an update already succeeded on (fetched again) posts to the fresh flow Kratos made; but to a flow id', async () => {
		const flow = faithfulFlow();
		flow.state = 'success';
		flow.ui.action = `${BASE}/self-service/settings?flow=11111111-1111-4111-8111-111111111111`;
		expect(run(flowUrls, await answer(200, flow))).toEqual([]);
		flow.ui.action = `${BASE}/self-service/settings?flow=next`;
		expect(run(flowUrls, await answer(200, flow)).map((violation) => violation.message)).toEqual(['ui.action posts to flow "next", not this flow']);
	});
});

describe('error_agrees_with_status', () => {
	test('a 403 that calls itself 401, and debug information', async () => {
		const body = {error: {code: 401, status: 'Unauthorized', message: 'no', debug: 'stack trace'}};
		const violations = run(errorAgreesWithStatus, await answer(403, body));
		expect(violations.map((violation) => violation.message)).toEqual([
			'error.code is 401 in a 403 answer',
			'error.status is "Unauthorized" in a 403 answer',
			'error.debug exposes debug information',
		]);
	});
});

describe('error_redirects', () => {
	test('a second-factor login on another origin, and two different URLs for it', async () => {
		const body = example<Record<string, any>>('aal2Required');
		const found = run(errorRedirects, await answer(403, body));
		expect(found.map((violation) => violation.location)).toEqual([
			['response', 'body', 'redirect_browser_to'],
			['response', 'body', 'error', 'details', 'redirect_browser_to'],
		]);
		body.redirect_browser_to = `${BASE}/self-service/login/browser?aal=aal2`;
		body.error.details.redirect_browser_to = `${BASE}/self-service/login/browser?aal=aal1`;
		const violations = run(errorRedirects, await answer(403, body));
		expect(violations.map((violation) => violation.message)).toEqual([
			'redirect_browser_to differs beside error and in its details',
			'error.details.redirect_browser_to is not the aal=aal2 step on http://127.0.0.1:9/auth',
		]);
	});
	test('an interruption that names no login to lift it (refresh or second factor)', async () => {
		for (const [name, step] of [['refreshRequired', 'refresh=true'], ['aal2Required', 'aal=aal2']] as const) {
			const {redirect_browser_to: _, ...body} = example<Record<string, any>>(name);
			if (body.error.details) delete body.error.details.redirect_browser_to;
			const [violation, ...more] = run(errorRedirects, await answer(403, body));
			expect(more).toEqual([]);
			expect(violation).toMatchObject({location: ['response', 'body', 'redirect_browser_to'], expected: `${BASE}/self-service/login/browser?${step}&return_to=…`});
			expect(violation?.message).toContain('names no login to lift it');
		}
	});
	test("an expired flow's new start elsewhere; a provider to link is not judged", async () => {
		const [violation] = run(errorRedirects, await answer(410, example('flowExpired')));
		expect(violation?.message).toBe('error.details.api is not http://127.0.0.1:9/auth/self-service/settings/api');
		expect(run(errorRedirects, await answer(422, example('browserLocationChangeRequired')))).toEqual([]);
	});
});

describe('no_store', () => {
	test('an answer a cache may keep', async () => {
		const [violation] = run(noStore, await answer(200, faithfulFlow(), {headers: {'cache-control': 'public, max-age=300'}}));
		expect(violation?.message).toBe('Cache-Control is "public, max-age=300": a cache may keep this answer');
		expect(run(noStore, await answer(404, example('notFound')))[0]?.received).toBe('none');
	});
});

describe('no_secret_echo', () => {
	test('the session token in the body and a header, credentials, a password value', async () => {
		const flow = faithfulFlow();
		flow.identity.credentials = {password: {type: 'password', config: {hashed_password: 'x'}}};
		flow.ui.nodes[2].attributes.value = 'hunter2';
		flow.request_url = `${BASE}/self-service/settings/api?token=ory_st_test`;
		const exchange = await answer(200, flow, {headers: {'x-debug-token': 'ory_st_test'}});
		const violations = run(noSecretEcho, exchange);
		expect(violations.map((violation) => violation.location.join('.'))).toEqual([
			'response.body',
			'response.header.x-debug-token',
			'response.body.identity.credentials',
			'response.body.ui.nodes.2.attributes.value',
		]);
		expect(JSON.stringify(violations)).not.toMatch(/hunter2|ory_st_test/);
	});
	test('the password an update sent, shown back in any form, never quoted', async () => {
		const flow = faithfulFlow();
		const password = '~a&b"2';
		for (const [where, shown] of [
			['value', password],
			['url-encoded', encodeURIComponent(password)],
			['in a URL, url-encoded', `https://x.example/?p=${encodeURIComponent(password)}`],
		] as const) {
			flow.ui.nodes[2].attributes.value = shown;
			const exchange = await answer(400, flow);
			const sent = {...exchange, request: {...exchange.request, body: JSON.stringify({method: 'password', password})}};
			const violations = run(noSecretEcho, sent, {status: [400]}).filter((violation) => violation.message.includes('password the request sent'));
			expect(violations.map((violation) => violation.location.join('.')), where).toEqual(['response.body']);
			expect(JSON.stringify(violations)).not.toContain(password);
		}
	});
});
