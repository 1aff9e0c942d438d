// The browser tests install Chromium with apt-get; on a busy machine another process may hold apt's locks. apt-get
// must wait for them, within a bound, and say so when the bound passes. Proved with the real apt-get and dpkg on a
// package database of the test's own (a temporary folder: the machine's own locks are never touched), whose locks
// another real dpkg or apt-get holds until the test lets them go.
import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {aptGet} from './chromium.js';

const canRun = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && existsSync('/usr/bin/dpkg') && existsSync('/proc/locks');
if (!canRun) process.stderr.write('[apt] not root with apt-get and dpkg on Linux: the apt-get lock tests are skipped\n');

let dir: string;
/** apt-get's options pointing every state, cache and source at `dir`. */
let own: string[];
const holders: ChildProcess[] = [];

beforeAll(async () => {
	if (!canRun) return;
	dir = await mkdtemp(join(tmpdir(), 'apt-lock-'));
	await Promise.all(['lists/partial', 'dpkg/updates', 'dpkg/info', 'cache/archives/partial', 'parts'].map((sub) => mkdir(join(dir, sub), {recursive: true})));
	await Promise.all([writeFile(join(dir, 'dpkg/status'), ''), writeFile(join(dir, 'sources.list'), '')]);
	own = Object.entries({
		'Dir::State::Lists': 'lists',
		'Dir::State::status': 'dpkg/status',
		'Dir::Cache': 'cache',
		'Dir::Etc::SourceList': 'sources.list',
		'Dir::Etc::SourceParts': 'parts',
	}).flatMap(([option, path]) => ['-o', `${option}=${join(dir, path)}`]);
});

afterAll(async () => {
	for (const holder of holders) holder.kill('SIGKILL');
	if (dir) await rm(dir, {recursive: true, force: true});
});

/** Resolves once the child holds a POSIX lock on `file`, as /proc/locks shows it (no guess at how long that takes). */
async function heldBy(child: ChildProcess, file: string): Promise<void> {
	while (child.exitCode === null) {
		const inode = await stat(file).then((info) => info.ino, () => undefined);
		const locks = await readFile('/proc/locks', 'utf8');
		if (inode !== undefined && locks.split('\n').some((line) => line.includes(` ${child.pid} `) && line.includes(`:${inode} `))) return;
		await sleep(20);
	}
	throw new Error(`${child.spawnargs.join(' ')} exited (${child.exitCode}) before it held ${file}`);
}

/** A process holding a lock of the test's package database until its stdin is closed. */
async function holder(command: string, args: string[], lock: string): Promise<ChildProcess> {
	const child = spawn(command, args, {stdio: ['pipe', 'ignore', 'ignore']});
	holders.push(child);
	await heldBy(child, join(dir, lock));
	return child;
}

/** dpkg waiting for selections on stdin holds the database's locks (lock-frontend among them). */
const dpkgHolder = () => holder('dpkg', [`--admindir=${join(dir, 'dpkg')}`, '--set-selections'], 'dpkg/lock-frontend');
/** An update whose hook reads stdin holds the package lists' lock meanwhile. */
const updateHolder = () => holder('apt-get', [...own, '-o', 'APT::Update::Pre-Invoke::=cat >/dev/null', 'update'], 'lists/lock');

describe.skipIf(!canRun)("apt-get waits, within a bound, for the locks another process holds", () => {
	test("an install waits for dpkg's lock, and runs once it is free", async () => {
		const held = await dpkgHolder();
		const waits: string[] = [];
		await aptGet(['install', '-y', ...own], {
			onWait: (line) => {
				waits.push(line);
				held.stdin!.end();
			},
		});
		expect(waits[0]).toMatch(/^Waiting for cache lock: Could not get lock .*\/dpkg\/lock-frontend\. It is held by process \d+ \(dpkg\)/);
	});

	test("an update waits for the lists' lock, which apt-get itself does not wait for", async () => {
		const held = await updateHolder();
		const waits: string[] = [];
		await aptGet(['update', ...own], {
			onWait: (line) => {
				waits.push(line);
				held.stdin!.end();
			},
		});
		expect(waits[0]).toMatch(/^Could not get lock .*\/lists\/lock\. It is held by process \d+ \(apt-get\)/);
	});

	test.each([
		['install', dpkgHolder, /\/dpkg\/lock-frontend/],
		['update', updateHolder, /\/lists\/lock/],
	] as const)('past the bound, the %s says it waited, how long, and for which lock', async (command, hold, lock) => {
		const held = await hold();
		try {
			const failure = await aptGet([command, ...(command === 'install' ? ['-y'] : []), ...own], {lockWaitS: 1}).then(
				() => undefined,
				(error: Error) => error.message,
			);
			expect(failure).toMatch(new RegExp(`^apt-get ${command} .* waited 1 s for a package lock another process holds, and gave up: `));
			expect(failure).toMatch(lock);
		} finally {
			held.stdin!.end();
		}
	});
});
