// The local real Kratos: built and started by harness/kratos, provisioned only through Kratos's own self-service
// flows (native registration, browser login, settings), then tested exactly like a user's staging (the live target).
// The main instance sits behind /auth (a transparent reverse proxy, as Kratos is deployed at
// https://accounts.<domain>/auth), so path-prefixed base URLs are tested for real. A second instance with a one-second
// settings lifespan supplies the expired flow.
import {randomBytes, randomUUID} from 'node:crypto';
import * as OTPAuth from 'otpauth';
import {type KratosServer, startKratos} from '../harness/kratos/server.js';
import {type PrefixProxy, startPrefixProxy} from '../harness/prefix-proxy.js';
import {type LiveConfig, kratosRequest, liveTarget} from './live.js';
import {type Provocations, type Target, TargetError} from './types.js';

type Json = Record<string, any>;

/** A small cookie jar: enough for Kratos's CSRF and session cookies on one host. */
class Cookies {
	readonly #values = new Map<string, string>();
	take(response: Response): void {
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const at = pair!.indexOf('=');
			if (at > 0) this.#values.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
		}
	}
	get header(): string {
		return [...this.#values].map(([name, value]) => `${name}=${value}`).join('; ');
	}
}

/** A JSON call to Kratos that must succeed; a failure names the step and what Kratos said (no secrets). */
async function call(
	step: string,
	url: string,
	init: {method?: string; body?: unknown; sessionToken?: string; cookies?: Cookies} = {},
): Promise<Json> {
	const {status, body = {}, response} = await kratosRequest(url, {...init, cookie: init.cookies?.header, timeoutMs: 15_000});
	init.cookies?.take(response);
	if (status !== 200) {
		const reason = body.error?.reason ?? body.error?.message ?? body.ui?.messages?.[0]?.text ?? 'no JSON error';
		throw new TargetError(`Provisioning the local Kratos failed at "${step}": ${status} ${reason}`);
	}
	return body;
}

interface Account {
	readonly email: string;
	readonly password: string;
	readonly sessionToken: string;
	readonly identityId: string;
}

/** Native registration; Kratos's `session` hook after registration returns a session token. */
async function register(publicUrl: string): Promise<Account> {
	const email = `contract-${randomUUID()}@example.org`;
	const password = `${randomBytes(18).toString('base64url')}-Aa1!`;
	const flow = await call('start native registration', `${publicUrl}/self-service/registration/api`);
	const done = await call('register with a password', `${publicUrl}/self-service/registration?flow=${flow.id}`, {
		method: 'POST',
		body: {method: 'password', password, traits: {email}},
	});
	if (typeof done.session_token !== 'string') {
		throw new TargetError('Native registration returned no session_token: is the `session` hook configured after password registration?');
	}
	return {email, password, sessionToken: done.session_token, identityId: done.identity.id};
}

const settingsFlow = (publicUrl: string, account: Account) =>
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

export interface KratosTarget extends Target {
	/** Every URL the target listened on (the proxy and both Kratos instances), for tests that check they are closed. */
	readonly listeners: readonly string[];
	/** The provisioned sessions and flows, after `start`. */
	readonly config: LiveConfig | undefined;
}

export function kratosTarget(options: {timeoutMs?: number} = {}): KratosTarget {
	let servers: KratosServer[] = [];
	let proxy: PrefixProxy | undefined;
	let live: Target | undefined;
	let config: LiveConfig | undefined;
	const secrets: string[] = [];
	return {
		name: 'kratos',
		kind: 'live',
		timeoutMs: options.timeoutMs,
		get baseUrl() {
			return live?.baseUrl ?? '';
		},
		get config() {
			return config;
		},
		get listeners() {
			return [...(proxy ? [proxy.url] : []), ...servers.flatMap((server) => [server.publicUrl, server.adminUrl])];
		},
		// Filled as provisioning creates them, so even a failed start is redacted.
		secrets,
		async start() {
			proxy = await startPrefixProxy('/auth');
			servers = await Promise.all([
				// Kratos puts its base URL into the URLs it returns (ui.action, redirects): the proxied one.
				startKratos({env: {SERVE_PUBLIC_BASE_URL: `${proxy.url}/`}}),
				startKratos({env: {SELFSERVICE_FLOWS_SETTINGS_LIFESPAN: '1s'}}),
			]);
			const [kratos, shortLived] = servers as [KratosServer, KratosServer];
			proxy.upstream = kratos.publicUrl;
			const main = {publicUrl: proxy.url};

			// One step at a time on each instance: Kratos's in-memory SQLite answers concurrent writes with "Unable to
			// serialize access due to a concurrent update" (seen in about 1 start in 8 under load). The two instances
			// have separate databases, so their chains run side by side.
			const remember = <T extends {sessionToken: string; password: string}>(account: T) => {
				secrets.push(account.sessionToken, account.password);
				return account;
			};
			const twin = (async () => {
				const expiring = remember(await register(shortLived.publicUrl));
				return {expiring, expired: await settingsFlow(shortLived.publicUrl, expiring)};
			})();
			const owner = remember(await register(main.publicUrl));
			const other = remember(await register(main.publicUrl));
			const twoFactor = remember(await register(main.publicUrl));
			const aal1FlowId = await enrollTotp(main.publicUrl, twoFactor);
			const aal1SessionToken = await passwordLogin(main.publicUrl, twoFactor);
			secrets.push(aal1SessionToken);
			const browser = await browserSession(main.publicUrl, owner);
			secrets.push(browser.cookie, ...browser.cookie.split('; ').map((pair) => pair.slice(pair.indexOf('=') + 1)));
			const {expiring, expired} = await twin;
			await waitUntil(expired.expires_at as string);

			config = {
				name: 'kratos',
				publicUrl: main.publicUrl,
				sessionToken: owner.sessionToken,
				cookie: browser.cookie,
				cookieFlowId: browser.flowId,
				otherSessionToken: other.sessionToken,
				expiredFlowId: expired.id as string,
				expiredFlowBaseUrl: shortLived.publicUrl,
				expiredFlowSessionToken: expiring.sessionToken,
				aal1SessionToken,
				aal1FlowId,
				// A throwaway server: the update cases may write, to the owner's identity only.
				allowWrites: true,
				testIdentityId: owner.identityId,
				// kratos.yml's selfservice.flows.settings.lifespan.
				lifespanMs: 60 * 60 * 1000,
				timeoutMs: options.timeoutMs,
			};
			live = liveTarget(config);
			await live.start();
		},
		// Provisioned like a staging with every optional variable set: provoked exactly as the live target does.
		get provoke(): Provocations {
			if (!live) throw new TargetError('the kratos target is not started');
			return live.provoke;
		},
		async stop() {
			await Promise.all([...servers.map((server) => server.stop()), proxy?.close()]);
		},
	};
}
