// `npm run generate`: wall time of two full runs into scratch folders, and whether they produce identical bytes.
import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {readFile, readdir} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function digest(dir: string): Promise<string> {
	const hash = createHash('sha256');
	for (const file of (await readdir(dir)).sort()) hash.update(file).update(await readFile(join(dir, file)));
	return hash.digest('hex');
}

export interface GenerateResult {
	readonly seconds: number[];
	readonly identical: boolean;
	readonly matchesCommitted: boolean;
}

export async function generateRuns(): Promise<GenerateResult> {
	const seconds: number[] = [];
	const digests: string[] = [];
	for (let i = 0; i < 2; i++) {
		const started = performance.now();
		await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), ['scripts/generate.ts'], {cwd: root});
		seconds.push((performance.now() - started) / 1000);
		digests.push(await digest(join(root, 'generated')));
	}
	// The committed generated/ must be what the generator writes (the same check CI runs).
	const check = await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), ['scripts/generate.ts', '--check'], {cwd: root}).then(
		() => true,
		() => false,
	);
	return {seconds, identical: digests[0] === digests[1], matchesCommitted: check};
}
