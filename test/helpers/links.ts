// The links of a Markdown file that do not resolve: a relative link must name a file (inside `within`, when given),
// and a link to a heading (#…) one the target file has, as GitHub makes its anchors. Absolute URLs are not followed.
import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {dirname, join, relative} from 'node:path';

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

/** The relative links of a Markdown text (code blocks left out), absolute URLs and mailto: left out. */
export function relativeLinks(text: string): string[] {
	return [...text.replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target!).filter((target) => !/^(https?:|mailto:)/.test(target));
}

/** Each link of `file` that does not resolve, with why. */
export async function brokenLinks(file: string, within?: string): Promise<string[]> {
	const broken: string[] = [];
	for (const link of relativeLinks(await readFile(file, 'utf8'))) {
		const [path, anchor] = link.split('#');
		const target = path ? join(dirname(file), path) : file;
		if (within !== undefined && relative(within, target).startsWith('..')) broken.push(`${link}: outside ${within}`);
		else if (!existsSync(target)) broken.push(`${link}: no such file`);
		else if (anchor && target.endsWith('.md') && !anchorsIn(await readFile(target, 'utf8')).has(anchor)) broken.push(`${link}: no heading #${anchor}`);
	}
	return broken;
}
