// One real Kratos process: its version, its database migration, and `kratos serve` on free loopback ports.
// local.ts puts them together (a temporary folder, a shared SQLite file, a short-lifespan twin); callers use that.
//
// Kratos gets a minimal environment (PATH, HOME, TMPDIR, …) plus the DSN, the ports and base URLs chosen here and
// any `env` the caller passes, which wins: e.g. {SELFSERVICE_FLOWS_SETTINGS_LIFESPAN: '1s'}. Kratos maps every config
// key to an env var (serve.public.base_url → SERVE_PUBLIC_BASE_URL) and env vars win over the config file, so a stray
// DSN or LOG_LEVEL in our own environment cannot change the server.
import {execFile} from 'node:child_process';
import {closeSync, fstatSync, openSync} from 'node:fs';
import {open} from 'node:fs/promises';
import {createServer} from 'node:net';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {type TiedProcess, spawnTied} from '../tied-process.js';

/** The project's kratos.yml (password + TOTP, a one-hour settings lifespan) and the identity schema beside it. */
export const DEFAULT_KRATOS_CONFIG = join(fileURLToPath(new URL('config/', import.meta.url)), 'kratos.yml');

export interface KratosProcessOptions {
	readonly binary: string;
	/** An absolute path. Kratos runs in its folder: relative file:// URLs in it (the identity schema) resolve there. */
	readonly configFile: string;
	/** Replaces the config's `dsn`, e.g. sqlite:///tmp/…/kratos.sqlite?_fk=true */
	readonly dsn: string;
	/** Kratos's stdout and stderr are appended here. */
	readonly logFile: string;
	/** Extra environment (config overrides); wins over the DSN, ports and URLs chosen here. */
	readonly env?: Readonly<Record<string, string>>;
}

export interface KratosServer {
	/**
	 * Where Kratos's public API listens, e.g. http://127.0.0.1:41234 (no trailing slash). Kratos serves its routes
	 * at the root even when SERVE_PUBLIC_BASE_URL has a path; that path only shows in the URLs it returns.
	 */
	readonly publicUrl: string;
	readonly adminUrl: string;
	/** Resolves with Kratos's exit code (or 128 + signal) when it ends, on its own or stopped. */
	readonly exited: Promise<number>;
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

function kratosEnv(options: KratosProcessOptions, extra: Record<string, string> = {}): Record<string, string> {
	const env: Record<string, string> = {};
	for (const name of PASS_THROUGH_ENV) {
		const value = process.env[name];
		if (value !== undefined) env[name] = value;
	}
	return {...env, DSN: options.dsn, ...extra, ...options.env};
}

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

/**
 * The last lines of a log file written since `from` (a byte offset), read without loading a huge file whole. Error
 * messages carry this text, not the path: the log lives in a temporary folder that is removed when the run ends.
 */
export async function logTail(file: string, from = 0, lines = LOG_TAIL_LINES): Promise<string> {
	try {
		const handle = await open(file, 'r');
		try {
			const {size} = await handle.stat();
			const length = Math.max(0, Math.min(size - from, 64 * 1024));
			const buffer = Buffer.alloc(length);
			await handle.read(buffer, 0, length, size - length);
			return buffer.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n') || '(empty log)';
		} finally {
			await handle.close();
		}
	} catch {
		return '(no log)';
	}
}

/** What `kratos version` says, e.g. "v1.3.1" or "master" (a build from source reports master). */
export function kratosVersion(binary: string): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(binary, ['version'], {timeout: 15_000, env: kratosEnv({binary, configFile: '', dsn: 'memory', logFile: ''})}, (error, stdout, stderr) => {
			const version = /^\s*Version:\s*(\S+)/m.exec(stdout)?.[1];
			if (version) resolve(version);
			else reject(new KratosStartError(`\`${binary} version\` did not print a version${error ? ` (${error.message.trim()})` : ''}: ${(stdout + stderr).trim().slice(0, 500)}`));
		});
	});
}

/** Runs one short kratos command (a migration), its output appended to the log; rejects with the log's tail. */
function runToCompletion(what: string, options: KratosProcessOptions, args: readonly string[]): Promise<void> {
	const fd = openSync(options.logFile, 'a');
	const from = fstatSync(fd).size;
	let tied: TiedProcess;
	try {
		tied = spawnTied(options.binary, args, {cwd: dirname(options.configFile), env: kratosEnv(options), stdout: fd, stderr: fd});
	} finally {
		closeSync(fd);
	}
	const timer = setTimeout(() => void tied.stop(1000), 120_000);
	return tied.exited.then(async (code) => {
		clearTimeout(timer);
		if (code !== 0) {
			throw new KratosStartError(`${what} failed (exit code ${code}). Last lines of its output:\n${await logTail(options.logFile, from)}`);
		}
	});
}

