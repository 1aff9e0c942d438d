// A live Kratos public API: a user's staging, or the local Kratos the kratos target starts. Sends only
// GET /sessions/whoami, GET /self-service/settings/api and GET /self-service/settings/flows: nothing that changes
// an identity. Each case whose input is missing is skipped, naming the variable that would enable it.
import {randomUUID} from 'node:crypto';
import {type Provocations, type Target, TargetError} from './types.js';

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
			if (config.settingsFlowId) {
				flowId = config.settingsFlowId;
				return;
			}
			const init = await step('GET /self-service/settings/api', '/self-service/settings/api', ownCredentials);
			if (init.status !== 200 || typeof init.body?.id !== 'string') {
				const id = init.body?.error?.id;
				throw new TargetError(
					`Could not create a settings flow: GET /self-service/settings/api answered ${init.status}${id ? ` (${id})` : ''}; ` +
						'set KRATOS_SETTINGS_FLOW_ID to use an existing flow',
				);
			}
			flowId = init.body.id;
		},
		provoke: provocations(config, () => ({flowId: flowId!, identityId}), ownCredentials),
		async stop() {},
	};
}

const cannot = (why: string) => () => ({skip: why});

/** How a live server is brought into each situation; the inputs a user did not give skip their case, named. */
function provocations(
	config: LiveConfig,
	known: () => {flowId: string; identityId: string | undefined},
	ownCredentials: {sessionToken?: string | undefined; cookie?: string | undefined},
): Provocations {
	const own = () => ({input: {id: known().flowId}, truth: known()});
	return {
		own_flow: () => (config.sessionToken ? {...own(), sessionToken: config.sessionToken} : {skip: 'set KRATOS_SESSION_TOKEN to enable'}),
		own_flow_cookie: () => {
			if (!config.cookie) return {skip: 'set KRATOS_COOKIE to enable'};
			const flowId = config.cookieFlowId ?? known().flowId;
			return {input: {id: flowId}, truth: {...known(), flowId}, cookie: config.cookie};
		},
		no_session: () => ({input: {id: known().flowId}}),
		no_session_navigation: () => ({input: {id: known().flowId}, headers: {Accept: 'text/html'}}),
		other_identity: () =>
			config.otherSessionToken
				? {input: {id: known().flowId}, sessionToken: config.otherSessionToken}
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
		server_error: cannot('a live server cannot be made to fail on purpose'),
	};
}
