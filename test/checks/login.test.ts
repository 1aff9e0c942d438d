// The checks of what follows a settings interruption (the login flows and the session they act on), each fed answers
// that break its promise and answers a healthy Kratos gives (captured from v1.3.1): a check that cannot fail is a defect.
import {beforeAll, describe, expect, test} from 'vitest';
import {loginAnswersSession} from '../../contract-tests/checks/login-answers-session.js';
import {loginFlowAsAsked} from '../../contract-tests/checks/login-flow-as-asked.js';
import {refreshIdentifiesSession} from '../../contract-tests/checks/refresh-identifies-session.js';
import {sessionAfterLogin} from '../../contract-tests/checks/session-after-login.js';
import {noSecretEcho} from '../../contract-tests/checks/no-secret-echo.js';
import {flowUrls} from '../../contract-tests/checks/flow-urls.js';
import {type Check, type CheckContext, type Exchange, type Expectation, type LoginTruth, type SessionAfterwards} from '../../contract-tests/base/model.js';
import {type CaseId, caseById} from '../../contract-tests/operations/index.js';
import {recordExchange} from '../../contract-tests/runner/exchange.js';
import {type Contract, loadContract} from '../../spec/index.js';
import {example} from '../helpers/fixtures.js';

let contract: Contract;
beforeAll(async () => {
	contract = await loadContract();
});

const BASE = 'http://127.0.0.1:9/auth';
const UI = 'http://127.0.0.1:4455';
const TOKEN = 'ory_st_SENTINELloginTOKEN000000000';
const SETTINGS_FLOW = '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a';
const onBase = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll('https://accounts.your-company.com/auth', BASE));

/** A case's answer through the real client and the recorder (what the checks see in a run). */
async function answer(id: CaseId, status: number, body: unknown, options: {sessionToken?: string; cookie?: string} = {sessionToken: TOKEN}): Promise<Exchange> {
	// The submit takes the flow and a body; the creates, their options.
	const input = caseById(id).operation.path === '/self-service/login' ? {flow: refreshFlow(), body: {method: 'password', identifier: 'user@your-company.com', password: 'not-the-password-0'}} : {};
	return recordExchange(caseById(id), BASE, {input, ...options}, 1000, async () =>
		new Response(JSON.stringify(body), {status, headers: {'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, no-cache, no-store, must-revalidate'}}),
	);
}

const contextOf = (exchange: Exchange, id: CaseId, login: LoginTruth, expect: Partial<Expectation> = {}): CheckContext => ({
	exchange,
	expect: {status: [exchange.response?.status ?? 0], truth: {login, uiOrigins: [UI]}, publicUrl: BASE, ...expect},
	operation: contract.operation(caseById(id).operation.method, caseById(id).operation.path),
	case: caseById(id),
});

function run(check: Check, context: CheckContext) {
	const skipped = check.skip?.(context);
	if (skipped !== undefined) throw new Error(`${check.name} skipped: ${skipped}`);
	return check.run(context);
}

const refreshFlow = () => onBase(example<Record<string, any>>('refreshLoginFlow'));
const setIdentifier = (flow: Record<string, any>, value: unknown) => {
	for (const node of flow.ui.nodes) if (node.attributes.name === 'identifier') node.attributes.value = value;
	return flow;
};

