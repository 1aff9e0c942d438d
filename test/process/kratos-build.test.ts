// Two processes building the same Kratos into one cache (two test runs, `npm test` and `npm run kratos:build` at
// once): the cache's lock makes one build, and both get the binary. A fake `go` on PATH stands in for the real build
// (minutes): it notes each build and finishes only when the test lets it, once the other process is seen waiting.
import {type ChildProcess, spawn} from 'node:child_process';
import {constants} from 'node:fs';
import {access, chmod, mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {kratosBuildKey} from '../../contract-tests/harness/kratos/build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'kratos-build-lock-'));
	// Notes its pid in builds.log, waits for the test's "release" file, then writes a kratos that only says so.
	await writeFile(
		join(dir, 'go'),
		[
			'#!/bin/sh',
			`echo $$ >> '${join(dir, 'builds.log')}'`,
			// (Or until the test's folder is gone: a build the test killed leaves its go running, as a real one would.)
			`while [ ! -e '${join(dir, 'release')}' ] && [ -d '${dir}' ]; do sleep 0.05; done`,
			'out=""; previous=""',
			'for arg in "$@"; do [ "$previous" = "-o" ] && out="$arg"; previous="$arg"; done',
			'printf \'#!/bin/sh\\necho fake kratos\\n\' > "$out" && chmod +x "$out"',
		].join('\n'),
	);
	await chmod(join(dir, 'go'), 0o755);
	await writeFile(
		join(dir, 'build.mts'),
		`import {ensureKratosBinary} from ${JSON.stringify(join(root, 'contract-tests/harness/kratos/build.ts'))};\n` +
			`const binary = await ensureKratosBinary({cacheDir: process.argv[2], lockWaitMs: Number(process.argv[3]), log: (line) => console.log(line)});\n` +
			'console.log(`BINARY ${binary}`);\n',
	);
});

afterEach(async () => {
	for (const child of children) child.kill('SIGKILL');
	children.length = 0;
	await rm(dir, {recursive: true, force: true});
});

interface Building {
	readonly child: ChildProcess;
	/** Everything it printed so far. */
	readonly output: () => string;
	readonly done: Promise<{code: number | null; output: string}>;
}

/** `ensureKratosBinary` in a process of its own (one node process: the lock names it), the fake go first on PATH. */
function build(cache: string, lockWaitMs = 600_000): Building {
	const {KRATOS_BINARY: _, ...env} = process.env;
	const child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'build.mts'), cache, String(lockWaitMs)], {
		cwd: root,
		env: {...env, PATH: `${dir}:${process.env.PATH}`},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	children.push(child);
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
	return {child, output: () => output, done: new Promise((resolve) => child.on('close', (code) => resolve({code, output})))};
}

/**
 * Polls until `condition` holds (what the processes print and write, never a guess of how long they take); fails when
 * one of `running` exits first.
 */
async function until(condition: () => Promise<boolean> | boolean, ...running: Building[]): Promise<void> {
	while (!(await condition())) {
		const gone = running.find(({child}) => child.exitCode !== null || child.signalCode !== null);
		if (gone) throw new Error(`a build exited early (${gone.child.exitCode ?? gone.child.signalCode}):\n${gone.output()}`);
		await sleep(50);
	}
}

const builds = async () => (await readFile(join(dir, 'builds.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);

test('two processes building the same Kratos into one cache: one build, both get the binary', async () => {
	const cache = join(dir, 'cache');
	const first = build(cache);
	const second = build(cache);
	// One of them builds; the other says it waits for that one (whichever took the lock first).
	await until(async () => {
		const started = (await builds()).length;
		if (started > 1) throw new Error(`${started} builds at once`);
		return started === 1 && /waiting for process \d+, which is building Kratos v1\.3\.1 into the same cache/.test(first.output() + second.output());
	}, first, second);
	await writeFile(join(dir, 'release'), '');
	const [a, b] = await Promise.all([first.done, second.done]);
	expect([a.code, b.code], a.output + b.output).toEqual([0, 0]);
	const binary = join(cache, `kratos-v1.3.1-${await kratosBuildKey()}`);
	for (const {output} of [a, b]) expect(output).toContain(`BINARY ${binary}\n`);
	expect(await builds()).toHaveLength(1);
	expect(a.output + b.output).toContain(`using ${binary}, built meanwhile by another process`);
	await access(binary, constants.X_OK);
	// Nothing left behind but the binary: no lock, no temporary file.
	expect(await readdir(cache)).toEqual([`kratos-v1.3.1-${await kratosBuildKey()}`]);
});

test("a lock left by a build that was killed is taken over", async () => {
	const cache = join(dir, 'cache');
	const killed = build(cache);
	await until(async () => (await builds()).length === 1, killed);
	killed.child.kill('SIGKILL');
	await killed.done;
	// Its fake go still waits for the release, as a real go build would go on; it writes nothing before it.
	const lock = (await readdir(cache)).find((name) => name.endsWith('.lock'));
	expect(lock, 'the killed build left its lock').toBeDefined();
	const next = build(cache);
	await until(async () => (await builds()).length === 2, next);
	await writeFile(join(dir, 'release'), '');
	const {code, output} = await next.done;
	expect(code, output).toBe(0);
	expect(output).toMatch(/took over the lock of a build that is gone \(process \d+\)/);
	expect(output).toContain('BINARY ');
});

test('a build that holds the lock past the bound: the other gives up, naming the process and the lock', async () => {
	const cache = join(dir, 'cache');
	const holding = build(cache);
	await until(async () => (await builds()).length === 1, holding);
	const waiting = build(cache, 1000);
	const {code, output} = await waiting.done;
	expect(code).not.toBe(0);
	expect(output).toMatch(/Waited 1 s for process \d+, which is building Kratos v1\.3\.1 into the same cache \(.*\.lock\), and gave up/);
	await writeFile(join(dir, 'release'), '');
	expect((await holding.done).code).toBe(0);
});
