// A Kratos stand-in on 127.0.0.1: answers what the live suite sends the way Kratos v1.3.1 does (bodies and precedence as
// captured from the real server: session → flow exists → identity → AAL → expiry), the login flows after an
// interruption included: a refresh of a session (its own password refreshes it, another identity's makes a new session
// of that identity), a second factor (a TOTP code of its secret raises the session to aal2), each session with its own
// authenticated_at and level. A `fault` rewrites its answers to break the contract in one way: a mutant the suite must
// catch.
import type {IncomingMessage} from 'node:http';
import * as OTPAuth from 'otpauth';
import type {LiveConfig} from '../../contract-tests/targets/live.js';
import {example, flowExample} from '../helpers/fixtures.js';
import {type TestServer, startServer} from '../helpers/server.js';

export interface Answer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** Who asked for what, as the stand-in understood the request. */
export interface Asked {
	/** The stand-in's public URL (with /auth). */
	base: string;
	path: string;
	/** `?id=` of the get, `?flow=` of the update. */
	flowId: string | null;
	/** The update's JSON body. */
	body: Record<string, any> | undefined;
	identity: string | undefined;
	/** The session the request carries (its token, else its cookie). */
	session: StandInSession | undefined;
	request: IncomingMessage;
	/** What the stand-in remembers (each identity's traits): a fault may change it, e.g. to lose a write. */
	state: StandInState;
	/** The session cookie's name: Kratos's default, or another (Ory Network's `ory_session_<slug>`). */
	sessionCookie: string;
}

/** Rewrites one answer, or returns 'hang' to never answer. */
export type Fault = (answer: Answer, asked: Asked) => Answer | 'hang';

// Sentinel secrets: distinctive, so a test can search every byte written for them.
export const SECRETS = {
	owner: 'ory_st_SENTINELownerTOKEN0000000000',
	other: 'ory_st_SENTINELotherTOKEN0000000000',
	aal1: 'ory_st_SENTINELaal1TOKEN00000000000',
	// Characters a cookie value may carry that URL-encoding and HTML-escaping change, so every form is searched for.
	cookieValue: 'SENTINELcookie&VALUE<00>0+0/00',
	csrfCookieValue: 'SENTINELcsrfCOOKIE0000000000',
	csrfToken: 'SENTINELcsrfTOKENinBODY000000',
	totpSecret: 'SENTINELTOTPSECRETBASE32AAAAAAA',
	// The session cookie a saved browser update re-issues with a new value, as Kratos's cookie store does (OryNetwork).
	reissuedCookieValue: 'SENTINELreissuedCOOKIE0000000',
	// The identities' passwords (KRATOS_TEST_PASSWORD is the owner's), with characters each encoding changes.
	testPassword: 'SENTINELtest&PASSWORD<0>+/0',
	otherPassword: 'SENTINELotherPASSWORD000000',
	aal1Password: 'SENTINELaal1PASSWORD0000000',
	// The AAL1 identity's TOTP secret (KRATOS_AAL1_TOTP_SECRET): base32.
	aal1TotpSecret: 'SENTINELAALONETOTPSECRETAAAAAAAA',
	// What a login hands out: a brand-new session's token (numbered after it) and its cookie.
	newToken: 'ory_st_SENTINELnewSESSION',
	newCookieValue: 'SENTINELnewSESSIONcookie00000',
} as const;
export const COOKIE = `ory_kratos_session=${SECRETS.cookieValue}; csrf_token_abc=${SECRETS.csrfCookieValue}`;

const IDS = {
	owner: '2f1b6a3c-8d4e-4a5b-9c6d-7e8f9a0b1c2d',
	other: '3a2c7b4d-9e5f-4b6c-8d7e-8f9a0b1c2d3e',
	aal1: '4b3d8c5e-0f6a-4c7d-9e8f-9a0b1c2d3e4f',
	flow: '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a',
	expired: '8c3e0b1f-4d52-4a6f-8b8e-2a1d3c4f5e6b',
	aal1Flow: '9d4f1c2a-5e63-4b7a-9c9f-3b2e4d5a6f7c',
	browserFlow: 'ae5f2d3b-6f74-4c8b-8d0a-4c3f5e6b7a8d',
	expiredLogin: 'bf6a3e4c-7a85-4d9c-9e1b-5d4a6f7b8c9e',
} as const;

