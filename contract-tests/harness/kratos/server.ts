// Starts a real Kratos v1.3.1 (built by build.ts) on free loopback ports with the project's kratos.yml, in memory.
//
//   npm run kratos:start (scripts/kratos-start.ts) starts one for a user
//
// Kratos gets a minimal environment (PATH, HOME, TMPDIR, …) plus the ports and base URLs chosen here and any
// `env` the caller passes, which wins: e.g. {SELFSERVICE_FLOWS_SETTINGS_LIFESPAN: '1s'}. Kratos maps every config
// key to an env var (serve.public.base_url → SERVE_PUBLIC_BASE_URL), so a stray DSN or LOG_LEVEL in our own
// environment cannot change the server.
import {closeSync, fstatSync, openSync} from 'node:fs';
import {mkdtemp, open} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {type TiedProcess, spawnTied} from '../tied-process.js';
import {ensureKratosBinary} from './build.js';

/** kratos.yml and the identity schema it names (relative to Kratos's working directory, this folder). */
const CONFIG_DIR = fileURLToPath(new URL('config/', import.meta.url));
export const KRATOS_CONFIG = join(CONFIG_DIR, 'kratos.yml');

export interface StartKratosOptions {
	/** Extra environment for Kratos (config overrides); wins over the ports and URLs chosen here. */
	env?: Record<string, string>;
	/** How long to wait for GET /health/ready; default 30 s. */
	readyTimeoutMs?: number;
}

export interface KratosServer {
	/**
	 * Where Kratos's public API listens, e.g. http://127.0.0.1:41234 (no trailing slash). Kratos serves its routes
	 * at the root even when SERVE_PUBLIC_BASE_URL has a path; that path only shows in the URLs it returns.
	 */
	readonly publicUrl: string;
	readonly adminUrl: string;
	/** Kratos's own stdout and stderr. */
	readonly logFile: string;
	/** SIGTERM, then SIGKILL after a few seconds; resolves once the process has exited. */
	stop(): Promise<void>;
}

export class KratosStartError extends Error {
	override readonly name = 'KratosStartError';
}

const PASS_THROUGH_ENV = ['PATH', 'HOME', 'TMPDIR', 'TMP', 'TEMP', 'LANG', 'LC_ALL', 'TZ', 'SYSTEMROOT'];
const STOP_GRACE_MS = 5_000;
const START_ATTEMPTS = 3;
const LOG_TAIL_LINES = 40;

/** Listens on port 0 on 127.0.0.1, reads the port, closes. Another process may take it before Kratos does. */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => (port ? resolve(port) : reject(new Error('could not read a free port'))));
		});
	});
}

async function twoFreePorts(): Promise<[number, number]> {
	const first = await freePort();
	let second = await freePort();
	while (second === first) second = await freePort();
	return [first, second];
}

/** The last lines of a log file written since `from` (a byte offset), read without loading a huge file whole. */
async function logTail(file: string, from = 0, lines = LOG_TAIL_LINES): Promise<string> {
	try {
		const handle = await open(file, 'r');
		try {
			const {size} = await handle.stat();
			const length = Math.max(0, Math.min(size - from, 64 * 1024));
			const buffer = Buffer.alloc(length);
			await handle.read(buffer, 0, length, size - length);
			return buffer.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
		} finally {
			await handle.close();
		}
	} catch {
		return '(no log)';
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Exited {
	code: number | null;
	signal: NodeJS.Signals | null;
}

async function waitReady(
	adminUrl: string,
	publicUrl: string,
	exited: Promise<Exited>,
	timeoutMs: number,
): Promise<'ready' | Exited | 'timeout'> {
	let exit: Exited | undefined;
	void exited.then((value) => {
		exit = value;
	});
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (exit) return exit;
		try {
			const [admin, pub] = await Promise.all(
				[adminUrl, publicUrl].map((base) =>
					fetch(`${base}/health/ready`, {signal: AbortSignal.timeout(2_000)}).then(async (response) => {
						await response.arrayBuffer();
						return response.status;
					}),
				),
			);
			if (admin === 200 && pub === 200) return 'ready';
		} catch {
			// not listening yet
		}
		if (exit) return exit;
		await sleep(100);
	}
	return exit ?? 'timeout';
}

/** Starts one Kratos; several may run at once (each on its own ports, each with its own in-memory database). */
export async function startKratos(opts: StartKratosOptions = {}): Promise<KratosServer> {
	const binary = await ensureKratosBinary();
	const readyTimeoutMs = opts.readyTimeoutMs ?? 30_000;
	const logDir = await mkdtemp(join(tmpdir(), 'kratos-contract-'));
	const logFile = join(logDir, 'kratos.log');

	const baseEnv: Record<string, string> = {};
	for (const name of PASS_THROUGH_ENV) {
		const value = process.env[name];
		if (value !== undefined) baseEnv[name] = value;
	}

	let lastFailure = '';
	for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
		const [freePublic, freeAdmin] = await twoFreePorts();
		const env: Record<string, string> = {
			...baseEnv,
			SERVE_PUBLIC_HOST: '127.0.0.1',
			SERVE_PUBLIC_PORT: String(freePublic),
			SERVE_PUBLIC_BASE_URL: `http://127.0.0.1:${freePublic}/`,
			SERVE_ADMIN_HOST: '127.0.0.1',
			SERVE_ADMIN_PORT: String(freeAdmin),
			SERVE_ADMIN_BASE_URL: `http://127.0.0.1:${freeAdmin}/`,
			...opts.env,
		};
		// A caller may pin a port or give a base URL with a path (Kratos then only *prints* that path in URLs; it
		// still serves its routes at the root, as behind a path-stripping proxy). We talk to where it listens.
		const publicUrl = `http://127.0.0.1:${env.SERVE_PUBLIC_PORT}`;
		const adminUrl = `http://127.0.0.1:${env.SERVE_ADMIN_PORT}`;

		const fd = openSync(logFile, 'a');
		const logStart = fstatSync(fd).size;
		let tied: TiedProcess;
		try {
			// Tied to this process: Kratos goes when it goes, even when it is killed outright.
			tied = spawnTied(
				binary,
				['serve', '--config', KRATOS_CONFIG, '--dev', '--watch-courier=false', '--sqa-opt-out'],
				// Run in this folder: the config's file://./identity.schema.json is relative to the working directory.
				{cwd: CONFIG_DIR, env, stdout: fd, stderr: fd},
			);
		} finally {
			closeSync(fd);
		}
		const exited = tied.exited.then((code): Exited => ({code, signal: null}));
		let stopping: Promise<void> | undefined;
		const stop = () => (stopping ??= tied.stop(STOP_GRACE_MS));

		const outcome = await waitReady(adminUrl, publicUrl, exited, readyTimeoutMs);
		if (outcome === 'ready') {
			return {publicUrl, adminUrl, logFile, stop};
		}
		await stop();
		const tail = await logTail(logFile, logStart);
		if (outcome === 'timeout') {
			throw new KratosStartError(
				`Kratos was not ready within ${readyTimeoutMs} ms (GET ${adminUrl}/health/ready). Log ${logFile}, last lines:\n${tail}`,
			);
		}
		const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
		lastFailure = `Kratos ${how} before it was ready. Log ${logFile}, last lines:\n${tail}`;
		// A port taken between our probe and Kratos's bind: pick new ports and try again.
		const pinned = opts.env?.SERVE_PUBLIC_PORT !== undefined || opts.env?.SERVE_ADMIN_PORT !== undefined;
		if (pinned || !/address already in use/i.test(tail)) break;
	}
	throw new KratosStartError(lastFailure);
}
