// Provisions a local Kratos only through its own self-service flows (native registration, browser login, settings),
// so that every case of the suite can run against it: exactly what a user's staging needs, and what the kratos target
// and `npm run kratos:start -- --provision` both use. Throws a TargetError naming the step that failed (no secrets).
import {randomBytes, randomUUID} from 'node:crypto';
import * as OTPAuth from 'otpauth';
import {passwordIdentifier} from '../../base/identity-schema.js';
import {kratosRequest, withSetCookies} from '../../base/kratos-http.js';
import {TargetError} from '../../base/errors.js';

type Json = Record<string, any>;

/** A small cookie jar: enough for Kratos's CSRF and session cookies on one host. */
class Cookies {
	header = '';
	take(response: Response): void {
		this.header = withSetCookies(this.header, response);
	}
}

/** A JSON call to Kratos that must succeed; a failure names the step and what Kratos said (no secrets). */
async function call(
	step: string,
	url: string,
	init: {method?: string; body?: unknown; sessionToken?: string; cookies?: Cookies} = {},
): Promise<Json> {
	let answer: Awaited<ReturnType<typeof kratosRequest>>;
	try {
		answer = await kratosRequest(url, {...init, cookie: init.cookies?.header, timeoutMs: 15_000});
	} catch (error) {
		throw new TargetError(`Provisioning the local Kratos failed at "${step}": ${(error as Error).message}`);
	}
	const {status, body = {}, response} = answer;
	init.cookies?.take(response);
	if (status !== 200) {
		const reason = body.error?.reason ?? body.error?.message ?? body.ui?.messages?.[0]?.text ?? 'no JSON error';
		throw new TargetError(`Provisioning the local Kratos failed at "${step}": ${status} ${reason}`);
	}
	return body;
}

/** What an identity logs in with. */
export type Login = Pick<Account, 'identifier' | 'password'>;

export interface Account {
	/** What the identity logs in with: the trait its identity schema marks as a password identifier. */
	readonly identifier: string;
	readonly password: string;
	readonly sessionToken: string;
	readonly identityId: string;
}

/**
 * Values for the trait inputs of a registration flow, each unique and of its input's type (an email address, a phone
 * number, a name), nested as the names say (`traits.name.first`): whatever identity schema the configuration has.
 */
export function traitsFor(flow: Json): Record<string, unknown> {
	const traits: Record<string, unknown> = {};
	const unique = randomUUID().replaceAll('-', '').slice(0, 12);
	for (const node of (flow.ui?.nodes ?? []) as Json[]) {
		const {name, type, node_type: nodeType} = node.attributes ?? {};
		if (nodeType !== 'input' || typeof name !== 'string' || !name.startsWith('traits.')) continue;
		let value: unknown;
		if (type === 'email') value = `contract-${unique}@example.org`;
		// A German mobile number (+49 151 and eight digits): valid for Kratos's `tel` format (libphonenumber).
		else if (type === 'tel') value = `+49151${String(parseInt(unique.slice(0, 8), 16) % 100_000_000).padStart(8, '0')}`;
		else if (type === 'checkbox') value = false;
		else if (type === 'number') value = 1;
		else value = `contract${unique}`;
		const path = name.split('.').slice(1);
		let at = traits as Json;
		for (const key of path.slice(0, -1)) at = at[key] ??= {};
		at[path.at(-1)!] = value;
	}
	return traits;
}

/**
 * Native registration with a password and traits of whatever schema the configuration has; then a native login when
 * the configuration has no `session` hook after password registration (no session_token came back).
 */
export async function register(publicUrl: string, remember: (secret: string) => void): Promise<Account> {
	const password = `${randomBytes(18).toString('base64url')}-Aa1!`;
	remember(password);
	const flow = await call('start native registration', `${publicUrl}/self-service/registration/api`);
	const traits = traitsFor(flow);
	const done = await call('register with a password', `${publicUrl}/self-service/registration?flow=${flow.id}`, {
		method: 'POST',
		body: {method: 'password', password, traits},
	});
	const schemaUrl: unknown = done.identity?.schema_url;
	const schema = typeof schemaUrl === 'string' ? await call('read the identity schema', schemaUrl).catch(() => undefined) : undefined;
	const identifier = passwordIdentifier(schema, done.identity?.traits ?? traits);
	if (identifier === undefined) throw new TargetError('The identity schema marks no trait as a password identifier (ory.sh/kratos credentials.password.identifier)');
	const account = {identifier, password, identityId: done.identity.id as string};
	const sessionToken = typeof done.session_token === 'string' ? done.session_token : await passwordLogin(publicUrl, {...account, sessionToken: ''});
	remember(sessionToken);
	return {...account, sessionToken};
}

