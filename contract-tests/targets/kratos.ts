// The local real Kratos: built and started by harness/kratos (a SQLite database in a temporary folder, removed on
// stop), provisioned only through Kratos's own self-service flows (harness/kratos/provision.ts, the same code as
// `npm run kratos:start -- --provision`), then tested exactly like a user's staging (the live target) with every
// variable set. Kratos sits behind /auth (a transparent reverse proxy, as it is deployed at
// https://accounts.<domain>/auth), so path-prefixed base URLs are tested for real. The expired flow comes from a
// short-lifespan twin on the same database: the main instance itself answers 410 for it, at the same URL.
import {type LocalKratos, startLocalKratos} from '../harness/kratos/local.js';
import {provisionKratos} from '../harness/kratos/provision.js';
import {type LiveConfig, liveTarget} from './live.js';
import {type Provocations, type Target, TargetError} from './types.js';

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

export function kratosTarget(options: KratosTargetOptions = {}): KratosTarget {
	let kratos: LocalKratos | undefined;
	let live: Target | undefined;
	let config: LiveConfig | undefined;
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
			const provisioned = await provisionKratos(kratos, (secret) => secrets.push(secret));
			config = {...provisioned, name, timeoutMs: options.timeoutMs};
			live = liveTarget(config);
			await live.start();
		},
		// Provisioned like a staging with every optional variable set: provoked exactly as the live target does.
		get provoke(): Provocations {
			if (!live) throw new TargetError(`the ${name} target is not started`);
			return live.provoke;
		},
		async stop() {
			await kratos?.stop();
		},
	};
}
