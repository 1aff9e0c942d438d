// Provisions a local Kratos only through its own self-service flows (native registration, browser login, settings),
// so that every case of the suite can run against it: exactly what a user's staging needs, and what the kratos target
// and `npm run kratos:start -- --provision` both use. Throws a TargetError naming the step that failed (no secrets).
import {randomBytes, randomUUID} from 'node:crypto';
import * as OTPAuth from 'otpauth';
import {kratosRequest, withSetCookies} from '../../targets/live.js';
import {TargetError} from '../../targets/types.js';

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

export interface Account {
	readonly email: string;
	readonly password: string;
	readonly sessionToken: string;
	readonly identityId: string;
}

/** Native registration; Kratos's `session` hook after registration returns a session token. */
export async function register(publicUrl: string, remember: (secret: string) => void): Promise<Account> {
	const email = `contract-${randomUUID()}@example.org`;
	const password = `${randomBytes(18).toString('base64url')}-Aa1!`;
	remember(password);
	const flow = await call('start native registration', `${publicUrl}/self-service/registration/api`);
	const done = await call('register with a password', `${publicUrl}/self-service/registration?flow=${flow.id}`, {
		method: 'POST',
		body: {method: 'password', password, traits: {email}},
	});
	if (typeof done.session_token !== 'string') {
		throw new TargetError('Native registration returned no session_token: is the `session` hook configured after password registration?');
	}
	remember(done.session_token);
	return {email, password, sessionToken: done.session_token, identityId: done.identity.id};
}

/** A new native settings flow of a session; a refusal names the step. */
export const settingsFlow = (publicUrl: string, account: Pick<Account, 'sessionToken'>) =>
	call('create a settings flow', `${publicUrl}/self-service/settings/api`, {sessionToken: account.sessionToken});

/** Links an authenticator app through the settings flow; the session stays AAL1. Returns the flow it used. */
async function enrollTotp(publicUrl: string, account: Account): Promise<string> {
	const flow = await settingsFlow(publicUrl, account);
	const node = (flow.ui.nodes as Json[]).find((item) => item.attributes?.id === 'totp_secret_key');
	const secret: unknown = node?.attributes.text?.context?.secret ?? node?.attributes.text?.text;
	if (typeof secret !== 'string') throw new TargetError('The settings flow shows no totp_secret_key: is the totp method enabled?');
	const code = new OTPAuth.TOTP({secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30}).generate();
	await call('link an authenticator app', `${publicUrl}/self-service/settings?flow=${flow.id}`, {
		method: 'POST',
		body: {method: 'totp', totp_code: code},
		sessionToken: account.sessionToken,
	});
	return flow.id as string;
}

/**
 * A fresh native login with the password only: an AAL1 session. (The session that linked the authenticator app keeps
 * getting 200s from this endpoint; only a new password-only session is held to AAL2.)
 */
async function passwordLogin(publicUrl: string, account: Account): Promise<string> {
	const flow = await call('start native login', `${publicUrl}/self-service/login/api`);
	const done = await call('log in with the password only', `${publicUrl}/self-service/login?flow=${flow.id}`, {
		method: 'POST',
		body: {method: 'password', identifier: account.email, password: account.password},
	});
	return done.session_token as string;
}

/** Browser login with the password: CSRF cookie and token, then the session cookie, then a browser settings flow. */
async function browserSession(publicUrl: string, account: Account): Promise<{cookie: string; flowId: string}> {
	const cookies = new Cookies();
	const login = await call('start browser login', `${publicUrl}/self-service/login/browser`, {cookies});
	const csrf = (login.ui.nodes as Json[]).find((item) => item.attributes?.name === 'csrf_token')?.attributes.value;
	await call('log in in the browser', `${publicUrl}/self-service/login?flow=${login.id}`, {
		method: 'POST',
		body: {method: 'password', identifier: account.email, password: account.password, csrf_token: csrf},
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
	/** A password-only session of an identity with an authenticator app linked, and a flow of that identity. */
	readonly aal1SessionToken: string;
	readonly aal1FlowId: string;
	/** When the owner's settings flow expires (the config's settings lifespan); the sessions live longer. */
	readonly flowsExpireAt: string;
}

/** Where to provision: the public URL, and a way to start a twin on the same database with other settings. */
export interface ProvisioningTarget {
	readonly publicUrl: string;
	startTwin(env: Readonly<Record<string, string>>): Promise<{readonly publicUrl: string; stop(): Promise<void>}>;
}

/**
 * Registers three identities (the owner, another one, one with an authenticator app), logs the owner in through the
 * browser flow for a cookie, and has a one-second-lifespan twin create a settings flow for the owner's session that
 * then expires. `remember` receives every secret as soon as it exists, so even a failed run is redacted.
 *
 * One step at a time: SQLite answers concurrent writes with "Unable to serialize access due to a concurrent update".
 */
export async function provisionKratos(kratos: ProvisioningTarget, remember: (secret: string) => void): Promise<Provisioned> {
	const {publicUrl} = kratos;
	// The twin starts while the owner registers (it only reads the database until it is asked something).
	const twinStarting = kratos.startTwin({SELFSERVICE_FLOWS_SETTINGS_LIFESPAN: '1s'});
	twinStarting.catch(() => undefined);
	const owner = await register(publicUrl, remember);
	const twin = await twinStarting;
	let expired: Json;
	try {
		expired = await call('create a settings flow that expires in one second (on the twin)', `${twin.publicUrl}/self-service/settings/api`, {
			sessionToken: owner.sessionToken,
		});
	} finally {
		await twin.stop();
	}
	const other = await register(publicUrl, remember);
	const twoFactor = await register(publicUrl, remember);
	const aal1FlowId = await enrollTotp(publicUrl, twoFactor);
	const aal1SessionToken = await passwordLogin(publicUrl, twoFactor);
	remember(aal1SessionToken);
	const browser = await browserSession(publicUrl, owner);
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
		aal1SessionToken,
		aal1FlowId,
		flowsExpireAt: flow.expires_at as string,
	};
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
		// Names the identity the update cases may write to, once KRATOS_ALLOW_WRITES=1 opts in.
		['KRATOS_TEST_IDENTITY_ID', provisioned.identityId],
	];
}

/** `export NAME='value'` lines a POSIX shell takes as they are (single quotes, any ' in a value escaped). */
export function exportLines(provisioned: Provisioned): string[] {
	return liveVariables(provisioned).map(([name, value]) => `export ${name}='${value.replaceAll("'", `'\\''`)}'`);
}