/** Creates Kratos's tables in an empty database (`kratos migrate sql -e --yes`: the DSN comes from the environment). */
export function migrateKratos(options: KratosProcessOptions): Promise<void> {
	return runToCompletion(`Migrating the database (${options.binary} migrate sql)`, options, ['migrate', 'sql', '-e', '--yes', '--config', options.configFile]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitReady(adminUrl: string, publicUrl: string, exited: Promise<number>, timeoutMs: number): Promise<'ready' | number | 'timeout'> {
	let exit: number | undefined;
	void exited.then((code) => {
		exit = code;
	});
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (exit !== undefined) return exit;
		try {
			const statuses = await Promise.all(
				[adminUrl, publicUrl].map((base) =>
					fetch(`${base}/health/ready`, {signal: AbortSignal.timeout(2_000)}).then(async (response) => {
						await response.arrayBuffer();
						return response.status;
					}),
				),
			);
			if (statuses.every((status) => status === 200)) return 'ready';
		} catch {
			// not listening yet
		}
		if (exit !== undefined) return exit;
		await sleep(100);
	}
	return exit ?? 'timeout';
}

/**
 * `kratos serve` on two free loopback ports, tied to this process (it goes when this process goes, however it ends).
 * Resolves once both APIs answer /health/ready; a port taken between our probe and Kratos's bind is retried.
 */
export async function startKratos(options: KratosProcessOptions & {readonly readyTimeoutMs?: number | undefined}): Promise<KratosServer> {
	const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
	let lastFailure = '';
	for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
		const [freePublic, freeAdmin] = await twoFreePorts();
		const env = kratosEnv(options, {
			SERVE_PUBLIC_HOST: '127.0.0.1',
			SERVE_PUBLIC_PORT: String(freePublic),
			SERVE_PUBLIC_BASE_URL: `http://127.0.0.1:${freePublic}/`,
			SERVE_ADMIN_HOST: '127.0.0.1',
			SERVE_ADMIN_PORT: String(freeAdmin),
			SERVE_ADMIN_BASE_URL: `http://127.0.0.1:${freeAdmin}/`,
		});
		// A caller may pin a port or give a base URL with a path (Kratos then only *prints* that path in URLs; it
		// still serves its routes at the root, as behind a path-stripping proxy). We talk to where it listens.
		const publicUrl = `http://127.0.0.1:${env.SERVE_PUBLIC_PORT}`;
		const adminUrl = `http://127.0.0.1:${env.SERVE_ADMIN_PORT}`;

		const fd = openSync(options.logFile, 'a');
		const logStart = fstatSync(fd).size;
		let tied: TiedProcess;
		try {
			tied = spawnTied(
				options.binary,
				['serve', '--config', options.configFile, '--dev', '--watch-courier=false', '--sqa-opt-out'],
				{cwd: dirname(options.configFile), env, stdout: fd, stderr: fd},
			);
		} finally {
			closeSync(fd);
		}
		let stopping: Promise<void> | undefined;
		const stop = () => (stopping ??= tied.stop(STOP_GRACE_MS));

		const outcome = await waitReady(adminUrl, publicUrl, tied.exited, readyTimeoutMs);
		if (outcome === 'ready') return {publicUrl, adminUrl, exited: tied.exited, stop};
		await stop();
		const tail = await logTail(options.logFile, logStart);
		if (outcome === 'timeout') {
			throw new KratosStartError(`Kratos was not ready within ${readyTimeoutMs} ms (GET ${adminUrl}/health/ready). Last lines of its log:\n${tail}`);
		}
		lastFailure = `Kratos exited with code ${outcome} before it was ready. Last lines of its log:\n${tail}`;
		// A port taken between our probe and Kratos's bind: pick new ports and try again.
		const pinned = options.env?.SERVE_PUBLIC_PORT !== undefined || options.env?.SERVE_ADMIN_PORT !== undefined;
		if (pinned || !/address already in use/i.test(tail)) break;
	}
	throw new KratosStartError(lastFailure);
}