describe('refresh_identifies_session', () => {
	const identifier = {own: ['user@your-company.com', 'Jane Roe'], others: ['other@your-company.com', 'Max Muster']};
	const judge = async (flow: unknown, status = 200) =>
		run(refreshIdentifiesSession, contextOf(await answer(status === 200 ? 'login_refresh_flow' : 'login_refresh_wrong_password', status, flow), status === 200 ? 'login_refresh_flow' : 'login_refresh_wrong_password', {identifier}));

	test("a refresh flow with the session's identifier passes (the 400 asking for corrections too; case and spaces as Kratos normalises them)", async () => {
		expect(await judge(refreshFlow())).toEqual([]);
		expect(await judge(setIdentifier(refreshFlow(), ' USER@your-company.com'))).toEqual([]);
		const corrections = refreshFlow();
		corrections.ui.messages = [{id: 4000006, text: 'The provided credentials are invalid.', type: 'error'}];
		expect(await judge(corrections, 400)).toEqual([]);
	});

	test("another identity's identifier pre-filled is a security failure, never quoting it", async () => {
		const [violation, ...rest] = await judge(setIdentifier(refreshFlow(), 'other@your-company.com'));
		expect(rest).toEqual([]);
		expect(violation).toMatchObject({title: "SECURITY: a refresh flow pre-fills another identity's identifier", location: ['response', 'body', 'ui', 'nodes', 1, 'attributes', 'value']});
		expect(JSON.stringify(violation)).not.toContain('other@your-company.com');
	});

	test("an identifier that is none of the session's traits, none at all, or a flow that is no refresh", async () => {
		expect((await judge(setIdentifier(refreshFlow(), 'someone@elsewhere.example')))[0]?.title).toBe("A refresh flow pre-fills an identifier that is not the session's");
		// None at all is a warning: Kratos itself pre-fills none with passwordless codes on (a real v1.3.1 to master).
		expect((await judge(setIdentifier(refreshFlow(), '')))[0]).toMatchObject({title: 'A refresh flow names no identifier', severity: 'warning'});
		const noInput = refreshFlow();
		noInput.ui.nodes = noInput.ui.nodes.filter((node: any) => node.attributes.name !== 'identifier');
		expect((await judge(noInput))[0]).toMatchObject({title: 'A refresh flow names no identifier', received: 'no identifier input', severity: 'warning'});
		expect((await judge({...refreshFlow(), refresh: false})).map((violation) => violation.title)).toEqual(['The login flow is not a refresh']);
	});

	test('skipped where the suite knows no session to compare with', async () => {
		const context = contextOf(await answer('login_refresh_flow', 200, refreshFlow()), 'login_refresh_flow', {});
		expect(refreshIdentifiesSession.skip?.(context)).toBe('not a refresh flow of a known session');
	});
});

describe('login_flow_as_asked', () => {
	const browserFlow = (changes: Record<string, unknown>) => ({...onBase(example<Record<string, any>>('browserLoginFlow')), ...changes});
	const returnTo = `${BASE}/self-service/settings?flow=${SETTINGS_FLOW}`;
	const judge = async (flow: unknown, login: LoginTruth) => run(loginFlowAsAsked, contextOf(await answer('login_after_refresh_required', 200, flow), 'login_after_refresh_required', login));
	const refresh: LoginTruth = {asked: {refresh: true, aal: 'aal1', returnTo}, returnsToFlow: SETTINGS_FLOW};

	test('the login a refresh interruption names passes: a refresh, back to the settings flow (the settings UI for a second factor)', async () => {
		expect(await judge(browserFlow({refresh: true, requested_aal: 'aal1', return_to: returnTo}), refresh)).toEqual([]);
		const ui = `${UI}/settings?flow=${SETTINGS_FLOW}`;
		expect(await judge(browserFlow({refresh: false, requested_aal: 'aal2', return_to: ui}), {asked: {refresh: false, aal: 'aal2', returnTo: ui}, returnsToFlow: SETTINGS_FLOW})).toEqual([]);
	});

	test('no refresh, another level, no return_to, another flow, another origin: each named', async () => {
		expect((await judge(browserFlow({refresh: false, requested_aal: 'aal1', return_to: returnTo}), refresh)).map((v) => v.location.at(-1))).toEqual(['refresh']);
		expect((await judge(browserFlow({refresh: true, requested_aal: 'aal2', return_to: returnTo}), refresh)).map((v) => v.location.at(-1))).toEqual(['requested_aal']);
		const missing = await judge(browserFlow({refresh: true, requested_aal: 'aal1'}), refresh);
		expect(missing.map((v) => v.title)).toEqual(['The login flow returns elsewhere', 'The login does not lead back to the settings flow']);
		const other = `${BASE}/self-service/settings?flow=00000000-0000-4000-8000-000000000000`;
		expect((await judge(browserFlow({refresh: true, requested_aal: 'aal1', return_to: other}), {...refresh, asked: {...refresh.asked!, returnTo: other}})).map((v) => v.title)).toEqual(['The login does not lead back to the settings flow']);
		const elsewhere = `https://elsewhere.example/settings?flow=${SETTINGS_FLOW}`;
		expect(await judge(browserFlow({refresh: true, requested_aal: 'aal1', return_to: elsewhere}), {...refresh, asked: {...refresh.asked!, returnTo: elsewhere}})).toEqual([
			expect.objectContaining({title: 'The login returns to another origin', received: '"https://elsewhere.example"'}),
		]);
	});

	test('skipped for a flow the suite did not ask for', async () => {
		const context = contextOf(await answer('login_refresh_flow', 200, refreshFlow()), 'login_refresh_flow', {});
		expect(loginFlowAsAsked.skip?.(context)).toBe('not a login flow the suite asked for');
	});
});

