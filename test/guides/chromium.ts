// Debian's Chromium for the browser tests: the one on PATH, or installed with apt-get where this process may (root,
// on Debian, as on a fresh CI machine); playwright-core drives it. Nowhere else can the tests get a browser: a test
// tool's own browser download is not reachable here.
import {spawn} from 'node:child_process';
import {access, constants} from 'node:fs/promises';
import {setTimeout as sleep} from 'node:timers/promises';
import {type Browser, chromium} from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const executable = async (path: string) =>
	access(path, constants.X_OK).then(
		() => true,
		() => false,
	);

/** Whether a browser is here, or can be installed: where it cannot, the browser tests say so and are skipped. */
export async function canHaveChromium(): Promise<boolean> {
	for (const path of CANDIDATES) if (await executable(path)) return true;
	return process.getuid?.() === 0 && (await executable('/usr/bin/apt-get'));
}

let installed: Promise<string> | undefined;

/** The path of Chromium, installed with apt-get on first use when it is not there (about half a minute). */
export function chromiumPath(): Promise<string> {
	return (installed ??= (async () => {
		for (const path of CANDIDATES) if (await executable(path)) return path;
		await aptGet(['update', '-qq']);
		await aptGet(['install', '-y', '-qq', 'chromium']);
		for (const path of CANDIDATES) if (await executable(path)) return path;
		throw new Error('apt-get installed chromium, but no chromium binary is on /usr/bin');
	})());
}

/**
 * How long each apt-get waits for the package locks another process holds (unattended upgrades, another test run):
 * the update's and the install's waits and the install itself fit the browser tests' 10-minute setup.
 */
export const APT_LOCK_WAIT_S = 240;
/** apt-get's words for a lock another process holds: dpkg's (its frontend lock) or the package lists' (an update's). */
const LOCK_HELD = /Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock directory/;
/** How long apt-get may work once it holds its locks (an install downloads about 100 MB). */
const APT_WORK_MS = 300_000;

export interface AptGetOptions {
	/** Seconds to wait for the locks, in all. @default APT_LOCK_WAIT_S */
	readonly lockWaitS?: number;
	/** Told each time apt-get finds a lock held and waits (its own "Waiting for cache lock" line, or a retry here). */
	readonly onWait?: (line: string) => void;
}

/**
 * Runs apt-get, waiting a bounded time for the locks another process holds: dpkg's lock apt-get waits for itself
 * (DPkg::Lock::Timeout); the package lists' lock of an update it does not (apt 2.6 fails at once), so the update is
 * tried again here until the same deadline. Past it, the error says that it waited, for how long and for which lock.
 */
export async function aptGet(args: readonly string[], {lockWaitS = APT_LOCK_WAIT_S, onWait}: AptGetOptions = {}): Promise<void> {
	const deadline = Date.now() + lockWaitS * 1000;
	for (;;) {
		const left = Math.max(1, Math.ceil((deadline - Date.now()) / 1000));
		const {code, stderr} = await runAptGet(['-o', `DPkg::Lock::Timeout=${left}`, ...args], left * 1000 + APT_WORK_MS, onWait);
		if (code === 0) return;
		const held = stderr.split('\n').find((line) => LOCK_HELD.test(line))?.replace(/^E: /, '');
		if (!held) throw new Error(`apt-get ${args.join(' ')} failed (${code}):\n${stderr.trim().split('\n').slice(-10).join('\n')}`);
		if (Date.now() >= deadline) throw new Error(`apt-get ${args.join(' ')} waited ${lockWaitS} s for a package lock another process holds, and gave up: ${held}`);
		onWait?.(held);
		await sleep(1000);
	}
}

function runAptGet(args: readonly string[], timeout: number, onWait: AptGetOptions['onWait']): Promise<{code: number | string; stderr: string}> {
	return new Promise((resolve) => {
		const child = spawn('apt-get', args, {env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'}, stdio: ['ignore', 'pipe', 'pipe'], timeout});
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		// apt-get says it waits on stdout, as progress, rewriting the line in place (a carriage return before each).
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			for (const line of chunk.split(/[\r\n]+/)) if (line.startsWith('Waiting for cache lock')) onWait?.(line.trim());
		});
		child.on('error', (error) => resolve({code: error.message, stderr}));
		child.on('close', (code, signal) => resolve({code: code ?? `killed by ${signal}`, stderr}));
	});
}

/** Headless Chromium with the flags this closed network needs (no background connections, a fresh profile). */
export async function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: await chromiumPath(),
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}
