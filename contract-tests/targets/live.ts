// A live Kratos public API: a user's staging, or the local Kratos the kratos target starts. Sends only
// GET /sessions/whoami, GET /self-service/settings/api, GET /self-service/settings/browser and
// GET /self-service/settings/flows, and the settings updates only with the opt-in: nothing else. Each case whose input
// is missing is skipped, naming the variable that would enable it.
//
// What the user gave is checked first, with safe GETs, and a mistake is a UsageError naming the variable or flag (exit
// 2): a URL that is not Kratos's public API, a token that is not a session, a flow id the server does not know or that
// is not in the state its variable promises. Only an answer that says so for certain counts; anything else (a server
// error, a timeout, a malformed answer) is left to the cases, whose checks judge the server.
import {randomUUID} from 'node:crypto';
import type {SettingsFlow} from '../../src/index.js';
import {FORBIDDEN_RETURN_TO} from '../operations/create-settings-flow.js';
import {type Provocations, type Target, TargetError, type Truth, UsageError} from './types.js';

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
	/** How messages name each input: its flag when a flag gave it. @default the variables (LIVE_VARIABLES) */
	readonly names?: Partial<Record<LiveInput, string>> | undefined;
}

/** The inputs a user gives the live target. */
export type LiveInput =
	| 'publicUrl'
	| 'sessionToken'
	| 'cookie'
	| 'settingsFlowId'
	| 'otherSessionToken'
	| 'expiredFlowId'
	| 'aal1SessionToken'
	| 'aal1FlowId'
	| 'allowWrites'
	| 'testIdentityId'
	| 'advertisedUrl'
	| 'allowInsecureHttp'
	| 'timeoutMs';

/** The environment variable of each input. */
export const LIVE_VARIABLES: Readonly<Record<LiveInput, string>> = {
	publicUrl: 'KRATOS_PUBLIC_URL',
	sessionToken: 'KRATOS_SESSION_TOKEN',
	cookie: 'KRATOS_COOKIE',
	settingsFlowId: 'KRATOS_SETTINGS_FLOW_ID',
	otherSessionToken: 'KRATOS_OTHER_SESSION_TOKEN',
	expiredFlowId: 'KRATOS_EXPIRED_FLOW_ID',
	aal1SessionToken: 'KRATOS_AAL1_SESSION_TOKEN',
	aal1FlowId: 'KRATOS_AAL1_FLOW_ID',
	allowWrites: 'KRATOS_ALLOW_WRITES',
	testIdentityId: 'KRATOS_TEST_IDENTITY_ID',
	advertisedUrl: 'KRATOS_ADVERTISED_URL',
	allowInsecureHttp: 'KRATOS_ALLOW_INSECURE_HTTP',
	timeoutMs: 'KRATOS_TIMEOUT_MS',
};

/**
 * The flag of each input that may be given as one. Secrets (tokens, cookies) have none: a command line is visible to
 * every user of the machine (`ps`, /proc/<pid>/cmdline) and lands in shell history and CI logs; the environment is
 * the process owner's only, and where every CI secret store puts them.
 */
export const LIVE_FLAGS = {
	publicUrl: 'url',
	settingsFlowId: 'settings-flow-id',
	expiredFlowId: 'expired-flow-id',
	aal1FlowId: 'aal1-flow-id',
	allowWrites: 'allow-writes',
	testIdentityId: 'test-identity-id',
	advertisedUrl: 'advertised-url',
	allowInsecureHttp: 'allow-insecure-http',
	timeoutMs: 'timeout',
} as const satisfies Partial<Record<LiveInput, string>>;

export type LiveFlagInput = keyof typeof LIVE_FLAGS;
/** Values given as flags (they win over the variables). */
export type LiveFlags = {readonly [I in LiveFlagInput]?: I extends 'allowWrites' | 'allowInsecureHttp' ? boolean : string};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the documented environment variables; throws a UsageError naming what is missing or wrong. */
export function liveConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LiveConfig {
	return liveConfig(env);
}

/**
 * The variables, with the flags given winning over them. Everything that can be checked without a request is checked
 * here; a mistake is a UsageError naming the flag when a flag gave the value, else the variable. Values are never
 * quoted back (a secret pasted into the wrong variable must not end up in a CI log).
 */
