// docs/upgrades/ holds records of real Kratos versions and their diffs, made by the command (docs/upgrades.md says
// how). They stay what the command makes: each record reads back, each diff is what `diff --format markdown` prints
// for its two records today, and the summary table in docs/upgrades.md says what those diffs say.
import {readFile, readdir} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {diffExitCode, diffRecords, diffTotals} from '../../contract-tests/record/diff.js';
import {readRecord} from '../../contract-tests/record/file.js';
import {renderDiff} from '../../contract-tests/cli/diff-command.js';

const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
const folder = join(docs, 'upgrades');
const names = await readdir(folder);
const recordOf = (version: string) => readRecord(join(folder, `kratos-${version}.record.json`), version);
const pairs = names.flatMap((name) => {
	const match = /^(.+)-to-(.+)\.md$/.exec(name);
	return match ? [[name, match[1]!, match[2]!] as const] : [];
});

describe('the records and diffs in docs/upgrades', () => {
	test('the records of v1.0.0, v1.3.1, v26.2.0 and master are there, and each names the version Kratos told', async () => {
		for (const version of ['v1.0.0', 'v1.3.1', 'v26.2.0', 'master']) expect(names).toContain(`kratos-${version}.record.json`);
		for (const name of names.filter((each) => each.endsWith('.record.json'))) {
			const version = name.slice('kratos-'.length, -'.record.json'.length);
			expect((await recordOf(version)).server.version, name).toBe(version);
		}
	});

	test.each(pairs)('%s is what diff --format markdown prints for its two records', async (name, before, after) => {
		const diff = diffRecords(await recordOf(before), await recordOf(after));
		expect(await renderDiff(diff, 'markdown', false)).toBe(await readFile(join(folder, name), 'utf8'));
	});

	test('the three upgrades asked about are there, and docs/upgrades.md’s table says what their diffs say', async () => {
		for (const name of ['v1.0.0-to-v1.3.1.md', 'v1.3.1-to-v26.2.0.md', 'v26.2.0-to-master.md']) expect(names).toContain(name);
		const page = await readFile(join(docs, 'upgrades.md'), 'utf8');
		const rows = [...page.matchAll(/^\| [^|]+ \| \[([^\]]+)\]\(upgrades\/[^)]+\) \| (\d) \| (\d+)[^|]* \| (\d+) \|$/gm)];
		expect(rows.map(([, name]) => name).sort()).toEqual(pairs.map(([name]) => name).sort());
		for (const [, name, exit, breaks, additions] of rows) {
			const [, before, after] = pairs.find(([each]) => each === name)!;
			const diff = diffRecords(await recordOf(before), await recordOf(after));
			const totals = diffTotals(diff);
			expect([diffExitCode(diff), totals.breaks, totals.additions], name).toEqual([Number(exit), Number(breaks), Number(additions)]);
		}
	});
});
