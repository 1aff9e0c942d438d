// The local real Kratos: built and started by harness/kratos (a SQLite database in a temporary folder, removed on
// stop), provisioned only through Kratos's own self-service flows (harness/kratos/provision.ts, the same code as
// `npm run kratos:start -- --provision`), then tested exactly like a user's staging (the live target) with every
// variable set and writes allowed. Kratos sits behind /auth (a transparent reverse proxy, as it is deployed at
// https://accounts.<domain>/auth), so path-prefixed base URLs are tested for real. The expired flow comes from a
// short-lifespan twin on the same database: the main instance itself answers 410 for it, at the same URL.
//
// The updates a staging never gets run here too: a new password, an authenticator app, lookup codes (for a
// dedicated identity), a session too old for a change (a twin whose privileged_session_max_age is one second), and
// linking a social sign-in provider (kratos.yml configures GitHub with fake credentials: Kratos only builds its URL).
import * as OTPAuth from 'otpauth';
import type {LoginFlow, SettingsFlow} from '../../src/index.js';
import type {LoginInput} from '../operations/update-login-flow.js';
import {type LocalKratos, startLocalKratos} from '../harness/kratos/local.js';
import {type Account, passwordTwinFor, provisionKratos, register, settingsFlow} from '../harness/kratos/provision.js';
import {DEFAULT_KRATOS_CONFIG} from '../harness/kratos/server.js';
import {type Configured, settingsConfiguration} from '../harness/kratos/settings.js';
import {notOffered, offeredBy} from './live/inputs.js';
import {type LiveConfig, liveTarget} from './live.js';
import {kratosRequest} from '../base/kratos-http.js';
import type {UpdateInput} from '../operations/update-settings-flow.js';
import {type Provocations, type Target} from './types.js';
import {TargetError, UsageError} from '../base/errors.js';
import {type Prepared, type Skipped} from '../base/model.js';

export interface KratosTargetOptions {
	readonly timeoutMs?: number | undefined;
	/** A kratos binary to run instead of the v1.3.1 build (or KRATOS_BINARY). */
	readonly binary?: string | undefined;
	/** Kratos's config file instead of the project's (its dsn, hosts, ports and base URLs are replaced). */
	readonly configFile?: string | undefined;
	/** Config overrides (Kratos's variables, e.g. SERVE_PUBLIC_CORS_ENABLED), for every instance it starts. */
	readonly env?: Readonly<Record<string, string>> | undefined;
	/** Name shown in reports. @default 'kratos' */
	readonly name?: string | undefined;
}

export interface KratosTarget extends Target {
	/** Every URL the target listened on (the proxy and each Kratos instance), for tests that check they are closed. */
	readonly listeners: readonly string[];
	/** The provisioned sessions and flows, after `start`. */
	readonly config: LiveConfig | undefined;
	/** What `kratos version` said, after `start`. */
	readonly version: string | undefined;
}

export function kratosTarget(options: KratosTargetOptions = {}): KratosTarget {
	let kratos: LocalKratos | undefined;
	let live: Target | undefined;
	let config: LiveConfig | undefined;
	let local: LocalUpdates | undefined;
	const secrets: string[] = [];
	const name = options.name ?? 'kratos';
	return {
		name,
		kind: 'live',
		timeoutMs: options.timeoutMs,
		get baseUrl() {
			return live?.baseUrl ?? '';
		},
		get config() {
			return config;
		},
		get version() {
			return kratos?.version;
		},
		get listeners() {
			return kratos?.listeners ?? [];
		},
		// Filled as provisioning creates them, so even a failed start is redacted; then those the run makes up too.
		get secrets() {
			return [...secrets, ...(live?.secrets ?? [])];
		},
		async start() {
			try {
				kratos = await startLocalKratos({binary: options.binary, configFile: options.configFile, env: options.env, prefix: '/auth'});
			} catch (error) {
				throw new TargetError(`The local Kratos did not start: ${(error as Error).message}`);
			}
			const remember = (secret: string) => secrets.push(secret);
			// The live target creates its own settings flow (then it knows when and how), so no KRATOS_SETTINGS_FLOW_ID.
			const {settingsFlowId: _, flowsExpireAt: __, identityId, ...provisioned} = await provisionKratos(kratos, remember);
			// What the configuration says, as a user who knows it would tell the suite.
			const settings = await settingsConfiguration(options.configFile ?? DEFAULT_KRATOS_CONFIG, options.env);
			config = {
				...provisioned,
				name,
				// A throwaway server: the update cases may write, to the owner's identity only.
				allowWrites: true,
				testIdentityId: identityId,
				lifespanMs: settings.lifespan.ms,
				privilegedSessionMaxAgeMs: settings.privilegedSessionMaxAge.ms,
				timeoutMs: options.timeoutMs,
			};
			local = await localUpdates(kratos, provisioned.sessionToken, settings.privilegedSessionMaxAge, remember);
			// The login cases try a password change before and after a refresh: on a twin whose privileged age the owner's
			// session outgrows within the run (they wait for it), with room left to change the password and put it back.
			const privileged = await kratos.startTwin({SELFSERVICE_FLOWS_SETTINGS_PRIVILEGED_SESSION_MAX_AGE: `${PRIVILEGED_TWIN_AGE_MS / 1000}s`});
			config = {...config, privilegedAt: {publicUrl: privileged.publicUrl, maxAgeMs: PRIVILEGED_TWIN_AGE_MS}, expiredLoginFlowId: await expiredLoginFlow(kratos)};
			live = liveTarget(config);
			try {
				await live.start();
			} catch (error) {
				// Every input came from this Kratos itself: one it then disowns is its fault, not the user's.
				if (error instanceof UsageError) throw new TargetError(`The local Kratos disowns what it provisioned: ${error.message}`);
				throw error;
			}
		},
		get provoke(): Provocations {
			if (!live || !local) throw new TargetError(`the ${name} target is not started`);
			// Provoked exactly as the live target does, but for the updates a staging never runs.
			return {...live.provoke, ...local.provoke};
		},
		async stop() {
			await kratos?.stop();
		},
	};
}

