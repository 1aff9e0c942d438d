// How a live server is brought into what follows a settings interruption: the login flows that lift it (a refresh of
// the session, a second factor), created and submitted as an app does, with the session read before and after (whoami)
// and the change that needs what the login grants tried before and after. The setup requests go through Kratos's own
// HTTP calls (base/kratos-http.ts); each case's one request goes through the client.
//
// What it changes: a refresh moves the session's authenticated_at (the login Kratos asks for); with the opt-in and a
// session older than privileged_session_max_age, a password change refused for the session's age is tried before and
// after (a 5-character password, refused whatever happens), and after the right password the password is changed and
// put back (KRATOS_TEST_PASSWORD); the right TOTP code raises the session it is given to AAL2 for good, so against a
// staging it runs only with the opt-in (a local Kratos gives it a session of its own).
import {randomBytes, randomUUID} from 'node:crypto';
import type {LoginFlow} from '../../../src/index.js';
import type {Afterwards, Answered, Exchange, LoginTruth, Prepared, SessionState, Skipped, Truth} from '../../base/model.js';
import {passwordIdentifier} from '../../base/identity-schema.js';
import {type KratosAnswer, errorIdOf, kratosRequest, withSetCookies} from '../../base/kratos-http.js';
import type {LoginInput} from '../../operations/update-login-flow.js';
import type {Provocations} from '../types.js';
import {LIVE_VARIABLES, type LiveConfig} from './config.js';
import {notOffered} from './inputs.js';
import {type Known, PRIVILEGED_MARGIN_MS, cannot, hasCsrfCookie, nameOfPrivileged} from './known.js';
import {FORBIDDEN_RETURN_TO} from '../../operations/create-settings-flow.js';
import {totpCode, wrongTotpCode} from './totp.js';

type LoginCases =
	| 'login_already_signed_in'
	| 'login_return_to_forbidden'
	| 'login_step_up_no_session'
	| 'login_server_error'
	| 'login_browser_navigation'
	| 'login_browser_return_to_forbidden'
	| 'login_browser_step_up_no_session'
	| 'login_browser_server_error'
	| 'login_step_up_without_session'
	| 'login_csrf_missing'
	| 'login_unknown_flow'
	| 'login_expired_flow'
	| 'login_browser_location_change'
	| 'login_submit_server_error'
	| 'login_refresh_flow'
	| 'login_step_up_flow'
	| 'login_after_refresh_required'
	| 'login_after_aal2_required'
	| 'login_refresh_wrong_password'
	| 'login_refresh_other_identity'
	| 'login_refresh_password'
	| 'login_step_up_wrong_code'
	| 'login_step_up';

/** The change tried after a login that should grant it: its answer, or why it cannot be judged; a failed put-back. */
type PrivilegedAfter = {readonly after: Answered; readonly undecidable?: string | undefined; readonly putBackFailed?: string | undefined};

type Credentials = {readonly sessionToken?: string | undefined; readonly cookie?: string | undefined};

/** The string values of an identity's traits, nested ones included: what a pre-filled identifier may be. */
export function traitStrings(traits: unknown): string[] {
	if (typeof traits === 'string') return [traits];
	if (Array.isArray(traits)) return traits.flatMap(traitStrings);
	if (traits && typeof traits === 'object') return Object.values(traits).flatMap(traitStrings);
	return [];
}

/**
 * Why a refusal of the change tried after a refresh may be the session's age again, not the refresh failing: the change
 * was refused with session_refresh_required, and its answer came a privileged age or more after the refresh was sent
 * (on a machine too busy to make the change within the age; the login answer's authenticated_at is no earlier than
 * `refreshSentAt`, and Kratos judged the change no later than `changeAnsweredAt`, both on this machine's clock). Else
 * undefined: the refusal is the server's.
 */
export function refusedForAgeAgain(change: KratosAnswer | undefined, refreshSentAt: number, changeAnsweredAt: number, maxAgeMs: number): string | undefined {
	if (change?.status !== 403 || errorIdOf(change) !== 'session_refresh_required') return undefined;
	const elapsed = changeAnsweredAt - refreshSentAt;
	if (elapsed < maxAgeMs) return undefined;
	return `the password change after the refresh was answered ${(elapsed / 1000).toFixed(1)} s after the refresh was sent, past the privileged age (${maxAgeMs / 1000} s): its refusal may be that age again, so whether the refresh privileged the session cannot be told (the machine was too busy)`;
}

