// The README's examples compile against the client as it is: the complete settings page and the openapi-fetch ones
// (middleware, an app's own client). Their calls, options and result kinds are checked by tsc, so they cannot drift
// from the API; test/package/package.test.ts runs the openapi-fetch ones against a real Kratos.
import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {expect, test} from 'vitest';
import {readmeExample} from '../helpers/readme.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function typeChecks(lines: string[]): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'readme-example-'));
	try {
		const file = join(dir, 'page.mts');
		await writeFile(file, lines.join('\n'));
		const tsc = join(root, 'node_modules/.bin/tsc');
		const options = ['--noEmit', '--strict', '--exactOptionalPropertyTypes', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--lib', 'ES2024,DOM', '--skipLibCheck', '--types', 'node', '--typeRoots', join(root, 'node_modules/@types')];
		return await promisify(execFile)(tsc, [...options, file], {cwd: root}).then(
			() => '',
			(error: {stdout?: string}) => error.stdout ?? String(error),
		);
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

const local = (imports: string[]) =>
	imports.map((line) =>
		line
			.replace("'kratos-settings-flow-contract'", JSON.stringify(join(root, 'src/index.js')))
			.replace("'openapi-fetch'", JSON.stringify(join(root, 'node_modules/openapi-fetch/dist/index.mjs'))),
	);

test("the README's complete settings page type-checks", async () => {
	const readme = await readFile(join(root, 'README.md'), 'utf8');
	const {imports, body} = readmeExample(readme, '### A settings page, complete');
	expect(imports.join('\n')).toContain("from 'kratos-settings-flow-contract'");
	const result = await typeChecks([
		...local(imports),
		// What a page around the example provides.
		'declare const sessionToken: string;',
		'declare const flowId: string | null;',
		"declare function render(flow: SettingsFlow<{email: string; name?: string}>): void;",
		'declare function askUser(flow: Parameters<typeof updateLoginFlow>[1]): Promise<Parameters<typeof updateLoginFlow>[2]>;',
		'declare function show(result: {readonly ok: false; readonly kind: string}): void;',
		'export async function page(): Promise<void> {',
		...body,
		'}',
	]);
	expect(result).toBe('');
});

test("the README's first screen shows both faces, type-checked: a client call and the command; the README stays within 250 lines", async () => {
	const readme = await readFile(join(root, 'README.md'), 'utf8');
	const firstScreen = readme.split('\n').slice(0, 30).join('\n');
	expect(firstScreen).toContain('npx kratos-settings-flow-contract live');
	expect(firstScreen).toContain('await getSettingsFlow(kratos, flowId)');
	expect(readme.split('\n').length).toBeLessThanOrEqual(250);
	const {body} = readmeExample(readme, '<!-- example: first-screen');
	const result = await typeChecks([
		...local(["import {createKratosClient, getSettingsFlow, type SettingsFlow} from 'kratos-settings-flow-contract';"]),
		'declare const sessionToken: string;',
		'declare const flowId: string;',
		'declare function render(flow: SettingsFlow): void;',
		'export async function page(): Promise<void> {',
		...body,
		'}',
	]);
	expect(result).toBe('');
});

test.each(['<!-- example: middleware', '<!-- example: own-client'])("the README's openapi-fetch example %s type-checks", async (marker) => {
	const readme = await readFile(join(root, 'README.md'), 'utf8');
	const {imports, body} = readmeExample(readme, marker);
	const result = await typeChecks([...local(imports), 'declare const baseUrl: string;', 'declare const sessionToken: string;', 'declare const flowId: string;', 'export {};', ...body]);
	expect(result).toBe('');
});

test.each([
	['docs/guides/spa.md', '<!-- example: spa'],
	['docs/guides/ssr.md', '<!-- example: ssr'],
	['docs/guides/native.md', '<!-- example: native'],
])('the example of %s type-checks', async (file, marker) => {
	const {imports, body} = readmeExample(await readFile(join(root, file), 'utf8'), marker);
	expect(await typeChecks([...local(imports), ...body])).toBe('');
});