/**
 * The privileged age of the twin the login cases try a password change on: long enough to change the password and put
 * it back after a refresh on a busy machine, short enough that the run waits little for the owner's session to outgrow it.
 * A machine too busy even for that gets the change not judged, saying why (refusedForAgeAgain), rather than a failure.
 */
const PRIVILEGED_TWIN_AGE_MS = 15_000;

/**
 * A login flow the main instance answers 410 for: made by a twin whose login lifespan is one second (one database),
 * then waited out. Its twin is stopped.
 */
async function expiredLoginFlow(kratos: LocalKratos): Promise<string> {
	const twin = await kratos.startTwin({SELFSERVICE_FLOWS_LOGIN_LIFESPAN: '1s'});
	try {
		const created = await kratosRequest(`${twin.publicUrl}/self-service/login/api`, {timeoutMs: 15_000});
		if (created.status !== 200 || typeof created.body?.id !== 'string') throw new TargetError(`The local Kratos made no login flow to let expire: GET /self-service/login/api answered ${created.status}`);
		const wait = Date.parse(created.body.expires_at) - Date.now() + 250;
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		return created.body.id;
	} finally {
		await twin.stop();
	}
}

type LocalOnly = 'login_browser_location_change' | 'update_password' | 'update_totp' | 'update_lookup_secret' | 'update_refresh_required' | 'update_browser_location_change';

interface LocalUpdates {
	readonly provoke: Pick<Provocations, LocalOnly>;
}

