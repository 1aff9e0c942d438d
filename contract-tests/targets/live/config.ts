// The live target's configuration: the variables and flags a user gives, read and checked without a request. A
// mistake is a UsageError naming the flag when a flag gave the value, else the variable; values are never quoted back.
import {durationMs} from '../../base/duration.js';
import {UsageError} from '../../base/errors.js';

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
	 * The session identity's password (KRATOS_TEST_PASSWORD): enables the refresh login with it (login_refresh_password);
	 * its identifier is the one the refresh flow pre-fills. A secret: the environment only.
	 */
	readonly testPassword?: string | undefined;
	/**
	 * The TOTP secret of KRATOS_AAL1_SESSION_TOKEN's identity (KRATOS_AAL1_TOTP_SECRET, base32, as its authenticator app
	 * holds it): enables the step-up with the right code (login_step_up). A secret: the environment only.
	 */
	readonly aal1TotpSecret?: string | undefined;
	/**
	 * Another identity's identifier and password, for the refresh completed with them (login_refresh_other_identity). No
	 * variable reads it: only a Kratos the suite provisioned itself (the kratos target) knows another identity's password.
	 */
	readonly otherLogin?: Login | undefined;
	/**
	 * The AAL1 identity's identifier and password, to log it in anew for the step-up with the right code, which raises
	 * the session it uses to AAL2 for good: with it, the step-up never touches KRATOS_AAL1_SESSION_TOKEN. No variable
	 * reads it (the kratos target's provisioning knows the password).
	 */
	readonly aal1Login?: Login | undefined;
	/**
	 * A login flow past its lifespan (login_expired_flow). No variable reads it: a staging's login flows live
	 * selfservice.flows.login.lifespan (1h by default), so only a Kratos the suite starts makes one without waiting.
	 */
	readonly expiredLoginFlowId?: string | undefined;
	/**
	 * Where, and against which privileged_session_max_age, the login cases try a change that needs a recent login, when
	 * not at `publicUrl` against `privilegedSessionMaxAgeMs`: the kratos target's twin with a short privileged age (on
	 * the same database), so that a session of the run is old enough to be refused without waiting for the config's. The
	 * provocation waits until the session is older than it. No variable reads it.
	 */
	readonly privilegedAt?: {readonly publicUrl: string; readonly maxAgeMs: number} | undefined;
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
	/**
	 * Kratos's selfservice.flows.settings.privileged_session_max_age, in ms (KRATOS_PRIVILEGED_SESSION_MAX_AGE, a
	 * duration such as 15m): with the session's authenticated_at it says whether a password change must be refused for
	 * the session's age (update_refresh_required) or judged on the password (update_password_rejected).
	 * @default 900000 (Kratos's default, 15m)
	 */
	readonly privilegedSessionMaxAgeMs?: number | undefined;
	/** Plain http:// to a host that is not loopback (KRATOS_ALLOW_INSECURE_HTTP=1). @default false */
	readonly allowInsecureHttp?: boolean | undefined;
	/** Per request. @default 10000 */
	readonly timeoutMs?: number | undefined;
	/** Name shown in reports. @default 'live' */
	readonly name?: string | undefined;
	/** How messages name each input: its flag when a flag gave it. @default the variables (LIVE_VARIABLES) */
	readonly names?: Partial<Record<LiveInput, string>> | undefined;
}

/** An identity's login: the identifier its password is set for, and the password (a secret). */
export interface Login {
	readonly identifier: string;
	readonly password: string;
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
	| 'testPassword'
	| 'aal1TotpSecret'
	| 'allowWrites'
	| 'testIdentityId'
	| 'advertisedUrl'
	| 'allowInsecureHttp'
	| 'privilegedSessionMaxAgeMs'
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
	testPassword: 'KRATOS_TEST_PASSWORD',
	aal1TotpSecret: 'KRATOS_AAL1_TOTP_SECRET',
	allowWrites: 'KRATOS_ALLOW_WRITES',
	testIdentityId: 'KRATOS_TEST_IDENTITY_ID',
	advertisedUrl: 'KRATOS_ADVERTISED_URL',
	allowInsecureHttp: 'KRATOS_ALLOW_INSECURE_HTTP',
	privilegedSessionMaxAgeMs: 'KRATOS_PRIVILEGED_SESSION_MAX_AGE',
	timeoutMs: 'KRATOS_TIMEOUT_MS',
};

