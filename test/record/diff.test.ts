// The diff's classification, from tiny records: each kind of change an addition (drift) or a break, the cases it
// cannot compare named, the exit codes, and the three formats.
import {describe, expect, test} from 'vitest';
import {type Change, diffExitCode, diffRecords, diffTotals} from '../../contract-tests/record/diff.js';
import type {BodyShape} from '../../contract-tests/record/shape.js';
import {formatDiff} from '../../contract-tests/report/diff-console.js';
import {toDiffJUnit} from '../../contract-tests/report/diff-junit.js';
import {toDiffMarkdown} from '../../contract-tests/report/diff-markdown.js';
import {answered, recordOf, response} from './helpers.js';

const body = (more: Partial<BodyShape> = {}): BodyShape => ({paths: {$: 'object'}, values: {}, messages: {}, nodes: {}, ...more});

/** The changes of one case between two answers, as [kind, area, subject] triples. */
function changes(before: ReturnType<typeof response> | null, after: ReturnType<typeof response> | null): [string, string, string | undefined][] {
	const diff = diffRecords(recordOf({own_flow: answered(before)}), recordOf({own_flow: answered(after)}));
	return diff.cases[0]!.changes.map((change: Change) => [change.kind, change.area, change.subject]);
}

describe('each change is an addition or a break', () => {
	test('the same answer: no change', () => {
		const same = response(200, {headers: {'cache-control': 'no-store'}, body: body({paths: {$: 'object', '$.id': 'string'}})});
		expect(changes(same, same)).toEqual([]);
	});

	test('a status, a content type: changed is a break', () => {
		expect(changes(response(400), response(403))).toEqual([['break', 'status', undefined]]);
		expect(changes(response(200), response(200, {contentType: 'text/html'}))).toEqual([['break', 'content type', undefined]]);
	});

	test('an error id: new is an addition, gone or changed a break', () => {
		expect(changes(response(401), response(401, {errorId: 'session_inactive'}))).toEqual([['addition', 'error id', undefined]]);
		expect(changes(response(401, {errorId: 'session_inactive'}), response(401))).toEqual([['break', 'error id', undefined]]);
		expect(changes(response(403, {errorId: 'a'}), response(403, {errorId: 'b'}))).toEqual([['break', 'error id', undefined]]);
	});

	test('Cache-Control and Vary: a directive new is an addition, one gone a break, the order nothing', () => {
		const cc = (value: string) => response(200, {headers: {'cache-control': value}});
		expect(changes(cc('no-store'), cc('no-store, private'))).toEqual([['addition', 'header', 'cache-control']]);
		expect(changes(cc('private, no-store'), cc('private'))).toEqual([['break', 'header', 'cache-control']]);
		expect(changes(cc('private, no-store'), cc('No-Store,private'))).toEqual([]);
		expect(changes(response(200), cc('no-store'))).toEqual([['addition', 'header', 'cache-control']]);
		expect(changes(cc('no-store'), response(200))).toEqual([['break', 'header', 'cache-control']]);
	});

	test('Location: new an addition, gone or of another shape a break', () => {
		const at = (location: string) => response(303, {headers: {location}});
		expect(changes(at('{public}/a'), at('{public}/b'))).toEqual([['break', 'header', 'location']]);
		expect(changes(response(303), at('{public}/a'))).toEqual([['addition', 'header', 'location']]);
	});

	test('a cookie: new an addition; gone, or its attributes changed, a break', () => {
		const cookies = (value: Record<string, string[]>) => response(200, {cookies: value});
		expect(changes(cookies({}), cookies({a: ['Path=/']}))).toEqual([['addition', 'cookie', 'a']]);
		expect(changes(cookies({a: ['Path=/']}), cookies({}))).toEqual([['break', 'cookie', 'a']]);
		expect(changes(cookies({a: ['Path=/']}), cookies({a: ['Path=/', 'Secure']}))).toEqual([['break', 'cookie', 'a']]);
	});

	test('any other header, by name: new an addition, gone a break', () => {
		expect(changes(response(401), response(401, {otherHeaders: ['ory-error-id']}))).toEqual([['addition', 'header', 'ory-error-id']]);
		expect(changes(response(401, {otherHeaders: ['ory-error-id']}), response(401))).toEqual([['break', 'header', 'ory-error-id']]);
	});

	test('JSON paths: new an addition (once per subtree), gone a break, retyped a break (a type added too)', () => {
		const paths = (value: Record<string, string>) => response(200, {body: body({paths: {$: 'object', ...value}})});
		expect(changes(paths({}), paths({'$.organization_id': 'null'}))).toEqual([['addition', 'path', '$.organization_id']]);
		const diff = diffRecords(recordOf({own_flow: answered(paths({}))}), recordOf({own_flow: answered(paths({'$.a': 'object', '$.a.b': 'string', '$.a.c[]': 'object', '$.ab': 'string'}))}));
		expect(diff.cases[0]!.changes.map((change) => [change.subject, change.under])).toEqual([
			['$.a', 2],
			['$.ab', undefined],
		]);
		expect(changes(paths({'$.a': 'string'}), paths({}))).toEqual([['break', 'path', '$.a']]);
		expect(changes(paths({'$.a': 'string'}), paths({'$.a': 'null|string'}))).toEqual([['break', 'path', '$.a']]);
	});

	test('enum values: new an addition, gone a break; a value changed is both', () => {
		const values = (value: (string | null)[]) => response(200, {body: body({paths: {$: 'object', '$.state': 'string'}, values: {'$.state': value}})});
		expect(changes(values(['a']), values(['a', 'b']))).toEqual([['addition', 'value', '"b"']]);
		expect(changes(values(['a', 'b']), values(['a']))).toEqual([['break', 'value', '"b"']]);
		expect(changes(values(['show_form']), values(['success']))).toEqual([
			['break', 'value', '"show_form"'],
			['addition', 'value', '"success"'],
		]);
	});

	test('message ids and ui nodes: new an addition, gone a break', () => {
		const shown = (messages: number[], nodes: string[]) => response(400, {body: body({paths: {$: 'object', '$.ui': 'object'}, messages: {'$.ui.messages[]': messages}, nodes: {'$.ui.nodes[]': nodes}})});
		expect(changes(shown([4000001], ['profile/input/traits.email']), shown([4000040], ['profile/input/traits.email', 'captcha/div/captcha']))).toEqual([
			['break', 'message id', '4000001'],
			['addition', 'message id', '4000040'],
			['addition', 'ui node', 'captcha/div/captcha'],
		]);
	});

	test('what sits under a path that came or went is listed once, as the path', () => {
		const flow = response(200, {body: body({paths: {$: 'object', '$.ui': 'object', '$.ui.nodes': 'array'}, messages: {'$.ui.nodes[].meta.label': [1070002]}, nodes: {'$.ui.nodes[]': ['default/input/csrf_token']}})});
		expect(changes(flow, response(403, {body: body({paths: {$: 'object', '$.error': 'object'}})}))).toEqual([
			['break', 'status', undefined],
			['break', 'path', '$.ui'],
			['addition', 'path', '$.error'],
		]);
	});

	test('an answer that no longer comes is a break; one that comes where none did an addition', () => {
		expect(changes(response(200), null)).toEqual([['break', 'answer', undefined]]);
		expect(changes(null, response(200))).toEqual([['addition', 'answer', undefined]]);
	});
});