/** The updates that change credentials or need settings a staging does not have, with what they need. */
async function localUpdates(kratos: LocalKratos, ownerToken: string, privileged: Configured, remember: (secret: string) => void): Promise<LocalUpdates> {
	// Dedicated identities for the credential changes, so they touch nothing the other cases use: one whose password
	// changes, one that links second factors (and can still log in with its password). Registered on a twin with the
	// password method where the configuration has none.
	const passwordTwin = await passwordTwinFor(kratos);
	let writer: Account;
	let passwordWriter: Account;
	try {
		writer = await register(passwordTwin?.publicUrl ?? kratos.publicUrl, remember);
		passwordWriter = await register(passwordTwin?.publicUrl ?? kratos.publicUrl, remember);
	} finally {
		await passwordTwin?.stop();
	}
	// Sessions are older than one second there: every change needs a refresh login.
	const stale = await kratos.startTwin({SELFSERVICE_FLOWS_SETTINGS_PRIVILEGED_SESSION_MAX_AGE: '1s'});
	const staleFrom = Date.now() + 1_100;

	/** A new native flow of a session, as createSettingsFlow makes it. */
	const newFlow = async (sessionToken: string) => (await settingsFlow(kratos.publicUrl, {sessionToken})) as SettingsFlow;
	const truthOf = (account: Account) => ({identityId: account.identityId, flowType: 'api' as const});
	// What the configuration offers in a settings flow: a case whose method it does not offer sends nothing. A social
	// sign-in provider shows in browser flows only (Kratos accepts the token there too), while a native submit links it.
	const browser = await kratosRequest(`${kratos.publicUrl}/self-service/settings/browser`, {sessionToken: ownerToken, timeoutMs: 15_000});
	const groups = new Set([...offeredBy(await newFlow(ownerToken))!.groups, ...(offeredBy(browser.body)?.groups ?? [])]);
	const offering = <P>(group: string, provocation: () => Promise<P>): (() => Promise<P | Skipped>) => (groups.has(group) ? provocation : async () => notOffered(group));
	// A credential change needs a login younger than privileged_session_max_age: the writers registered just now, and the
	// run takes seconds. Under five minutes the suite does not count on that; update_refresh_required checks the refusal.
	const tooShort = privileged.ms < 5 * 60_000 ? {skip: `privileged_session_max_age is ${privileged.value}: too short for the suite to count on a session young enough to change a credential (update_refresh_required checks the refusal)`} : undefined;
	const changing = <P>(group: string, provocation: () => Promise<P>): (() => Promise<P | Skipped>) => offering(group, async () => tooShort ?? provocation());

	return {
		provoke: {
			update_password: changing('password', async () => {
				const {sessionToken} = passwordWriter;
				const flow = await newFlow(sessionToken);
				const password = `${passwordWriter.password}-changed`;
				remember(password);
				return {input: {flow, body: {method: 'password', password}}, sessionToken, truth: {...truthOf(passwordWriter), flowId: flow.id, state: 'success'}} satisfies Prepared<UpdateInput>;
			}),
			update_totp: changing('totp', async () => {
				const {sessionToken} = writer;
				const flow = await newFlow(sessionToken);
				const node = flow.ui.nodes.find((item) => item.attributes.node_type === 'text' && item.attributes.id === 'totp_secret_key');
				const secret = node?.attributes.node_type === 'text' ? (node.attributes.text.context as {secret?: unknown} | undefined)?.secret : undefined;
				if (typeof secret !== 'string') throw new TargetError('The local Kratos shows no totp_secret_key: is the totp method enabled?');
				remember(secret);
				const code = new OTPAuth.TOTP({secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30}).generate();
				return {input: {flow, body: {method: 'totp', totp_code: code}}, sessionToken, truth: {...truthOf(writer), flowId: flow.id, state: 'success'}} satisfies Prepared<UpdateInput>;
			}),
			update_lookup_secret: changing('lookup_secret', async () => {
				const {sessionToken} = writer;
				const flow = await newFlow(sessionToken);
				// Regenerated codes are shown (the flow stays show_form) and saved only once confirmed.
				return {input: {flow, body: {method: 'lookup_secret', lookup_secret_regenerate: true}}, sessionToken, truth: {...truthOf(writer), flowId: flow.id}} satisfies Prepared<UpdateInput>;
			}),
			update_refresh_required: offering('password', async () => {
				const flow = await newFlow(ownerToken);
				const wait = staleFrom - Date.now();
				if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
				// A password change always needs a recent login (an unchanged profile needs none); refused, it changes nothing.
				const password = `not-set-${Date.now()}-Aa1!`;
				remember(password);
				return {input: {flow: flow.id, body: {method: 'password', password}}, sessionToken: ownerToken, baseUrl: stale.publicUrl} satisfies Prepared<UpdateInput>;
			}),
			// A native login flow offers the provider too (kratos.yml's GitHub, fake credentials): signing in with it is 422.
			login_browser_location_change: async () => {
				const created = await kratosRequest(`${kratos.publicUrl}/self-service/login/api`, {timeoutMs: 15_000});
				if (created.status !== 200 || typeof created.body?.id !== 'string') throw new TargetError(`The local Kratos made no login flow: GET /self-service/login/api answered ${created.status}`);
				const flow = created.body as LoginFlow;
				if (!offeredBy(flow)?.groups.has('oidc')) return notOffered('oidc');
				// The spec documents the password, TOTP and lookup-code bodies only; Kratos takes a provider's too.
				return {input: {flow, body: {method: 'oidc', provider: 'github'} as unknown as LoginInput['body']}} satisfies Prepared<LoginInput>;
			},
			// kratos.yml configures GitHub with fake credentials: Kratos only builds the provider's URL.
			update_browser_location_change: offering('oidc', async () => {
				const flow = await newFlow(ownerToken);
				return {input: {flow, body: {method: 'oidc', link: 'github'}}, sessionToken: ownerToken} satisfies Prepared<UpdateInput>;
			}),
		},
	};
}
