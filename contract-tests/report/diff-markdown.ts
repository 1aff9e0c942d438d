// A diff as GitHub-flavoured Markdown, for a pull request comment: the verdict first, the two records, the breaks in a
// table, the additions folded away, the cases not compared.
import type {CaseDiff, Change, ChangeKind, RecordDiff} from '../record/diff.js';
import {diffTotals} from '../record/diff.js';
import type {RunRecord} from '../record/record.js';
import {caseHeading, describeChange, totalsLine, verdictLine} from './diff-lines.js';

// In a table cell a pipe ends the cell, even inside a code span (GFM): escaped, it shows as itself.
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const code = (text: string) => `\`${text.replaceAll('`', "'")}\``;

// A pull request comment holds 65536 characters: a table stops well before, saying how many rows it left out.
const MAX_ROWS = 300;

function table(rows: readonly [CaseDiff, Change][]): string[] {
	const shown = rows.slice(0, MAX_ROWS).map(([item, change]) => `| ${cell(caseHeading(item))} | ${cell(describeChange(change, {name: code, code}))} |`);
	const more = rows.length > MAX_ROWS ? [``, `… and ${rows.length - MAX_ROWS} more (the console and JUnit formats list them all).`] : [];
	return ['| case | change |', '| --- | --- |', ...shown, ...more];
}

const side = (record: RunRecord) => [record.server.version ?? '(not told)', record.date, `${record.tool.name} ${record.tool.version}`, code(record.spec.sha256.slice(0, 12))];

/** `title`: the comment's heading. @default 'Kratos settings flow: what changed' */
export function toDiffMarkdown(diff: RecordDiff, {strict = false, title = 'Kratos settings flow: what changed'}: {readonly strict?: boolean | undefined; readonly title?: string | undefined} = {}): string {
	const [before, after] = [side(diff.before), side(diff.after)];
	const lines = [
		`### ${title}`,
		'',
		`**${verdictLine(diff, strict)}** ${totalsLine(diff)}.`,
		'',
		'| | before | after |',
		'| --- | --- | --- |',
		...['Kratos', 'recorded', 'tool', 'spec sha256'].map((name, index) => `| ${name} | ${cell(before[index]!)} | ${cell(after[index]!)} |`),
		...diff.notes.map((note) => `\n> ${note}`),
	];
	const rows = (kind: ChangeKind) => diff.cases.flatMap((item) => item.changes.filter((change) => change.kind === kind).map((change): [CaseDiff, Change] => [item, change]));
	const totals = diffTotals(diff);
	if (totals.breaks) lines.push('', '#### Breaks: gone or changed, what a client may rely on', '', ...table(rows('break')));
	if (totals.additions) {
		const cases = new Set(rows('addition').map(([item]) => item.id)).size;
		lines.push('', '#### Additions: drift, which clients tolerate', '', `<details><summary>${plural(totals.additions, 'addition')} in ${plural(cases, 'case')}</summary>`, '', ...table(rows('addition')), '', '</details>');
	}
	const noted = diff.cases.filter((item) => item.notes.length);
	if (noted.length) lines.push('', '#### Sent differently (answers compared anyway)', '', ...noted.flatMap((item) => item.notes.map((note) => `- ${code(item.id)}: ${note}`)));
	const skipped = diff.cases.filter((item) => item.notCompared !== undefined);
	if (skipped.length) {
		lines.push('', `<details><summary>${plural(skipped.length, 'case')} not compared</summary>`, '', ...skipped.map((item) => `- ${code(item.id)}: ${item.notCompared}`), '', '</details>');
	}
	return `${lines.join('\n')}\n`;
}
