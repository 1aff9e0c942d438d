// The words every format of a diff uses (console, Markdown, JUnit): one line per change, the two records' headers,
// the totals. `code` marks a literal (quotes on the console, backticks in Markdown). Never "Cookie:" or
// "Set-Cookie:" followed by text: the redaction step would take it for a credential header.
import type {CaseDiff, Change, RecordDiff} from '../record/diff.js';
import {diffTotals} from '../record/diff.js';
import type {RunRecord} from '../record/record.js';

/** How a format marks what it quotes: `name` a header, cookie, path or node; `code` a value as it was sent. */
export interface Marks {
	readonly name: (text: string) => string;
	readonly code: (text: string) => string;
}

/** One change in words, e.g. `header cache-control gone (was "private, no-store")`. */
export function describeChange(change: Change, {name, code}: Marks): string {
	const subject = change.subject === undefined ? '' : ` ${name(change.subject)}`;
	const at = change.at === undefined ? '' : ` at ${name(change.at)}`;
	const under = change.under ? ` (and ${change.under} path${change.under > 1 ? 's' : ''} under it)` : '';
	const verb = change.kind === 'addition' ? 'new' : 'gone';
	switch (change.area) {
		case 'answer':
			return change.after === undefined ? `no answer any more (was ${change.before})` : `an answer now (${change.after}), where none came`;
		case 'value': {
			// The subject is the value as JSON: a string is shown as a string, null and numbers as they are.
			const value = JSON.parse(change.subject!) as unknown;
			return `value ${typeof value === 'string' ? code(value) : change.subject} ${verb}${at}`;
		}
		case 'message id':
			return `message id ${change.subject} ${verb}${at}`;
		case 'ui node':
			return `ui node ${name(change.subject!)} ${verb}`;
		case 'status':
			return `status ${change.before} → ${change.after}`;
		case 'path': {
			// A path's types are names (`string`, `null|string`), not values.
			if (change.before === undefined) return `path ${name(change.subject!)} new (${name(change.after!)})${under}`;
			if (change.after === undefined) return `path ${name(change.subject!)} gone (was ${name(change.before)})${under}`;
			return `path ${name(change.subject!)} retyped ${name(change.before)} → ${name(change.after)}`;
		}
		default:
			// A header known by name only: new or gone, nothing more to say.
			if (change.before === undefined && change.after === undefined) return `${change.area}${subject} ${verb}`;
			if (change.before === undefined) return `${change.area}${subject} new${change.after ? ` (${code(change.after)})` : ''}${under}`;
			if (change.after === undefined) return `${change.area}${subject} gone${change.before ? ` (was ${code(change.before)})` : ''}${under}`;
			return `${change.area}${subject} ${code(change.before)} → ${code(change.after)}`;
	}
}

/** `own_flow — getSettingsFlow → 200` (both statuses when they differ). */
export function caseHeading(item: CaseDiff): string {
	const status = (value: number | null | undefined) => (value === null ? 'no answer' : value === undefined ? '–' : String(value));
	const statuses = item.statusBefore === item.statusAfter ? status(item.statusAfter) : `${status(item.statusBefore)} → ${status(item.statusAfter)}`;
	return `${item.id} — ${item.operation} → ${statuses}`;
}

/** What a record says of itself, in one line: the server's version, the tool, the spec, the date. */
export function sideLine(record: RunRecord): string {
	return `Kratos ${record.server.version ?? '(version not told)'}, recorded ${record.date} by ${record.tool.name} ${record.tool.version}, spec sha256 ${record.spec.sha256.slice(0, 12)}…`;
}

/** `2 breaks and 14 additions in 38 cases: …`. */
export function totalsLine(diff: RecordDiff): string {
	const totals = diffTotals(diff);
	const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
	return (
		`${plural(totals.breaks, 'break')} and ${plural(totals.additions, 'addition')} in ${plural(totals.cases, 'case')}: ` +
		`${totals.withBreaks} with breaks, ${totals.additionsOnly} with additions only, ${totals.unchanged} unchanged, ${totals.notCompared} not compared`
	);
}

/** What the exit code will say. */
export function verdictLine(diff: RecordDiff, strict: boolean): string {
	const totals = diffTotals(diff);
	if (totals.breaks) return 'A break: something a client may rely on is gone or changed (exit 1).';
	if (totals.additions) return strict ? 'Additions only, failing with --strict (exit 1).' : 'Additions only: drift that clients tolerate (exit 0).';
	return 'Nothing changed in what was compared (exit 0).';
}
