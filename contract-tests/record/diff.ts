// What changed between two records, per case, each change classified:
// - an addition (drift): something new that a client written for BEFORE tolerates: a header, a cookie, a JSON path,
//   an enum value, a message id, a ui node, an error id where there was none, a Cache-Control or Vary directive;
// - a break: something a client may rely on, gone or changed: a status, a content type, an error id, a header or a
//   directive gone, a cookie gone or its attributes changed, a Location of another shape, a JSON path gone or retyped,
//   an enum value, a message id or a ui node gone, an answer that no longer comes.
// A case only one side ran (skipped, or unknown to that side's tool version) is not compared, and says why: a diff
// says nothing of what it could not see.
import type {AnsweredCase, CaseRecord, ResponseRecord, RunRecord} from './record.js';
import type {BodyShape} from './shape.js';

export type ChangeKind = 'addition' | 'break';

/** One change; `before`/`after` are absent for what is new or gone. */
export interface Change {
	readonly kind: ChangeKind;
	readonly area: 'answer' | 'status' | 'content type' | 'error id' | 'header' | 'cookie' | 'path' | 'value' | 'message id' | 'ui node';
	/** What changed: a header or cookie name, a JSON path, a node; absent for the status and the like. */
	readonly subject?: string | undefined;
	readonly before?: string | undefined;
	readonly after?: string | undefined;
	/** For a JSON path new or gone: how many paths under it came or went with it (not listed one by one). */
	readonly under?: number | undefined;
	/** Where a value or message id was seen (its JSON path). */
	readonly at?: string | undefined;
}

export interface CaseDiff {
	readonly id: string;
	readonly operation: string;
	/** The status each side answered (undefined: skipped or unknown there; null: no answer). */
	readonly statusBefore?: number | null | undefined;
	readonly statusAfter?: number | null | undefined;
	/** Why the case is not compared (only one side ran it); undefined when it is. */
	readonly notCompared?: string | undefined;
	readonly changes: readonly Change[];
	/** What differs in what was sent (other credentials, another body): the answers are compared anyway. */
	readonly notes: readonly string[];
}

export interface RecordDiff {
	readonly before: RunRecord;
	readonly after: RunRecord;
	/** Differences of the headers (tool, spec): they may explain a change. */
	readonly notes: readonly string[];
	readonly cases: readonly CaseDiff[];
}

/** Compares two records, case by case, in AFTER's order (cases only BEFORE has last). */
export function diffRecords(before: RunRecord, after: RunRecord): RecordDiff {
	const ids = [...Object.keys(after.cases), ...Object.keys(before.cases).filter((id) => !(id in after.cases))];
	return {before, after, notes: headerNotes(before, after), cases: ids.map((id) => diffCase(id, before.cases[id], after.cases[id]))};
}

function headerNotes(before: RunRecord, after: RunRecord): string[] {
	const notes: string[] = [];
	if (before.tool.version !== after.tool.version) notes.push(`recorded by ${before.tool.name} ${before.tool.version}, then ${after.tool.version}: a case either version lacks is not compared`);
	if (before.spec.sha256 !== after.spec.sha256) {
		notes.push(`judged by different specs (sha256 ${before.spec.sha256.slice(0, 12)}…, then ${after.spec.sha256.slice(0, 12)}…): enum values are compared only where both specs list them`);
	}
	return notes;
}

const answered = (record: CaseRecord | undefined): record is AnsweredCase => record !== undefined && 'request' in record;
const statusOf = (record: CaseRecord | undefined) => (answered(record) ? (record.response?.status ?? null) : undefined);

function diffCase(id: string, before: CaseRecord | undefined, after: CaseRecord | undefined): CaseDiff {
	const base = {id, operation: (after ?? before)!.operation, statusBefore: statusOf(before), statusAfter: statusOf(after)};
	const why = notComparedBecause(before, after);
	if (why !== undefined || !answered(before) || !answered(after)) return {...base, notCompared: why, changes: [], notes: []};
	return {...base, changes: diffAnswers(before.response, after.response), notes: requestNotes(before, after)};
}

function notComparedBecause(before: CaseRecord | undefined, after: CaseRecord | undefined): string | undefined {
	if (!before) return 'not in BEFORE (a case its tool version did not have)';
	if (!after) return 'not in AFTER (a case its tool version does not have)';
	if (!answered(before) && !answered(after)) return `skipped in both: ${(after as {skipped: string}).skipped}`;
	if (!answered(before)) return `skipped in BEFORE: ${before.skipped}`;
	if (!answered(after)) return `skipped in AFTER: ${after.skipped}`;
	return undefined;
}