const owners: Record<string, string> = {
	[IDS.flow]: IDS.owner,
	[IDS.browserFlow]: IDS.owner,
	[IDS.expired]: IDS.owner,
	[IDS.aal1Flow]: IDS.aal1,
};
/** Each identity's traits until an update changes them: its email is its login identifier. */
const TRAITS: Readonly<Record<string, Record<string, unknown>>> = {
	[IDS.owner]: {email: 'user@your-company.com'},
	[IDS.other]: {email: 'other@your-company.com'},
	[IDS.aal1]: {email: 'aal1@your-company.com'},
};
/** The identity schema the stand-in names: the email is the login identifier; the name any session may change. */
export const STAND_IN_SCHEMA = {
	$id: 'https://example.org/stand-in.schema.json',
	type: 'object',
	properties: {
		traits: {
			type: 'object',
			properties: {
				email: {type: 'string', format: 'email', 'ory.sh/kratos': {credentials: {password: {identifier: true}}, verification: {via: 'email'}}},
				name: {type: 'string', maxLength: 100},
			},
			required: ['email'],
		},
	},
};
const HOUR = 60 * 60 * 1000;
const KRATOS_SESSION_COOKIE = 'ory_kratos_session';
const sessionCookieLine = (name: string, value: string) => `${name}=${value}; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax`;
const CSRF_COOKIE_LINE = `csrf_token_abc=${SECRETS.csrfCookieValue}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax`;
const hasCsrfCookie = (request: IncomingMessage) => (request.headers.cookie ?? '').includes(`csrf_token_abc=${SECRETS.csrfCookieValue}`);
const EXAMPLE_PUBLIC_URL = 'https://accounts.your-company.com/auth';

/** A settings flow like Kratos's, carrying the secrets a real one carries (CSRF token, TOTP secret while enrolling). */
export function flowBody(
	flowId: string,
	identityId: string,
	base: string,
	type: 'api' | 'browser' = flowId === IDS.browserFlow ? 'browser' : 'api',
	options: {traits?: Record<string, unknown>; csrfCookie?: boolean; issuedAt?: number} = {},
): Record<string, any> {
	const flow = flowExample() as Record<string, any>;
	flow.id = flowId;
	flow.type = type;
	flow.identity.id = identityId;
	if (options.traits) flow.identity.traits = options.traits;
	flow.identity.schema_url = `${base}/schemas/ZGVmYXVsdA`;
	flow.request_url = `${base}/self-service/settings/${type}`;
	flow.ui.action = `${base}/self-service/settings?flow=${flowId}`;
	// As Kratos: a browser flow's CSRF token is set, an API flow's only when it was created with the CSRF cookie; the
	// flow lives an hour from its creation (a flow made now, unless the caller knows when it was made).
	flow.ui.nodes[0].attributes.value = type === 'browser' || options.csrfCookie ? SECRETS.csrfToken : '';
	const issued = options.issuedAt ?? (flowId === IDS.expired ? Date.now() - 2 * HOUR : Date.now());
	flow.issued_at = new Date(issued).toISOString();
	flow.expires_at = new Date(issued + HOUR).toISOString();
	flow.ui.nodes.push(
		{
			type: 'img',
			group: 'totp',
			attributes: {src: `data:image/png;base64,${SECRETS.totpSecret}QR`, id: 'totp_qr', width: 256, height: 256, node_type: 'img'},
			messages: [],
			meta: {label: {id: 1050005, text: 'Authenticator app QR code', type: 'info'}},
		},
		{
			type: 'text',
			group: 'totp',
			attributes: {
				text: {id: 1050006, text: SECRETS.totpSecret, type: 'info', context: {secret: SECRETS.totpSecret}},
				id: 'totp_secret_key',
				node_type: 'text',
			},
			messages: [],
			meta: {label: {id: 1050017, text: 'This is your authenticator app secret.', type: 'info'}},
		},
	);
	return flow;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
	status,
	headers: {'content-type': 'application/json', 'cache-control': 'private, no-cache, no-store, must-revalidate', ...headers},
	body: JSON.stringify(body),
});

/** A session the stand-in holds: whose, when it last logged in, at which level. */
export interface StandInSession {
	readonly id: string;
	readonly identity: string;
	authenticatedAt: number;
	aal: 'aal1' | 'aal2';
}

/** The session a request carries: its token, else its cookie; a token that is not a session wins over any cookie, as in Kratos. */
function sessionOf(request: IncomingMessage, sessionCookie: string, state: StandInState): StandInSession | undefined {
	const token = request.headers['x-session-token'];
	if (token) return state.sessions.get(String(token));
	const value = new RegExp(`(?:^|;\\s*)${sessionCookie}=([^;]*)`).exec(request.headers.cookie ?? '')?.[1];
	return value === undefined ? undefined : state.sessions.get(`cookie:${value}`);
}

/** What a stand-in remembers between requests: each identity's traits, as updates change them. */
export interface StandInState {
	readonly traits: Map<string, Record<string, unknown>>;
	/** The sessions, by token (a cookie's by `cookie:<value>`): the three given ones, the cookie's, and those logins make. */
	readonly sessions: Map<string, StandInSession>;
	/** Each identity's password, as the settings flow changed it (else its sentinel). */
	readonly passwords: Map<string, string>;
	/** The login flows made through it. */
	readonly loginFlows: Map<string, LoginFlowState>;
	/** When the given sessions logged in (ms since the epoch): its start, less the age asked for. */
	readonly loggedIn: number;
	/** When this stand-in started: its flows no one created through it exist since then (the expired one 2 h before). */
	readonly started: number;
	/** When each flow id was last created through this stand-in (its issued_at until the next create, as Kratos stores it). */
	readonly created: Map<string, number>;
}

