// npm run build: dist/ for the published package. tsc compiles the command (contract-tests/bin.ts and what it imports,
// tsconfig.command.json), then the client, src/ and the generated types, with their declarations and without Node's
// types (tsconfig.build.json); the precompiled validator (plain JS with its own declaration) is copied beside them,
// where src/validate.js imports it from.
import {execFile} from 'node:child_process';
import {copyFile, mkdir, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
await rm(dist, {recursive: true, force: true});
for (const project of ['tsconfig.command.json', 'tsconfig.build.json']) {
	try {
		await promisify(execFile)(join(root, 'node_modules/.bin/tsc'), ['-p', project], {cwd: root});
	} catch (error) {
		console.error(`tsc -p ${project} failed:\n${(error as {stdout?: string}).stdout ?? (error as Error).message}`);
		process.exit(1);
	}
}
await mkdir(join(dist, 'generated'), {recursive: true});
for (const file of ['settings-flow-validator.js', 'settings-flow-validator.d.ts']) {
	await copyFile(join(root, 'generated', file), join(dist, 'generated', file));
}
console.log('built dist/');
