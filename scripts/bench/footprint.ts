// What a consumer downloads and installs: `npm pack` of this package, then `npm install` of that tarball into an
// empty project (runtime dependencies only), measured on disk.
import {execFile} from 'node:child_process';
import {mkdtemp, readFile, readdir, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

async function diskBytes(path: string): Promise<number> {
	const info = await stat(path);
	if (!info.isDirectory()) return info.size;
	let total = 0;
	for (const entry of await readdir(path)) total += await diskBytes(join(path, entry));
	return total;
}

export interface Footprint {
	readonly packedBytes: number;
	readonly unpackedBytes: number;
	readonly files: number;
	readonly installedBytes: number;
	readonly runtimeDependencies: string[];
}

export async function footprint(): Promise<Footprint> {
	const dir = await mkdtemp(join(tmpdir(), 'footprint-'));
	try {
		const {stdout} = await run('npm', ['pack', '--json', '--pack-destination', dir], {cwd: root});
		const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as {filename: string; size: number; unpackedSize: number; entryCount: number}[];
		const consumer = join(dir, 'consumer');
		await run('mkdir', [consumer]);
		await writeFile(join(consumer, 'package.json'), JSON.stringify({name: 'consumer', private: true}));
		await run('npm', ['install', join(dir, packed!.filename), '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--silent'], {cwd: consumer});
		const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {dependencies: Record<string, string>};
		return {
			packedBytes: packed!.size,
			unpackedBytes: packed!.unpackedSize,
			files: packed!.entryCount,
			installedBytes: await diskBytes(join(consumer, 'node_modules')),
			runtimeDependencies: Object.keys(manifest.dependencies),
		};
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}
