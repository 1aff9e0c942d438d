// Every link between the README, the changelog and docs/ resolves: a relative link names a file of the repository,
// and a link to a heading (#…) names one the target file has, as GitHub makes its anchors.
import {existsSync} from 'node:fs';
import {readFile, readdir} from 'node:fs/promises';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect, test} from 'vitest';

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

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');

/** The anchors of a file's headings, code blocks left out. */
function anchorsIn(text: string): Set<string> {
	const outside = text.replace(/```[\s\S]*?```/g, '');
	return new Set([...outside.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) => anchorOf(heading!)));
}

const files = [join(root, 'README.md'), join(root, 'CHANGELOG.md'), ...(await markdownFiles(join(root, 'docs')))];

test.each(files.map((file) => [relative(root, file), file]))('every link of %s resolves', async (_, file) => {
	const text = (await readFile(file, 'utf8')).replace(/```[\s\S]*?```/g, '');
	const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target!).filter((target) => !/^(https?:|mailto:)/.test(target));
	const broken: string[] = [];
	for (const link of links) {
		const [path, anchor] = link.split('#');
		const target = path ? join(dirname(file), path) : file;
		if (!existsSync(target)) broken.push(`${link}: no such file`);
		else if (anchor && target.endsWith('.md') && !anchorsIn(await readFile(target, 'utf8')).has(anchor)) broken.push(`${link}: no heading #${anchor}`);
	}
	expect(broken).toEqual([]);
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
