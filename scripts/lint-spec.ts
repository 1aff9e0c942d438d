// npm run lint:spec — the spec must validate as OpenAPI (swagger-parser) and lint clean (Redocly, redocly.yaml).
// Redocly's own output is shown only when it finds something.
import {execFile} from 'node:child_process';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import {SPEC_FILE} from '../spec/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
try {
	await SwaggerParser.validate(SPEC_FILE);
	console.log('swagger-parser: the spec is valid OpenAPI');
} catch (error) {
	console.error(`swagger-parser: ${(error as Error).message}`);
	process.exit(1);
}
try {
	await promisify(execFile)(join(root, 'node_modules/.bin/redocly'), ['lint', SPEC_FILE], {cwd: root});
	console.log('redocly lint: no problems (recommended-strict, see redocly.yaml)');
} catch (error) {
	const {stdout = '', stderr = ''} = error as {stdout?: string; stderr?: string};
	console.error(`redocly lint found problems:\n${stdout}${stderr}`);
	process.exit(1);
}
