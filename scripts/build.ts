// npm run build: dist/ for the published package. tsc compiles the command (contract-tests/cli/bin.ts and what it imports,
// tsconfig.command.json), then the client, src/ and the generated types, with their declarations and without Node's
// types (tsconfig.build.json); the precompiled validator (plain JS with its own declaration) is copied beside them,
// where src/validate.js imports it from, and so is the precompiled bundled spec the command reads (spec/precompiled.ts),
// which must have been made from the spec being packed: a stale one would only be ignored at run time (slowly).
import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {copyFile, mkdir, readFile, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const specSha256 = createHash('sha256').update(await readFile(join(root, 'openapi/kratos-settings-flow.yaml'))).digest('hex');
const precompiled = JSON.parse(await readFile(join(root, 'generated/bundled-contract.json'), 'utf8')) as {sha256: string};
if (precompiled.sha256 !== specSha256) {
	console.error('generated/bundled-contract.json was not made from openapi/kratos-settings-flow.yaml as it is: run `npm run generate`');
	process.exit(1);
}
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
for (const file of ['settings-flow-validator.d.ts', 'bundled-contract.json', 'bundled-contract-validators.cjs.gz']) {
	await copyFile(join(root, 'generated', file), join(dist, 'generated', file));
}
// The client's validator, as generate made it (readable, in generated/), minified for the package: half its size, the
// same code (test/package runs the installed /validate entry).
await promisify(execFile)(join(root, 'node_modules/.bin/esbuild'), [join(root, 'generated/settings-flow-validator.js'), '--minify', '--format=esm', '--log-level=warning', `--outfile=${join(dist, 'generated/settings-flow-validator.js')}`], {cwd: root});
console.log('built dist/');
