// A live Kratos public API: a user's staging, or the local Kratos the kratos target starts. Sends only
// GET /sessions/whoami, GET /self-service/settings/api and GET /self-service/settings/flows: nothing that changes
// an identity. Each case whose input is missing is skipped, naming the variable that would enable it.
import {randomUUID} from 'node:crypto';
import type {SettingsFlow} from '../../src/index.js';
import {FORBIDDEN_RETURN_TO} from '../operations/create-settings-flow.js';
import {type Provocations, type Target, TargetError, type Truth} from './types.js';

export interface LiveConfig {
	/** Kratos's public URL, path prefix included (KRATOS_PUBLIC_URL). */
	readonly publicUrl: string;
	/** A session token (KRATOS_SESSION_TOKEN); this or `cookie` is required. */
	readonly sessionToken?: string | undefined;
	/** A Cookie header with a session cookie of the same identity as the token (KRATOS_COOKIE). */
	readonly cookie?: string | undefined;
	/** The flow to fetch with the cookie (a browser flow); defaults to the token's flow. */
	readonly cookieFlowId?: string | undefined;
	/** Use this flow instead of creating one (KRATOS_SETTINGS_FLOW_ID). */
	readonly settingsFlowId?: string | undefined;
	/** Another identity's session token: enables other_identity (KRATOS_OTHER_SESSION_TOKEN). */
	readonly otherSessionToken?: string | undefined;
	/** An expired flow of the same identity: enables expired_flow (KRATOS_EXPIRED_FLOW_ID). */
	readonly expiredFlowId?: string | undefined;
	/** An AAL1 session of an identity with a second factor, and a flow of it: enable aal2_required. */
	readonly aal1SessionToken?: string | undefined;
	readonly aal1FlowId?: string | undefined;
	/**
	 * Run the update cases that change nothing or put back what they change (KRATOS_ALLOW_WRITES=1, and
	 * KRATOS_TEST_IDENTITY_ID naming the session's identity: a dedicated test identity). @default false
	 */
	readonly allowWrites?: boolean | undefined;
	/** The identity the writes may touch; must be the session's (KRATOS_TEST_IDENTITY_ID). */
	readonly testIdentityId?: string | undefined;
	/**
	 * Kratos's serve.public.base_url, when the suite reaches Kratos by another URL (KRATOS_ADVERTISED_URL): where the
	 * URLs in its answers must point. @default publicUrl
	 */
	readonly advertisedUrl?: string | undefined;
	/** selfservice.flows.settings.lifespan in ms, when known (the local Kratos): flows must live exactly that long. */
	readonly lifespanMs?: number | undefined;
	/** Plain http:// to a host that is not loopback (KRATOS_ALLOW_INSECURE_HTTP=1). @default false */
	readonly allowInsecureHttp?: boolean | undefined;
	/** Per request. @default 10000 */
	readonly timeoutMs?: number | undefined;
	/** Name shown in reports. @default 'live' */
	readonly name?: string | undefined;
}

