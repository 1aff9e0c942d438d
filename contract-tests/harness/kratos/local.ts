// The local real Kratos, as the kratos target and `npm run kratos:start` run it: one temporary folder (its SQLite
// database and its logs, removed on stop), the database migrated, Kratos started on free loopback ports (optionally
// behind a path-prefix proxy, as deployed at https://accounts.<domain>/auth), and, on demand, twins on the same
// database with other settings (a one-second settings lifespan makes an expired flow that the main instance, with
// the config's own lifespan, answers 410 for). Everything is stopped by stop(), and dies with this process anyway.
import {mkdtemp, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {removeOrphans} from '../orphans.js';
import {type PrefixProxy, type Site, startPrefixProxy} from '../prefix-proxy.js';
import {ensureKratosBinary} from './build.js';
import {DEFAULT_KRATOS_CONFIG, type KratosServer, KratosStartError, kratosVersion, migrateKratos, startKratos} from './server.js';

export interface LocalKratosOptions {
	/** The kratos binary; default: the v1.3.1 build.ts builds (or KRATOS_BINARY). */
	readonly binary?: string | undefined;
	/** Kratos's config file; default the project's kratos.yml. Its dsn, serve hosts, ports and base URLs are replaced. */
	readonly configFile?: string | undefined;
	/** Put Kratos behind this path (e.g. '/auth') on a transparent proxy; `publicUrl` then includes it. */
	readonly prefix?: string | undefined;
	/** With `prefix`: an app's own pages, answered by the proxy for every other path (one origin, as a same-origin SPA). */
	readonly site?: Site | undefined;
	readonly readyTimeoutMs?: number | undefined;
	/**
	 * Config overrides for every instance, twins included (Kratos maps each key to a variable: serve.public.cors.enabled
	 * → SERVE_PUBLIC_CORS_ENABLED), e.g. a configuration as a team runs it. Each twin's own overrides win.
	 */
	readonly env?: Readonly<Record<string, string>> | undefined;
}

export interface LocalKratos {
	/** What `kratos version` says (e.g. v1.3.1, or master for a build from source). */
	readonly version: string;
	readonly binary: string;
	readonly configFile: string;
	/** The public API as a client uses it: the proxy's URL with its prefix when there is one. */
	readonly publicUrl: string;
	/** Where Kratos itself listens. */
	readonly kratosUrl: string;
	readonly adminUrl: string;
	/** The temporary folder with the database and the logs; removed by stop(). */
	readonly workDir: string;
	readonly logFile: string;
	/** Every URL listened on so far (proxy, main, twins), for tests that check they are all closed. */
	readonly listeners: readonly string[];
	/** Resolves with the main Kratos's exit code when it ends (a crash, or stop()). */
	readonly exited: Promise<number>;
	/**
	 * Another Kratos on the same database and config, with `env` overrides (e.g. SELFSERVICE_FLOWS_SETTINGS_LIFESPAN).
	 * Its URLs name the main public URL, so the flows it creates look like the main instance's. stop() stops it too.
	 */
	startTwin(env: Readonly<Record<string, string>>): Promise<KratosServer>;
	/** Stops every process and the proxy and removes the temporary folder; never throws; safe to call twice. */
	stop(): Promise<void>;
}

const WORK_DIR_PREFIX = 'kratos-contract-';
// The owner's pid in the name: a folder whose owner was killed outright (SIGKILL runs no cleanup) is removed by the
// next start on this machine. Folders of running processes, and any other name, are left alone.
const WORK_DIR_PATTERN = new RegExp(`^${WORK_DIR_PREFIX}(\\d+)-[A-Za-z0-9]{6}$`);

async function checkConfigFile(path: string): Promise<void> {
	try {
		if ((await stat(path)).isFile()) return;
	} catch {
		// named below
	}
	throw new KratosStartError(`The Kratos config ${path} is not a readable file`);
}

export async function startLocalKratos(options: LocalKratosOptions = {}): Promise<LocalKratos> {
	const configFile = resolve(options.configFile ?? DEFAULT_KRATOS_CONFIG);
	await checkConfigFile(configFile);
	const binary = options.binary ?? (await ensureKratosBinary());
	const parent = tmpdir();
	await removeOrphans(parent, WORK_DIR_PATTERN);
	const workDir = await mkdtemp(join(parent, `${WORK_DIR_PREFIX}${process.pid}-`));
	const logFile = join(workDir, 'kratos.log');
	// One SQLite file for every instance: a twin's flows are the main instance's flows. _fk: Kratos's own DSN advice;
	// _sync=OFF: no fsync for a database that is thrown away (halves the migration, about 1.2 s → 0.6 s here).
	const dsn = `sqlite://${join(workDir, 'kratos.sqlite')}?_fk=true&_sync=OFF`;
	const processOptions = {binary, configFile, dsn};

	const servers: KratosServer[] = [];
	const listeners: string[] = [];
	let proxy: PrefixProxy | undefined;
	let stopping: Promise<void> | undefined;
	const stop = () =>
		(stopping ??= (async () => {
			await Promise.allSettled([...servers.map((server) => server.stop()), proxy?.close()]);
			await rm(workDir, {recursive: true, force: true}).catch(() => undefined);
		})());

	try {
		const [version] = await Promise.all([kratosVersion(binary), migrateKratos({...processOptions, logFile: join(workDir, 'migrate.log')})]);
		if (options.prefix) {
			proxy = await startPrefixProxy(options.prefix, options.site);
			listeners.push(proxy.url);
		}
		const main = await startKratos({
			...processOptions,
			logFile,
			readyTimeoutMs: options.readyTimeoutMs,
			// Kratos puts its base URL into the URLs it returns (ui.action, redirects): the proxied one when proxied.
			env: {...options.env, ...(proxy && {SERVE_PUBLIC_BASE_URL: `${proxy.url}/`})},
		});
		servers.push(main);
		listeners.push(main.publicUrl, main.adminUrl);
		if (proxy) proxy.upstream = main.publicUrl;
		const publicUrl = proxy?.url ?? main.publicUrl;
		let twins = 0;

		return {
			version,
			binary,
			configFile,
			publicUrl,
			kratosUrl: main.publicUrl,
			adminUrl: main.adminUrl,
			workDir,
			logFile,
			listeners,
			exited: main.exited,
			async startTwin(env) {
				if (stopping) throw new KratosStartError('the local Kratos is stopped');
				const twin = await startKratos({
					...processOptions,
					logFile: join(workDir, `kratos-twin-${++twins}.log`),
					readyTimeoutMs: options.readyTimeoutMs,
					env: {...options.env, SERVE_PUBLIC_BASE_URL: `${publicUrl}/`, ...env},
				});
				servers.push(twin);
				listeners.push(twin.publicUrl, twin.adminUrl);
				return twin;
			},
			stop,
		};
	} catch (error) {
		// The error carries the log's last lines; the folder goes with everything else.
		await stop();
		throw error;
	}
}
