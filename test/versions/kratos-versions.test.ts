// npm run kratos:versions's logic, against binaries that are already here (v1.0.0 is test/record's): the real
// v1.3.1 under another label, and a "Kratos" that cannot start. Statuses in the table are what Kratos answered.
import {mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {ensureKratosBinary} from '../../contract-tests/harness/kratos/build.js';
import {readRecord} from '../../contract-tests/record/file.js';
import {type VersionResult, formatVersions, runVersions, summarize} from '../../contract-tests/cli/versions.js';

let dir: string;
let results: VersionResult[];
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'kratos-versions-test-'));
	const broken = join(dir, 'kratos-broken');
	await writeFile(broken, '#!/bin/sh\necho "not kratos" >&2\nexit 3\n', {mode: 0o755});
	results = await runVersions(
		[
			{label: 'again', binary: await ensureKratosBinary({log: () => undefined})},
			{label: 'broken', binary: broken},
		],
		{reportsDir: join(dir, 'reports'), recordsDir: join(dir, 'records')},
	);
}, 300_000);
afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

test('one column per binary: the statuses the real Kratos answered, its version, exit code, failures, warnings', () => {
	const table = formatVersions(results);
	const row = (name: string) => table.split('\n').find((line) => line.startsWith(`${name} `))?.split(/ +/);
	expect(row('case')).toEqual(['case', 'again', 'broken']);
	expect(row('own_flow')).toEqual(['own_flow', '200', 'n/a']);
	expect(row('expired_flow')).toEqual(['expired_flow', '410', 'n/a']);
	expect(row('aal2_required')).toEqual(['aal2_required', '403', 'n/a']);
	expect(row('server_error')).toEqual(['server_error', '–', 'n/a']);
	expect(table).toMatch(/^kratos version +v1\.3\.1 +n\/a$/m);
	expect(table).toMatch(/^exit code +0 +1$/m);
	expect(table).toMatch(/^failures +0 +1$/m);
	expect(table).toMatch(/^warnings +0 +0$/m);
	// The broken one says why, in Kratos's own words.
	expect(table).toMatch(/broken, failures:\n {2}the target could not be used: .*not kratos/s);
});

test('--records: a record per version that ran, named after its label, with the version Kratos told', async () => {
	expect(await readdir(join(dir, 'records'))).toEqual(['kratos-again.record.json']);
	const record = await readRecord(join(dir, 'records/kratos-again.record.json'), 'the record');
	expect(record.server.version).toBe('v1.3.1');
	expect(Object.keys(record.cases)).toEqual(results[0]!.run.cases.map((item) => item.case.id));
});

test('a failing check is a failure; a violation marked as a warning is a warning, and neither is lost', () => {
	const [again] = results;
	const run = again!.run;
	const ownFlow = run.cases.find((item) => item.case.id === 'own_flow')!;
	const violation = {check: 'expected_status', title: 'Unexpected status', location: [], code: 'status', message: 'got 201'};
	const withFindings = {
		...run,
		cases: run.cases.map((item) =>
			item === ownFlow
				? {
						...item,
						outcome: 'failed' as const,
						checks: [
							{check: 'expected_status', severity: 'error' as const, outcome: 'failed' as const, violations: [{...violation, severity: 'error' as const}]},
							{check: 'schema_drift', severity: 'warning' as const, outcome: 'warned' as const, violations: [{...violation, severity: 'warning' as const, message: 'a new property'}]},
						],
					}
				: item,
		),
	};
	const summary = summarize('x', 'v0', withFindings);
	expect(summary.failures).toEqual(['own_flow › expected_status: got 201']);
	expect(summary.warnings).toEqual(['own_flow › schema_drift: a new property']);
	expect(summary.exitCode).toBe(1);
});
