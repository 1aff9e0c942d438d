// The README's complete settings page compiles against the client as it is: its calls, options and result kinds are
// checked by tsc, so the example cannot drift from the API.
import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {expect, test} from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

test("the README's complete settings page type-checks", async () => {
	const readme = await readFile(join(root, 'README.md'), 'utf8');
	const start = readme.indexOf('```ts\n', readme.indexOf('### A settings page, complete')) + '```ts\n'.length;
	const code = readme.slice(start, readme.indexOf('```\n', start));
	const imports = code.split('\n').filter((line) => line.startsWith('import '));
	const body = code.split('\n').filter((line) => !line.startsWith('import '));
	expect(imports.join('\n')).toContain("from 'kratos-settings-flow-contract'");
	const dir = await mkdtemp(join(tmpdir(), 'readme-example-'));
	try {
		const file = join(dir, 'page.ts');
		await writeFile(
			file,
			[
				...imports.map((line) => line.replace("'kratos-settings-flow-contract'", JSON.stringify(join(root, 'src/index.js')))),
				// What a page around the example provides.
				'declare const sessionToken: string;',
				'declare const flowId: string | null;',
				'declare function render(flow: SettingsFlow): void;',
				'declare function redirect(url: string): void;',
				'declare function show(result: {readonly ok: false; readonly kind: string}): void;',
				'export async function page(): Promise<void> {',
				...body,
				'}',
			].join('\n'),
		);
		const tsc = join(root, 'node_modules/.bin/tsc');
		const options = ['--noEmit', '--strict', '--exactOptionalPropertyTypes', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--lib', 'ES2024,DOM', '--skipLibCheck'];
		const result = await promisify(execFile)(tsc, [...options, file]).then(
			() => '',
			(error: {stdout?: string}) => error.stdout ?? String(error),
		);
		expect(result).toBe('');
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
});