describe('login_answers_session', () => {
	const signedIn = (changes: {token?: string | undefined; id?: string; identity?: string | null; at?: string; aal?: string}) => {
		const body = onBase(example<Record<string, any>>('successfulNativeLogin'));
		if ('token' in changes) body.session_token = changes.token;
		if (changes.id) body.session.id = changes.id;
		if (changes.identity !== undefined) body.session.identity = changes.identity === null ? null : {...body.session.identity, id: changes.identity};
		if (changes.at) body.session.authenticated_at = changes.at;
		if (changes.aal) body.session.authenticator_assurance_level = changes.aal;
		return body;
	};
	const SESSION = 'ae6c2f5b-7a8d-4bac-9d4e-5f6071829304';
	const IDENTITY = 'bf7d3a6c-8b9e-4cbd-8e5f-607182930415';
	const OTHER = '3a2c7b4d-9e5f-4b6c-8d7e-8f9a0b1c2d3e';
	const before = '2026-11-25T12:00:00.000Z';
	const refresh: LoginTruth = {signsIn: {kind: 'same-session', sessionId: SESSION, identityId: IDENTITY, authenticatedAt: before}};
	const judge = async (body: unknown, login: LoginTruth, id: CaseId = 'login_refresh_password') => run(loginAnswersSession, contextOf(await answer(id, 200, body), id, login));

	test('a refresh: the same session and token, authenticated again, passes', async () => {
		expect(await judge(signedIn({token: TOKEN}), refresh)).toEqual([]);
	});

	test('a refresh that hands out another token, another session, an earlier authenticated_at: each named, no token quoted', async () => {
		const violations = await judge(signedIn({token: 'ory_st_SENTINELnewTOKEN0000000000', id: '00000000-0000-4000-8000-000000000001', at: before}), refresh);
		expect(violations.map((violation) => violation.location.slice(2).join('.'))).toEqual(['session_token', 'session.id', 'session.authenticated_at']);
		expect(JSON.stringify(violations)).not.toMatch(/SENTINEL/);
		expect((await judge(signedIn({token: TOKEN, identity: OTHER}), refresh))[0]?.title).toBe('SECURITY: the refresh signed in another identity');
	});

	test('a second factor must reach aal2; an identity of null (Kratos withholds it before aal2) is not judged', async () => {
		const stepUp: LoginTruth = {signsIn: {kind: 'same-session', aal: 'aal2'}};
		expect(await judge(signedIn({token: TOKEN, aal: 'aal2'}), stepUp, 'login_step_up')).toEqual([]);
		expect((await judge(signedIn({token: TOKEN, aal: 'aal1', identity: null}), stepUp, 'login_step_up')).map((violation) => violation.title)).toEqual(['The second factor did not raise the session']);
	});

	test("another identity's credentials: a new session of that identity passes; the asking session handed over fails", async () => {
		const other: LoginTruth = {signsIn: {kind: 'new-session', identityId: OTHER, notSessionId: SESSION, notIdentityId: IDENTITY}};
		expect(await judge(signedIn({token: 'ory_st_SENTINELnewTOKEN0000000000', id: '00000000-0000-4000-8000-000000000001', identity: OTHER}), other, 'login_refresh_other_identity')).toEqual([]);
		const handedOver = await judge(signedIn({token: TOKEN, identity: IDENTITY}), other, 'login_refresh_other_identity');
		expect(handedOver.map((violation) => violation.title)).toEqual([
			"SECURITY: another identity's credentials were given the session that asked",
			"SECURITY: another identity's credentials were given the session that asked",
			"SECURITY: another identity's credentials signed in the session's identity",
		]);
		expect(JSON.stringify(handedOver)).not.toContain(TOKEN);
	});

	test('skipped when not signed in (a 400) or when the suite knows no session', async () => {
		const wrong = contextOf(await answer('login_refresh_wrong_password', 400, onBase(example('loginInvalidCredentials'))), 'login_refresh_wrong_password', refresh);
		expect(loginAnswersSession.skip?.(wrong)).toBe('not signed in (its status is judged by expected_status)');
		expect(loginAnswersSession.skip?.(contextOf(await answer('login_refresh_password', 200, signedIn({})), 'login_refresh_password', {}))).toBe('not a login the suite knows the session of');
	});
});