/**
 * The stand-in's selfservice.flows.settings.privileged_session_max_age: 15 minutes, as the project's kratos.yml and Ory's
 * quickstart configurations set it (Kratos's own default is 1h). Its config says so, as a user's variable would.
 */
export const PRIVILEGED_SESSION_MAX_AGE_MS = 15 * 60 * 1000;

const traitsOf = (state: StandInState, identity: string) => state.traits.get(identity) ?? TRAITS[identity] ?? {};

/**
 * A stored flow's issued_at: when it was created, as Kratos sets it once in NewFlow (selfservice/flow/settings/flow.go:
 * `IssuedAt: now`) and serves it from the database ever after; never the time this test module was loaded, which a
 * long run under load leaves minutes behind the suite's own creation of the flow.
 */
const issuedAt = (state: StandInState, flowId: string) => state.created.get(flowId) ?? (flowId === IDS.expired ? state.started - 2 * HOUR : state.started);

/** The faithful answer, per the captures of Kratos v1.3.1. */
function kratosAnswer(asked: Asked, base: string, state: StandInState): Answer {
	const {path, flowId, identity, session, request} = asked;
	const wantsJson = /application\/json/.test(request.headers.accept ?? '');
	// As Kratos with CORS off: its router answers OPTIONS itself, and nosurf sets a CSRF cookie on a non-ignored path.
	if (request.method === 'OPTIONS') {
		return {status: 200, headers: {allow: 'GET, OPTIONS', vary: 'Cookie', 'content-length': '0', ...(!hasCsrfCookie(request) && {'set-cookie': CSRF_COOKIE_LINE})}, body: ''};
	}
	if (path === '/sessions/whoami') {
		if (!session) return json(401, example('noSession'));
		// whoami's default required_aal (highest_available): an AAL1 session of an identity with a second factor is refused.
		if (needsAal2(session)) return json(403, aal2Refusal(base));
		return json(200, sessionBody(session, base, state));
	}
	if (path.startsWith('/self-service/login')) return loginAnswer(asked, base, state);
	if (path === '/schemas/ZGVmYXVsdA') return json(200, STAND_IN_SCHEMA);
	if (path === '/self-service/settings/api' || path === '/self-service/settings/browser') {
		const browser = path.endsWith('/browser');
		const returnTo = new URL(request.url ?? '/', 'http://x').searchParams.get('return_to');
		const navigate = (location: string): Answer => ({
			status: 303,
			headers: {location, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-cache, no-store, must-revalidate'},
			body: `<a href="${location}">See Other</a>.\n\n`,
		});
		// Kratos checks the session, then the AAL, then return_to; the browser endpoint redirects navigations.
		if (!identity) {
			if (browser && !wantsJson) return navigate(`${base}/self-service/login/browser`);
			return json(401, example(browser ? 'sessionInactiveBrowser' : 'sessionInactiveNative'));
		}
		if (needsAal2(session!)) return browser && !wantsJson ? navigate(`${base}/self-service/login/browser?aal=aal2`) : json(403, example('aal2RequiredOnCreate'));
		if (returnTo !== null && !returnTo.startsWith('http://127.0.0.1:4455/')) {
			return browser && !wantsJson ? navigate('http://127.0.0.1:4455/error?id=0') : json(400, example('returnToForbidden'));
		}
		// A create makes a flow now. Kratos gives it a new id; the stand-in has one per type, so the latest create is the
		// flow that id stands for (each run of the suite creates its own at start, however long ago the last run was).
		const id = browser ? IDS.browserFlow : IDS.flow;
		const now = Date.now();
		state.created.set(id, now);
		const flow = flowBody(id, identity, base, browser ? 'browser' : 'api', {traits: traitsOf(state, identity), csrfCookie: hasCsrfCookie(request), issuedAt: now});
		if (browser && !wantsJson) return navigate(`http://127.0.0.1:4455/settings?flow=${flow.id}`);
		// The browser endpoint sets the CSRF cookie its flow's token belongs to.
		return json(200, flow, {'content-type': 'application/json; charset=utf-8', ...(browser && !hasCsrfCookie(request) && {'set-cookie': CSRF_COOKIE_LINE})});
	}
	if (path === '/self-service/settings' && request.method === 'POST') return updateAnswer(asked, base, state);
	if (path !== '/self-service/settings/flows') return json(404, example('notFound'));
	if (!identity) {
		return wantsJson
			? json(401, example('noSession'))
			: {status: 302, headers: {location: 'http://127.0.0.1:4455/login', 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-cache, no-store, must-revalidate'}, body: '<a href="http://127.0.0.1:4455/login">Found</a>.\n\n'};
	}
	const owner = flowId ? owners[flowId] : undefined;
	if (!owner) return json(404, example('notFound'));
	if (owner !== identity) return json(403, example('identityMismatch'));
	// To the settings UI with the flow's id (settings/handler.go:422-423).
	if (needsAal2(session!)) return json(403, aal2Refusal(base, `http://127.0.0.1:4455/settings?flow=${flowId}`));
	if (flowId === IDS.expired) return json(410, example('flowExpired'));
	return json(200, flowBody(flowId!, owner, base, undefined, {traits: traitsOf(state, owner), issuedAt: issuedAt(state, flowId!)}), {'content-type': 'application/json; charset=utf-8'});
}

/** The update, per the captures of Kratos v1.3.1: session → flow id → flow → AAL → expiry → owner → method. */
function updateAnswer({flowId, identity, session, body, request, sessionCookie}: Asked, base: string, state: StandInState): Answer {
	if (!identity || !session) return json(401, example('noSession'));
	if (!flowId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(flowId)) return json(400, example('malformedFlowParameter'));
	const owner = owners[flowId];
	if (!owner) return json(404, example('settingsFlowNotFound'));
	if (needsAal2(session)) return json(403, example('aal2Required'));
	if (flowId === IDS.expired) return json(410, {...example<object>('updateFlowExpired'), use_flow_id: IDS.flow});
	if (owner !== identity) return json(403, example('identityMismatchOnUpdate'));
	const flow = flowBody(flowId, owner, base, undefined, {traits: traitsOf(state, owner), issuedAt: issuedAt(state, flowId)});
	const corrections = (answerFlow: Record<string, any>) => json(400, answerFlow, {'content-type': 'application/json; charset=utf-8'});
	// An API flow submitted by a browser (a Cookie header) is refused with a message, as Kratos's EnsureCSRF does.
	if (flow.type === 'api' && request.headers.cookie) {
		flow.ui.messages = [{id: 4000001, text: 'The HTTP Request Header included the "Cookie" key, indicating that this request was made by a Browser.', type: 'error'}];
		return corrections(flow);
	}
	if (body?.method === 'password') {
		// A session older than the privileged age may change no password; a recent one has the password judged. The
		// refusal names the refresh login, returning to this settings endpoint (settings/error.go:93-104).
		if (Date.now() - session.authenticatedAt > PRIVILEGED_SESSION_MAX_AGE_MS) {
			const returnTo = `${base}/self-service/settings?flow=${flowId}`;
			return json(403, {...example<object>('refreshRequired'), redirect_browser_to: `${base}/self-service/login/browser?refresh=true&return_to=${encodeURIComponent(returnTo)}`});
		}
		const password = typeof body.password === 'string' ? body.password : '';
		const node = (flow.ui.nodes as Record<string, any>[]).find((item) => item.attributes.name === 'password');
		if (node && password.length < 8) {
			node.messages = [{id: 4000032, text: `The password must be at least 8 characters long, but got ${password.length}.`, type: 'error', context: {actual_length: password.length, min_length: 8}}];
			return corrections(flow);
		}
		state.passwords.set(owner, password);
		flow.state = 'success';
		flow.ui.messages = [{id: 1050001, text: 'Your changes have been saved!', type: 'success'}];
		return json(200, flow, {'content-type': 'application/json; charset=utf-8'});
	}
	if (body?.method !== 'profile') return json(404, example('settingsFlowNotFound'));
	const email = body.traits?.email;
	// The profile method validates the traits before it checks CSRF.
	if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) {
		const node = (flow.ui.nodes as Record<string, any>[]).find((item) => item.attributes.name === 'traits.email')!;
		node.attributes.value = email;
		node.messages = [{id: 4000001, text: `${JSON.stringify(email)} is not valid "email"`, type: 'error'}];
		return corrections(flow);
	}
	if (flow.type === 'browser' && (body.csrf_token !== SECRETS.csrfToken || !request.headers.cookie?.includes(SECRETS.csrfCookieValue))) {
		return json(403, example('csrfViolation'));
	}
	state.traits.set(owner, body.traits);
	flow.state = 'success';
	flow.identity.traits = body.traits;
	flow.ui.messages = [{id: 1050001, text: 'Your changes have been saved!', type: 'success'}];
	if (flow.type === 'browser') flow.continue_with = [{action: 'redirect_browser_to', redirect_browser_to: `http://127.0.0.1:4455/settings?flow=${flowId}`}];
	// A browser update re-issues the session cookie, as Kratos does (under another name, with a new value: Ory Network's).
	const reissued = sessionCookie === KRATOS_SESSION_COOKIE ? SECRETS.cookieValue : SECRETS.reissuedCookieValue;
	return json(200, flow, {'content-type': 'application/json; charset=utf-8', ...(flow.type === 'browser' && {'set-cookie': sessionCookieLine(sessionCookie, reissued)})});
}

/** An AAL1 session of the identity with a second factor: held to aal2 (highest_available), as Kratos's default is. */
const needsAal2 = (session: StandInSession) => session.identity === IDS.aal1 && session.aal !== 'aal2';

/** 403 session_aal2_required naming the second-factor login, returning to `returnTo` when given (session/manager_http.go:298-306). */
function aal2Refusal(base: string, returnTo?: string): Record<string, any> {
	const error = example<Record<string, any>>('aal2RequiredOnCreate');
	const login = `${base}/self-service/login/browser?aal=aal2${returnTo ? `&return_to=${encodeURIComponent(returnTo)}` : ''}`;
	return {...error, error: {...error.error, details: {redirect_browser_to: login}}, redirect_browser_to: login};
}

/** A session as whoami and a login answer it (an AAL1 session of the identity with a second factor shows no identity to a login). */
function sessionBody(session: StandInSession, base: string, state: StandInState, withIdentity = true): Record<string, any> {
	const at = new Date(session.authenticatedAt).toISOString();
	return {
		id: session.id,
		active: true,
		expires_at: new Date(session.authenticatedAt + 24 * HOUR).toISOString(),
		authenticated_at: at,
		authenticator_assurance_level: session.aal,
		authentication_methods: [{method: 'password', aal: 'aal1', completed_at: at}, ...(session.aal === 'aal2' ? [{method: 'totp', aal: 'aal2', completed_at: at}] : [])],
		issued_at: at,
		identity: withIdentity ? {id: session.identity, schema_id: 'default', schema_url: `${base}/schemas/ZGVmYXVsdA`, state: 'active', traits: traitsOf(state, session.identity)} : null,
	};
}

/** What a login flow is, as the stand-in stored it. */
export interface LoginFlowState {
	readonly id: string;
	readonly type: 'api' | 'browser';
	readonly refresh: boolean;
	readonly aal: 'aal1' | 'aal2';
	readonly returnTo: string | undefined;
	readonly issuedAt: number;
	readonly requestUrl: string;
	/** The identifier a refresh flow pre-fills: the session identity's. */
	readonly identifier: string | undefined;
}

const LOGIN_LIFESPAN_MS = 10 * 60 * 1000;
const emailOf = (state: StandInState, identity: string) => String(traitsOf(state, identity).email ?? '');
const input = (name: string, type: string, group: string, value?: string, label?: [number, string]) => ({
	type: 'input',
	group,
	attributes: {name, type, ...(value !== undefined && {value}), ...(type === 'password' && {required: true, autocomplete: 'current-password'}), disabled: false, node_type: 'input'},
	messages: [],
	meta: label ? {label: {id: label[0], text: label[1], type: 'info'}} : {},
});

/** A login flow as Kratos v1.3.1 answers it: a refresh pre-fills the identifier, a second factor asks for a TOTP code. */
function loginFlowBody(flow: LoginFlowState, base: string, messages: readonly Record<string, unknown>[] = []): Record<string, any> {
	const nodes = [
		{...input('csrf_token', 'hidden', 'default', flow.type === 'browser' ? SECRETS.csrfToken : ''), attributes: {name: 'csrf_token', type: 'hidden', value: flow.type === 'browser' ? SECRETS.csrfToken : '', required: true, disabled: false, node_type: 'input'}},
		...(flow.aal === 'aal2'
			? [input('totp_code', 'text', 'totp', undefined, [1010006, 'Authentication code']), input('method', 'submit', 'totp', 'totp', [1010009, 'Use Authenticator'])]
			: [
					input('identifier', flow.refresh ? 'hidden' : 'text', 'default', flow.refresh ? flow.identifier : '', flow.refresh ? undefined : [1070004, 'ID']),
					input('password', 'password', 'password', undefined, [1070001, 'Password']),
					input('method', 'submit', 'password', 'password', [1010001, 'Sign in']),
				]),
	];
	const info = flow.refresh ? [{id: 1010003, text: 'Please confirm this action by verifying that it is you.', type: 'info'}] : flow.aal === 'aal2' ? [{id: 1010004, text: 'Please complete the second authentication challenge.', type: 'info'}] : [];
	return {
		id: flow.id,
		organization_id: null,
		type: flow.type,
		expires_at: new Date(flow.issuedAt + LOGIN_LIFESPAN_MS).toISOString(),
		issued_at: new Date(flow.issuedAt).toISOString(),
		request_url: flow.requestUrl,
		...(flow.returnTo !== undefined && {return_to: flow.returnTo}),
		ui: {action: `${base}/self-service/login?flow=${flow.id}`, method: 'POST', nodes, messages: messages.length ? messages : info},
		created_at: new Date(flow.issuedAt).toISOString(),
		updated_at: new Date(flow.issuedAt).toISOString(),
		refresh: flow.refresh,
		requested_aal: flow.aal,
		state: 'choose_method',
	};
}

const LOGIN_JSON = {'content-type': 'application/json; charset=utf-8'};

/**
 * The login endpoints as Kratos v1.3.1 answers them (login/handler.go): creating a flow (refresh only with a session,
 * aal2 only with one below it, else 400 session_already_available) and submitting it: the session's own password in a
 * refresh flow refreshes that session (same token, later authenticated_at), another identity's makes a brand-new
 * session of that identity (handler.go:874-877), a TOTP code of the AAL1 identity's secret raises its session to aal2.
 */
function loginAnswer(asked: Asked, base: string, state: StandInState): Answer {
	const {path, request, session, body} = asked;
	const query = new URL(request.url ?? '/', 'http://x').searchParams;
	if (request.method === 'GET' && (path === '/self-service/login/api' || path === '/self-service/login/browser')) {
		const type = path.endsWith('/browser') ? 'browser' : 'api';
		const aal = query.get('aal') === 'aal2' ? 'aal2' : 'aal1';
		const refresh = Boolean(session) && query.get('refresh') === 'true';
		const returnTo = query.get('return_to') ?? undefined;
		if (returnTo !== undefined && !returnTo.startsWith(`${base}/`) && !returnTo.startsWith('http://127.0.0.1:4455/')) return json(400, example('returnToForbidden'));
		if (!session && aal === 'aal2') return json(401, example('aal1Required'));
		if (session && !refresh && (aal === 'aal1' || session.aal === 'aal2')) return json(400, example('sessionAlreadyAvailable'));
		const flow: LoginFlowState = {
			id: crypto.randomUUID(),
			type,
			refresh,
			aal,
			returnTo,
			issuedAt: Date.now(),
			requestUrl: `${base}${path}${query.size ? `?${query}` : ''}`,
			identifier: refresh ? emailOf(state, session!.identity) : undefined,
		};
		state.loginFlows.set(flow.id, flow);
		const csrfCookie = type === 'browser' && !hasCsrfCookie(request) && {'set-cookie': CSRF_COOKIE_LINE};
		// A browser navigation goes to the login UI with the new flow's id (login/handler.go, AcceptToRedirectOrJSON).
		if (type === 'browser' && !/application\/json/.test(request.headers.accept ?? '')) {
			const location = `http://127.0.0.1:4455/login?flow=${flow.id}`;
			return {status: 303, headers: {location, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-cache, no-store, must-revalidate', ...csrfCookie}, body: `<a href="${location}">See Other</a>.\n\n`};
		}
		return json(200, loginFlowBody(flow, base), {...LOGIN_JSON, ...csrfCookie});
	}
	if (request.method !== 'POST' || path !== '/self-service/login') return json(404, example('notFound'));
	const flow = state.loginFlows.get(query.get('flow') ?? '');
	if (!flow) return json(404, example('notFound'));
	if (!session && flow.aal === 'aal2') return json(401, example('aal1Required'));
	if (flow.type === 'browser' && (body?.csrf_token !== SECRETS.csrfToken || !hasCsrfCookie(request))) return json(403, example('csrfViolation'));
	if (Date.now() > flow.issuedAt + LOGIN_LIFESPAN_MS) {
		const expiredAt = new Date(flow.issuedAt + LOGIN_LIFESPAN_MS).toISOString();
		const renewed: LoginFlowState = {...flow, id: crypto.randomUUID(), issuedAt: Date.now()};
		state.loginFlows.set(renewed.id, renewed);
		return json(410, {
			error: {id: 'self_service_flow_expired', code: 410, status: 'Gone', reason: 'The self-service flow expired 120.00 minutes ago, initialize a new one.', message: 'self-service flow expired'},
			expired_at: expiredAt,
			since: 7_200_000_000_000,
			use_flow_id: renewed.id,
		});
	}
	const corrections = (id: number, text: string) => json(400, loginFlowBody(flow, base, [{id, text, type: 'error'}]), LOGIN_JSON);
	const signedIn = (signed: StandInSession, token: string | undefined, cookie: string | undefined) =>
		json(
			200,
			{
				...(flow.type === 'api' && {session_token: token}),
				session: sessionBody(signed, base, state, !needsAal2(signed)),
				continue_with: flow.type === 'browser' ? [{action: 'redirect_browser_to', redirect_browser_to: flow.returnTo ?? 'http://127.0.0.1:4455/'}] : null,
			},
			{...LOGIN_JSON, ...(flow.type === 'browser' && cookie && {'set-cookie': sessionCookieLine(asked.sessionCookie, cookie)})},
		);
	if (body?.method === 'totp') {
		if (flow.aal !== 'aal2' || !session) return corrections(4010002, 'Could not find a strategy to log you in with.');
		const totp = new OTPAuth.TOTP({secret: OTPAuth.Secret.fromBase32(SECRETS.aal1TotpSecret), digits: 6, period: 30});
		if (session.identity !== IDS.aal1 || totp.validate({token: String(body.totp_code ?? ''), window: 1}) === null) return corrections(4000008, 'The provided authentication code is invalid, please try again.');
		session.aal = 'aal2';
		session.authenticatedAt = Date.now();
		return signedIn(session, tokenOf(state, session), undefined);
	}
	if (body?.method !== 'password') return corrections(4010002, 'Could not find a strategy to log you in with.');
	const identity = Object.keys(TRAITS).find((id) => emailOf(state, id) === String(body.identifier ?? '').trim().toLowerCase());
	const password = identity && (state.passwords.get(identity) ?? PASSWORDS[identity]);
	if (!identity || body.password !== password) return corrections(4000006, 'The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.');
	// The session's own identity in a refresh flow: that session, authenticated again.
	if (session && session.identity === identity) {
		session.authenticatedAt = Date.now();
		return signedIn(session, tokenOf(state, session), flow.type === 'browser' ? SECRETS.cookieValue : undefined);
	}
	// Anyone else (or no session): a completely fresh session of that identity.
	const count = state.sessions.size;
	const fresh: StandInSession = {id: crypto.randomUUID(), identity, authenticatedAt: Date.now(), aal: 'aal1'};
	const token = `${SECRETS.newToken}${String(count).padStart(10, '0')}`;
	state.sessions.set(token, fresh);
	if (flow.type === 'browser') state.sessions.set(`cookie:${SECRETS.newCookieValue}${count}`, fresh);
	return signedIn(fresh, token, `${SECRETS.newCookieValue}${count}`);
}

/** The token a session is held under (its cookie's key aside). */
const tokenOf = (state: StandInState, session: StandInSession) => [...state.sessions].find(([key, held]) => held === session && !key.startsWith('cookie:'))?.[0];

/** Each identity's password until the settings flow changes it. */
const PASSWORDS: Readonly<Record<string, string>> = {[IDS.owner]: SECRETS.testPassword, [IDS.other]: SECRETS.otherPassword, [IDS.aal1]: SECRETS.aal1Password};

export interface StandIn {
	readonly url: string;
	readonly server: TestServer;
	/** A live-target configuration with every optional input set, pointing here. */
	readonly config: LiveConfig;
	close(): Promise<void>;
}

export interface StandInOptions {
	readonly timeoutMs?: number;
	readonly allowWrites?: boolean;
	/**
	 * How long ago the sessions logged in. Older than the stand-in's privileged_session_max_age (15 minutes), a password
	 * change is refused for the session's age (403 session_refresh_required). @default 0
	 */
	readonly sessionAgeMs?: number;
	/** Awaited before each answer is sent (a slow server), and told when it was (the order of events in a test). */
	readonly slow?: {readonly before: (asked: Asked) => Promise<void>; readonly sent?: (asked: Asked) => void};
	/**
	 * Where it serves and how it names its session cookie, when not as the project's local Kratos does
	 * (http://127.0.0.1:<port>/auth, ory_kratos_session): e.g. Ory Network's differences (test/mutation/ory-network.ts).
	 */
	readonly serve?: {
		/** The host name in its URL (it listens on 127.0.0.1): `localhost` reads like a domain. @default 127.0.0.1 */
		readonly host?: string;
		/** The path its public API is under. @default /auth */
		readonly basePath?: string;
		/** The session cookie's name. @default ory_kratos_session */
		readonly sessionCookie?: string;
		/**
		 * CORS of its own, as a CORS layer in front of Kratos answers (rs/cors, Ory Network's): an Origin listed is granted
		 * with credentials; any other gets no grant, and its preflight a 204 with no Access-Control-Allow-Origin.
		 */
		readonly corsOrigins?: readonly string[];
	};
}

export async function startStandIn(fault?: Fault, options: StandInOptions = {}): Promise<StandIn> {
	const server = await startServer();
	const basePath = options.serve?.basePath ?? '/auth';
	const sessionCookie = options.serve?.sessionCookie ?? KRATOS_SESSION_COOKIE;
	const origin = options.serve?.host ? server.url.replace('127.0.0.1', options.serve.host) : server.url;
	const base = `${origin}${basePath}`;
	// The sessions logged in when the stand-in started (minus the age asked for), not when this module was loaded.
	const started = Date.now();
	const loggedIn = started - (options.sessionAgeMs ?? 0);
	const sessionFor = (id: string, identity: string): StandInSession => ({id, identity, authenticatedAt: loggedIn, aal: 'aal1'});
	const browser = sessionFor('8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e', IDS.owner);
	const state: StandInState = {
		traits: new Map(),
		sessions: new Map([
			[SECRETS.owner, sessionFor('5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b', IDS.owner)],
			[SECRETS.other, sessionFor('6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c', IDS.other)],
			[SECRETS.aal1, sessionFor('7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', IDS.aal1)],
			// The browser's session: another session of the owner, under its cookie and the value a saved update re-issues.
			[`cookie:${SECRETS.cookieValue}`, browser],
			[`cookie:${SECRETS.reissuedCookieValue}`, browser],
		]),
		passwords: new Map(),
		// A login flow long past its lifespan.
		loginFlows: new Map([[IDS.expiredLogin, {id: IDS.expiredLogin, type: 'api', refresh: false, aal: 'aal1', returnTo: undefined, issuedAt: started - 2 * HOUR, requestUrl: '', identifier: undefined} satisfies LoginFlowState]]),
		loggedIn,
		started,
		created: new Map(),
	};
	server.handle(async (request, response) => {
		const url = new URL(request.url ?? '/', server.url);
		if (!url.pathname.startsWith(`${basePath}/`)) {
			response.writeHead(404).end();
			return;
		}
		let text = '';
		for await (const chunk of request) text += chunk;
		let body: Record<string, any> | undefined;
		try {
			body = text ? JSON.parse(text) : undefined;
		} catch {
			body = undefined;
		}
		const flowId = url.searchParams.get('id') ?? url.searchParams.get('flow');
		const session = sessionOf(request, sessionCookie, state);
		const asked: Asked = {base, path: url.pathname.slice(basePath.length), flowId, body, identity: session?.identity, session, request, state, sessionCookie};
		// The spec's examples name accounts.your-company.com; a faithful stand-in names its own public URL, as Kratos does.
		const faithful = options.serve?.corsOrigins ? withCors(kratosAnswer(asked, base, state), request, options.serve.corsOrigins) : kratosAnswer(asked, base, state);
		faithful.body = faithful.body.replaceAll(EXAMPLE_PUBLIC_URL, base);
		const answer = fault ? fault(faithful, asked) : faithful;
		if (answer === 'hang') return; // never answers; the server closes the socket at teardown
		await options.slow?.before(asked);
		response.writeHead(answer.status, answer.headers);
		response.end(answer.body);
		options.slow?.sent?.(asked);
	});
	return {
		url: base,
		server,
		config: {
			name: 'stand-in',
			publicUrl: base,
			sessionToken: SECRETS.owner,
			cookie: sessionCookie === KRATOS_SESSION_COOKIE ? COOKIE : `${sessionCookie}=${SECRETS.cookieValue}; csrf_token_abc=${SECRETS.csrfCookieValue}`,
			otherSessionToken: SECRETS.other,
			expiredFlowId: IDS.expired,
			aal1SessionToken: SECRETS.aal1,
			aal1FlowId: IDS.aal1Flow,
			testPassword: SECRETS.testPassword,
			aal1TotpSecret: SECRETS.aal1TotpSecret,
			// What only a Kratos the suite provisioned knows: the step-up then raises a session of its own.
			otherLogin: {identifier: 'other@your-company.com', password: SECRETS.otherPassword},
			aal1Login: {identifier: 'aal1@your-company.com', password: SECRETS.aal1Password},
			expiredLoginFlowId: IDS.expiredLogin,
			allowWrites: options.allowWrites,
			testIdentityId: options.allowWrites ? IDS.owner : undefined,
			privilegedSessionMaxAgeMs: PRIVILEGED_SESSION_MAX_AGE_MS,
			timeoutMs: options.timeoutMs ?? 5000,
		},
		close: () => server.close(),
	};
}

/**
 * A CORS layer in front of the answer, as rs/cors (Kratos's, Ory Network's) answers: a listed Origin is granted with
 * credentials; a preflight is answered by the layer itself (204), with no grant for an Origin not listed.
 */
function withCors(answer: Answer, request: IncomingMessage, allowed: readonly string[]): Answer {
	const origin = request.headers.origin;
	if (!origin) return answer;
	const granted = allowed.includes(origin);
	const grant = granted ? {'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true'} : {};
	if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
		const methods = granted ? {'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE', 'access-control-allow-headers': request.headers['access-control-request-headers'] ?? ''} : {};
		return {status: 204, headers: {vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers', ...grant, ...methods}, body: ''};
	}
	return {...answer, headers: {...answer.headers, vary: 'Origin', ...grant}};
}

export {IDS as STAND_IN_IDS};

/**
 * The variables the command reads for a stand-in staging, every optional input set (writes only when asked). The AAL1
 * identity's TOTP secret only when asked too: with writes, the step-up raises the stand-in's AAL1 session to AAL2 for
 * good, and a later run against the same stand-in is refused it, as a staging's is.
 */
export function standInVariables(standIn: StandIn, options: {writes?: boolean; stepUp?: boolean} = {}): Record<string, string> {
	const {config} = standIn;
	return {
		KRATOS_PUBLIC_URL: config.publicUrl,
		KRATOS_SESSION_TOKEN: config.sessionToken!,
		KRATOS_COOKIE: config.cookie!,
		KRATOS_OTHER_SESSION_TOKEN: config.otherSessionToken!,
		KRATOS_EXPIRED_FLOW_ID: config.expiredFlowId!,
		KRATOS_AAL1_SESSION_TOKEN: config.aal1SessionToken!,
		KRATOS_AAL1_FLOW_ID: config.aal1FlowId!,
		KRATOS_TEST_PASSWORD: config.testPassword!,
		...(options.stepUp && {KRATOS_AAL1_TOTP_SECRET: config.aal1TotpSecret!}),
		...(options.writes && {KRATOS_ALLOW_WRITES: '1', KRATOS_TEST_IDENTITY_ID: IDS.owner}),
		KRATOS_PRIVILEGED_SESSION_MAX_AGE: '15m',
		KRATOS_TIMEOUT_MS: '5000',
	};
}
