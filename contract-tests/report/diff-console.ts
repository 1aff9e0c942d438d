// A diff on the console: per case that changed, its breaks, then its additions; then the cases not compared, and the
// totals. Unchanged cases are counted, not listed.
import type {RecordDiff} from '../record/diff.js';
import {caseHeading, describeChange, sideLine, totalsLine, verdictLine} from './diff-lines.js';

const marks = {name: (text: string) => text, code: (text: string) => JSON.stringify(text)};

/** `strict`: additions fail too (the verdict line says so). */
export function formatDiff(diff: RecordDiff, {strict = false}: {readonly strict?: boolean | undefined} = {}): string {
	const lines = ['What changed between two records', `  before: ${sideLine(diff.before)}`, `  after:  ${sideLine(diff.after)}`, ...diff.notes.map((note) => `  note:   ${note}`)];
	for (const item of diff.cases.filter((each) => each.changes.length || each.notes.length)) {
		lines.push('', caseHeading(item));
		const ordered = [...item.changes.filter((change) => change.kind === 'break'), ...item.changes.filter((change) => change.kind === 'addition')];
		for (const change of ordered) lines.push(`  ${change.kind === 'break' ? '✘ break   ' : '+ addition'}  ${describeChange(change, marks)}`);
		for (const note of item.notes) lines.push(`  note: ${note}`);
	}
	const skipped = diff.cases.filter((item) => item.notCompared !== undefined);
	if (skipped.length) lines.push('', 'Not compared', ...skipped.map((item) => `  ${item.id}: ${item.notCompared}`));
	lines.push('', totalsLine(diff), verdictLine(diff, strict));
	return lines.join('\n');
}
