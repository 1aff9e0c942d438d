// What a user downloads and installs: `npm pack` of this package, then `npm install --omit=dev` of that tarball into
// an empty folder, measured on disk; and the installed command's cold start: from spawning it to its first request
// (GET /sessions/whoami) arriving at a local server, directly from node_modules/.bin and through npx, the two
// interleaved so that the machine's other work weighs on both alike.
// `npx tsx scripts/bench/footprint.ts` prints these rows alone (npm run bench prints them in its table).
import {execFile, spawn} from 'node:child_process';
import {mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {cpus, loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** What an install must not carry: the development tools and the benchmark peers. */
export const UNWANTED = ['@stoplight/prism-cli', '@redocly/cli', 'vitest', 'esbuild', 'typescript', 'tsx', 'otpauth', '@ory/client', '@ory/client-fetch'];
/** Runs of the cold start: the first right after the install, then the median of the rest. */
const START_RUNS = 11;
/** Spawn to first request from node_modules/.bin, median (issue 19: it was 193–408 ms with the spec loaded at start). */
export const START_TARGET_MS = 200;

/** The bytes of every file under a path (what the footprint target counts; folders themselves count nothing). */
export async function diskBytes(path: string): Promise<number> {
	const info = await stat(path);
	if (!info.isDirectory()) return info.size;
	let total = 0;
	for (const entry of await readdir(path)) total += await diskBytes(join(path, entry));
	return total;
}

/** The names of every package under a node_modules folder, nested ones included. */
export async function packagesIn(nodeModules: string): Promise<string[]> {
	const names: string[] = [];
	for (const entry of await readdir(nodeModules).catch((): string[] => [])) {
		if (entry.startsWith('.')) continue;
		const scoped = entry.startsWith('@') ? (await readdir(join(nodeModules, entry))).map((name) => `${entry}/${name}`) : [entry];
		for (const name of scoped) names.push(name, ...(await packagesIn(join(nodeModules, name, 'node_modules'))));
	}
	return names;
}

export interface StartTimes {
	/** The first run after the install (files not yet in the page cache, compile caches empty). */
	readonly firstMs: number;
	/** The median of the runs after it. */
	readonly medianMs: number;
}

export interface Footprint {
	readonly packedBytes: number;
	readonly unpackedBytes: number;
	readonly files: number;
	readonly installedBytes: number;
	/** Packages in node_modules, this one included. */
	readonly installedPackages: number;
	readonly runtimeDependencies: string[];
	/** Of UNWANTED, what the install carries (none, if all is well). */
	readonly unwanted: string[];
	/** Spawn to first request: node_modules/.bin/kratos-settings-flow-contract live. */
	readonly start: StartTimes;
	/** The same through `npx kratos-settings-flow-contract live` (npm's own start added). */
	readonly startNpx: StartTimes;
	/**
	 * The peer, interleaved: a bare `node -e` that sends one fetch to the same server. What Node alone costs on this
	 * machine at this moment, so the command's figure reads as a ratio that a slower machine or a busier hour leaves be.
	 */
	readonly startNode: StartTimes;
	/** The 1-minute load average before and after the start runs: what else the machine was doing. */
	readonly load: readonly [number, number];
}

/** The peer of the command's start: Node, one fetch to the URL the command is given, nothing else. */
const BARE_FETCH = 'fetch(process.env.KRATOS_PUBLIC_URL + "/sessions/whoami").then((r) => r.text(), () => {})';

/** Spawns the command against a server that notes when the first request arrives; the run ends there (exit 2). */
async function startToFirstRequest(command: string, args: string[], cwd: string): Promise<number> {
	let arrived: (at: number) => void;
	const first = new Promise<number>((resolve) => {
		arrived = resolve;
	});
	const server = createServer((_, response) => {
		arrived(performance.now());
		// A token that is not a session: the command stops at once, with a usage error.
		response.writeHead(401, {'content-type': 'application/json'}).end(JSON.stringify({error: {code: 401, status: 'Unauthorized'}}));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	try {
		const started = performance.now();
		const child = spawn(command, args, {cwd, stdio: 'ignore', env: {...process.env, KRATOS_PUBLIC_URL: url, KRATOS_SESSION_TOKEN: 'ory_st_bench0000000000'}});
		const ended = new Promise((resolve) => child.on('close', resolve));
		const at = await Promise.race([first, ended.then(() => Number.NaN)]);
		await ended;
		if (Number.isNaN(at)) throw new Error(`${command} ${args.join(' ')} ended before sending a request`);
		return at - started;
	} finally {
		server.close();
	}
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Each command's first run right after the install, then one run of each in turn. */
async function startTimes(commands: [command: string, args: string[]][], cwd: string): Promise<StartTimes[]> {
	const times = commands.map((): number[] => []);
	for (let index = 0; index < START_RUNS; index++) {
		for (const [which, [command, args]] of commands.entries()) times[which]!.push(await startToFirstRequest(command, args, cwd));
	}
	return times.map((runs) => ({firstMs: runs[0]!, medianMs: median(runs.slice(1))}));
}

export async function footprint(): Promise<Footprint> {
	const dir = await mkdtemp(join(tmpdir(), 'footprint-'));
	try {
		const {stdout} = await run('npm', ['pack', '--json', '--pack-destination', dir], {cwd: root});
		const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as {filename: string; size: number; unpackedSize: number; entryCount: number}[];
		const consumer = join(dir, 'consumer');
		await mkdir(consumer);
		await writeFile(join(consumer, 'package.json'), JSON.stringify({name: 'consumer', private: true}));
		await run('npm', ['install', join(dir, packed!.filename), '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--silent'], {cwd: consumer});
		const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {dependencies?: Record<string, string>};
		const installed = await packagesIn(join(consumer, 'node_modules'));
		const bin = join(consumer, 'node_modules/.bin/kratos-settings-flow-contract');
		const loadBefore = loadavg()[0]!;
		const [start, startNpx, startNode] = await startTimes(
			[[bin, ['live']], ['npx', ['kratos-settings-flow-contract', 'live']], [process.execPath, ['-e', BARE_FETCH]]],
			consumer,
		);
		return {
			packedBytes: packed!.size,
			unpackedBytes: packed!.unpackedSize,
			files: packed!.entryCount,
			installedBytes: await diskBytes(join(consumer, 'node_modules')),
			installedPackages: installed.length,
			runtimeDependencies: Object.keys(manifest.dependencies ?? {}),
			unwanted: UNWANTED.filter((name) => installed.includes(name)),
			start: start!,
			startNpx: startNpx!,
			startNode: startNode!,
			load: [loadBefore, loadavg()[0]!],
		};
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

/**
 * docs/benchmarks.md's section on the command's start (index.ts writes it below the table). Measured by hand, not by the
 * bench run: what it says needs a machine's page cache, npm's update check and a fresh HOME, which a bench cannot
 * set up on every run without root or the registry.
 */
export const START_NOTES = `## The command's start, and why a first \`npx\` start can be slow

Measured by hand on 2026-12-01 on the machine above (2 cores, load average 1–5 from other work: medians of 7–15
interleaved runs; the figures in the table are the bench's own). Spawn to the first request, installed from \`npm pack\`
with \`npm install --omit=dev\` into an empty folder:

- **Where it went** (one process, stage by stage, median of 11, load average 1.2): Node's own start 65 ms; importing
  the command 97 ms (swagger-parser with ajv and js-yaml about half of it, the package's ~80 modules the rest);
  loading the spec 169 ms (swagger-parser parsing the YAML, validating it against the OpenAPI 3.1 schema, which ajv
  compiles first, and dereferencing it); the first \`fetch\` (Node loads undici) 22 ms. After the first request, ajv
  compiling the response schemas took another 202 ms.
- **Now**: the bundled spec is precompiled by \`npm run generate\` (generated/bundled-contract.json, the dereferenced
  document; generated/bundled-contract-validators.cjs.gz, ajv's standalone validators, gzipped), so neither swagger-parser nor
  ajv loads: Node 60 ms, the command's modules 45 ms, the spec 4 ms, the first \`fetch\` 16 ms; the validators load
  after the first request, in 11 ms. Spawn to first request from node_modules/.bin, median of 15: 415 → 153 ms (a
  bare \`node -e 'fetch(…)'\` takes 97 ms on the same runs), 619 → 184 ms under a load average of 4.5; CPU time to
  exit 690 → 240 ms; a whole run against the stand-in Kratos 696 → 302 ms; through npx 776 → 510 ms. Only a
  \`--spec\` document still goes through swagger-parser and ajv.

A first \`npx\` start of 4.1 s (issue 19; later ones 0.65–0.9 s) happened here once (4.7 s, below); no other npx start
took more than 2.3 s, first or not. What adds to a start, and to a first one, as far as it could be shown:

- **npm itself.** \`npx\` is npm: before it runs the command it reads about 660 of its own files (4.6 MB) and compiles
  them, then finds the bin in node_modules/.bin: 0.35–0.55 s of every npx start here (510 ms against 153 ms when
  quiet, 723 against 184 under load).
- **A cold page cache.** With npm's files and the install's dropped from the page cache (posix_fadvise, the nearest
  to \`drop_caches\` without root), npx took 1090 ms instead of 909 before the precompiled spec, 785 instead of 684
  after (the command itself now reads 81 files, 0.67 MB, of its install before its first request, where it read 245,
  1.72 MB). Once, on the first run after they were first dropped, npx took 4.7 s, the only figure like the issue's,
  and never again in the runs that followed. Reading 660 files of another package that nothing had read since the
  machine started took 131 ms here, so a cold disk alone does not explain seconds: where that one run's time went
  could not be shown (\`drop_caches\` needs root, and the virtual machine's host keeps its own cache). What was shown
  to stretch npx starts is the machine's other work: on 2 cores, 0.45 s when quiet, up to 2.3 s when busy.
- **npm's update check.** A user whose npm config does not set \`update-notifier=false\` (this machine's does) and who
  is not on CI (npm skips it there) has npm fetch its own registry entry once a week, while the command starts: a
  fresh HOME's first npx took 1573 ms against 1292 ms for its second (7 fresh HOMEs).
- **Node 22 and later** keep npm's compile cache in \`$TMPDIR/node-compile-cache\`: with it empty, as on a fresh CI
  runner, npx took 575 ms against 502 ms (Node 24.21).
`;

const verdict = (met: boolean) => (met ? '✔ met' : '✘ missed');
const ms = (value: number) => `${Math.round(value)} ms`;

/** The bench table's row of the command's start: measure, subject, figure, compared, target. */
export function startRow(foot: Footprint): [string, string, string, string, string] {
	return [
		'command start',
		'installed command: spawn node_modules/.bin/kratos-settings-flow-contract live to its first request (GET /sessions/whoami)',
		`${ms(foot.start.medianMs)} median of ${START_RUNS - 1}`,
		`${(foot.start.medianMs / foot.startNode.medianMs).toFixed(2)}× a bare \`node -e\` fetch (${ms(foot.startNode.medianMs)}); first run after the install ${ms(foot.start.firstMs)}; through npx ${ms(foot.startNpx.medianMs)} median (first ${ms(foot.startNpx.firstMs)}), interleaved; ` +
			`load average ${foot.load[0].toFixed(1)}–${foot.load[1].toFixed(1)} on ${cpus().length} cores`,
		`≤ ${START_TARGET_MS} ms: ${verdict(foot.start.medianMs <= START_TARGET_MS)}`,
	];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const foot = await footprint();
	console.log(`installed: ${(foot.installedBytes / 1e6).toFixed(2)} MB in ${foot.installedPackages} packages; packed ${foot.packedBytes} B, ${foot.unpackedBytes} B unpacked, ${foot.files} files; unwanted: ${foot.unwanted.join(', ') || 'none'}`);
	console.log(`| ${startRow(foot).join(' | ')} |`);
}