/** A new native settings flow of a session; a refusal names the step. */
export const settingsFlow = (publicUrl: string, account: Pick<Account, 'sessionToken'>) =>
	call('create a settings flow', `${publicUrl}/self-service/settings/api`, {sessionToken: account.sessionToken});

/** Links an authenticator app through the settings flow; the session stays AAL1. Returns the flow it used and the secret. */
async function enrollTotp(publicUrl: string, account: Account, flow: Json, remember: (secret: string) => void): Promise<{flowId: string; secret: string}> {
	const node = (flow.ui.nodes as Json[]).find((item) => item.attributes?.id === 'totp_secret_key');
	const secret: unknown = node?.attributes.text?.context?.secret ?? node?.attributes.text?.text;
	if (typeof secret !== 'string') throw new TargetError('The settings flow shows no totp_secret_key: is the totp method enabled?');
	remember(secret);
	const code = new OTPAuth.TOTP({secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30}).generate();
	await call('link an authenticator app', `${publicUrl}/self-service/settings?flow=${flow.id}`, {
		method: 'POST',
		body: {method: 'totp', totp_code: code},
		sessionToken: account.sessionToken,
	});
	return {flowId: flow.id as string, secret};
}

/** Lookup codes as a second second factor: regenerated, then confirmed, through the settings flow. */
async function enrollLookupSecrets(publicUrl: string, account: Account): Promise<void> {
	const flow = await settingsFlow(publicUrl, account);
	const shown = await call('regenerate lookup codes', `${publicUrl}/self-service/settings?flow=${flow.id}`, {
		method: 'POST',
		body: {method: 'lookup_secret', lookup_secret_regenerate: true},
		sessionToken: account.sessionToken,
	});
	await call('confirm lookup codes', `${publicUrl}/self-service/settings?flow=${shown.id}`, {
		method: 'POST',
		body: {method: 'lookup_secret', lookup_secret_confirm: true},
		sessionToken: account.sessionToken,
	});
}

/**
 * A fresh native login with the password only: an AAL1 session. (The session that linked the authenticator app keeps
 * getting 200s from this endpoint; only a new password-only session is held to AAL2.)
 */
async function passwordLogin(publicUrl: string, account: Account): Promise<string> {
	const flow = await call('start native login', `${publicUrl}/self-service/login/api`);
	const done = await call('log in with the password only', `${publicUrl}/self-service/login?flow=${flow.id}`, {
		method: 'POST',
		body: {method: 'password', identifier: account.identifier, password: account.password},
	});
	return done.session_token as string;
}

/**
 * Browser login with the password (at `loginUrl`: the public URL, or a twin's with the password method): CSRF cookie
 * and token, then the session cookie, then a browser settings flow at the public URL.
 */
async function browserSession(loginUrl: string, publicUrl: string, account: Account): Promise<{cookie: string; flowId: string}> {
	const cookies = new Cookies();
	const login = await call('start browser login', `${loginUrl}/self-service/login/browser`, {cookies});
	const csrf = (login.ui.nodes as Json[]).find((item) => item.attributes?.name === 'csrf_token')?.attributes.value;
	await call('log in in the browser', `${loginUrl}/self-service/login?flow=${login.id}`, {
		method: 'POST',
		body: {method: 'password', identifier: account.identifier, password: account.password, csrf_token: csrf},
		cookies,
	});
	const flow = await call('create a browser settings flow', `${publicUrl}/self-service/settings/browser`, {cookies});
	return {cookie: cookies.header, flowId: flow.id as string};
}