/** What whoami says of a session. */
function sessionState(answer: KratosAnswer | undefined): SessionState {
	if (!answer) return {status: undefined};
	const body = answer.body ?? {};
	if (answer.status !== 200) return {status: answer.status, errorId: errorIdOf(answer) as string | undefined};
	return {
		status: 200,
		sessionId: typeof body.id === 'string' ? body.id : undefined,
		identityId: typeof body.identity?.id === 'string' ? body.identity.id : undefined,
		authenticatedAt: typeof body.authenticated_at === 'string' ? body.authenticated_at : undefined,
		aal: typeof body.authenticator_assurance_level === 'string' ? body.authenticator_assurance_level : undefined,
	};
}

const answered = (answer: KratosAnswer | undefined): Answered =>
	answer ? {status: answer.status, errorId: errorIdOf(answer) as string | undefined} : {status: undefined};

/** The value of a flow's input node, e.g. the identifier a refresh flow pre-fills. */
const inputValue = (flow: Record<string, any>, name: string): unknown =>
	(flow.ui?.nodes as Record<string, any>[] | undefined)?.find((node) => node.attributes?.node_type === 'input' && node.attributes.name === name)?.attributes.value;

/** The parameters of the login URL an interruption names (redirect_browser_to), as createBrowserLoginFlow takes them. */
function loginOptions(url: unknown): {refresh?: boolean; aal?: 'aal1' | 'aal2'; returnTo?: string} | undefined {
	let parsed: URL;
	try {
		parsed = new URL(String(url));
	} catch {
		return undefined;
	}
	const aal = parsed.searchParams.get('aal');
	const returnTo = parsed.searchParams.get('return_to');
	return {
		...(parsed.searchParams.get('refresh') === 'true' && {refresh: true}),
		...((aal === 'aal1' || aal === 'aal2') && {aal}),
		...(returnTo !== null && {returnTo}),
	};
}

