// A diff as JUnit XML for CI's test views: one test case per case of the records. A break is a failure, additions pass
// and are listed in <system-out> (with --strict they fail, as type="drift"), a case not compared is skipped.
import type {RecordDiff} from '../record/diff.js';
import {diffTotals} from '../record/diff.js';
import {describeChange, sideLine} from './diff-lines.js';
import {escape} from './junit.js';

const marks = {name: (text: string) => text, code: (text: string) => JSON.stringify(text)};
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function toDiffJUnit(diff: RecordDiff, {strict = false}: {readonly strict?: boolean | undefined} = {}): string {
	const name = 'contract diff';
	let failures = 0;
	const testcases = diff.cases.map((item) => {
		const attributes = `classname="${escape(name)}" name="${escape(item.id)}"`;
		if (item.notCompared !== undefined) return `    <testcase ${attributes}>\n      <skipped message="${escape(item.notCompared)}"/>\n    </testcase>`;
		const breaks = item.changes.filter((change) => change.kind === 'break').map((change) => describeChange(change, marks));
		const additions = item.changes.filter((change) => change.kind === 'addition').map((change) => describeChange(change, marks));
		const notes = item.notes.map((note) => `note: ${note}`);
		if (breaks.length || (strict && additions.length)) {
			failures++;
			const type = breaks.length ? 'break' : 'drift';
			const message = breaks.length ? plural(breaks.length, 'break') : `${plural(additions.length, 'addition')} (--strict)`;
			const text = [...breaks.map((line) => `break: ${line}`), ...additions.map((line) => `addition: ${line}`), ...notes].join('\n');
			return `    <testcase ${attributes}>\n      <failure type="${type}" message="${escape(message)}">${escape(text)}</failure>\n    </testcase>`;
		}
		if (additions.length || notes.length) {
			const text = [...additions.map((line) => `addition (drift, not a failure): ${line}`), ...notes].join('\n');
			return `    <testcase ${attributes}>\n      <system-out>${escape(text)}</system-out>\n    </testcase>`;
		}
		return `    <testcase ${attributes}/>`;
	});
	const totals = diffTotals(diff);
	const properties = [
		['before', sideLine(diff.before)],
		['after', sideLine(diff.after)],
		['breaks', String(totals.breaks)],
		['additions', String(totals.additions)],
	]
		.map(([key, value]) => `      <property name="${key}" value="${escape(value!)}"/>`)
		.join('\n');
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<testsuites name="${escape(name)}" tests="${diff.cases.length}" failures="${failures}">`,
		`  <testsuite name="${escape(name)}" tests="${diff.cases.length}" failures="${failures}" skipped="${totals.notCompared}">`,
		'    <properties>',
		properties.replace(/^ {6}/gm, '      '),
		'    </properties>',
		...testcases,
		'  </testsuite>',
		'</testsuites>',
		'',
	].join('\n');
}
