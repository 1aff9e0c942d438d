// Debian's Chromium for the browser tests: the one on PATH, or installed with apt-get where this process may (root,
// on Debian, as on a fresh CI machine); playwright-core drives it. Nowhere else can the tests get a browser: a test
// tool's own browser download is not reachable here.
import {execFile} from 'node:child_process';
import {access, constants} from 'node:fs/promises';
import {promisify} from 'node:util';
import {type Browser, chromium} from 'playwright-core';

const run = promisify(execFile);
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
		const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
		await run('apt-get', ['update', '-qq'], {env, timeout: 300_000});
		await run('apt-get', ['install', '-y', '-qq', 'chromium'], {env, timeout: 600_000});
		for (const path of CANDIDATES) if (await executable(path)) return path;
		throw new Error('apt-get installed chromium, but no chromium binary is on /usr/bin');
	})());
}

/** Headless Chromium with the flags this closed network needs (no background connections, a fresh profile). */
export async function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: await chromiumPath(),
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}
