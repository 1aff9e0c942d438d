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
import type {SettingsFlow} from '../../src/index.js';
import {type LocalKratos, startLocalKratos} from '../harness/kratos/local.js';
import {type Account, provisionKratos, register, settingsFlow} from '../harness/kratos/provision.js';
import {type LiveConfig, liveTarget} from './live.js';
import {type Provocations, type Target, TargetError, UsageError} from './types.js';

export interface KratosTargetOptions {
	readonly timeoutMs?: number | undefined;
	/** A kratos binary to run instead of the v1.3.1 build (or KRATOS_BINARY). */
	readonly binary?: string | undefined;
	/** Kratos's config file instead of the project's (its dsn, hosts, ports and base URLs are replaced). */
	readonly configFile?: string | undefined;
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

/** kratos.yml's selfservice.flows.settings.lifespan. */
const LIFESPAN_MS = 60 * 60 * 1000;

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
		// Filled as provisioning creates them, so even a failed start is redacted.
		secrets,
		async start() {
			try {
				kratos = await startLocalKratos({binary: options.binary, configFile: options.configFile, prefix: '/auth'});
			} catch (error) {
				throw new TargetError(`The local Kratos did not start: ${(error as Error).message}`);
			}
			const remember = (secret: string) => secrets.push(secret);
			// The live target creates its own settings flow (then it knows when and how), so no KRATOS_SETTINGS_FLOW_ID.
			const {settingsFlowId: _, flowsExpireAt: __, identityId, ...provisioned} = await provisionKratos(kratos, remember);
			config = {
				...provisioned,
				name,
				// A throwaway server: the update cases may write, to the owner's identity only.
				allowWrites: true,
				testIdentityId: identityId,
				// The project's kratos.yml; a user's config may set another lifespan.
				lifespanMs: options.configFile ? undefined : LIFESPAN_MS,
				timeoutMs: options.timeoutMs,
			};
			local = await localUpdates(kratos, provisioned.sessionToken, remember);
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

type LocalOnly = 'update_password' | 'update_totp' | 'update_lookup_secret' | 'update_refresh_required' | 'update_browser_location_change';

interface LocalUpdates {
	readonly provoke: Pick<Provocations, LocalOnly>;
}

/** The updates that change credentials or need settings a staging does not have, with what they need. */
async function localUpdates(kratos: LocalKratos, ownerToken: string, remember: (secret: string) => void): Promise<LocalUpdates> {
	// A dedicated identity for the credential changes, so they touch nothing the other cases use.
	const writer: Account = await register(kratos.publicUrl, remember);
	// Sessions are older than one second there: every change needs a refresh login.
	const stale = await kratos.startTwin({SELFSERVICE_FLOWS_SETTINGS_PRIVILEGED_SESSION_MAX_AGE: '1s'});
	const staleFrom = Date.now() + 1_100;

	/** A new native flow of a session, as createSettingsFlow makes it. */
	const newFlow = async (sessionToken: string) => (await settingsFlow(kratos.publicUrl, {sessionToken})) as SettingsFlow;
	const writerTruth = {identityId: writer.identityId, flowType: 'api' as const};

	return {
		provoke: {
			update_password: async () => {
				const flow = await newFlow(writer.sessionToken);
				const password = `${writer.password}-changed`;
				remember(password);
				return {input: {flow, body: {method: 'password', password}}, sessionToken: writer.sessionToken, truth: {...writerTruth, flowId: flow.id, state: 'success'}};
			},
			update_totp: async () => {
				const flow = await newFlow(writer.sessionToken);
				const node = flow.ui.nodes.find((item) => item.attributes.node_type === 'text' && item.attributes.id === 'totp_secret_key');
				const secret = node?.attributes.node_type === 'text' ? (node.attributes.text.context as {secret?: unknown} | undefined)?.secret : undefined;
				if (typeof secret !== 'string') throw new TargetError('The local Kratos shows no totp_secret_key: is the totp method enabled?');
				remember(secret);
				const code = new OTPAuth.TOTP({secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30}).generate();
				return {input: {flow, body: {method: 'totp', totp_code: code}}, sessionToken: writer.sessionToken, truth: {...writerTruth, flowId: flow.id, state: 'success'}};
			},
			update_lookup_secret: async () => {
				const flow = await newFlow(writer.sessionToken);
				// Regenerated codes are shown (the flow stays show_form) and saved only once confirmed.
				return {input: {flow, body: {method: 'lookup_secret', lookup_secret_regenerate: true}}, sessionToken: writer.sessionToken, truth: {...writerTruth, flowId: flow.id}};
			},
			update_refresh_required: async () => {
				const flow = await newFlow(ownerToken);
				const wait = staleFrom - Date.now();
				if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
				// A password change always needs a recent login (an unchanged profile needs none); refused, it changes nothing.
				const password = `not-set-${Date.now()}-Aa1!`;
				remember(password);
				return {input: {flow: flow.id, body: {method: 'password', password}}, sessionToken: ownerToken, baseUrl: stale.publicUrl};
			},
			update_browser_location_change: async () => {
				const flow = await newFlow(ownerToken);
				return {input: {flow, body: {method: 'oidc', link: 'github'}}, sessionToken: ownerToken};
			},
		},
	};
}
