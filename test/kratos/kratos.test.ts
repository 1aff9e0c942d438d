// The contract suite against a real Ory Kratos v1.3.1, built and started by contract-tests/harness/kratos (the first build takes a
// few minutes; later runs use the cached binary), exactly as `npm run contract:kratos` runs it. Every status comes from
// the one Kratos behind the target's URL, the expired flow's 410 included (its twin only created that flow).
import {readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {InvalidRequestError} from '../../src/index.js';
import {checksFor} from '../../contract-tests/checks/index.js';
import {caseById, cases} from '../../contract-tests/operations/index.js';
import {formatSummary} from '../../contract-tests/report/console.js';
import {runContract} from '../../contract-tests/runner/run.js';
import {recordExchange} from '../../contract-tests/runner/exchange.js';
import {judge} from '../../contract-tests/runner/judge.js';
import {type ContractRun} from '../../contract-tests/base/model.js';
import {loadContract} from '../../spec/index.js';
import {type KratosTarget, kratosTarget} from '../../contract-tests/targets/kratos.js';

let target: KratosTarget;
let run: ContractRun;
beforeAll(async () => {
	target = kratosTarget();
	// Started here, not by the run, so the property tests below can use the same server afterwards.
	await target.start();
	run = await runContract({target, targetStarted: true});
}, 600_000);


const result = (id: string) => run.cases.find((item) => item.case.id === id);

describe('against a real Kratos', () => {
	test('the target started and every case that can run passed every check', () => {
		expect(run.error, formatSummary(run)).toBeUndefined();
		const notPassed = run.cases.filter((item) => item.outcome !== 'passed').map((item) => `${item.case.id}: ${item.reason ?? item.outcome}`);
		// Kratos cannot be made to answer a 5xx on purpose; every other case runs, the updates too.
		expect(notPassed, formatSummary(run)).toEqual(
			['server_error', 'create_native_server_error', 'create_browser_server_error', 'update_server_error', 'login_server_error', 'login_browser_server_error', 'login_submit_server_error'].map(
				(id) => `${id}: a live server cannot be made to fail on purpose`,
			),
		);
	});

	test('no drift: the spec documents every value, property and header Kratos v1.3.1 sends', () => {
		const warned = run.cases.flatMap((item) => item.checks.filter((check) => check.outcome === 'warned').map((check) => `${item.case.id} › ${check.check}`));
		expect(warned, formatSummary(run)).toEqual([]);
	});

	test('the drift checks looked at every answer they apply to', async () => {
		const contract = await loadContract();
		// A probe (the CORS preflight) is judged by its own checks only.
		for (const item of run.cases.filter((result) => result.outcome !== 'skipped' && !result.case.probe)) {
			const outcome = (name: string) => item.checks.find((check) => check.check === name)?.outcome;
			const {method, path} = item.case.operation;
			const documented = contract.operation(method, path).responseFor(item.exchange!.response!.status);
			expect(outcome('undocumented_header'), item.case.id).toBe('passed');
			expect(outcome('schema_drift'), item.case.id).toBe(documented?.schema ? 'passed' : 'skipped');
		}
	});

	test('the CORS preflight got Kratos\'s own answer (CORS is off in kratos.yml): 200, Allow, and no CORS grant', () => {
		const response = result('foreign_origin_preflight')?.exchange?.response;
		expect(response?.status).toBe(200);
		expect(response?.headers.allow).toBe('GET, OPTIONS');
		expect(Object.keys(response?.headers ?? {}).filter((name) => name.startsWith('access-control-'))).toEqual([]);
	});

	test.each(cases.filter((item) => !item.id.endsWith('server_error') && !item.probe).map((item) => [item.id, item.status[0]] as const))(
		'%s: %i came from Kratos itself',
		(id, status) => {
			const exchange = result(id)?.exchange;
			expect(exchange?.response?.status).toBe(status);
			// Kratos's own answer headers, passed through untouched: no stand-in answered.
			expect(exchange?.response?.headers['cache-control']).toBe('private, no-cache, no-store, must-revalidate');
			expect(exchange?.response?.headers.vary).toBe('Cookie');
		},
	);

	test('requests went to the path-prefixed base URL, as deployed behind /auth', () => {
		expect(run.target.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth$/);
		// Every case, the expired flow included: one Kratos answers them all, as a user's staging would; only the update
		// with a session too old goes to a twin (privileged_session_max_age: 1s) on the same database.
		for (const item of run.cases.filter((each) => each.exchange && each.case.id !== 'update_refresh_required')) {
			expect(item.exchange!.request.url.startsWith(`${run.target.baseUrl}/`), item.case.id).toBe(true);
		}
		expect(result('own_flow')?.exchange?.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/self-service\/settings\/flows\?id=/);
		const flow = result('own_flow')?.exchange?.response?.body as {ui: {action: string}; type: string};
		expect(flow.ui.action.startsWith(`${run.target.baseUrl}/self-service/settings?flow=`)).toBe(true);
		expect(flow.type).toBe('api');
	});

	test('the 200s were checked for ownership, not skipped', () => {
		for (const id of ['own_flow', 'own_flow_cookie', 'create_native', 'create_browser']) {
			expect(result(id)?.checks.find((check) => check.check === 'flow_belongs_to_session')?.outcome, id).toBe('passed');
		}
		expect((result('own_flow_cookie')?.exchange?.response?.body as {type: string}).type).toBe('browser');
	});

	test('each create endpoint made a flow of its own type, and the navigation went to the settings UI', () => {
		const flow = (id: string) => result(id)?.exchange?.response?.body as {type: string; state: string; id: string};
		expect([flow('create_native').type, flow('create_native').state]).toEqual(['api', 'show_form']);
		expect([flow('create_browser').type, flow('create_browser').state]).toEqual(['browser', 'show_form']);
		// kratos.yml's settings UI, with the id of a flow Kratos created for this navigation.
		expect(result('create_browser_navigation')?.exchange?.response?.headers.location).toMatch(
			/^http:\/\/127\.0\.0\.1:4455\/settings\?flow=[0-9a-f-]{36}$/,
		);
	});

	test('the error ids Kratos really sends', () => {
		const ids = Object.fromEntries(
			run.cases.map((item) => [item.case.id, (item.exchange?.response?.body as {error?: {id?: string}})?.error?.id]),
		);
		expect(ids).toMatchObject({
			no_session: undefined,
			other_identity: 'security_identity_mismatch',
			unknown_flow: undefined,
			malformed_id: undefined,
			expired_flow: undefined,
			aal2_required: 'session_aal2_required',
			create_native_no_session: 'session_inactive',
			create_native_return_to_forbidden: 'self_service_flow_return_to_forbidden',
			create_native_aal2_required: 'session_aal2_required',
			create_browser_no_session: 'session_inactive',
			create_browser_return_to_forbidden: 'self_service_flow_return_to_forbidden',
			create_browser_aal2_required: 'session_aal2_required',
			update_no_session: undefined,
			update_csrf_missing: 'security_csrf_violation',
			update_other_identity: 'security_identity_mismatch',
			update_refresh_required: 'session_refresh_required',
			update_aal2_required: 'session_aal2_required',
			update_unknown_flow: undefined,
			update_expired_flow: 'self_service_flow_expired',
			update_browser_location_change: 'browser_location_change_required',
		});
	});

	test('the updates: saved flows, corrections with a message, where to go next', () => {
		const body = (id: string) => result(id)?.exchange?.response?.body as Record<string, any>;
		for (const id of ['update_profile', 'update_browser', 'update_password', 'update_totp']) expect(body(id).state, id).toBe('success');
		// A browser flow's CSRF token came from its own node: the update without it was refused, with it saved.
		expect(JSON.parse(result('update_browser')!.exchange!.request.body!).csrf_token).toEqual(expect.any(String));
		expect(JSON.parse(result('update_csrf_missing')!.exchange!.request.body!).csrf_token).toBeUndefined();
		expect(result('update_corrections')?.exchange?.result.kind).toBe('corrections');
		expect(body('update_corrections').ui.nodes.find((node: any) => node.attributes.name === 'traits.email').messages[0].id).toBe(4000001);
		const expired = result('update_expired_flow')?.exchange?.result;
		expect(expired?.kind === 'http-error' && (expired as {useFlowId?: string}).useFlowId).toMatch(/^[0-9a-f-]{36}$/);
		expect(body('update_browser_location_change').redirect_browser_to).toMatch(/^https:\/\/github\.com\/login\/oauth\/authorize\?client_id=contract-tests-fake-client-id/);
		expect(body('update_refresh_required').redirect_browser_to).toMatch(/\/self-service\/login\/browser\?refresh=true&/);
	});
});

describe('after the interruptions: the login flows, against the real Kratos', () => {
	const exchange = (id: string) => result(id)!.exchange!;
	const body = (id: string) => exchange(id).response!.body as Record<string, any>;
	const session = (id: string) => exchange(id).afterwards!.session!;

	test("the refresh flow pre-fills the owner's identifier; the browser logins the interruptions name return to the settings flow", () => {
		const identifier = (flow: Record<string, any>) => flow.ui.nodes.find((node: any) => node.attributes.name === 'identifier')?.attributes.value;
		expect([body('login_refresh_flow').refresh, identifier(body('login_refresh_flow'))]).toEqual([true, expect.stringMatching(/^contract-[0-9a-f]{12}@example\.org$/)]);
		expect(identifier(body('login_refresh_flow'))).not.toBe(target.config!.otherLogin!.identifier);
		expect([body('login_step_up_flow').requested_aal, body('login_step_up_flow').refresh]).toEqual(['aal2', false]);
		// session_refresh_required: the settings endpoint on the public API (settings/error.go:99); aal2: the settings UI.
		expect(body('login_after_refresh_required').return_to).toMatch(new RegExp(`^${run.target.baseUrl}/self-service/settings\\?flow=[0-9a-f-]{36}$`));
		expect(body('login_after_aal2_required').return_to).toBe(`http://127.0.0.1:4455/settings?flow=${target.config!.aal1FlowId}`);
	});

	test('a wrong password and another identity\'s leave the session and its refusal as they were; the right one refreshes it and the password change goes through', () => {
		const refused = {status: 403, errorId: 'session_refresh_required'};
		for (const id of ['login_refresh_wrong_password', 'login_refresh_other_identity']) {
			expect(session(id).after, id).toEqual(session(id).before);
			expect(session(id).privileged, id).toMatchObject({before: refused, after: refused});
		}
		expect(body('login_refresh_wrong_password').ui.messages.map((message: {id: number}) => message.id)).toEqual([4000006]);
		// Another identity's password: a brand-new session and token of that identity (login/handler.go:874-877).
		const other = body('login_refresh_other_identity');
		expect(other.session_token).toMatch(/^ory_st_/);
		expect(other.session_token).not.toBe(target.config!.sessionToken);
		expect(other.session.identity.traits.email).toBe(target.config!.otherLogin!.identifier);
		expect(exchange('login_refresh_other_identity').result.kind).toBe('other-identity');
		const refreshed = body('login_refresh_password');
		expect([refreshed.session_token === target.config!.sessionToken, refreshed.session.id]).toEqual([true, session('login_refresh_password').before.sessionId]);
		expect(Date.parse(session('login_refresh_password').after.authenticatedAt!)).toBeGreaterThan(Date.parse(session('login_refresh_password').before.authenticatedAt!));
		expect(session('login_refresh_password').privileged).toMatchObject({before: refused, after: {status: 200}});
		expect(exchange('login_refresh_password').afterwards?.putBackFailed).toBeUndefined();
	});

	test('a wrong TOTP code leaves the AAL1 session at aal1; the right one raises a session of its own to aal2, and the AAL1 flow then loads', () => {
		const aal2Required = {status: 403, errorId: 'session_aal2_required'};
		expect(session('login_step_up_wrong_code')).toMatchObject({before: aal2Required, after: aal2Required, privileged: {before: aal2Required, after: aal2Required}});
		expect(body('login_step_up_wrong_code').ui.messages.map((message: {id: number}) => message.id)).toEqual([4000008]);
		expect(session('login_step_up')).toMatchObject({before: aal2Required, after: {status: 200, aal: 'aal2'}, privileged: {before: aal2Required, after: {status: 200}}});
		// Not the AAL1 session the other cases use: the local Kratos logged the identity in anew for it.
		expect(exchange('login_step_up').request.headers['x-session-token']).not.toBe(target.config!.aal1SessionToken);
		expect(body('login_step_up').session.authenticator_assurance_level).toBe('aal2');
	});
});

describe('properties, against the real Kratos', () => {
	/** Sends one request and returns the names of the checks that failed (none expected). */
	const failedChecks = async (id: string, sessionToken: string | undefined, status: number[]) => {
		const contract = await loadContract();
		const ownFlow = caseById('own_flow');
		const exchange = await recordExchange(ownFlow, target.baseUrl, {input: {id}, sessionToken}, 5000);
		return judge(exchange, {status, truth: {}, publicUrl: target.baseUrl}, ownFlow, contract, checksFor('live'))
			.filter((check) => check.outcome === 'failed')
			.map((check) => `${check.check}: ${check.violations[0]?.message}`)
			.join('\n');
	};

	test('any id with a valid session: a conforming 404, never a 5xx', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					fc.constant(''),
					fc.string({unit: 'grapheme'}),
					fc.string({unit: 'binary-ascii', maxLength: 300}),
					fc.string({minLength: 5000, maxLength: 10_000}),
					fc.uuid(),
				),
				async (id) => {
					expect(await failedChecks(id, target.config!.sessionToken, [404])).toBe('');
				},
			),
			{numRuns: 60},
		);
	});

	test('any token that is not a session: a conforming 401; header-illegal ones refused before sending', async () => {
		await fc.assert(
			fc.asyncProperty(fc.string({unit: 'binary-ascii', maxLength: 200}), async (token) => {
				try {
					expect(await failedChecks(target.config!.aal1FlowId!, token, [401])).toBe('');
				} catch (error) {
					// Only a token HTTP cannot carry is refused, and it never reaches Kratos.
					if (!(error instanceof InvalidRequestError)) throw error;
					expect(token).toMatch(/[^\t\x20-\x7e]/);
				}
			}),
			{numRuns: 60},
		);
	});
});

afterAll(async () => {
	await target?.stop();
	// Its temporary folder (the SQLite database and the logs) is gone too.
	expect(readdirSync(tmpdir()).filter((name) => name.startsWith(`kratos-contract-${process.pid}-`))).toEqual([]);
	// Stopped by the process that started them: nothing listens any more.
	for (const url of target.listeners) {
		const answered = await fetch(`${url}/health/alive`).then(
			() => true,
			() => false,
		);
		expect(answered, url).toBe(false);
	}
});