/** Reads the documented environment variables; throws a TargetError naming what is missing or wrong. */
export function liveConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LiveConfig {
	const value = (name: string) => env[name]?.trim() || undefined;
	const publicUrl = value('KRATOS_PUBLIC_URL');
	if (!publicUrl) throw new TargetError('KRATOS_PUBLIC_URL is not set: the public URL of the Kratos to test, e.g. https://accounts.example.com/auth');
	const timeout = value('KRATOS_TIMEOUT_MS');
	if (timeout !== undefined && !(Number(timeout) > 0)) throw new TargetError('KRATOS_TIMEOUT_MS must be a positive number of milliseconds');
	return {
		publicUrl,
		sessionToken: value('KRATOS_SESSION_TOKEN'),
		cookie: value('KRATOS_COOKIE'),
		settingsFlowId: value('KRATOS_SETTINGS_FLOW_ID'),
		otherSessionToken: value('KRATOS_OTHER_SESSION_TOKEN'),
		expiredFlowId: value('KRATOS_EXPIRED_FLOW_ID'),
		aal1SessionToken: value('KRATOS_AAL1_SESSION_TOKEN'),
		aal1FlowId: value('KRATOS_AAL1_FLOW_ID'),
		allowInsecureHttp: value('KRATOS_ALLOW_INSECURE_HTTP') === '1',
		allowWrites: value('KRATOS_ALLOW_WRITES') === '1',
		testIdentityId: value('KRATOS_TEST_IDENTITY_ID'),
		advertisedUrl: value('KRATOS_ADVERTISED_URL'),
		timeoutMs: timeout === undefined ? undefined : Number(timeout),
	};
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Checks the URL before anything is sent: absolute http(s), no credentials, no plain http off this machine. */
export function checkPublicUrl(publicUrl: string, allowInsecureHttp = false): string {
	let url: URL;
	try {
		url = new URL(publicUrl);
	} catch {
		throw new TargetError(`KRATOS_PUBLIC_URL "${publicUrl}" is not an absolute URL such as https://accounts.example.com/auth`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TargetError(`KRATOS_PUBLIC_URL must be http(s), not ${url.protocol}`);
	if (url.username || url.password) throw new TargetError('KRATOS_PUBLIC_URL must not carry credentials (user:password@)');
	if (url.search || url.hash) throw new TargetError('KRATOS_PUBLIC_URL must not have a query or fragment');
	if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && !allowInsecureHttp) {
		throw new TargetError(
			`Refusing to send session tokens over plain http to ${url.host}: use https, or set KRATOS_ALLOW_INSECURE_HTTP=1 if you accept that risk`,
		);
	}
	return publicUrl.replace(/\/+$/, '');
}

/** One JSON request to Kratos, never following a redirect; the body parsed when it is JSON. */
export async function kratosRequest(
	url: string,
	options: {method?: string; body?: unknown; sessionToken?: string | undefined; cookie?: string | undefined; timeoutMs: number},
): Promise<{status: number; body: Record<string, any> | undefined; response: Response}> {
	const headers: Record<string, string> = {Accept: 'application/json'};
	if (options.body !== undefined) headers['Content-Type'] = 'application/json';
	if (options.sessionToken) headers['X-Session-Token'] = options.sessionToken;
	if (options.cookie) headers.Cookie = options.cookie;
	const response = await fetch(url, {
		method: options.method ?? 'GET',
		headers,
		body: options.body === undefined ? null : JSON.stringify(options.body),
		redirect: 'manual',
		signal: AbortSignal.timeout(options.timeoutMs),
	});
	const text = await response.text();
	let body: Record<string, any> | undefined;
	try {
		body = JSON.parse(text) as Record<string, any>;
	} catch {
		body = undefined;
	}
	return {status: response.status, body, response};
}

const describeFailure = (error: unknown) => {
	// undici puts the useful part (ECONNREFUSED, "bad port") in `cause`.
	const cause = (error as {cause?: {code?: string; message?: string}})?.cause;
	if ((error as Error)?.name === 'TimeoutError') return 'no answer in time';
	return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
};

export function liveTarget(config: LiveConfig): Target {
	const timeoutMs = config.timeoutMs ?? 10_000;
	let baseUrl = '';
	let identityId: string | undefined;
	let traits: Record<string, unknown> = {};
	/** When the suite created its flow (undefined for the user's KRATOS_SETTINGS_FLOW_ID, of which it knows less). */
	let created: {after: number; before: number} | undefined;
	let flowId: string | undefined;
	type Credentials = {sessionToken?: string | undefined; cookie?: string | undefined};
	const own: Credentials = {sessionToken: config.sessionToken, cookie: config.cookie};
	// One credential for the cases that need "a session": the token when there is one.
	const ownCredentials: Credentials = config.sessionToken ? {sessionToken: config.sessionToken} : {cookie: config.cookie};

	return {
		name: config.name ?? 'live',
		kind: 'live',
		timeoutMs,
		get baseUrl() {
			return baseUrl;
		},
		secrets: [config.sessionToken, config.cookie, config.otherSessionToken, config.aal1SessionToken].filter(
			(secret): secret is string => Boolean(secret),
		),
		async start() {
			baseUrl = checkPublicUrl(config.publicUrl, config.allowInsecureHttp);
			if (!config.sessionToken && !config.cookie) {
				throw new TargetError('Set KRATOS_SESSION_TOKEN (or KRATOS_COOKIE): the suite needs one active session');
			}
			const step = async (what: string, path: string, auth: Credentials) => {
				try {
					return await kratosRequest(`${baseUrl}${path}`, {...auth, timeoutMs});
				} catch (error) {
					throw new TargetError(`Cannot reach ${baseUrl} (${what}): ${describeFailure(error)}`);
				}
			};
			const whoami = await step('GET /sessions/whoami', '/sessions/whoami', own);
			if (whoami.status !== 200 || typeof whoami.body?.identity?.id !== 'string') {
				const credential = config.sessionToken ? 'KRATOS_SESSION_TOKEN' : 'KRATOS_COOKIE';
				throw new TargetError(
					`${credential} is not an active session here: GET /sessions/whoami answered ${whoami.status}` +
						(whoami.status === 404 ? ' (is KRATOS_PUBLIC_URL the public API, with its path prefix?)' : ''),
				);
			}
			identityId = whoami.body.identity.id;
			traits = whoami.body.identity.traits ?? {};
			if (config.allowWrites && config.testIdentityId !== identityId) {
				throw new TargetError(
					config.testIdentityId
						? 'KRATOS_TEST_IDENTITY_ID is not the identity of the session: the update cases write only to the dedicated test identity it names'
						: 'KRATOS_ALLOW_WRITES needs KRATOS_TEST_IDENTITY_ID: the id of the dedicated test identity the session belongs to',
				);
			}
			if (config.settingsFlowId) {
				flowId = config.settingsFlowId;
				return;
			}
			const before = Date.now();
			const init = await step('GET /self-service/settings/api', '/self-service/settings/api', ownCredentials);
			created = {after: before, before: Date.now()};
			if (init.status !== 200 || typeof init.body?.id !== 'string') {
				const id = init.body?.error?.id;
				throw new TargetError(
					`Could not create a settings flow: GET /self-service/settings/api answered ${init.status}${id ? ` (${id})` : ''}; ` +
						'set KRATOS_SETTINGS_FLOW_ID to use an existing flow',
				);
			}
			flowId = init.body.id;
		},
		get advertisedUrl() {
			return config.advertisedUrl?.replace(/\/+$/, '');
		},
		provoke: provocations(config, () => ({flowId: flowId!, identityId, traits, baseUrl, timeoutMs, created}), ownCredentials),
		async stop() {},
	};
}

const cannot = (why: string) => () => ({skip: why});

const otherIdentities = new WeakMap<LiveConfig, Promise<string | undefined>>();

/**
 * The identity of KRATOS_OTHER_SESSION_TOKEN (a safe GET /sessions/whoami, once), so that a flow handed to it can be
 * told from its own: no answer to that session may carry the owner's flow.
 */
function otherIdentityOf(config: LiveConfig, known: () => Known): Promise<string | undefined> {
	let found = otherIdentities.get(config);
	if (!found) {
		const {baseUrl, timeoutMs} = known();
		found = kratosRequest(`${baseUrl}/sessions/whoami`, {sessionToken: config.otherSessionToken, timeoutMs}).then(
			({body}) => (typeof body?.identity?.id === 'string' ? (body.identity.id as string) : undefined),
			() => undefined,
		);
		otherIdentities.set(config, found);
	}
	return found;
}
const NO_FAILURE_ON_PURPOSE = 'a live server cannot be made to fail on purpose';

/** How a live server is brought into each situation; the inputs a user did not give skip their case, named. */
function provocations(
	config: LiveConfig,
	known: () => Known,
	ownCredentials: {sessionToken?: string | undefined; cookie?: string | undefined},
): Provocations {
	const own = () => ({input: {id: known().flowId}, truth: ownTruth(config, known())});
	const otherIdentity = () => otherIdentityOf(config, known);
	const browserCredentials = config.cookie ? {cookie: config.cookie} : ownCredentials;
	return {
		own_flow: () => (config.sessionToken ? {...own(), sessionToken: config.sessionToken} : {skip: 'set KRATOS_SESSION_TOKEN to enable'}),
		own_flow_cookie: () => {
			if (!config.cookie) return {skip: 'set KRATOS_COOKIE to enable'};
			// Kratos does not tie a flow's type to the credential: the suite's API flow read with the browser's cookie.
			if (!config.cookieFlowId) return {...own(), cookie: config.cookie};
			return {input: {id: config.cookieFlowId}, truth: {flowId: config.cookieFlowId, identityId: known().identityId, traits: known().traits}, cookie: config.cookie};
		},
		no_session: () => ({input: {id: known().flowId}}),
		no_session_navigation: () => ({input: {id: known().flowId}, headers: {Accept: 'text/html'}}),
		token_is_final: () =>
			config.cookie
				? {input: {id: known().flowId}, cookie: config.cookie, sessionToken: `ory_st_${randomUUID().replaceAll('-', '')}`}
				: {skip: 'set KRATOS_COOKIE (a session cookie of the same identity) to enable'},
		no_session_unknown_flow: () => ({input: {id: randomUUID()}}),
		other_identity: async () =>
			config.otherSessionToken
				? {input: {id: known().flowId}, sessionToken: config.otherSessionToken, truth: {identityId: await otherIdentity()}}
				: {skip: "set KRATOS_OTHER_SESSION_TOKEN (another identity's session) to enable"},
		unknown_flow: () => ({input: {id: randomUUID()}, ...ownCredentials}),
		malformed_id: () => ({input: {id: 'not-a-uuid'}, ...ownCredentials}),
		expired_flow: () =>
			config.expiredFlowId
				? {input: {id: config.expiredFlowId}, ...ownCredentials}
				: {skip: "set KRATOS_EXPIRED_FLOW_ID (an expired flow of the session's identity) to enable"},
		aal2_required: () =>
			config.aal1SessionToken && config.aal1FlowId
				? {input: {id: config.aal1FlowId}, sessionToken: config.aal1SessionToken}
				: {skip: 'set KRATOS_AAL1_SESSION_TOKEN and KRATOS_AAL1_FLOW_ID (an AAL1 session of an identity with a second factor, and its flow) to enable'},
		server_error: cannot(NO_FAILURE_ON_PURPOSE),
		create_native_server_error: cannot(NO_FAILURE_ON_PURPOSE),
		create_browser_server_error: cannot(NO_FAILURE_ON_PURPOSE),
		// Creating a flow is a safe GET: it stores a flow and changes no identity.
		create_native: () => ({input: {}, ...ownCredentials, truth: newFlowTruth(config, known(), 'api')}),
		create_native_no_session: () => ({input: {}}),
		create_native_return_to_forbidden: () => ({input: {returnTo: FORBIDDEN_RETURN_TO}, ...ownCredentials}),
		create_native_aal2_required: () =>
			config.aal1SessionToken
				? {input: {}, sessionToken: config.aal1SessionToken}
				: {skip: 'set KRATOS_AAL1_SESSION_TOKEN (an AAL1 session of an identity with a second factor) to enable'},
		// Kratos accepts a session token on the browser endpoint too; the cookie is what browsers send.
		create_browser: () => ({input: {}, ...browserCredentials, truth: newFlowTruth(config, known(), 'browser')}),
		create_browser_navigation: () => ({input: {}, ...browserCredentials, headers: {Accept: 'text/html'}}),
		create_browser_no_session: () => ({input: {}}),
		create_browser_return_to_forbidden: () => ({input: {returnTo: FORBIDDEN_RETURN_TO}, ...browserCredentials}),
		create_browser_aal2_required: () =>
			config.aal1SessionToken
				? {input: {}, sessionToken: config.aal1SessionToken}
				: {skip: 'set KRATOS_AAL1_SESSION_TOKEN (an AAL1 session of an identity with a second factor) to enable'},
		...updates(config, known, ownCredentials),
	};
}

/** What the live target learnt at start: the session's identity, and the flow it created (or was given). */
interface Known {
	readonly flowId: string;
	readonly identityId: string | undefined;
	readonly traits: Record<string, unknown>;
	readonly baseUrl: string;
	readonly timeoutMs: number;
	readonly created: {after: number; before: number} | undefined;
}

/** The suite's own flow: fresh, of type api, created at a known time (all unknown for KRATOS_SETTINGS_FLOW_ID). */
function ownTruth(config: LiveConfig, known: Known): Truth {
	const ours = known.created !== undefined;
	return {
		flowId: known.flowId,
		identityId: known.identityId,
		traits: known.traits,
		...(ours && {flowType: 'api', state: 'show_form', created: known.created, lifespanMs: config.lifespanMs}),
	};
}

/** A flow this very request creates. */
const newFlowTruth = (config: LiveConfig, known: Known, flowType: 'api' | 'browser'): Truth => ({
	identityId: known.identityId,
	traits: known.traits,
	flowType,
	state: 'show_form',
	created: 'by-this-request',
	lifespanMs: config.lifespanMs,
});

const WRITES_OFF =
	'writes to an identity: set KRATOS_ALLOW_WRITES=1 and KRATOS_TEST_IDENTITY_ID (a dedicated test identity) to enable';
const LOCAL_ONLY = (what: string) => cannot(`${what}: runs against the local Kratos (npm run contract:kratos), never against staging`);

type Updates = Pick<Provocations, Extract<keyof Provocations, `update_${string}`>>;

/**
 * The update cases on a live server: only with the opt-in, and only those that change nothing (rejected, or the
 * profile submitted unchanged). Those that change credentials run against the local Kratos only.
 */
function updates(
	config: LiveConfig,
	known: () => Known,
	ownCredentials: {sessionToken?: string | undefined; cookie?: string | undefined},
): Updates {
	const off = cannot(WRITES_OFF);
	const otherIdentity = () => otherIdentityOf(config, known);
	if (!config.allowWrites) {
		return {
			update_profile: off,
			update_browser: off,
			update_password: off,
			update_totp: off,
			update_lookup_secret: off,
			update_corrections: off,
			update_no_session: off,
			update_csrf_missing: off,
			update_other_identity: off,
			update_refresh_required: off,
			update_aal2_required: off,
			update_unknown_flow: off,
			update_expired_flow: off,
			update_browser_location_change: off,
			update_server_error: cannot(NO_FAILURE_ON_PURPOSE),
		};
	}
	const unchanged = () => ({method: 'profile' as const, traits: known().traits});
	/** A new browser flow for the user's cookie, and the cookie with the CSRF cookie Kratos set for it. */
	const browserFlow = async () => {
		const {baseUrl, timeoutMs} = known();
		const created = await kratosRequest(`${baseUrl}/self-service/settings/browser`, {cookie: config.cookie, timeoutMs});
		if (created.status !== 200 || typeof created.body?.id !== 'string') {
			throw new TargetError(`Could not create a browser settings flow for KRATOS_COOKIE: GET /self-service/settings/browser answered ${created.status}`);
		}
		return {flow: created.body as SettingsFlow, cookie: withSetCookies(config.cookie!, created.response)};
	};
	const needsCookie = {skip: 'set KRATOS_COOKIE to enable'};
	return {
		update_profile: () => ({
			input: {flow: known().flowId, body: unchanged()},
			...ownCredentials,
			truth: {...ownTruth(config, known()), state: 'success'},
		}),
		update_browser: async () => {
			if (!config.cookie) return needsCookie;
			const {flow, cookie} = await browserFlow();
			const truth: Truth = {flowId: flow.id, identityId: known().identityId, traits: known().traits, flowType: 'browser', state: 'success', lifespanMs: config.lifespanMs};
			return {input: {flow, body: unchanged()}, cookie, truth};
		},
		update_password: LOCAL_ONLY('changes the password'),
		update_totp: LOCAL_ONLY('links an authenticator app'),
		update_lookup_secret: LOCAL_ONLY('replaces the lookup codes'),
		update_corrections: () => ({input: {flow: known().flowId, body: {method: 'profile', traits: {...known().traits, email: 'not-an-email'}}}, ...ownCredentials}),
		update_no_session: () => ({input: {flow: known().flowId, body: unchanged()}}),
		update_csrf_missing: async () => {
			if (!config.cookie) return needsCookie;
			const {flow, cookie} = await browserFlow();
			// The id only, so the client adds no token: the cookie alone must not be enough.
			return {input: {flow: flow.id, body: unchanged()}, cookie};
		},
		update_other_identity: async () =>
			config.otherSessionToken
				? {input: {flow: known().flowId, body: unchanged()}, sessionToken: config.otherSessionToken, truth: {identityId: await otherIdentity()}}
				: {skip: "set KRATOS_OTHER_SESSION_TOKEN (another identity's session) to enable"},
		update_refresh_required: LOCAL_ONLY('needs a session older than privileged_session_max_age'),
		update_aal2_required: () =>
			config.aal1SessionToken && config.aal1FlowId
				? {input: {flow: config.aal1FlowId, body: {method: 'profile', traits: {}}}, sessionToken: config.aal1SessionToken}
				: {skip: 'set KRATOS_AAL1_SESSION_TOKEN and KRATOS_AAL1_FLOW_ID to enable'},
		update_unknown_flow: () => ({input: {flow: randomUUID(), body: unchanged()}, ...ownCredentials}),
		update_expired_flow: () =>
			config.expiredFlowId
				? {input: {flow: config.expiredFlowId, body: unchanged()}, ...ownCredentials}
				: {skip: "set KRATOS_EXPIRED_FLOW_ID (an expired flow of the session's identity) to enable"},
		update_browser_location_change: LOCAL_ONLY('needs a social sign-in provider to link'),
		update_server_error: cannot(NO_FAILURE_ON_PURPOSE),
	};
}

/** The Cookie header with the cookies a response set added (or replaced), as a browser would. */
function withSetCookies(cookie: string, response: Response): string {
	const jar = new Map(cookie.split(/;\s*/).filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const));
	for (const line of response.headers.getSetCookie()) {
		const [pair = ''] = line.split(';');
		const at = pair.indexOf('=');
		if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
	}
	return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}
