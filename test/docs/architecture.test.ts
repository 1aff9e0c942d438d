// docs/architecture.md names folders and files: each must exist, and its layers must be the ones the import test holds.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect, test} from 'vitest';
import {LAYERS} from '../architecture/layers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const page = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');

test('every path the page names exists', () => {
	const map = page.slice(page.indexOf('```text'), page.indexOf('```', page.indexOf('```text') + 7));
	const fromMap = [...map.matchAll(/^(\S+\/)\s/gm)].map(([, folder]) => folder!);
	const layers = [...map.matchAll(/^ {3}(\w+\/)\s/gm)].map(([, folder]) => `contract-tests/${folder}`);
	const quoted = [...page.matchAll(/`((?:contract-tests|src|spec|test|openapi|scripts|generated)\/[\w./-]*)`/g)].map(([, path]) => path!);
	const missing = [...fromMap, ...layers, ...quoted].filter((path) => !existsSync(join(ROOT, path)));
	expect(missing).toEqual([]);
	expect(fromMap.length + layers.length + quoted.length).toBeGreaterThan(20);
});

test("the page's layers of contract-tests, bottom up, are the import test's", () => {
	const map = page.slice(page.indexOf('contract-tests/ '));
	const layers = [...map.matchAll(/^ {3}(\w+)\/\s/gm)].map(([, folder]) => folder);
	expect(layers).toEqual([...LAYERS]);
});