export function liveConfig(env: NodeJS.ProcessEnv, flags: LiveFlags = {}): LiveConfig {
	const names: Partial<Record<LiveInput, string>> = {};
	const read = (input: LiveInput): string | undefined => {
		const flag = (LIVE_FLAGS as Partial<Record<LiveInput, string>>)[input];
		const given = (flags as Partial<Record<LiveInput, string | boolean>>)[input];
		if (flag !== undefined && given !== undefined) {
			names[input] = `--${flag}`;
			if (typeof given === 'boolean') return given ? '1' : '0';
			if (!given.trim()) throw new UsageError(`--${flag} is empty`);
			return given.trim();
		}
		names[input] = LIVE_VARIABLES[input];
		return env[LIVE_VARIABLES[input]]?.trim() || undefined;
	};
	const yes = (input: 'allowWrites' | 'allowInsecureHttp') => {
		const value = read(input);
		if (value === undefined || value === '0') return false;
		if (value === '1') return true;
		throw new UsageError(`${names[input]} must be 1 (or unset)`);
	};
	const id = (input: 'settingsFlowId' | 'expiredFlowId' | 'aal1FlowId' | 'testIdentityId') => {
		const value = read(input);
		if (value !== undefined && !UUID.test(value)) throw new UsageError(`${names[input]} is not ${input === 'testIdentityId' ? 'an identity' : 'a flow'} id (a UUID such as 7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a)`);
		return value;
	};
	const publicUrl = read('publicUrl');
	if (!publicUrl) throw new UsageError(`${LIVE_VARIABLES.publicUrl} is not set (or --url): the public URL of the Kratos to test, e.g. https://accounts.example.com/auth`);
	const timeout = read('timeoutMs');
	if (timeout !== undefined && !/^[1-9]\d*$/.test(timeout)) throw new UsageError(`${names.timeoutMs} must be a positive whole number of milliseconds`);
	const config: LiveConfig = {
		publicUrl,
		sessionToken: read('sessionToken'),
		cookie: read('cookie'),
		settingsFlowId: id('settingsFlowId'),
		otherSessionToken: read('otherSessionToken'),
		expiredFlowId: id('expiredFlowId'),
		aal1SessionToken: read('aal1SessionToken'),
		aal1FlowId: id('aal1FlowId'),
		allowInsecureHttp: yes('allowInsecureHttp'),
		allowWrites: yes('allowWrites'),
		testIdentityId: id('testIdentityId'),
		advertisedUrl: read('advertisedUrl'),
		timeoutMs: timeout === undefined ? undefined : Number(timeout),
		names,
	};
	checkGivenInputs(config);
	return config;
}

const nameOf = (config: LiveConfig, input: LiveInput) => config.names?.[input] ?? LIVE_VARIABLES[input];