describe('session_after_login', () => {
	const state = (at: string, aal = 'aal1') => ({status: 200, sessionId: 's-1', identityId: 'i-1', authenticatedAt: at, aal});
	const refused = {status: 403, errorId: 'session_refresh_required'};
	const what = 'a password change';
	const judge = async (session: SessionAfterwards, sessionAfter: LoginTruth['sessionAfter'], status = 400, putBackFailed?: string) => {
		const id: CaseId = status === 200 ? 'login_refresh_password' : 'login_refresh_wrong_password';
		const exchange = {...(await answer(id, status, status === 200 ? onBase(example('successfulNativeLogin')) : onBase(example('loginInvalidCredentials')))), afterwards: {session, ...(putBackFailed && {putBackFailed})}};
		return run(sessionAfterLogin, contextOf(exchange, id, {sessionAfter}));
	};

	test('a wrong password leaves the session as it was, the change still refused: passes', async () => {
		expect(await judge({before: state('2026-01-01T00:00:00Z'), after: state('2026-01-01T00:00:00Z'), privileged: {what, before: refused, after: refused}}, 'unchanged')).toEqual([]);
	});

	test('a failed login that moved the session on, or made it privileged, is a security failure', async () => {
		const [moved] = await judge({before: state('2026-01-01T00:00:00Z'), after: state('2026-01-01T00:05:00Z')}, 'unchanged');
		expect(moved).toMatchObject({title: 'SECURITY: a failed or foreign login changed the session that asked', received: 'authenticatedAt: 2026-01-01T00:05:00Z'});
		const [privileged] = await judge({before: state('2026-01-01T00:00:00Z'), after: state('2026-01-01T00:00:00Z'), privileged: {what, before: refused, after: {status: 400}}}, 'unchanged');
		expect(privileged).toMatchObject({title: 'SECURITY: a failed or foreign login made the session privileged', message: 'a password change answered 403 session_refresh_required before the login and 400 after it'});
		// A wrong code that raised the session: whoami answers 200 where it said session_aal2_required.
		const raised = await judge({before: {status: 403, errorId: 'session_aal2_required'}, after: state('2026-01-01T00:00:00Z', 'aal2')}, 'unchanged');
		expect(raised[0]?.title).toBe('SECURITY: a failed or foreign login changed the session that asked');
	});

	test('the right password: refreshed, and the refused change then goes through; else named', async () => {
		const session = {before: state('2026-01-01T00:00:00Z'), after: state('2026-01-01T00:05:00Z'), privileged: {what, before: refused, after: {status: 200}}};
		expect(await judge(session, 'refreshed', 200)).toEqual([]);
		expect((await judge({...session, after: state('2026-01-01T00:00:00Z')}, 'refreshed', 200)).map((v) => v.title)).toEqual(['The refresh did not move the session on']);
		expect((await judge({...session, privileged: {what, before: refused, after: refused}}, 'refreshed', 200)).map((v) => v.title)).toEqual(['The login did not grant what it was for']);
		expect((await judge({...session, privileged: {what, before: {status: 400}, after: {status: 200}}}, 'refreshed', 200)).map((v) => v.title)).toEqual(['The change was not refused before the login']);
	});

	test('the right code: aal2, and the settings flow that asked for it loads', async () => {
		const flow = {what: 'reading the AAL1 flow', before: {status: 403, errorId: 'session_aal2_required'}, after: {status: 200}};
		expect(await judge({before: {status: 403, errorId: 'session_aal2_required'}, after: state('2026-01-01T00:00:00Z', 'aal2'), privileged: flow}, 'aal2', 200)).toEqual([]);
		expect((await judge({before: {status: 403, errorId: 'session_aal2_required'}, after: {status: 403, errorId: 'session_aal2_required'}, privileged: flow}, 'aal2', 200)).map((v) => v.title)).toEqual(['The session is unusable after the login']);
		expect((await judge({before: state('2026-01-01T00:00:00Z'), after: state('2026-01-01T00:00:00Z', 'aal1'), privileged: {...flow, after: flow.before}}, 'aal2', 200)).map((v) => v.title)).toEqual([
			'The second factor did not raise the session',
			'The login did not grant what it was for',
		]);
	});

	test('a password put-back that failed fails, saying what to restore', async () => {
		const session = {before: state('2026-01-01T00:00:00Z'), after: state('2026-01-01T00:05:00Z'), privileged: {what, before: refused, after: {status: 200}}};
		const [violation] = await judge(session, 'refreshed', 200, 'the change that puts the password back answered 500: set it back by hand');
		expect(violation).toMatchObject({title: "PUT BACK FAILED: the test identity's password is still the one the suite set", message: 'the change that puts the password back answered 500: set it back by hand'});
	});

	test('a change not tried or not judged is said (partly), and the whoami part still judged', async () => {
		const exchange = {
			...(await answer('login_refresh_password', 200, onBase(example('successfulNativeLogin')))),
			afterwards: {session: {before: state('2026-01-01T00:00:00Z'), after: state('2026-01-01T00:00:00Z'), privilegedSkipped: 'the privileged age is not known'}},
		};
		const context = contextOf(exchange, 'login_refresh_password', {sessionAfter: 'refreshed'});
		expect(sessionAfterLogin.partly?.(context)).toBe('the change before and after was not judged: the privileged age is not known');
		expect(run(sessionAfterLogin, context).map((v) => v.title)).toEqual(['The refresh did not move the session on']);
		const judged = {...exchange, afterwards: {session: {...exchange.afterwards.session, privilegedSkipped: undefined, privileged: {what, before: refused, after: {status: 200}}}}};
		expect(sessionAfterLogin.partly?.(contextOf(judged, 'login_refresh_password', {sessionAfter: 'refreshed'}))).toBeUndefined();
	});

	test('skipped where the session was not read around the login', async () => {
		const context = contextOf(await answer('login_refresh_wrong_password', 400, onBase(example('loginInvalidCredentials'))), 'login_refresh_wrong_password', {sessionAfter: 'unchanged'});
		expect(sessionAfterLogin.skip?.(context)).toBe('not a login the suite read the session around');
	});
});

