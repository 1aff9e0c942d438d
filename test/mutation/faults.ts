// One broken Kratos per fault: what the stand-in does wrong, and the check that must name it.
import {FOREIGN_ORIGIN} from '../../contract-tests/targets/live/provocations.js';
import {type Answer, type Fault, SECRETS, STAND_IN_IDS, type StandInOptions, flowBody, json} from './stand-in.js';

export interface Mutant {
	readonly name: string;
	readonly description: string;
	/** Checks of which at least one must fail (the first is the one that names the fault best). */
	readonly caughtBy: readonly string[];
	/** Per-request timeout for this mutant's run: short only where the server never answers. @default 5000 */
	readonly timeoutMs?: number;
	/** The fault rewrites CORS preflights (OPTIONS) too; others never see their empty answers. @default false */
	readonly preflights?: boolean;
	/** How the stand-in is started for this mutant (e.g. with sessions that logged in long ago). */
	readonly standIn?: StandInOptions;
	/**
	 * Drift, not a broken promise: what a drift check (a warning) names, failing the run only with --strict, as a team
	 * that pins its Kratos runs the suite. @default false
	 */
	readonly strict?: boolean;
	/**
	 * Why the command, given variables alone, cannot reach the fault: it needs what only a local target knows (another
	 * identity's password). The mutation test runs the live target with the stand-in's whole configuration and catches
	 * it; a command run skips its case, saying so. @default undefined (the command reaches it)
	 */
	readonly localOnly?: string;
	readonly fault: Fault;
}

/** A fault of Kratos's JSON answers leaves the CORS preflights' empty answers alone. */
const notPreflights =
	(fault: Fault): Fault =>
	(answer, asked) =>
		asked.request.method === 'OPTIONS' ? answer : fault(answer, asked);

const isFlowsCall = (path: string) => path === '/self-service/settings/flows';
const isUpdate = (path: string) => path === '/self-service/settings';
const isLoginCreate = (path: string) => path === '/self-service/login/api' || path === '/self-service/login/browser';
const body = (answer: Answer) => JSON.parse(answer.body) as Record<string, any>;
const withBody = (answer: Answer, value: unknown): Answer => ({...answer, body: JSON.stringify(value)});

/** The traits a stand-in's first profile write saved (for put_back_refused). */
const written = new WeakMap<object, Record<string, unknown>>();