function requestNotes(before: AnsweredCase, after: AnsweredCase): string[] {
	const notes: string[] = [];
	const list = (items: readonly string[]) => items.join(', ') || 'none';
	const [a, b] = [before.request, after.request];
	if (list(a.credentials) !== list(b.credentials)) notes.push(`sent with other credentials: ${list(a.credentials)}, then ${list(b.credentials)}`);
	if (`${a.method} ${a.path}` !== `${b.method} ${b.path}`) notes.push(`sent to ${a.method} ${a.path}, then ${b.method} ${b.path}`);
	if (list(a.query) !== list(b.query)) notes.push(`other query parameters: ${list(a.query)}, then ${list(b.query)}`);
	if (a.accept !== b.accept) notes.push(`other Accept: ${a.accept ?? 'none'}, then ${b.accept ?? 'none'}`);
	if (JSON.stringify(a.body) !== JSON.stringify(b.body)) notes.push(`another body: ${bodyLabel(a.body)}, then ${bodyLabel(b.body)}`);
	return notes;
}

const bodyLabel = (body: AnsweredCase['request']['body']) => (body ? `${body.method ?? 'no method'} (${body.keys.join(', ') || 'no keys'})` : 'none');

const addition = (change: Omit<Change, 'kind'>): Change => ({kind: 'addition', ...change});
const breaking = (change: Omit<Change, 'kind'>): Change => ({kind: 'break', ...change});

function diffAnswers(before: ResponseRecord | null, after: ResponseRecord | null): Change[] {
	if (!before && !after) return [];
	if (!after) return [breaking({area: 'answer', before: String(before!.status)})];
	if (!before) return [addition({area: 'answer', after: String(after.status)})];
	return [
		...(before.status !== after.status ? [breaking({area: 'status', before: String(before.status), after: String(after.status)})] : []),
		...changedScalar('content type', before.contentType, after.contentType),
		...changedScalar('error id', before.errorId, after.errorId),
		...diffValuedHeaders(before.headers, after.headers),
		...diffCookies(before.cookies, after.cookies),
		...diffSets(before.otherHeaders, after.otherHeaders).map(([kind, name]) => ({kind, area: 'header' as const, subject: name})),
		...diffBodies(before.body, after.body),
	];
}

/** A value that may come or go: new is an addition, gone or changed a break. */
function changedScalar(area: 'content type' | 'error id', before: string | null, after: string | null): Change[] {
	if (before === after) return [];
	if (before === null) return [addition({area, after: after!})];
	if (after === null) return [breaking({area, before})];
	return [breaking({area, before, after})];
}

/** [kind, item] for every item new (addition) or gone (break). */
function diffSets<T>(before: readonly T[], after: readonly T[]): [ChangeKind, T][] {
	const [was, is] = [new Set(before), new Set(after)];
	return [...before.filter((item) => !is.has(item)).map((item): [ChangeKind, T] => ['break', item]), ...after.filter((item) => !was.has(item)).map((item): [ChangeKind, T] => ['addition', item])];
}

// Headers whose value is a list of directives or names: one added is an addition, one gone a break.
const LISTS = new Set(['cache-control', 'vary']);
const tokens = (value: string) => value.split(',').map((token) => token.trim().toLowerCase()).filter(Boolean);

function diffValuedHeaders(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): Change[] {
	const changes: Change[] = [];
	for (const name of union(Object.keys(before), Object.keys(after))) {
		const [was, is] = [before[name], after[name]];
		if (was === is) continue;
		if (was === undefined) changes.push(addition({area: 'header', subject: name, after: is}));
		else if (is === undefined) changes.push(breaking({area: 'header', subject: name, before: was}));
		else if (LISTS.has(name)) {
			const [gone, added] = [tokens(was).filter((token) => !tokens(is).includes(token)), tokens(is).filter((token) => !tokens(was).includes(token))];
			// Only the order or the spelling changed: nothing a cache or client reads differently.
			if (!gone.length && !added.length) continue;
			changes.push({kind: gone.length ? 'break' : 'addition', area: 'header', subject: name, before: was, after: is});
		} else changes.push(breaking({area: 'header', subject: name, before: was, after: is}));
	}
	return changes;
}

