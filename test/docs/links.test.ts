// Every link between the README, the changelog and docs/ resolves: a relative link names a file of the repository,
// and a link to a heading (#…) names one the target file has, as GitHub makes its anchors.
import {readFile, readdir} from 'node:fs/promises';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect, test} from 'vitest';
import {brokenLinks} from '../helpers/links.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function markdownFiles(folder: string): Promise<string[]> {
	const found: string[] = [];
	for (const entry of await readdir(folder, {withFileTypes: true})) {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) found.push(...(await markdownFiles(path)));
		else if (entry.name.endsWith('.md')) found.push(path);
	}
	return found;
}

const files = [join(root, 'README.md'), join(root, 'CHANGELOG.md'), ...(await markdownFiles(join(root, 'docs')))];

test.each(files.map((file) => [relative(root, file), file]))('every link of %s resolves', async (_, file) => {
	expect(await brokenLinks(file)).toEqual([]);
});

test('the README links to each page of docs/', async () => {
	const readme = await readFile(join(root, 'README.md'), 'utf8');
	for (const page of await markdownFiles(join(root, 'docs'))) {
		const path = relative(root, page);
		// upgrades.md links the diffs of docs/upgrades/ itself.
		if (path.startsWith('docs/upgrades/')) continue;
		expect(readme, path).toContain(`](${path})`);
	}
});