const defined: readonly Mutant[] = [
	{
		name: 'missing_required_field',
		description: 'a 200 without `ui`',
		caughtBy: ['response_schema_conformance'],
		fault: (answer, {path}) => {
			if (!isFlowsCall(path) || answer.status !== 200) return answer;
			const {ui: _, ...rest} = body(answer);
			return withBody(answer, rest);
		},
	},
	{
		name: 'expires_at_not_date_time',
		description: '`expires_at` is not a date-time',
		caughtBy: ['response_schema_conformance'],
		fault: (answer, {path}) => (isFlowsCall(path) && answer.status === 200 ? withBody(answer, {...body(answer), expires_at: 'in an hour'}) : answer),
	},
	{
		name: 'identity_id_not_uuid',
		description: '`identity.id` is not a uuid',
		caughtBy: ['response_schema_conformance'],
		fault: (answer, {path}) => {
			if (!isFlowsCall(path) || answer.status !== 200) return answer;
			const flow = body(answer);
			flow.identity.id = 'user-42';
			return withBody(answer, flow);
		},
	},
	{
		// A closed enum: a new value of an extensible one (a node group) is drift, see `newerKratos`.
		name: 'enum_outside_spec',
		description: 'a node label of type `warning` (uiText `type` is a closed enum)',
		caughtBy: ['response_schema_conformance'],
		fault: (answer, {path}) => {
			if (!isFlowsCall(path) || answer.status !== 200) return answer;
			const flow = body(answer);
			flow.ui.nodes[1].meta.label.type = 'warning';
			return withBody(answer, flow);
		},
	},
	{
		name: 'undocumented_status',
		description: 'a malformed id answered 400',
		caughtBy: ['status_code_conformance', 'expected_status'],
		fault: (answer, {path, flowId}) =>
			isFlowsCall(path) && flowId === 'not-a-uuid' ? {...answer, status: 400} : answer,
	},
	{
		name: 'unauthorized_as_forbidden',
		description: 'no session answered 403 instead of 401',
		caughtBy: ['expected_status'],
		fault: (answer, {path}) => (isFlowsCall(path) && answer.status === 401 ? {...answer, status: 403} : answer),
	},
	{
		// An app switches on the id: with this one it would ask a user who has no session to re-authenticate.
		name: 'wrong_error_id',
		description: 'a create without a session (401) named session_refresh_required instead of session_inactive',
		caughtBy: ['error_id_conformance'],
		fault: (answer, {path}) => {
			if (!path.startsWith('/self-service/settings/') || isFlowsCall(path) || answer.status !== 401) return answer;
			const error = body(answer);
			return error.error?.id === 'session_inactive' ? withBody(answer, {...error, error: {...error.error, id: 'session_refresh_required'}}) : answer;
		},
	},
	{
		name: 'error_not_generic_shape',
		description: 'errors as `{"message": …}` without the `error` object',
		caughtBy: ['response_schema_conformance'],
		fault: (answer, {path}) =>
			isFlowsCall(path) && answer.status >= 400 ? withBody(answer, {message: body(answer).error.message}) : answer,
	},
	{
		name: 'html_errors',
		description: 'errors as text/html pages',
		caughtBy: ['content_type_conformance'],
		fault: (answer, {path}) =>
			isFlowsCall(path) && answer.status >= 400
				? {status: answer.status, headers: {'content-type': 'text/html'}, body: `<html><body><h1>${answer.status}</h1></body></html>`}
				: answer,
	},
	{
		name: 'server_error',
		description: 'an unknown flow answered 500',
		caughtBy: ['not_a_server_error'],
		fault: (answer, {path}) =>
			isFlowsCall(path) && answer.status === 404
				? withBody({...answer, status: 500}, {error: {code: 500, status: 'Internal Server Error', message: 'database is locked'}})
				: answer,
	},
	{
		name: 'ignores_session',
		description: 'a flow handed out without any session',
		caughtBy: ['session_required'],
		fault: (answer, {path, identity, flowId, base}) =>
			isFlowsCall(path) && !identity && flowId === STAND_IN_IDS.flow ? json(200, flowBody(flowId, STAND_IN_IDS.owner, base)) : answer,
	},
	{
		name: 'other_identity_flow',
		description: "another identity's flow returned to this session",
		caughtBy: ['flow_belongs_to_session'],
		fault: (answer, {path}) => {
			if (!isFlowsCall(path) || answer.status !== 200) return answer;
			const flow = body(answer);
			flow.identity.id = STAND_IN_IDS.other;
			return withBody(answer, flow);
		},
	},
	{
		name: 'csrf_not_checked',
		description: 'a browser flow updated without its CSRF token',
		caughtBy: ['expected_status'],
		fault: (answer, {path, body}) =>
			isUpdate(path) && answer.status === 403 && body?.csrf_token === undefined && JSON.parse(answer.body).error?.id === 'security_csrf_violation'
				? json(200, {...flowBody(STAND_IN_IDS.browserFlow, STAND_IN_IDS.owner, ''), state: 'success'})
				: answer,
	},
	{
		name: 'corrections_as_error',
		description: 'invalid input answered with an error body instead of the flow and its messages',
		caughtBy: ['expected_result'],
		fault: (answer, {path}) =>
			isUpdate(path) && answer.status === 400 ? withBody(answer, {error: {code: 400, status: 'Bad Request', message: 'invalid'}}) : answer,
	},
	{
		name: 'expired_without_new_flow',
		description: 'an expired flow answered 410 without the flow to continue in',
		caughtBy: ['response_schema_conformance'],
		fault: (answer, {path}) => {
			if (!isUpdate(path) || answer.status !== 410) return answer;
			const {use_flow_id: _, ...rest} = body(answer);
			return withBody(answer, rest);
		},
	},
	{
		name: 'update_ignores_session',
		description: 'a settings update accepted without any session',
		caughtBy: ['session_required'],
		fault: (answer, {path, identity, flowId, base}) =>
			isUpdate(path) && !identity && flowId ? json(200, {...flowBody(flowId, STAND_IN_IDS.owner, base), state: 'success'}) : answer,
	},
	// What a schema cannot see: each promise of the README's list, broken once.
	{
		name: 'token_not_final',
		description: 'an unknown session token falls back to the cookie beside it',
		caughtBy: ['expected_status'],
		fault: (answer, {path, identity, flowId, request, base}) =>
			isFlowsCall(path) && !identity && request.headers['x-session-token'] && request.headers.cookie?.includes(SECRETS.cookieValue) && flowId
				? json(200, flowBody(flowId, STAND_IN_IDS.owner, base))
				: answer,
	},
	{
		name: 'flow_existence_leaks',
		description: 'an unknown flow asked for without a session answered 404 (the flow is looked up first)',
		caughtBy: ['expected_status'],
		fault: (answer, {path, identity, flowId}) =>
			isFlowsCall(path) && !identity && flowId && !Object.values(STAND_IN_IDS).includes(flowId as never) && answer.status === 401
				? {...answer, status: 404, body: JSON.stringify({error: {code: 404, status: 'Not Found', message: 'Unable to locate the resource'}})}
				: answer,
	},
	{
		name: 'fresh_flow_saved',
		description: 'a flow no one submitted said to be saved (state success)',
		caughtBy: ['flow_state'],
		fault: (answer, {path}) => (isFlowsCall(path) && answer.status === 200 ? withBody(answer, {...body(answer), state: 'success'}) : answer),
	},
	{
		name: 'api_flow_as_browser',
		description: 'a flow created by the native endpoint answered as a browser flow',
		caughtBy: ['flow_type'],
		fault: (answer, {path}) => (path === '/self-service/settings/api' && answer.status === 200 ? withBody(answer, {...body(answer), type: 'browser'}) : answer),
	},
	{
		name: 'stale_timestamps',
		description: 'a flow served with the timestamps of a day ago (expired, and not when it was created)',
		caughtBy: ['flow_lifetime'],
		fault: (answer, {path}) =>
			isFlowsCall(path) && answer.status === 200
				? withBody(answer, {...body(answer), issued_at: new Date(Date.now() - 86_400_000).toISOString(), expires_at: new Date(Date.now() - 82_800_000).toISOString()})
				: answer,
	},
	{
		name: 'form_posts_elsewhere',
		description: "a flow's form posted to another origin",
		caughtBy: ['flow_urls'],
		fault: (answer, {path}) => {
			if (!isFlowsCall(path) || answer.status !== 200) return answer;
			const flow = body(answer);
			flow.ui.action = `https://elsewhere.example/self-service/settings?flow=${flow.id}`;
			return withBody(answer, flow);
		},
	},
	{
		name: 'second_factor_elsewhere',
		description: 'the second-factor login sent to another origin',
		caughtBy: ['error_redirects'],
		fault: (answer, {path}) => {
			if (!isFlowsCall(path) || answer.status !== 403) return answer;
			const error = body(answer);
			if (error.error.id !== 'session_aal2_required') return answer;
			error.redirect_browser_to = error.error.details.redirect_browser_to = 'https://elsewhere.example/login?aal=aal2';
			return withBody(answer, error);
		},
	},
	{
		name: 'error_code_disagrees',
		description: 'a 403 whose body says 401 Unauthorized',
		caughtBy: ['error_agrees_with_status'],
		fault: (answer, {path}) => {
			if (!isFlowsCall(path) || answer.status !== 403) return answer;
			const error = body(answer);
			return withBody(answer, {...error, error: {...error.error, code: 401, status: 'Unauthorized'}});
		},
	},
	{
		name: 'cacheable_answers',
		description: 'the flows and errors of the GET allowed into caches (public, max-age)',
		caughtBy: ['no_store'],
		fault: (answer, {path}) => (isFlowsCall(path) ? {...answer, headers: {...answer.headers, 'cache-control': 'public, max-age=300'}} : answer),
	},
	{
		name: 'echoes_the_token',
		description: 'the session token echoed in a response header',
		caughtBy: ['no_secret_echo'],
		fault: (answer, {path, request}) =>
			isFlowsCall(path) && request.headers['x-session-token'] ? {...answer, headers: {...answer.headers, 'x-session-echo': String(request.headers['x-session-token'])}} : answer,
	},
	{
		name: 'identity_with_credentials',
		description: "the identity's credentials (a password hash) inside the flow",
		caughtBy: ['no_secret_echo'],
		fault: (answer, {path}) => {
			if (!isFlowsCall(path) || answer.status !== 200) return answer;
			const flow = body(answer);
			flow.identity.credentials = {password: {type: 'password', identifiers: ['user@your-company.com'], config: {hashed_password: '$2a$04$abcdefghijklmnopqrstuv'}}};
			return withBody(answer, flow);
		},
	},
	{
		// What Kratos v1.0.0 does (selfservice/flow/settings/flow.go:194-197 there): 400 with the owner's flow, traits and all.
		name: 'update_shows_the_owners_flow',
		description: "another identity's update answered with the owner's flow (400), the owner's traits in it",
		caughtBy: ['flow_belongs_to_session'],
		fault: (answer, {path, flowId, base}) =>
			isUpdate(path) && answer.status === 403 && JSON.parse(answer.body).error?.id === 'security_identity_mismatch' && flowId
				? json(400, flowBody(flowId, STAND_IN_IDS.owner, base))
				: answer,
	},
	{
		// The write is answered as saved, but nothing is kept: what a server losing writes does.
		name: 'loses_writes',
		description: 'a profile update answered 200 with the new traits, but never saved',
		caughtBy: ['write_took_effect'],
		fault: (answer, {path, body, identity, state}) => {
			if (!isUpdate(path) || answer.status !== 200 || body?.method !== 'profile' || !identity) return answer;
			state.traits.delete(identity);
			return answer;
		},
	},
	{
		name: 'put_back_refused',
		description: 'the update that puts the changed trait back fails (500): the test identity keeps the change',
		caughtBy: ['write_took_effect'],
		fault: (answer, {path, body, identity, state}) => {
			if (!isUpdate(path) || body?.method !== 'profile' || !identity || answer.status !== 200) return answer;
			// The first update writes a name; the put-back, the traits as they were (without it), is undone and refused.
			if (body.traits?.name !== undefined) {
				written.set(state, body.traits);
				return answer;
			}
			const changed = written.get(state);
			if (!changed) return answer;
			state.traits.set(identity, changed);
			return json(500, {error: {code: 500, status: 'Internal Server Error', message: 'An internal server error occurred, please contact the system administrator'}});
		},
	},
	{
		name: 'flow_with_stale_traits',
		description: "a flow whose identity shows other traits than the session's (whoami)",
		caughtBy: ['flow_belongs_to_session'],
		fault: (answer, {path}) => {
			if (!isFlowsCall(path) || answer.status !== 200) return answer;
			const flow = body(answer);
			flow.identity.traits = {...flow.identity.traits, email: 'an-old-address@your-company.com'};
			return withBody(answer, flow);
		},
	},
	{
		name: 'password_echoed',
		description: 'a refused password shown back in the password input of the 400',
		caughtBy: ['no_secret_echo'],
		fault: (answer, {path, body: sent}) => {
			if (!isUpdate(path) || answer.status !== 400 || sent?.method !== 'password') return answer;
			const flow = body(answer);
			for (const node of flow.ui.nodes) if (node.attributes?.name === 'password') node.attributes.value = sent.password;
			return withBody(answer, flow);
		},
	},
	{
		name: 'api_flow_with_a_csrf_token',
		description: 'a flow created by the native endpoint, without any CSRF cookie, carrying a CSRF token',
		caughtBy: ['flow_type'],
		fault: (answer, {path, request}) => {
			if (path !== '/self-service/settings/api' || answer.status !== 200 || request.headers.cookie) return answer;
			const flow = body(answer);
			flow.ui.nodes[0].attributes.value = SECRETS.csrfToken;
			return withBody(answer, flow);
		},
	},
	{
		// A staging CI's session is usually older than privileged_session_max_age: the suite sends the password case then.
		name: 'password_change_without_recent_login',
		description: 'a session that logged in two hours ago has its password change judged (400) instead of refused (403)',
		caughtBy: ['expected_status'],
		standIn: {sessionAgeMs: 2 * 60 * 60 * 1000},
		fault: (answer, {path, body: sent, base, flowId, identity}) => {
			if (!isUpdate(path) || answer.status !== 403 || sent?.method !== 'password' || !flowId || !identity) return answer;
			const flow = flowBody(flowId, identity, base);
			for (const node of flow.ui.nodes) if (node.attributes?.name === 'password') node.messages = [{id: 4000032, text: 'The password must be at least 8 characters long, but got 5.', type: 'error'}];
			return json(400, flow);
		},
	},
	{
		name: 'never_answers',
		description: 'the flows endpoint never answers',
		caughtBy: ['answer_received'],
		timeoutMs: 400,
		fault: (answer, {path}) => (isFlowsCall(path) ? 'hang' : answer),
	},
	// The promises a staging Kratos must keep (issue 17): each broken once.
	{
		name: 'cors_reflects_origin',
		description: "any Origin reflected with credentials allowed, on reads and preflights (Kratos master's CORS with default origins)",
		caughtBy: ['cors_credentials'],
		preflights: true,
		fault: (answer, {request}) =>
			request.headers.origin ? {...answer, headers: {...answer.headers, 'access-control-allow-origin': request.headers.origin, 'access-control-allow-credentials': 'true', vary: 'Origin, Cookie'}} : answer,
	},
	{
		// Not `*` with credentials, which browsers refuse (a warning): a foreign origin on the allowed list is honoured.
		name: 'cors_lists_a_foreign_origin',
		description: 'a foreign origin on the allowed list (the one the suite probes with), with credentials allowed, on reads and preflights',
		caughtBy: ['cors_credentials'],
		preflights: true,
		fault: (answer, {request}) =>
			request.headers.origin === FOREIGN_ORIGIN ? {...answer, headers: {...answer.headers, 'access-control-allow-origin': FOREIGN_ORIGIN, 'access-control-allow-credentials': 'true', vary: 'Origin, Cookie'}} : answer,
	},
	{
		name: 'cookie_without_httponly',
		description: 'the session and CSRF cookies set without HttpOnly',
		caughtBy: ['cookie_flags'],
		fault: (answer) => (answer.headers['set-cookie'] ? {...answer, headers: {...answer.headers, 'set-cookie': answer.headers['set-cookie'].replace('; HttpOnly', '')}} : answer),
	},
	{
		name: 'samesite_none_without_secure',
		description: 'the session and CSRF cookies set SameSite=None without Secure',
		caughtBy: ['cookie_flags'],
		fault: (answer) => (answer.headers['set-cookie'] ? {...answer, headers: {...answer.headers, 'set-cookie': answer.headers['set-cookie'].replace('SameSite=Lax', 'SameSite=None')}} : answer),
	},
	{
		name: 'read_rotates_the_session',
		description: 'a GET of a flow with the session cookie re-issues that cookie with a new value',
		caughtBy: ['read_keeps_session'],
		fault: (answer, {path, request}) =>
			isFlowsCall(path) && request.method === 'GET' && request.headers.cookie?.includes(SECRETS.cookieValue) && !answer.headers['set-cookie']
				? {...answer, headers: {...answer.headers, 'set-cookie': 'ory_kratos_session=ROTATEDsessionVALUE0000000000; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax'}}
				: answer,
	},
	{
		name: 'token_in_action_url',
		description: "the session token appended to the flow's form URL",
		caughtBy: ['no_secret_in_urls'],
		fault: (answer, {path, request}) => {
			const token = request.headers['x-session-token'];
			if (!isFlowsCall(path) || answer.status !== 200 || typeof token !== 'string') return answer;
			const flow = body(answer);
			flow.ui.action = `${flow.ui.action}&token=${encodeURIComponent(token)}`;
			return withBody(answer, flow);
		},
	},
	{
		name: 'undocumented_query_parameter',
		description: "the flow's form URL carries a parameter Kratos does not document, named like a credential (its value not the suite's)",
		caughtBy: ['no_secret_in_urls'],
		fault: (answer, {path}) => {
			if (!isFlowsCall(path) || answer.status !== 200) return answer;
			const flow = body(answer);
			flow.ui.action = `${flow.ui.action}&session_id=0f1e2d3c-4b5a-4697-8877-665544332211`;
			return withBody(answer, flow);
		},
	},
	{
		name: 'sql_in_error',
		description: "an unknown flow's 404 quotes the SQL that found nothing",
		caughtBy: ['no_internals'],
		fault: (answer, {path}) => {
			if (!isFlowsCall(path) || answer.status !== 404) return answer;
			const error = body(answer);
			return withBody(answer, {...error, error: {...error.error, reason: 'sql: no rows in result set: SELECT id, identity_id FROM selfservice_settings_flows WHERE id = $1 AND nid = $2'}});
		},
	},
	{
		name: 'stack_in_error',
		description: 'the 401 without a session carries a Go stack trace in its reason',
		caughtBy: ['no_internals'],
		fault: (answer, {path}) => {
			if (!isFlowsCall(path) || answer.status !== 401) return answer;
			const error = body(answer);
			const trace = 'goroutine 118 [running]:\ngithub.com/ory/kratos/session.(*ManagerHTTP).FetchFromRequest(...)\n\t/project/session/manager_http.go:215 +0x1a4';
			return withBody(answer, {...error, error: {...error.error, reason: trace}});
		},
	},
	{
		name: 'owner_in_error_details',
		description: "the 403 to another identity's session names the flow's owner in error.details",
		caughtBy: ['nothing_of_the_owner'],
		fault: (answer, {path}) => {
			if (!isFlowsCall(path) || answer.status !== 403) return answer;
			const error = body(answer);
			if (error.error?.id !== 'security_identity_mismatch') return answer;
			return withBody(answer, {...error, error: {...error.error, details: {flow_identity_id: STAND_IN_IDS.owner}}});
		},
	},
	{
		name: 'corrections_without_message',
		description: 'the 400 asking for corrections carries no error message anywhere',
		caughtBy: ['corrections_say_what'],
		fault: (answer, {path}) => {
			if (!isUpdate(path) || answer.status !== 400) return answer;
			const flow = body(answer);
			if (!flow.ui) return answer;
			flow.ui.messages = [];
			for (const node of flow.ui.nodes) node.messages = [];
			return withBody(answer, flow);
		},
	},
	{
		name: 'continue_with_elsewhere',
		description: 'a saved browser flow sends the browser to another origin',
		caughtBy: ['redirects_stay_home'],
		fault: (answer, {path}) => {
			if (!isUpdate(path) || answer.status !== 200) return answer;
			const flow = body(answer);
			if (!Array.isArray(flow.continue_with)) return answer;
			flow.continue_with = flow.continue_with.map((item: Record<string, unknown>) => (item.action === 'redirect_browser_to' ? {...item, redirect_browser_to: `https://elsewhere.example/settings?flow=${flow.id}`} : item));
			return withBody(answer, flow);
		},
	},
	// What follows an interruption (issue 25): the login flows and the session they act on, each promise broken once.
	{
		name: 'refresh_prefills_another_identifier',
		description: "a refresh login flow of the owner's session pre-fills another identity's identifier",
		caughtBy: ['refresh_identifies_session'],
		fault: (answer, {path, request}) => {
			if (!isLoginCreate(path) || request.method !== 'GET' || answer.status !== 200) return answer;
			const flow = body(answer);
			if (!flow.refresh) return answer;
			for (const node of flow.ui.nodes) if (node.attributes.name === 'identifier') node.attributes.value = 'other@your-company.com';
			return withBody(answer, flow);
		},
	},
	{
		name: 'login_drops_return_to',
		description: 'a browser login flow made with a return_to (the settings flow an interruption came from) answered without it',
		caughtBy: ['login_flow_as_asked'],
		fault: (answer, {path}) => {
			if (path !== '/self-service/login/browser' || answer.status !== 200) return answer;
			const {return_to: _, ...flow} = body(answer);
			return withBody(answer, flow);
		},
	},
	{
		name: 'refresh_issues_a_new_session',
		description: "the session's own password in its refresh flow answered with a brand-new session and token, the old one left unrefreshed",
		caughtBy: ['login_answers_session', 'session_after_login'],
		fault: (answer, {path, request, session, body: sent, state}) => {
			if (path !== '/self-service/login' || request.method !== 'POST' || answer.status !== 200 || sent?.method !== 'password' || !session) return answer;
			const signed = body(answer);
			if (signed.session?.id !== session.id) return answer;
			// Undo the refresh; hand out a new session instead.
			session.authenticatedAt = state.loggedIn;
			return withBody(answer, {...signed, session_token: `${SECRETS.newToken}REFRESH000`, session: {...signed.session, id: '00000000-0000-4000-8000-00000000a001'}});
		},
	},
	{
		// What handler.go:874-877 prevents: the other identity's login taken for a refresh of the session that asked.
		name: 'refresh_by_another_identity',
		description: "another identity's credentials in the owner's refresh flow refresh the owner's session (its token, its session, authenticated again)",
		caughtBy: ['login_answers_session', 'session_after_login'],
		localOnly: "another identity's password, which no variable gives",
		fault: (answer, {path, request, session, body: sent, state, base}) => {
			if (path !== '/self-service/login' || request.method !== 'POST' || answer.status !== 200 || sent?.method !== 'password' || !session) return answer;
			const signed = body(answer);
			if (signed.session?.identity?.id === session.identity) return answer;
			session.authenticatedAt = Date.now();
			const token = [...state.sessions].find(([key, held]) => held === session && !key.startsWith('cookie:'))?.[0];
			return withBody(answer, {...signed, session_token: token, session: {...signed.session, id: session.id, identity: {...signed.session.identity, id: session.identity, schema_url: `${base}/schemas/ZGVmYXVsdA`}}});
		},
	},
	{
		name: 'wrong_password_refreshes',
		description: "a wrong password in the owner's refresh flow is refused (400), yet the session is authenticated again (its privileged change then allowed)",
		caughtBy: ['session_after_login'],
		standIn: {sessionAgeMs: 2 * 60 * 60 * 1000},
		fault: (answer, {path, request, session, body: sent}) => {
			if (path === '/self-service/login' && request.method === 'POST' && answer.status === 400 && sent?.method === 'password' && session) session.authenticatedAt = Date.now();
			return answer;
		},
	},
	{
		name: 'wrong_code_raises_session',
		description: 'a wrong TOTP code in the step-up flow is refused (400), yet the AAL1 session is raised to aal2',
		caughtBy: ['session_after_login'],
		fault: (answer, {path, request, session, body: sent}) => {
			if (path === '/self-service/login' && request.method === 'POST' && answer.status === 400 && sent?.method === 'totp' && session) session.aal = 'aal2';
			return answer;
		},
	},
	// Drift: what a newer Kratos may send, a warning that fails the run with --strict.
	{
		name: 'undocumented_property',
		description: 'the flow carries a property the spec does not document (`risk_score`)',
		caughtBy: ['schema_drift'],
		strict: true,
		fault: (answer, {path}) => (isFlowsCall(path) && answer.status === 200 ? withBody(answer, {...body(answer), risk_score: 0.1}) : answer),
	},
	{
		name: 'undocumented_response_header',
		description: 'every answer of the flows endpoint carries a header the spec does not document (`x-kratos-request-id`)',
		caughtBy: ['undocumented_header'],
		strict: true,
		fault: (answer, {path}) => (isFlowsCall(path) ? {...answer, headers: {...answer.headers, 'x-kratos-request-id': 'c0ffee00-0000-4000-8000-000000000000'}} : answer),
	},
];

