// Builds a real Ory Kratos from the Go module proxy (a wrapper module per version, in the folder named after it beside
// this file) and caches the binary outside the repository, keyed by a hash of the wrapper's go.mod, go.sum and main.go
// and the build flags. `npm run kratos:build [-- --version v1.0.0]` (scripts/kratos-build.ts) is its entry point.
// v1.3.1 is the default and what the suite is checked against; v1.0.0 is built only when asked for (npm run
// kratos:versions). Later releases are not published on the Go module proxy.
//
// Environment:
//   KRATOS_BINARY     use this kratos binary as is; nothing is built (ignored by callers that ask for a version)
//   KRATOS_CACHE_DIR  where the binary is cached; default ${XDG_CACHE_HOME:-$HOME/.cache}/kratos-settings-flow-contract
// Go's own module and build caches are wherever `go env GOMODCACHE GOCACHE` say, outside the repository too.
import {spawn} from 'node:child_process';
import {createHash, randomBytes} from 'node:crypto';
import {constants} from 'node:fs';
import {access, link, mkdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import {basename, dirname, join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {isAlive, removeOrphans} from '../orphans.js';

/** The versions a wrapper module exists for (a folder of that name beside this file). */
export const KRATOS_VERSIONS = ['v1.0.0', 'v1.3.1'] as const;
export type KratosVersion = (typeof KRATOS_VERSIONS)[number];
/** The version the suite is checked against, and the one built by default. */
export const KRATOS_VERSION: KratosVersion = 'v1.3.1';

export function isKratosVersion(value: string): value is KratosVersion {
	return (KRATOS_VERSIONS as readonly string[]).includes(value);
}

/** The folder holding a version's wrapper module (go.mod, go.sum, main.go). */
const moduleDir = (version: KratosVersion) => join(dirname(fileURLToPath(import.meta.url)), version);

const SOURCES = ['go.mod', 'go.sum', 'main.go'] as const;
const buildArgs = (version: KratosVersion) =>
	[
		'build',
		'-tags',
		'sqlite,json1',
		'-trimpath',
		'-buildvcs=false',
		// -s -w: no symbol table or DWARF (a smaller binary); -X: `kratos version` and the config version check
		// report the version instead of "master".
		'-ldflags',
		`-s -w -X github.com/ory/kratos/driver/config.Version=${version}`,
	] as const;
const TAIL_LINES = 30;

export interface EnsureKratosBinaryOptions {
	/** Which Kratos; default v1.3.1. Given explicitly, KRATOS_BINARY is not used: the caller wants that version. */
	version?: KratosVersion;
	/** Where to cache the binary; default $KRATOS_CACHE_DIR or ${XDG_CACHE_HOME:-$HOME/.cache}/kratos-settings-flow-contract. */
	cacheDir?: string;
	/** Rebuild even if a cached binary exists. */
	force?: boolean;
	/** Progress lines; default: stderr. */
	log?: (line: string) => void;
	/**
	 * How long to wait for another process's build of the same binary (it holds the cache's lock) before giving up.
	 * @default 1_200_000 (20 minutes: a first build takes up to 5 on a busy 2-core machine, and two may queue ahead)
	 * @example 60_000
	 */
	lockWaitMs?: number;
}

export class KratosBuildError extends Error {
	override readonly name = 'KratosBuildError';
}

const defaultLog = (line: string): void => {
	process.stderr.write(`[kratos] ${line}\n`);
};

export function kratosCacheDir(env: NodeJS.ProcessEnv = process.env): string {
	if (env.KRATOS_CACHE_DIR) return env.KRATOS_CACHE_DIR;
	const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(base, 'kratos-settings-flow-contract');
}

/** A short hash of everything that decides the binary: the wrapper module's files and the build flags. */
export async function kratosBuildKey(version: KratosVersion = KRATOS_VERSION): Promise<string> {
	const hash = createHash('sha256');
	hash.update(`${version}\0${buildArgs(version).join('\0')}\0`);
	for (const name of SOURCES) {
		const content = await readFile(join(moduleDir(version), name));
		hash.update(`${name}\0${content.length}\0`);
		hash.update(content);
	}
	return hash.digest('hex').slice(0, 16);
}

async function isExecutableFile(path: string): Promise<boolean> {
	try {
		const info = await stat(path);
		if (!info.isFile() || info.size === 0) return false;
		await access(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

function lastLines(text: string, count: number): string {
	return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Runs `go build`; resolves with its combined output, rejects with a readable error. */
function goBuild(version: KratosVersion, outFile: string): Promise<void> {
	const args = buildArgs(version);
	return new Promise((resolve, reject) => {
		let output = '';
		const child = spawn('go', [...args, '-o', outFile, '.'], {
			cwd: moduleDir(version),
			env: {...process.env, CGO_ENABLED: '1'},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const collect = (chunk: Buffer): void => {
			output += chunk.toString('utf8');
			// Only the tail is ever shown; keep memory bounded on a very chatty failure.
			if (output.length > 200_000) output = output.slice(-100_000);
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		child.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'ENOENT') {
				reject(
					new KratosBuildError(
						`Building Kratos ${version} needs Go (1.23 or newer) and a C compiler (CGO, for SQLite), ` +
							'but `go` was not found on PATH. Install Go, or set KRATOS_BINARY to an existing kratos binary.',
					),
				);
			} else {
				reject(new KratosBuildError(`Could not run \`go build\` for Kratos ${version}: ${error.message}`));
			}
		});
		child.on('close', (code, signal) => {
			if (code === 0) {
				resolve();
				return;
			}
			const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
			reject(
				new KratosBuildError(
					`Building Kratos ${version} failed: \`go ${args.join(' ')} -o … .\` in ${moduleDir(version)} ${how}.\n` +
						`Last ${TAIL_LINES} lines of its output:\n${lastLines(output, TAIL_LINES) || '(no output)'}`,
				),
			);
		});
	});
}

async function buildInto(version: KratosVersion, binary: string, cacheDir: string, log: (line: string) => void): Promise<string> {
	await mkdir(cacheDir, {recursive: true});
	// A killed build leaves its temp file behind.
	await removeOrphans(cacheDir, /^\.kratos-.*\.tmp-(\d+)-[0-9a-f]+$/);
	const temp = join(cacheDir, `.kratos-${version}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
	// Measured here: 1.5–2.5 minutes with Go's module downloads, up to 5 on a busy 2-core machine.
	log(`building Kratos ${version} (the first build takes 2 to 5 minutes; cached afterwards)…`);
	const started = Date.now();
	try {
		await goBuild(version, temp);
		if (!(await isExecutableFile(temp))) {
			throw new KratosBuildError(`go build reported success but produced no executable at ${temp}`);
		}
		// Atomic on one filesystem: a concurrent reader sees either no binary or a complete one.
		await rename(temp, binary);
	} finally {
		await rm(temp, {force: true});
	}
	log(`built ${binary} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
	return binary;
}

const DEFAULT_LOCK_WAIT_MS = 1_200_000;

/**
 * Takes the lock of one binary of the cache across processes: a file created only if absent, naming its holder's pid.
 * A holder that is gone (a build killed outright runs no cleanup) leaves a stale lock, which is taken over; a live
 * holder is waited for, up to `waitMs`. Resolves with the release.
 */
async function lockBuild(lock: string, version: KratosVersion, waitMs: number, log: (line: string) => void): Promise<() => Promise<void>> {
	const token = `${process.pid} ${randomBytes(8).toString('hex')}`;
	// Written whole first, then linked to the lock's name: nobody ever reads a lock without its holder (link fails
	// when the name exists, as an exclusive create does).
	const mine = `${lock}.${process.pid}-${token.slice(token.indexOf(' ') + 1)}`;
	await writeFile(mine, token);
	const deadline = Date.now() + waitMs;
	let waitingFor: number | undefined;
	try {
		for (;;) {
			if (await link(mine, lock).then(() => true, (error: NodeJS.ErrnoException) => (error.code === 'EEXIST' ? false : Promise.reject(error)))) {
				// Only our own lock is ever removed: a taken-over one belongs to its new holder.
				return async () => {
					if ((await readFile(lock, 'utf8').catch(() => undefined)) === token) await rm(lock, {force: true});
				};
			}
			const holder = await readFile(lock, 'utf8').catch(() => undefined);
			if (holder === undefined) continue; // released between the two calls
			const pid = Number.parseInt(holder, 10);
			if (!(pid > 0) || !isAlive(pid)) {
				await takeOver(lock, holder, `${mine}.aside`);
				log(`took over the lock of a build that is gone (process ${pid || 'unknown'}): ${lock}`);
				continue;
			}
			if (Date.now() >= deadline) {
				throw new KratosBuildError(
					`Waited ${Math.round(waitMs / 1000)} s for process ${pid}, which is building Kratos ${version} into the same cache (${lock}), and gave up. ` +
						'When that process is not building any more, remove the lock file.',
				);
			}
			if (waitingFor !== pid) log(`waiting for process ${pid}, which is building Kratos ${version} into the same cache…`);
			waitingFor = pid;
			await sleep(500);
		}
	} finally {
		await rm(mine, {force: true});
	}
}

/**
 * Removes a stale lock, unless another process took it over since it was read: the lock is moved aside atomically, and
 * put back (without replacing a newer one) when what was moved is not the stale content.
 */
async function takeOver(lock: string, stale: string, aside: string): Promise<void> {
	try {
		await rename(lock, aside);
	} catch {
		return; // someone else moved it already
	}
	try {
		if ((await readFile(aside, 'utf8')) !== stale) await link(aside, lock).catch(() => undefined);
	} finally {
		await rm(aside, {force: true});
	}
}

const inFlight = new Map<string, Promise<string>>();

/**
 * Returns the path of a Kratos binary (v1.3.1 unless `version` says otherwise), building it on first use. Concurrent
 * calls in one process share one build; concurrent processes take the cache's lock of that binary in turn, so one
 * builds and the others, once it is done, use what it built.
 */
export async function ensureKratosBinary(opts: EnsureKratosBinaryOptions = {}): Promise<string> {
	const log = opts.log ?? defaultLog;
	const version = opts.version ?? KRATOS_VERSION;
	const fromEnv = opts.version ? undefined : process.env.KRATOS_BINARY;
	if (fromEnv) {
		if (!(await isExecutableFile(fromEnv))) {
			throw new KratosBuildError(`KRATOS_BINARY=${fromEnv} is not an executable file`);
		}
		log(`using KRATOS_BINARY ${fromEnv}`);
		return fromEnv;
	}
	const cacheDir = opts.cacheDir ?? kratosCacheDir();
	const binary = join(cacheDir, `kratos-${version}-${await kratosBuildKey(version)}`);
	if (!opts.force && (await isExecutableFile(binary))) {
		log(`using cached ${binary}`);
		return binary;
	}
	let pending = inFlight.get(binary);
	if (!pending) {
		pending = buildLocked(version, binary, cacheDir, log, opts).finally(() => inFlight.delete(binary));
		inFlight.set(binary, pending);
	}
	return pending;
}

async function buildLocked(version: KratosVersion, binary: string, cacheDir: string, log: (line: string) => void, opts: EnsureKratosBinaryOptions): Promise<string> {
	await mkdir(cacheDir, {recursive: true});
	// What a lock taker killed outright left beside the lock (its own copy, or a stale lock it was moving aside).
	await removeOrphans(cacheDir, /^\..*\.lock\.(\d+)-[0-9a-f]+(?:\.aside)?$/);
	// Hidden, beside the binary: `ls kratos-v1.3.1-*` shows binaries only.
	const release = await lockBuild(join(cacheDir, `.${basename(binary)}.lock`), version, opts.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS, log);
	try {
		// Another process may have built it while this one waited.
		if (!opts.force && (await isExecutableFile(binary))) {
			log(`using ${binary}, built meanwhile by another process`);
			return binary;
		}
		return await buildInto(version, binary, cacheDir, log);
	} finally {
		await release();
	}
}
