// What a user downloads and installs: `npm pack` of this package, then `npm install --omit=dev` of that tarball into
// an empty folder, measured on disk; and the installed command's cold start: from spawning it to its first request
// (GET /sessions/whoami) arriving at a local server, directly from node_modules/.bin and through npx.
import {execFile, spawn} from 'node:child_process';
import {mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** What an install must not carry: the development tools and the benchmark peers. */
export const UNWANTED = ['@stoplight/prism-cli', '@redocly/cli', 'vitest', 'esbuild', 'typescript', 'tsx', 'otpauth', '@ory/client', '@ory/client-fetch'];
/** Runs of the cold start: the first right after the install, then the median of the rest. */
const START_RUNS = 7;

async function diskBytes(path: string): Promise<number> {
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
}

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

async function startTimes(command: string, args: string[], cwd: string): Promise<StartTimes> {
	const times: number[] = [];
	for (let index = 0; index < START_RUNS; index++) times.push(await startToFirstRequest(command, args, cwd));
	const rest = times.slice(1).sort((a, b) => a - b);
	return {firstMs: times[0]!, medianMs: rest[Math.floor(rest.length / 2)]!};
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
		return {
			packedBytes: packed!.size,
			unpackedBytes: packed!.unpackedSize,
			files: packed!.entryCount,
			installedBytes: await diskBytes(join(consumer, 'node_modules')),
			installedPackages: installed.length,
			runtimeDependencies: Object.keys(manifest.dependencies ?? {}),
			unwanted: UNWANTED.filter((name) => installed.includes(name)),
			start: await startTimes(bin, ['live'], consumer),
			startNpx: await startTimes('npx', ['kratos-settings-flow-contract', 'live'], consumer),
		};
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}