/**
 * Not a fault: a Kratos newer than the spec, as Ory's master already is (captures of master, enums.md). Faithful answers
 * plus what newer releases add: a node in group `captcha`, a `div` node (a documented variant new since v25.4.0), a
 * property on the flow (`organization_id`, sent by master) and on the identity (`external_id`, v25.4.0), and the
 * `Ory-Error-Id` header master sends with every error (empty when the error has no id). The suite must pass it, with
 * the drift shown as warnings.
 */
export const mutants: readonly Mutant[] = defined.map((mutant) => (mutant.preflights ? mutant : {...mutant, fault: notPreflights(mutant.fault)}));

export const newerKratos: Fault = notPreflights((answer, {path}) => {
	if (!isFlowsCall(path)) return answer;
	if (answer.status >= 400) {
		const id = (body(answer).error?.id as string | undefined) ?? '';
		return {...answer, headers: {...answer.headers, 'ory-error-id': id}};
	}
	if (answer.status !== 200) return answer;
	const flow = body(answer);
	flow.organization_id = null;
	flow.identity.external_id = 'crm-4711';
	flow.ui.nodes.push(
		{
			type: 'div',
			group: 'captcha',
			attributes: {id: 'captcha', class: 'captcha-widget', data: {sitekey: '0x4AAAAAAA'}, node_type: 'div'},
			messages: [],
			meta: {},
		},
		{
			type: 'input',
			group: 'captcha',
			attributes: {name: 'transient_payload.captcha_turnstile_response', type: 'hidden', disabled: false, node_type: 'input'},
			messages: [],
			meta: {},
		},
	);
	return withBody(answer, flow);
});