/** What can be checked of a configuration without a request (for configurations made in code too). */
function checkGivenInputs(config: LiveConfig): string {
	const name = (input: LiveInput) => nameOf(config, input);
	const baseUrl = checkPublicUrl(config.publicUrl, config.allowInsecureHttp, name('publicUrl'));
	if (config.advertisedUrl !== undefined) checkPublicUrl(config.advertisedUrl, true, name('advertisedUrl'));
	if (!config.sessionToken && !config.cookie) {
		throw new UsageError(`Set ${name('sessionToken')} (or ${name('cookie')}): the suite needs one active session of the Kratos it tests`);
	}
	if (config.allowWrites && !config.testIdentityId) {
		throw new UsageError(`${name('allowWrites')} needs ${name('testIdentityId')}: the id of the dedicated test identity the session belongs to`);
	}
	if (config.aal1FlowId && !config.aal1SessionToken) {
		throw new UsageError(`${name('aal1FlowId')} needs ${name('aal1SessionToken')}: the AAL1 session that flow is read with`);
	}
	return baseUrl;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Checks the URL before anything is sent: absolute http(s), no credentials, no plain http off this machine. */
export function checkPublicUrl(publicUrl: string, allowInsecureHttp = false, name = LIVE_VARIABLES.publicUrl): string {
	let url: URL;
	try {
		url = new URL(publicUrl);
	} catch {
		throw new UsageError(`${name} is not an absolute URL such as https://accounts.example.com/auth`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`${name} must be http(s), not ${url.protocol}`);
	if (url.username || url.password) throw new UsageError(`${name} must not carry credentials (user:password@)`);
	if (url.search || url.hash) throw new UsageError(`${name} must not have a query or fragment`);
	if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && !allowInsecureHttp) {
		throw new UsageError(
			`Refusing to send session tokens over plain http to ${url.host} (${name}): use https, or set ${LIVE_VARIABLES.allowInsecureHttp}=1 (or --allow-insecure-http) if you accept that risk`,
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

type KratosAnswer = Awaited<ReturnType<typeof kratosRequest>>;

const describeFailure = (error: unknown) => {
	// undici puts the useful part (ECONNREFUSED, "bad port") in `cause`.
	const cause = (error as {cause?: {code?: string; message?: string}})?.cause;
	if ((error as Error)?.name === 'TimeoutError') return 'no answer in time';
	return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
};

/** Kratos's generic error (`{"error": {"code": …}}`), as JSON. */
const isKratosError = (answer: KratosAnswer) =>
	/json/i.test(answer.response.headers.get('content-type') ?? '') && typeof answer.body?.error?.code === 'number';
const errorIdOf = (answer: KratosAnswer): unknown => (isKratosError(answer) ? answer.body?.error?.id : undefined);

/**
 * Why an answer to GET /sessions/whoami is not Kratos's public API speaking: a redirect (Kratos's admin port sends
 * every public path to /admin/…), a 404 (a wrong path prefix), a web page.
 */
function notKratos(answer: KratosAnswer, urlName: string, baseUrl: string): UsageError {
	const type = answer.response.headers.get('content-type')?.split(';')[0] || 'no content type';
	let hint = '';
	if (answer.status >= 300 && answer.status < 400) {
		// The path only: a redirect's query may carry anything.
		const location = answer.response.headers.get('location') ?? '';
		const path = location ? new URL(location, `${baseUrl}/`).pathname : '';
		hint = path.startsWith('/admin')
			? ` redirecting to ${path}: that is Kratos's admin API; give the public API's URL (serve.public), path prefix included`
			: ` redirecting${path ? ` to ${path}` : ''}: give the URL of Kratos's public API itself, path prefix included`;
	} else if (answer.status === 404) {
		hint = ': nothing like Kratos at this path; is the path prefix right (e.g. https://accounts.example.com/auth)?';
	} else if (!/json/i.test(type)) {
		hint = `: a ${type} page, not Kratos's JSON; give Kratos's public URL, path prefix included`;
	}
	return new UsageError(`${urlName} (${baseUrl}) does not answer like Kratos's public API: GET /sessions/whoami answered ${answer.status} (${type})${hint}`);
}

/** The session GET /sessions/whoami describes, or why it cannot be used: the user's mistake, or an unusable server. */
function sessionOf(answer: KratosAnswer, credential: string, urlName: string, baseUrl: string): Record<string, any> {
	const {status, body} = answer;
	if (status === 200 && /json/i.test(answer.response.headers.get('content-type') ?? '') && typeof body?.identity?.id === 'string') return body;
	if (status >= 500) throw new TargetError(`${baseUrl} failed: GET /sessions/whoami answered ${status}`);
	if (status === 401 && isKratosError(answer)) {
		throw new UsageError(`${credential} is not an active session here: GET /sessions/whoami answered 401 (expired, revoked, or of another Kratos?)`);
	}
	if (status === 403 && errorIdOf(answer) === 'session_aal2_required') {
		throw new UsageError(
			`${credential} is an AAL1 session of an identity with a second factor, and this Kratos wants AAL2 (GET /sessions/whoami answered 403 session_aal2_required): give an AAL2 session (this one fits ${LIVE_VARIABLES.aal1SessionToken})`,
		);
	}
	throw notKratos(answer, urlName, baseUrl);
}

/** What GET /self-service/settings/flows says about a flow id, when it says so for certain. */
type FlowState = {readonly flow: Record<string, any>} | 'unknown' | 'expired' | 'other-identity' | 'aal2-required' | 'no-session' | 'inconclusive';

function flowStateOf(answer: KratosAnswer | undefined): FlowState {
	if (!answer) return 'inconclusive';
	if (answer.status === 200 && typeof answer.body?.id === 'string') return {flow: answer.body};
	if (answer.status === 404) return 'unknown';
	if (answer.status === 410) return 'expired';
	if (answer.status === 401 && isKratosError(answer)) return 'no-session';
	const id = errorIdOf(answer);
	if (answer.status === 403 && id === 'security_identity_mismatch') return 'other-identity';
	if (answer.status === 403 && id === 'session_aal2_required') return 'aal2-required';
	return 'inconclusive';
}

export function liveTarget(config: LiveConfig): Target {
	const timeoutMs = config.timeoutMs ?? 10_000;
	const name = (input: LiveInput) => nameOf(config, input);
	let baseUrl = '';
	let identityId: string | undefined;
	let traits: Record<string, unknown> = {};
	/** The identity of KRATOS_OTHER_SESSION_TOKEN: no answer to that session may carry the owner's flow. */
	let otherIdentityId: string | undefined;
	/** When the suite created its flow (undefined for the user's KRATOS_SETTINGS_FLOW_ID, of which it knows less). */
	let created: {after: number; before: number} | undefined;
	let flowId: string | undefined;
	type Credentials = {sessionToken?: string | undefined; cookie?: string | undefined};
	// One credential for the cases that need "a session": the token when there is one.
	const ownCredentials: Credentials = config.sessionToken ? {sessionToken: config.sessionToken} : {cookie: config.cookie};
	const primary = () => name(config.sessionToken ? 'sessionToken' : 'cookie');

	/** A request that must be answered: an unreachable server is a TargetError (exit 1). */
	const ask = async (what: string, path: string, auth: Credentials) => {
		try {
			return await kratosRequest(`${baseUrl}${path}`, {...auth, timeoutMs});
		} catch (error) {
			throw new TargetError(`Cannot reach ${baseUrl} (${what}): ${describeFailure(error)}`);
		}
	};
	/** A request that checks an input: no answer proves nothing about the input (the cases will judge the server). */
	const probe = async (path: string, auth: Credentials) => {
		try {
			return await kratosRequest(`${baseUrl}${path}`, {...auth, timeoutMs});
		} catch {
			return undefined;
		}
	};
	const whoami = (auth: Credentials) => probe('/sessions/whoami', auth);
	const flowState = async (id: string, auth: Credentials) => flowStateOf(await probe(`/self-service/settings/flows?id=${encodeURIComponent(id)}`, auth));
	const unknownFlow = (input: LiveInput) =>
		new UsageError(`${name(input)} is not a settings flow this Kratos knows: GET /self-service/settings/flows answered 404`);
	const otherIdentity = (input: LiveInput, credential: string) =>
		new UsageError(`${name(input)} is a flow of another identity than ${credential}'s session (GET /self-service/settings/flows answered 403 security_identity_mismatch)`);
	const needsAal2 = (input: LiveInput, credential: string) =>
		new UsageError(`${name(input)} cannot be read with ${credential}: an AAL1 session of an identity with a second factor (403 session_aal2_required); give an AAL2 session`);

	/** Every optional input the user gave, checked against the server before any case runs. */
	async function checkInputs(): Promise<void> {
		if (config.sessionToken && config.cookie) {
			const answer = await whoami({cookie: config.cookie});
			if (answer?.status === 401 && isKratosError(answer)) throw new UsageError(`${name('cookie')} is not an active session here: GET /sessions/whoami answered 401`);
			if (answer?.status === 200 && answer.body?.identity?.id !== undefined && answer.body.identity.id !== identityId) {
				throw new UsageError(`${name('cookie')} is a session of another identity than ${name('sessionToken')}'s: both must be the same identity's`);
			}
		}
		if (config.otherSessionToken) {
			const answer = await whoami({sessionToken: config.otherSessionToken});
			if (answer?.status === 401 && isKratosError(answer)) throw new UsageError(`${name('otherSessionToken')} is not an active session here: GET /sessions/whoami answered 401`);
			if (answer?.status === 200 && answer.body?.identity?.id === identityId) {
				throw new UsageError(`${name('otherSessionToken')} is a session of the same identity as ${primary()}: it must be another identity's`);
			}
			if (answer?.status === 200 && typeof answer.body?.identity?.id === 'string') otherIdentityId = answer.body.identity.id;
		}
		if (config.aal1SessionToken) {
			const answer = await whoami({sessionToken: config.aal1SessionToken});
			if (answer?.status === 401 && isKratosError(answer)) throw new UsageError(`${name('aal1SessionToken')} is not an active session here: GET /sessions/whoami answered 401`);
			if (answer?.status === 200 && answer.body?.authenticator_assurance_level === 'aal2') {
				throw new UsageError(`${name('aal1SessionToken')} is an AAL2 session: give a session logged in with the password only, of an identity with a second factor`);
			}
		}
		if (config.settingsFlowId) {
			const state = await flowState(config.settingsFlowId, ownCredentials);
			if (state === 'unknown') throw unknownFlow('settingsFlowId');
			if (state === 'expired') throw new UsageError(`${name('settingsFlowId')} has expired (GET /self-service/settings/flows answered 410): give a fresh flow, or leave it unset and the suite creates one`);
			if (state === 'other-identity') throw otherIdentity('settingsFlowId', primary());
			if (state === 'aal2-required') throw needsAal2('settingsFlowId', primary());
		}
		if (config.expiredFlowId) {
			const state = await flowState(config.expiredFlowId, ownCredentials);
			if (state === 'unknown') throw unknownFlow('expiredFlowId');
			if (state === 'other-identity') throw otherIdentity('expiredFlowId', primary());
			if (state === 'aal2-required') throw needsAal2('expiredFlowId', primary());
			// A flow served although it expired is the server's fault (expired_flow fails); one that has not expired is not.
			if (typeof state === 'object' && !(Date.parse(state.flow.expires_at) <= Date.now())) {
				throw new UsageError(
					`${name('expiredFlowId')} has not expired: GET /self-service/settings/flows answered 200, and the flow expires at ${String(state.flow.expires_at)}; give a flow older than the settings lifespan, or leave it unset`,
				);
			}
		}
		if (config.aal1FlowId && config.aal1SessionToken) {
			const aal1 = name('aal1SessionToken');
			const state = await flowState(config.aal1FlowId, {sessionToken: config.aal1SessionToken});
			if (state === 'unknown') throw unknownFlow('aal1FlowId');
			if (state === 'expired') throw new UsageError(`${name('aal1FlowId')} has expired (GET /self-service/settings/flows answered 410): give a fresh flow of ${aal1}'s identity`);
			if (state === 'other-identity') throw otherIdentity('aal1FlowId', aal1);
			if (state === 'no-session') throw new UsageError(`${aal1} is not an active session here: GET /self-service/settings/flows answered 401`);
			if (typeof state === 'object') {
				throw new UsageError(
					`${aal1} can read ${name('aal1FlowId')} (GET /self-service/settings/flows answered 200, not 403 session_aal2_required): the identity has no second factor, or this Kratos does not require AAL2 for settings (selfservice.flows.settings.required_aal)`,
				);
			}
		}
	}

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
			baseUrl = checkGivenInputs(config);
			const session = sessionOf(await ask('GET /sessions/whoami', '/sessions/whoami', ownCredentials), primary(), name('publicUrl'), baseUrl);
			identityId = session.identity.id;
			traits = session.identity.traits ?? {};
			if (config.allowWrites && config.testIdentityId !== identityId) {
				throw new UsageError(
					`${name('testIdentityId')} (${config.testIdentityId}) is not the identity of ${primary()}'s session (${identityId}): the update cases write only to the dedicated test identity it names`,
				);
			}
			await checkInputs();
			if (config.settingsFlowId) {
				flowId = config.settingsFlowId;
				return;
			}
			const before = Date.now();
			const init = await ask('GET /self-service/settings/api', '/self-service/settings/api', ownCredentials);
			created = {after: before, before: Date.now()};
			if (init.status !== 200 || typeof init.body?.id !== 'string') {
				const id = init.body?.error?.id;
				throw new TargetError(
					`Could not create a settings flow: GET /self-service/settings/api answered ${init.status}${id ? ` (${id})` : ''}; ` +
						`set ${LIVE_VARIABLES.settingsFlowId} (or --settings-flow-id) to use an existing flow`,
				);
			}
			flowId = init.body.id;
		},
		get advertisedUrl() {
			return config.advertisedUrl?.replace(/\/+$/, '');
		},
		provoke: provocations(config, () => ({flowId: flowId!, identityId, otherIdentityId, traits, baseUrl, timeoutMs, created}), ownCredentials),
		async stop() {},
	};
}

const cannot = (why: string) => () => ({skip: why});

const NO_FAILURE_ON_PURPOSE = 'a live server cannot be made to fail on purpose';

/** How a live server is brought into each situation; the inputs a user did not give skip their case, named. */
function provocations(
	config: LiveConfig,
	known: () => Known,
	ownCredentials: {sessionToken?: string | undefined; cookie?: string | undefined},
): Provocations {
	const own = () => ({input: {id: known().flowId}, truth: ownTruth(config, known())});
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
		other_identity: () =>
			config.otherSessionToken
				? {input: {id: known().flowId}, sessionToken: config.otherSessionToken, truth: {identityId: known().otherIdentityId}}
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
	/** The identity of KRATOS_OTHER_SESSION_TOKEN, from the whoami that checked it. */
	readonly otherIdentityId: string | undefined;
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
		update_other_identity: () =>
			config.otherSessionToken
				? {input: {flow: known().flowId, body: unchanged()}, sessionToken: config.otherSessionToken, truth: {identityId: known().otherIdentityId}}
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
export function withSetCookies(cookie: string, response: Response): string {
	const jar = new Map(cookie.split(/;\s*/).filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const));
	for (const line of response.headers.getSetCookie()) {
		const [pair = ''] = line.split(';');
		const at = pair.indexOf('=');
		if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
	}
	return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}