describe('what cannot be compared is named, not counted', () => {
	test('a case skipped on either side, or only in one record, is not compared', () => {
		const before = recordOf({a: answered(response(200)), b: {operation: 'getSettingsFlow', skipped: 'set KRATOS_COOKIE to enable'}, gone: answered(response(200))});
		const after = recordOf({a: {operation: 'getSettingsFlow', skipped: 'set KRATOS_OTHER to enable'}, b: answered(response(200)), cors_preflight: answered(response(204))});
		const diff = diffRecords(before, after);
		expect(diff.cases.map((item) => [item.id, item.notCompared])).toEqual([
			['a', 'skipped in AFTER: set KRATOS_OTHER to enable'],
			['b', 'skipped in BEFORE: set KRATOS_COOKIE to enable'],
			['cors_preflight', 'not in BEFORE (a case its tool version did not have)'],
			['gone', 'not in AFTER (a case its tool version does not have)'],
		]);
		expect(diffTotals(diff)).toMatchObject({cases: 4, compared: 0, notCompared: 4, breaks: 0});
		expect(diffExitCode(diff)).toBe(0);
	});

	test('a request sent differently is noted, and its answers compared anyway', () => {
		const diff = diffRecords(recordOf({a: answered(response(200))}), recordOf({a: answered(response(200), {credentials: ['cookie ory_kratos_session']})}));
		expect(diff.cases[0]!.notes).toEqual(['sent with other credentials: session token, then cookie ory_kratos_session']);
		expect(diff.cases[0]!.notCompared).toBeUndefined();
	});

	test('records by other tool versions or specs say so', () => {
		const diff = diffRecords(recordOf({}), recordOf({}, {tool: {name: 'kratos-settings-flow-contract', version: '0.2.0'}, spec: {sha256: 'b'.repeat(64), openapi: '3.1.0', bundled: false}}));
		expect(diff.notes).toEqual([expect.stringMatching(/^recorded by kratos-settings-flow-contract 0\.1\.0, then 0\.2\.0/), expect.stringMatching(/^judged by different specs/)]);
	});
});