describe('what the older checks make of login answers', () => {
	test("no_secret_echo: a native login's session_token is handed out on purpose; the token anywhere else is an echo", async () => {
		const body = onBase(example<Record<string, any>>('successfulNativeLogin'));
		body.session_token = TOKEN;
		const ok = await answer('login_refresh_password', 200, body);
		expect(run(noSecretEcho, contextOf(ok, 'login_refresh_password', {}))).toEqual([]);
		const echoed = await answer('login_refresh_password', 200, {...body, session: {...body.session, devices: [{id: TOKEN}]}});
		expect(run(noSecretEcho, contextOf(echoed, 'login_refresh_password', {})).map((violation) => violation.message)).toEqual(['the body contains a session token or cookie value the request sent']);
	});

	test("flow_urls: a login flow's form posts to /self-service/login, and a settings action there is named", async () => {
		const flow = refreshFlow();
		flow.request_url = `${BASE}/self-service/login/api?refresh=true`;
		expect(run(flowUrls, contextOf(await answer('login_refresh_flow', 200, flow), 'login_refresh_flow', {}))).toEqual([]);
		const wrong = {...flow, ui: {...flow.ui, action: `${BASE}/self-service/settings?flow=${flow.id}`}};
		expect(run(flowUrls, contextOf(await answer('login_refresh_flow', 200, wrong), 'login_refresh_flow', {})).map((violation) => violation.message)).toEqual([`ui.action does not post to ${BASE}/self-service/login`]);
	});
});