/**
 * The inputs that are secrets: read from the environment only (no flag), redacted from every output, and refused as
 * flags with a word on why (cli/args.ts).
 */
export const SECRET_INPUTS = ['sessionToken', 'cookie', 'otherSessionToken', 'aal1SessionToken', 'testPassword', 'aal1TotpSecret'] as const satisfies readonly LiveInput[];

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
	privilegedSessionMaxAgeMs: 'privileged-session-max-age',
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
	const privileged = read('privilegedSessionMaxAgeMs');
	const privilegedMs = privileged === undefined ? undefined : durationMs(privileged);
	if (privilegedMs === undefined && privileged !== undefined) throw new UsageError(`${names.privilegedSessionMaxAgeMs} must be a duration as Kratos's config writes it, such as 15m, 1h or 90s`);
	const config: LiveConfig = {
		publicUrl,
		sessionToken: read('sessionToken'),
		cookie: read('cookie'),
		settingsFlowId: id('settingsFlowId'),
		otherSessionToken: read('otherSessionToken'),
		expiredFlowId: id('expiredFlowId'),
		aal1SessionToken: read('aal1SessionToken'),
		aal1FlowId: id('aal1FlowId'),
		// A password may begin or end with a space: taken as given.
		testPassword: env[LIVE_VARIABLES.testPassword] || undefined,
		aal1TotpSecret: totpSecret(read('aal1TotpSecret')),
		allowInsecureHttp: yes('allowInsecureHttp'),
		allowWrites: yes('allowWrites'),
		testIdentityId: id('testIdentityId'),
		advertisedUrl: read('advertisedUrl'),
		timeoutMs: timeout === undefined ? undefined : Number(timeout),
		privilegedSessionMaxAgeMs: privilegedMs,
		names,
	};
	checkGivenInputs(config);
	return config;
}

/** A TOTP secret as an authenticator app is given it: base32 (spaces and case as apps show it ignored), else a usage error. */
function totpSecret(value: string | undefined): string | undefined {
	if (value === undefined) return undefined;
	const secret = value.replaceAll(/\s+/g, '').replace(/=+$/, '').toUpperCase();
	if (!/^[A-Z2-7]{16,}$/.test(secret)) throw new UsageError(`${LIVE_VARIABLES.aal1TotpSecret} is not a TOTP secret (base32, as an authenticator app is given it: at least 16 of A–Z and 2–7)`);
	return secret;
}

export const nameOf = (config: LiveConfig, input: LiveInput) => config.names?.[input] ?? LIVE_VARIABLES[input];

/** What can be checked of a configuration without a request (for configurations made in code too). */
export function checkGivenInputs(config: LiveConfig): string {
	const name = (input: LiveInput) => nameOf(config, input);
	const baseUrl = checkPublicUrl(config.publicUrl, config.allowInsecureHttp, name('publicUrl'));
	if (config.advertisedUrl !== undefined) checkPublicUrl(config.advertisedUrl, true, name('advertisedUrl'));
	if (!config.sessionToken && !config.cookie) {
		throw new UsageError(`Set ${name('sessionToken')} (or ${name('cookie')}): the suite needs one active session of the Kratos it tests`);
	}
	if (config.allowWrites && !config.testIdentityId) {
		throw new UsageError(`${name('allowWrites')} needs ${name('testIdentityId')}: the id of the dedicated test identity the session belongs to`);
	}
	if (config.aal1TotpSecret && !config.aal1SessionToken) {
		throw new UsageError(`${name('aal1TotpSecret')} needs ${name('aal1SessionToken')}: the AAL1 session whose identity the secret is of`);
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