function diffCookies(before: Readonly<Record<string, readonly string[]>>, after: Readonly<Record<string, readonly string[]>>): Change[] {
	const changes: Change[] = [];
	for (const name of union(Object.keys(before), Object.keys(after))) {
		const [was, is] = [before[name]?.join('; '), after[name]?.join('; ')];
		if (was === is) continue;
		// A cookie's attributes decide where browsers send it: any change may stop it reaching the server.
		if (was === undefined) changes.push(addition({area: 'cookie', subject: name, after: is}));
		else changes.push(breaking({area: 'cookie', subject: name, before: was, after: is}));
	}
	return changes;
}

function diffBodies(before: BodyShape | null, after: BodyShape | null): Change[] {
	const empty: BodyShape = {paths: {}, values: {}, messages: {}, nodes: {}};
	const [was, is] = [before ?? empty, after ?? empty];
	const paths = diffPaths(was.paths, is.paths);
	// What sits under a path that came or went is that path's news: listed once, as the path.
	const moved = paths.filter((change) => change.before === undefined || change.after === undefined).map((change) => change.subject!);
	const inMoved = (change: Change) => change.at !== undefined && moved.some((path) => change.at === path || isUnder(change.at!, path));
	return [...paths, ...[...diffValues(was, is), ...diffListed('message id', was.messages, is.messages), ...diffListed('ui node', was.nodes, is.nodes)].filter((change) => !inMoved(change))];
}

/** Paths new or gone (one change per subtree: the paths under it are counted), and paths whose types changed. */
function diffPaths(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): Change[] {
	const changes: Change[] = [];
	const gone = Object.keys(before).filter((path) => !(path in after));
	const added = Object.keys(after).filter((path) => !(path in before));
	for (const [kind, paths, types] of [
		['break', gone, before],
		['addition', added, after],
	] as const) {
		for (const path of topmost(paths)) {
			const under = paths.filter((other) => other !== path && isUnder(other, path)).length;
			changes.push({kind, area: 'path', subject: path, ...(kind === 'break' ? {before: types[path]} : {after: types[path]}), ...(under ? {under} : {})});
		}
	}
	for (const path of Object.keys(after)) {
		// A type added to a path is a change too: a client typed for `string` does not expect `null`.
		if (path in before && before[path] !== after[path]) changes.push(breaking({area: 'path', subject: path, before: before[path], after: after[path]}));
	}
	return changes;
}

const isUnder = (path: string, parent: string) => path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
const topmost = (paths: readonly string[]) => paths.filter((path) => !paths.some((other) => other !== path && isUnder(path, other)));

/** Enum values new or gone, at the paths both sides list values for (a path only one side has is a path change). */
function diffValues(before: BodyShape, after: BodyShape): Change[] {
	return Object.keys(after.values)
		.filter((path) => path in before.values)
		.flatMap((path) =>
			diffSets(before.values[path]!.map((value) => JSON.stringify(value)), after.values[path]!.map((value) => JSON.stringify(value))).map(([kind, value]) => ({kind, area: 'value' as const, subject: value, at: path})),
		);
}

/** Message ids or ui nodes, per path: each new one an addition, each gone a break. */
function diffListed<T extends string | number>(area: 'message id' | 'ui node', before: Readonly<Record<string, readonly T[]>>, after: Readonly<Record<string, readonly T[]>>): Change[] {
	return union(Object.keys(before), Object.keys(after)).flatMap((path) =>
		diffSets(before[path] ?? [], after[path] ?? []).map(([kind, item]) => ({kind, area, subject: String(item), at: path})),
	);
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

/** Counts over the whole diff. */
export function diffTotals(diff: RecordDiff) {
	const compared = diff.cases.filter((item) => item.notCompared === undefined);
	const changes = compared.flatMap((item) => item.changes);
	return {
		cases: diff.cases.length,
		compared: compared.length,
		notCompared: diff.cases.length - compared.length,
		withBreaks: compared.filter((item) => item.changes.some((change) => change.kind === 'break')).length,
		additionsOnly: compared.filter((item) => item.changes.length && item.changes.every((change) => change.kind === 'addition')).length,
		unchanged: compared.filter((item) => !item.changes.length).length,
		breaks: changes.filter((change) => change.kind === 'break').length,
		additions: changes.filter((change) => change.kind === 'addition').length,
	};
}

/** 0: nothing changed, or additions only (unless `strict`); 1: a break (or, strict, any addition). */
export function diffExitCode(diff: RecordDiff, {strict = false}: {readonly strict?: boolean | undefined} = {}): 0 | 1 {
	const totals = diffTotals(diff);
	return totals.breaks || (strict && totals.additions) ? 1 : 0;
}