describe('exit codes and formats', () => {
	const before = recordOf({own_flow: answered(response(200, {headers: {'cache-control': 'no-store'}, body: body()})), no_session: answered(response(401))}, {server: {version: 'v1.3.1'}});
	const additions = recordOf({own_flow: answered(response(200, {headers: {'cache-control': 'no-store'}, body: body()})), no_session: answered(response(401, {otherHeaders: ['ory-error-id']}))}, {server: {version: 'v26.2.0'}});
	const breaks = recordOf({own_flow: answered(response(200, {body: body({paths: {$: 'object', '$.state': 'null|string'}})})), no_session: answered(response(401))}, {server: {version: 'v9'}});

	test('0 for nothing or additions only, 1 for a break; --strict: 1 for an addition too', () => {
		expect(diffExitCode(diffRecords(before, before))).toBe(0);
		expect(diffExitCode(diffRecords(before, additions))).toBe(0);
		expect(diffExitCode(diffRecords(before, additions), {strict: true})).toBe(1);
		expect(diffExitCode(diffRecords(additions, before))).toBe(1);
		expect(diffExitCode(diffRecords(before, breaks))).toBe(1);
	});

	test('console: the two records, each case that changed, its breaks then additions, the totals and the verdict', () => {
		const text = formatDiff(diffRecords(before, breaks));
		expect(text).toContain('  before: Kratos v1.3.1, recorded 2026-11-25T10:00:00.000Z by kratos-settings-flow-contract 0.1.0, spec sha256 aaaaaaaaaaaa…');
		expect(text).toContain('\nown_flow — getSettingsFlow → 200\n  ✘ break     header cache-control gone (was "no-store")\n  + addition  path $.state new (null|string)\n');
		expect(text).not.toContain('no_session —');
		expect(text).toMatch(/1 break and 1 addition in 2 cases: 1 with breaks, 0 with additions only, 1 unchanged, 0 not compared\nA break: .*\(exit 1\)\.$/);
		expect(formatDiff(diffRecords(before, before))).toMatch(/Nothing changed in what was compared \(exit 0\)\.$/);
	});

	test('Markdown: the verdict first, both records, the breaks in a table (pipes escaped), the additions folded', () => {
		const markdown = toDiffMarkdown(diffRecords(before, breaks));
		expect(markdown.split('\n').slice(0, 3)).toEqual(['### Kratos settings flow: what changed', '', '**A break: something a client may rely on is gone or changed (exit 1).** 1 break and 1 addition in 2 cases: 1 with breaks, 0 with additions only, 1 unchanged, 0 not compared.']);
		expect(markdown).toContain('| Kratos | v1.3.1 | v9 |');
		expect(markdown).toContain('| own_flow — getSettingsFlow → 200 | header `cache-control` gone (was `no-store`) |');
		expect(markdown).toContain('| own_flow — getSettingsFlow → 200 | path `$.state` new (`null\\|string`) |');
		expect(markdown).toContain('<details><summary>1 addition in 1 case</summary>');
	});

	test('JUnit: a test case per case, a break a failure, additions in system-out (failures with --strict)', () => {
		const junit = toDiffJUnit(diffRecords(before, breaks));
		expect(junit).toContain('<testsuite name="contract diff" tests="2" failures="1" skipped="0">');
		expect(junit).toContain('<failure type="break" message="1 break">break: header cache-control gone (was &quot;no-store&quot;)\naddition: path $.state new (null|string)</failure>');
		expect(junit).toContain('<testcase classname="contract diff" name="no_session"/>');
		const drift = toDiffJUnit(diffRecords(before, additions));
		expect(drift).toContain('failures="0"');
		expect(drift).toContain('<system-out>addition (drift, not a failure): header ory-error-id new</system-out>');
		expect(toDiffJUnit(diffRecords(before, additions), {strict: true})).toContain('<failure type="drift" message="1 addition (--strict)">');
	});
});
