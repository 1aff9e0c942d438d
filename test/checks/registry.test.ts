// Registries built from a folder (contract-tests/base/discover.ts): every module beside the registry, each export of
// the kind it holds, in declared order; a name or an order used twice is refused at once.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, expect, test} from 'vitest';
import {type Registered, discover} from '../../contract-tests/base/discover.js';
import {checks} from '../../contract-tests/checks/index.js';

const folders: string[] = [];
afterAll(async () => {
	await Promise.all(folders.map((folder) => rm(folder, {recursive: true, force: true})));
});

const isEntry = (value: unknown): value is Registered & {kind: 'entry'} => (value as {kind?: unknown})?.kind === 'entry';

async function registryOf(files: Record<string, string>): Promise<string> {
	const folder = await mkdtemp(join(tmpdir(), 'registry-'));
	folders.push(folder);
	for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
	return pathToFileURL(join(folder, 'index.mjs')).href;
}

test('every entry of every module beside the registry, in declared order; other exports, the registry itself and other extensions left out', async () => {
	const registry = await registryOf({
		'index.mjs': "export const itself = {kind: 'entry', name: 'itself', order: 0};",
		'b.mjs': "export const second = {kind: 'entry', name: 'second', order: 20}; export const helper = () => 1;",
		'a.mjs': "export const third = {kind: 'entry', name: 'third', order: 30}; export const first = {kind: 'entry', name: 'first', order: 10};",
		'c.ts': "export const other = {kind: 'entry', name: 'other', order: 5};",
	});
	expect((await discover(registry, isEntry)).map((entry) => entry.name)).toEqual(['first', 'second', 'third']);
});

test('a name or an order used twice is refused, naming both', async () => {
	const sameOrder = await registryOf({'index.mjs': '', 'a.mjs': "export const one = {kind: 'entry', name: 'one', order: 10};", 'b.mjs': "export const two = {kind: 'entry', name: 'two', order: 10};"});
	await expect(discover(sameOrder, isEntry)).rejects.toThrow(/one and two have the same order \(10\)/);
	const sameName = await registryOf({'index.mjs': '', 'a.mjs': "export const one = {kind: 'entry', name: 'one', order: 10};", 'b.mjs': "export const two = {kind: 'entry', name: 'one', order: 20};"});
	await expect(discover(sameName, isEntry)).rejects.toThrow(/one and one have the same name \(one\)/);
});

test("the checks' registry: the report's columns in the order their files declare", () => {
	expect(checks.map((check) => check.order)).toEqual([...checks.map((check) => check.order)].sort((a, b) => a - b));
	expect(checks.map((check) => check.name).slice(0, 4)).toEqual(['answer_received', 'not_a_server_error', 'status_code_conformance', 'expected_status']);
	expect(checks.at(-1)?.name).toBe('undocumented_header');
});

test("the report formats' registry: the console, Markdown, JUnit and HTML, each showing a run, a diff or both", async () => {
	const formats = await (await import('../../contract-tests/report/formats/index.js')).loadFormats();
	expect(formats.map((format) => [format.name, format.extension, Boolean(format.run), Boolean(format.diff)])).toEqual([
		['console', undefined, true, true],
		['markdown', 'md', false, true],
		['junit', 'xml', true, true],
		['html', 'html', true, false],
	]);
});