async function waitUntil(isoTime: string): Promise<void> {
	const wait = Date.parse(isoTime) - Date.now() + 250;
	if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** Everything the live target can use, all of it valid at `publicUrl`. */
export interface Provisioned {
	readonly publicUrl: string;
	/** The owner: its identity, a native session, one of its API settings flows, its browser cookie and browser flow. */
	readonly identityId: string;
	readonly sessionToken: string;
	readonly settingsFlowId: string;
	readonly cookie: string;
	readonly cookieFlowId: string;
	/** Another identity's session. */
	readonly otherSessionToken: string;
	/** A settings flow of the owner that has expired (made by a twin with a one-second settings lifespan). */
	readonly expiredFlowId: string;
	/**
	 * A password-only session of an identity with an authenticator app linked (and lookup codes, where offered), and a
	 * flow of that identity. Only where the configuration holds such a session to AAL2 for its settings flows (it offers
	 * TOTP, and selfservice.flows.settings.required_aal is highest_available).
	 */
	readonly aal1SessionToken?: string | undefined;
	readonly aal1FlowId?: string | undefined;
	/** The TOTP secret of that identity's authenticator app (KRATOS_AAL1_TOTP_SECRET), and its login (no variable). */
	readonly aal1TotpSecret?: string | undefined;
	readonly aal1Login?: Login | undefined;
	/** The owner's password (KRATOS_TEST_PASSWORD): the refresh login's. */
	readonly testPassword: string;
	/** The other identity's login: what a staging never gives (no variable), for the refresh with another identity's password. */
	readonly otherLogin: Login;
	/** When the owner's settings flow expires (the config's settings lifespan); the sessions live longer. */
	readonly flowsExpireAt: string;
}

/** Where to provision: the public URL, and a way to start a twin on the same database with other settings. */
export interface ProvisioningTarget {
	readonly publicUrl: string;
	startTwin(env: Readonly<Record<string, string>>): Promise<{readonly publicUrl: string; stop(): Promise<void>}>;
}

/** The methods a flow offers: the groups of its nodes. */
const groupsOf = (flow: Json): Set<string> => new Set(((flow.ui?.nodes ?? []) as Json[]).map((node) => node.group as string));

/**
 * Overrides for a twin that can register and log in with a password, for a configuration without the password method
 * (passkeys only, say): the identities and sessions it makes are the main instance's (one database). The identity
 * schema must still mark a password identifier.
 */
const PASSWORD_ON = {
	SELFSERVICE_METHODS_PASSWORD_ENABLED: 'true',
	// Kratos asks haveibeenpwned.com about each new password by default; with no internet here every registration
	// waited 15 s for that call to time out.
	SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_ENABLED: 'false',
} as const;

/**
 * Registers three identities (the owner, another one, one with a second factor where the configuration offers one),
 * logs the owner in through the browser flow for a cookie, and has a one-second-lifespan twin create a settings flow for
 * the owner's session that then expires. Whatever the configuration: traits come from its registration form, the login
 * identifier from its identity schema, and without the password method a twin that has it registers and logs in.
 * `remember` receives every secret as soon as it exists, so even a failed run is redacted.
 *
 * One step at a time: SQLite answers concurrent writes with "Unable to serialize access due to a concurrent update".
 */
export async function provisionKratos(kratos: ProvisioningTarget, remember: (secret: string) => void): Promise<Provisioned> {
	const {publicUrl} = kratos;
	// The twin starts while the owner registers (it only reads the database until it is asked something).
	const twinStarting = kratos.startTwin({SELFSERVICE_FLOWS_SETTINGS_LIFESPAN: '1s'});
	twinStarting.catch(() => undefined);
	const passwordTwin = await passwordTwinFor(kratos);
	try {
		const via = passwordTwin?.publicUrl ?? publicUrl;
		const owner = await register(via, remember);
		const twin = await twinStarting;
		let expired: Json;
		try {
			expired = await call('create a settings flow that expires in one second (on the twin)', `${twin.publicUrl}/self-service/settings/api`, {
				sessionToken: owner.sessionToken,
			});
		} finally {
			await twin.stop();
		}
		const other = await register(via, remember);
		const aal1 = await aal1Session(publicUrl, via, await register(via, remember), remember);
		const browser = await browserSession(via, publicUrl, owner);
		remember(browser.cookie);
		for (const pair of browser.cookie.split('; ')) remember(pair.slice(pair.indexOf('=') + 1));
		const flow = await settingsFlow(publicUrl, owner);
		await waitUntil(expired.expires_at as string);
		return {
			publicUrl,
			identityId: owner.identityId,
			sessionToken: owner.sessionToken,
			settingsFlowId: flow.id as string,
			cookie: browser.cookie,
			cookieFlowId: browser.flowId,
			otherSessionToken: other.sessionToken,
			expiredFlowId: expired.id as string,
			...aal1,
			testPassword: owner.password,
			otherLogin: {identifier: other.identifier, password: other.password},
			flowsExpireAt: flow.expires_at as string,
		};
	} finally {
		twinStarting.then((twin) => twin.stop(), () => undefined);
		await passwordTwin?.stop();
	}
}

/**
 * A twin with the password method, for a configuration without it (its registration form offers no password), else
 * undefined: register and log in at its URL, then use what it made at the public URL. The caller stops it.
 */
export async function passwordTwinFor(kratos: ProvisioningTarget): Promise<{readonly publicUrl: string; stop(): Promise<void>} | undefined> {
	const registration = await call('start native registration', `${kratos.publicUrl}/self-service/registration/api`);
	return groupsOf(registration).has('password') ? undefined : kratos.startTwin(PASSWORD_ON);
}

/**
 * An AAL1 session held to AAL2 for its settings flows, and a flow of its identity, where the configuration makes one:
 * an authenticator app linked (and lookup codes where offered), then a password-only login. Nothing where the
 * configuration offers no TOTP, or lets an AAL1 session read that flow (settings' required_aal: aal1).
 */
async function aal1Session(
	publicUrl: string,
	loginUrl: string,
	account: Account,
	remember: (secret: string) => void,
): Promise<Pick<Provisioned, 'aal1SessionToken' | 'aal1FlowId' | 'aal1TotpSecret' | 'aal1Login'>> {
	const flow = await settingsFlow(publicUrl, account);
	if (!groupsOf(flow).has('totp')) return {};
	const {flowId: aal1FlowId, secret} = await enrollTotp(publicUrl, account, flow, remember);
	if (groupsOf(flow).has('lookup_secret')) await enrollLookupSecrets(publicUrl, account);
	const aal1SessionToken = await passwordLogin(loginUrl, account);
	remember(aal1SessionToken);
	const read = await kratosRequest(`${publicUrl}/self-service/settings/flows?id=${aal1FlowId}`, {sessionToken: aal1SessionToken, timeoutMs: 15_000});
	return read.status === 403 ? {aal1SessionToken, aal1FlowId, aal1TotpSecret: secret, aal1Login: {identifier: account.identifier, password: account.password}} : {};
}

/** The variables the live target reads (see targets/live.ts liveConfigFromEnv), in the order the README lists them. */
export function liveVariables(provisioned: Provisioned): [name: string, value: string][] {
	return [
		['KRATOS_PUBLIC_URL', provisioned.publicUrl],
		['KRATOS_SESSION_TOKEN', provisioned.sessionToken],
		['KRATOS_SETTINGS_FLOW_ID', provisioned.settingsFlowId],
		['KRATOS_OTHER_SESSION_TOKEN', provisioned.otherSessionToken],
		['KRATOS_EXPIRED_FLOW_ID', provisioned.expiredFlowId],
		['KRATOS_COOKIE', provisioned.cookie],
		['KRATOS_AAL1_SESSION_TOKEN', provisioned.aal1SessionToken],
		['KRATOS_AAL1_FLOW_ID', provisioned.aal1FlowId],
		['KRATOS_AAL1_TOTP_SECRET', provisioned.aal1TotpSecret],
		// The owner's password: the refresh login's (the login cases; with KRATOS_ALLOW_WRITES=1 it is changed and put back).
		['KRATOS_TEST_PASSWORD', provisioned.testPassword],
		// Names the identity the update cases may write to, once KRATOS_ALLOW_WRITES=1 opts in.
		['KRATOS_TEST_IDENTITY_ID', provisioned.identityId],
	].filter((pair): pair is [string, string] => pair[1] !== undefined);
}

/** `export NAME='value'` lines a POSIX shell takes as they are (single quotes, any ' in a value escaped). */
export function exportLines(provisioned: Provisioned): string[] {
	return liveVariables(provisioned).map(([name, value]) => shellExport(name, value));
}

/** `export NAME='value'`, any ' in the value escaped. */
export const shellExport = (name: string, value: string) => `export ${name}='${value.replaceAll("'", `'\\''`)}'`;