const NO_FAILURE_ON_PURPOSE = 'a live server cannot be made to fail on purpose';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** The cases after an interruption, on a live server: each skipped, naming why, where its inputs are missing. */
export function logins(config: LiveConfig, known: () => Known, uiOrigins: () => Promise<string[] | undefined>): Pick<Provocations, LoginCases> {
	/** The session the refresh cases act on: its token, else its cookie (then through browser flows). */
	const own: Credentials = config.sessionToken ? {sessionToken: config.sessionToken} : {cookie: config.cookie};
	const request = (url: string, options: {method?: string; body?: unknown} & Credentials = {}) => kratosRequest(url, {...options, timeoutMs: known().timeoutMs});
	const whoami = async (credentials: Credentials) => sessionState(await request(`${known().baseUrl}/sessions/whoami`, credentials).catch(() => undefined));
	const remember = (secret: unknown) => {
		if (typeof secret === 'string' && secret) known().remember(secret);
	};

	/**
	 * A new login flow, as an app makes it: the native endpoint for a token (or no session), the browser one for a
	 * cookie (then with the CSRF cookie it sets, for the submit). A skip saying why, when Kratos makes none.
	 */
	const loginFlow = async (
		query: string,
		credentials: Credentials,
		browser = Boolean(credentials.cookie && !credentials.sessionToken),
	): Promise<{flow: LoginFlow; credentials: Credentials} | Skipped> => {
		const path = browser ? '/self-service/login/browser' : '/self-service/login/api';
		const created = await request(`${known().baseUrl}${path}?${query}`, credentials);
		if (created.status !== 200 || typeof created.body?.id !== 'string') {
			return {skip: `GET ${path}?${query} answered ${created.status}${errorIdOf(created) ? ` ${String(errorIdOf(created))}` : ''}, not a login flow: login_refresh_flow and login_step_up_flow judge that`};
		}
		const next = browser ? {...credentials, cookie: withSetCookies(credentials.cookie ?? '', created.response)} : credentials;
		return {flow: created.body as LoginFlow, credentials: next};
	};

	/**
	 * What a refresh flow's identifier may be (the session identity's trait values) and what it must never be (the other
	 * identity's, those the two share aside: an identifier is unique to one identity).
	 */
	const identifiers = () => {
		const mine = traitStrings(known().traits);
		return {own: mine, others: traitStrings(known().otherTraits).filter((value) => !mine.includes(value))};
	};

	/** Why the password cases do not run where the configuration offers no password method. */
	const noPassword = () => (known().offered && !known().offered!.groups.has('password') ? notOffered('password') : undefined);

	/** Where the change that needs a recent login is tried, and the privileged age it is judged by. */
	const privilege = () =>
		config.privilegedAt
			? {baseUrl: config.privilegedAt.publicUrl, maxAgeMs: config.privilegedAt.maxAgeMs, local: true}
			: {baseUrl: known().baseUrl, maxAgeMs: config.privilegedSessionMaxAgeMs, local: false};

	/**
	 * A password change on a new settings flow of the session (at the privileged instance): its answer. With a
	 * 5-character password it changes nothing whatever happens (refused for the session's age, or for its length).
	 */
	const changePassword = async (credentials: Credentials, password: string): Promise<KratosAnswer & {flowId?: string}> => {
		const {baseUrl} = privilege();
		const path = credentials.sessionToken ? '/self-service/settings/api' : '/self-service/settings/browser';
		const created = await request(`${baseUrl}${path}`, credentials);
		if (created.status !== 200 || typeof created.body?.id !== 'string') return created;
		const auth = credentials.cookie ? {cookie: withSetCookies(credentials.cookie, created.response)} : credentials;
		const csrf = inputValue(created.body, 'csrf_token');
		const flowId: string = created.body.id;
		const changed = await request(`${baseUrl}/self-service/settings?flow=${encodeURIComponent(flowId)}`, {
			method: 'POST',
			body: {method: 'password', password, ...(typeof csrf === 'string' && csrf && {csrf_token: csrf})},
			...auth,
		});
		return {...changed, flowId};
	};
	/** A password no Kratos accepts (five characters, below the smallest min_password_length its config allows, 6). */
	const refusedPassword = () => {
		const password = `~${randomBytes(2).toString('hex')}`;
		remember(password);
		return password;
	};

	/**
	 * Whether the session is older than privileged_session_max_age, so that a change needing a recent login is refused
	 * before the login: then what the login grants can be told. Against the local Kratos's twin, waits until it is.
	 * Else why the change is not tried.
	 */
	const staleEnough = async (before: SessionState): Promise<true | string> => {
		if (!config.allowWrites) return `a password change is tried only with the opt-in: set ${LIVE_VARIABLES.allowWrites}=1 (or --allow-writes) and ${LIVE_VARIABLES.testIdentityId} (a dedicated test identity)`;
		const none = noPassword();
		if (none) return none.skip;
		const {maxAgeMs, local} = privilege();
		const name = nameOfPrivileged(config);
		if (maxAgeMs === undefined) return `the privileged age is not known: set ${name} to have a password change tried before and after the login`;
		const at = Date.parse(before.authenticatedAt ?? '');
		if (Number.isNaN(at)) return "whoami gives no authenticated_at: the session's age is not known";
		const age = Date.now() - at;
		if (local) {
			// The local twin shares this machine's clock: wait until the session is older than its short age.
			if (age <= maxAgeMs + 1_000) await sleep(maxAgeMs + 1_000 - age);
			return true;
		}
		if (Math.abs(age - maxAgeMs) < Math.min(PRIVILEGED_MARGIN_MS, maxAgeMs / 2)) return `the session is within a minute of privileged_session_max_age (${maxAgeMs / 1000} s, ${name}): whether a change is refused cannot be told`;
		if (age < maxAgeMs) return `the session logged in less than privileged_session_max_age (${maxAgeMs / 1000} s, ${name}) ago: no change is refused for its age`;
		return true;
	};

	/**
	 * A refresh case: the session read and its privileged change tried (5 characters: refused for its age), a refresh
	 * flow made for it, and afterwards the same read and try again, or `privileged` doing what the case does after.
	 */
	const refreshCase = async (
		body: (identifier: string) => LoginInput['body'],
		login: Omit<LoginTruth, 'identifier'> | ((before: SessionState) => Omit<LoginTruth, 'identifier'>),
		afterwards: {
			/** What to try after the login, instead of the refused change again (the right password: a real change). */
			readonly privileged?: (credentials: Credentials, exchange: Exchange) => Promise<PrivilegedAfter>;
			readonly remember?: (exchange: Exchange) => void;
		} = {},
	): Promise<Prepared<LoginInput> | Skipped> => {
		const none = noPassword();
		if (none) return none;
		const before = await whoami(own);
		const stale = await staleEnough(before);
		const privilegedBefore = stale === true ? answered(await changePassword(own, refusedPassword()).catch(() => undefined)) : undefined;
		const created = await loginFlow('refresh=true', own);
		if ('skip' in created) return created;
		const {flow, credentials} = created;
		if (!flow.ui.nodes.some((node) => node.group === 'password')) return notOffered('password');
		const identifier = await identifierFor(flow);
		if (identifier === undefined) return {skip: "the refresh flow pre-fills no identifier, and the identity schema marks no trait of the session's identity as its password identifier: nothing to sign in with"};
		const truth: Truth = {
			flowType: flow.type === 'browser' ? 'browser' : 'api',
			csrfCookie: hasCsrfCookie(credentials.cookie),
			uiOrigins: await uiOrigins(),
			login: {
				...(typeof login === 'function' ? login(before) : login),
				identifier: identifiers(),
			},
		};
		return {
			input: {flow, body: body(identifier)},
			...credentials,
			truth,
			after: async (exchange): Promise<Afterwards> => {
				afterwards.remember?.(exchange);
				// The session as the app that asked still holds it: its own credentials, not what the answer set.
				let privileged: {what: string; before: Answered; after: Answered} | undefined;
				let putBackFailed: string | undefined;
				let privilegedSkipped = stale === true ? undefined : stale;
				if (privilegedBefore) {
					const after: PrivilegedAfter = afterwards.privileged && exchange.response?.status === 200 ? await afterwards.privileged(own, exchange) : {after: answered(await changePassword(own, refusedPassword()).catch(() => undefined))};
					if (after.undecidable) privilegedSkipped = after.undecidable;
					else privileged = {what: 'a password change (POST /self-service/settings, method password)', before: privilegedBefore, after: after.after};
					putBackFailed = after.putBackFailed;
				}
				return {
					session: {before, after: await whoami(own), privileged, ...(privilegedSkipped && {privilegedSkipped})},
					...(putBackFailed && {putBackFailed}),
				};
			},
		};
	};

	/**
	 * The trait the identity schema marks as a password identifier, as the session's traits hold it: what the user types
	 * where a refresh flow pre-fills nothing (Kratos with passwordless codes on). Read once; a safe GET.
	 */
	let schemaIdentifier: Promise<string | undefined> | undefined;
	const identifierOfSchema = () =>
		(schemaIdentifier ??= (async () => {
			const {schemaUrl, traits} = known();
			const schema = schemaUrl ? await request(schemaUrl).catch(() => undefined) : undefined;
			return schema?.status === 200 ? passwordIdentifier(schema.body, traits) : undefined;
		})());

	/** The identifier to submit with a password in a refresh flow: the one it pre-fills, else the schema's. */
	const identifierFor = async (flow: LoginFlow): Promise<string | undefined> => {
		const value = inputValue(flow, 'identifier');
		return typeof value === 'string' && value ? value : identifierOfSchema();
	};

	/**
	 * After the right password: a password change (the one refused before), then the password put back within the same
	 * privilege. A put-back that fails says what to restore, never the password itself.
	 */
	const changeAndPutBack = async (credentials: Credentials, refresh: Exchange): Promise<PrivilegedAfter> => {
		const changed = `contract-${randomBytes(12).toString('base64url')}-Aa1!`;
		remember(changed);
		const change = await changePassword(credentials, changed).catch(() => undefined);
		const undecidable = refusedForAgeAgain(change, refresh.sentAt, Date.now(), privilege().maxAgeMs ?? Number.POSITIVE_INFINITY);
		if (undecidable) return {after: answered(change), undecidable};
		if (change?.status !== 200) return {after: answered(change)};
		const byHand = `the test identity's password is not ${LIVE_VARIABLES.testPassword}'s value any more: set it back by hand (e.g. the admin API, PUT /admin/identities/${known().identityId ?? '<id>'} with credentials.password.config.password, or a recovery), or the next run's refresh fails`;
		const back = await changePassword(credentials, config.testPassword!).catch((error: Error) => error);
		if (back instanceof Error) return {after: answered(change), putBackFailed: `putting the password back got no answer (${back.message}): ${byHand}`};
		if (back.status !== 200) return {after: answered(change), putBackFailed: `the change that puts the password back answered ${back.status}${errorIdOf(back) ? ` ${String(errorIdOf(back))}` : ''}: ${byHand}`};
		return {after: answered(change)};
	};

	/** The AAL1 session's second-factor cases: read before and after (whoami, its settings flow), a step-up flow made. */
	const stepUpCase = async (sessionToken: string, code: () => string, sessionAfter: 'unchanged' | 'aal2'): Promise<Prepared<LoginInput> | Skipped> => {
		const {baseUrl} = known();
		const readFlow = async () =>
			config.aal1FlowId ? answered(await request(`${baseUrl}/self-service/settings/flows?id=${encodeURIComponent(config.aal1FlowId)}`, {sessionToken}).catch(() => undefined)) : undefined;
		const before = await whoami({sessionToken});
		const flowBefore = await readFlow();
		const created = await loginFlow('aal=aal2', {sessionToken});
		if ('skip' in created) return created;
		const {flow} = created;
		if (!flow.ui.nodes.some((node) => node.group === 'totp')) return notOffered('totp');
		return {
			input: {flow, body: {method: 'totp', totp_code: code()}},
			sessionToken,
			truth: {flowType: 'api', csrfCookie: false, login: {sessionAfter, ...(sessionAfter === 'aal2' && {signsIn: {kind: 'same-session', sessionId: before.sessionId, aal: 'aal2'}})}},
			after: async (): Promise<Afterwards> => {
				const after = await whoami({sessionToken});
				const flowAfter = await readFlow();
				return {
					session: {
						before,
						after,
						...(flowBefore && flowAfter
							? {privileged: {what: `reading ${LIVE_VARIABLES.aal1FlowId} (GET /self-service/settings/flows)`, before: flowBefore, after: flowAfter}}
							: {privilegedSkipped: `set ${LIVE_VARIABLES.aal1FlowId} to have the AAL1 identity's settings flow read before and after`}),
					},
				};
			},
		};
	};

	/** A password-only login of the AAL1 identity: a session of the case's own (the local Kratos knows the password). */
	const freshAal1Session = async (): Promise<string | Skipped> => {
		const created = await loginFlow('', {});
		if ('skip' in created) return created;
		const {identifier, password} = config.aal1Login!;
		const done = await request(`${known().baseUrl}/self-service/login?flow=${encodeURIComponent(created.flow.id)}`, {method: 'POST', body: {method: 'password', identifier, password}});
		if (done.status !== 200 || typeof done.body?.session_token !== 'string') return {skip: `a password login of the AAL1 identity answered ${done.status}: no session of its own to raise`};
		remember(done.body.session_token);
		return done.body.session_token;
	};

	const aal1Missing = {skip: `set ${LIVE_VARIABLES.aal1SessionToken} (an AAL1 session of an identity with a second factor) to enable`};
	/** A submit that Kratos refuses before it looks at the credentials: a password no identity has. */
	const refusedLogin = (): LoginInput['body'] => {
		const password = `wrong-${randomBytes(12).toString('base64url')}`;
		remember(password);
		return {method: 'password', identifier: 'contract-probe@example.invalid', password};
	};
	/** Enough of a login flow for the client to submit one that is not at hand (only its id is sent). */
	const flowWithId = (id: string) => ({id, type: 'api', ui: {action: '', method: 'POST', nodes: []}}) as unknown as LoginFlow;

	return {
		login_already_signed_in: () => ({input: {}, ...own}),
		login_return_to_forbidden: () => ({input: {returnTo: FORBIDDEN_RETURN_TO}}),
		login_step_up_no_session: () => ({input: {aal: 'aal2'}}),
		login_server_error: cannot(NO_FAILURE_ON_PURPOSE),
		login_browser_navigation: () => ({input: {}, headers: {Accept: 'text/html'}}),
		login_browser_return_to_forbidden: () => ({input: {returnTo: FORBIDDEN_RETURN_TO}}),
		login_browser_step_up_no_session: () => ({input: {aal: 'aal2'}}),
		login_browser_server_error: cannot(NO_FAILURE_ON_PURPOSE),
		login_submit_server_error: cannot(NO_FAILURE_ON_PURPOSE),
		login_step_up_without_session: async () => {
			if (!config.aal1SessionToken) return aal1Missing;
			const created = await loginFlow('aal=aal2', {sessionToken: config.aal1SessionToken});
			if ('skip' in created) return created;
			// The AAL1 session's own flow, sent with no session at all: refused before the code is looked at.
			return {input: {flow: created.flow, body: {method: 'totp', totp_code: wrongTotpCode(config.aal1TotpSecret)}}};
		},
		login_csrf_missing: async () => {
			// A first sign-in's browser flow and the CSRF cookie it set; the flow handed over without its token node.
			const created = await loginFlow('', {}, true);
			if ('skip' in created) return created;
			// A method the configuration disables is answered 404 before any CSRF check: submit the password only where offered.
			if (!created.flow.ui.nodes.some((node) => node.group === 'password')) return notOffered('password');
			const flow = {...created.flow, ui: {...created.flow.ui, nodes: created.flow.ui.nodes.filter((node) => !(node.type === 'input' && node.attributes.name === 'csrf_token'))}};
			return {input: {flow, body: refusedLogin()}, cookie: created.credentials.cookie};
		},
		login_unknown_flow: () => ({input: {flow: flowWithId(randomUUID()), body: refusedLogin()}}),
		login_expired_flow: () =>
			config.expiredLoginFlowId
				? {input: {flow: flowWithId(config.expiredLoginFlowId), body: refusedLogin()}}
				: {skip: 'needs a login flow past its lifespan (selfservice.flows.login.lifespan, 1h by default): runs against the local Kratos (npm run contract:kratos), which makes one'},
		login_browser_location_change: cannot('needs a social sign-in provider to sign in with: runs against the local Kratos (npm run contract:kratos), never against staging'),
		login_refresh_flow: () => {
			const none = noPassword();
			if (none) return none;
			return {
				input: {refresh: true},
				...own,
				truth: {
					flowType: 'api',
					created: 'by-this-request',
					csrfCookie: hasCsrfCookie(own.cookie),
					login: {asked: {refresh: true, aal: 'aal1'}, identifier: identifiers()},
				},
			};
		},
		login_step_up_flow: () =>
			config.aal1SessionToken
				? {input: {aal: 'aal2'}, sessionToken: config.aal1SessionToken, truth: {flowType: 'api', created: 'by-this-request', csrfCookie: false, login: {asked: {refresh: false, aal: 'aal2'}}}}
				: aal1Missing,
		login_after_refresh_required: async () => {
			const none = noPassword();
			if (none) return none;
			const stale = await staleEnough(await whoami(own));
			if (stale !== true) return {skip: `the login a refused password change names needs one refused for the session's age: ${stale}`};
			const refused = await changePassword(own, refusedPassword());
			const options = refused.status === 403 && errorIdOf(refused) === 'session_refresh_required' ? loginOptions(refused.body?.redirect_browser_to) : undefined;
			if (!options) return {skip: `the password change answered ${refused.status}${errorIdOf(refused) ? ` ${String(errorIdOf(refused))}` : ''} with no login to go to, not 403 session_refresh_required: update_refresh_required judges that`};
			const browser: Credentials = config.cookie ? {cookie: config.cookie} : own;
			return {
				input: options,
				...browser,
				truth: {
					flowType: 'browser',
					created: 'by-this-request',
					csrfCookie: hasCsrfCookie(browser.cookie),
					uiOrigins: await uiOrigins(),
					login: {asked: {refresh: true, aal: 'aal1', returnTo: options.returnTo}, returnsToFlow: refused.flowId},
				},
			};
		},
		login_after_aal2_required: async () => {
			if (!config.aal1SessionToken || !config.aal1FlowId) return {skip: `set ${LIVE_VARIABLES.aal1SessionToken} and ${LIVE_VARIABLES.aal1FlowId} to enable`};
			const read = await request(`${known().baseUrl}/self-service/settings/flows?id=${encodeURIComponent(config.aal1FlowId)}`, {sessionToken: config.aal1SessionToken});
			const options = read.status === 403 && errorIdOf(read) === 'session_aal2_required' ? loginOptions(read.body?.redirect_browser_to) : undefined;
			if (!options) return {skip: `${LIVE_VARIABLES.aal1FlowId} answered ${read.status}${errorIdOf(read) ? ` ${String(errorIdOf(read))}` : ''} with no login to go to, not 403 session_aal2_required: aal2_required judges that`};
			return {
				input: options,
				sessionToken: config.aal1SessionToken,
				truth: {
					flowType: 'browser',
					created: 'by-this-request',
					csrfCookie: false,
					uiOrigins: await uiOrigins(),
					login: {asked: {refresh: false, aal: 'aal2', returnTo: options.returnTo}, returnsToFlow: config.aal1FlowId},
				},
			};
		},
		login_refresh_wrong_password: () =>
			refreshCase(
				(identifier) => {
					const password = `wrong-${randomBytes(12).toString('base64url')}`;
					remember(password);
					return {method: 'password', identifier, password};
				},
				{sessionAfter: 'unchanged'},
			),
		login_refresh_other_identity: () => {
			const other = config.otherLogin;
			if (!other) {
				return {skip: "needs another identity's password, which only a Kratos the suite provisions itself knows (npm run contract:kratos): a staging is never asked for one"};
			}
			return refreshCase(
				() => ({method: 'password', identifier: other.identifier, password: other.password}),
				(before) => ({signsIn: {kind: 'new-session', identityId: known().otherIdentityId, notSessionId: before.sessionId, notIdentityId: known().identityId}, sessionAfter: 'unchanged'}),
				{
					// The other identity's brand-new session: its token, or its cookie, is a secret of the run.
					remember: ({response}) => {
						remember((response?.body as {session_token?: unknown} | undefined)?.session_token);
						for (const line of response?.setCookies ?? []) remember(line.split(';')[0]!.split('=').slice(1).join('='));
					},
				},
			);
		},
		login_refresh_password: () => {
			if (!config.testPassword) return {skip: `set ${LIVE_VARIABLES.testPassword} (the session identity's password) to enable`};
			return refreshCase(
				(identifier) => ({method: 'password', identifier, password: config.testPassword!}),
				(before) => ({signsIn: {kind: 'same-session', sessionId: before.sessionId, identityId: before.identityId ?? known().identityId, authenticatedAt: before.authenticatedAt}, sessionAfter: 'refreshed'}),
				{
					privileged: changeAndPutBack,
					remember: ({response}) => {
						for (const line of response?.setCookies ?? []) remember(line.split(';')[0]!.split('=').slice(1).join('='));
					},
				},
			);
		},
		login_step_up_wrong_code: () =>
			config.aal1SessionToken ? stepUpCase(config.aal1SessionToken, () => wrongTotpCode(config.aal1TotpSecret), 'unchanged') : aal1Missing,
		login_step_up: async () => {
			if (!config.aal1SessionToken) return aal1Missing;
			const secret = config.aal1TotpSecret;
			if (!secret) return {skip: `set ${LIVE_VARIABLES.aal1TotpSecret} (the TOTP secret of the AAL1 session's identity) to enable`};
			let sessionToken: string;
			if (config.aal1Login) {
				const fresh = await freshAal1Session();
				if (typeof fresh !== 'string') return fresh;
				sessionToken = fresh;
			} else if (config.allowWrites) {
				sessionToken = config.aal1SessionToken;
			} else {
				return {
					skip: `raises ${LIVE_VARIABLES.aal1SessionToken} to AAL2 for good: set ${LIVE_VARIABLES.allowWrites}=1 (or --allow-writes) to run it; the next run then needs a fresh AAL1 session`,
				};
			}
			return stepUpCase(sessionToken, () => totpCode(secret), 'aal2');
		},
	};
}
