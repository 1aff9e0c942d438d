// `live --record`, `live --baseline` and `diff`, as a user runs them (in-process, the published command's setup),
// against stand-ins of Kratos v1.3.1 and of a newer Kratos: exit codes 0, 1 and 2, what is written where, and no
// secret, trait or id in any record or diff output.
import {mkdir, mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {cases} from '../../contract-tests/operations/index.js';
import {readRecord} from '../../contract-tests/record/file.js';
import {type Ran, command, work} from '../command/run.js';
import {startServer} from '../helpers/server.js';
import {newerKratos} from '../mutation/faults.js';
import {type Fault, SECRETS, STAND_IN_IDS, type StandIn, standInVariables, startStandIn} from '../mutation/stand-in.js';

const variables = (standIn: StandIn) => standInVariables(standIn, {writes: true});

let faithful: StandIn;
let newer: StandIn;
beforeAll(async () => {
	faithful = await startStandIn(undefined, {allowWrites: true});
	newer = await startStandIn(newerKratos as Fault, {allowWrites: true});
});
afterAll(async () => {
	await faithful?.close();
	await newer?.close();
});

const file = (name: string) => join(work(), name);
/** What `diff` printed, and what `live --baseline` printed of its diff, for the secrets test at the end. */
const printed: string[] = [];
async function run(argv: string[], env: Record<string, string> = {}): Promise<Ran> {
	const ran = await command(argv, env);
	// The run's own report (curl lines to reproduce a warning name the flow) is not the diff's: tested in test/secrets.
	const at = ran.stdout.indexOf('\nCompared with the baseline');
	const diff = argv[0] === 'diff' ? ran.stdout : at < 0 ? '' : ran.stdout.slice(at);
	printed.push(diff, ran.stderr);
	return ran;
}

/** A usage error: exit 2, the message on stderr, nothing on stdout. */
function expectUsageError(ran: Ran, message: RegExp) {
	expect(ran.code, ran.stdout + ran.stderr).toBe(2);
	expect(ran.stdout).toBe('');
	expect(ran.stderr.split('\n')[0]).toMatch(message);
	expect(ran.stderr.split('\n')[1]).toBe('Run `kratos-settings-flow-contract --help` for the flags, variables and exit codes.');
}

describe('live --record FILE', () => {
	test('writes a record of the run; a second run of the same server writes an equal one but for the date', async () => {
		const ran = await run(['live', '--record', file('v1.json')], variables(faithful));
		expect(ran.code, ran.stdout).toBe(0);
		expect(ran.stdout).toContain(`\nRecord: ${file('v1.json')}\n`);
		const record = await readRecord(file('v1.json'), 'it');
		expect(Object.keys(record.cases)).toHaveLength(cases.length);
		expect(record.server.version).toBeNull();
		const again = await run(['live', '--record', file('v1-again.json')], variables(faithful));
		expect(again.code).toBe(0);
		const [one, two] = await Promise.all([readFile(file('v1.json'), 'utf8'), readFile(file('v1-again.json'), 'utf8')]);
		expect(two.replace(/"date": "[^"]+"/, '')).toBe(one.replace(/"date": "[^"]+"/, ''));
		expect(one).not.toBe(two);
		expect((await run(['live', '--record', file('newer.json')], variables(newer))).code).toBe(0);
	});

	test('a record that cannot be written is a usage error before any request (it used to crash after the whole run)', async () => {
		await writeFile(file('a-file'), '');
		const before = faithful.server.requests.length;
		const folder = work();
		for (const [argv, message] of [
			[['--record', folder], `--record: ${folder} is a folder; give the path of a file for the record`],
			[['--record', file('a-file/record.json')], `--record: cannot write a record to ${file('a-file/record.json')} (ENOTDIR)`],
			[['--baseline', file('v1.json'), '--report-dir', file('a-file')], `--report-dir: cannot write reports to ${file('a-file')}`],
		] as const) {
			const ran = await run(['live', ...argv], variables(faithful));
			expectUsageError(ran, new RegExp(`^kratos-settings-flow-contract: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
			expect(ran.reports).toEqual([]);
		}
		// --baseline without --record: the record goes to the report folder, where a folder may stand in its way.
		// (In a folder of its own: the secrets test below reads every contract-live.record.json under work().)
		const reports = await mkdtemp(join(tmpdir(), 'blocked-reports-'));
		await mkdir(join(reports, 'contract-live.record.json'));
		expectUsageError(
			await run(['live', '--baseline', file('v1.json'), '--report-dir', reports], variables(faithful)),
			/^kratos-settings-flow-contract: --baseline \(its record goes to the report folder\): .*contract-live\.record\.json is a folder; give the path of a file for the record$/,
		);
		expect(faithful.server.requests.length, 'no request was sent').toBe(before);
		await rm(reports, {recursive: true, force: true});
	});

	test('a target that cannot be used has nothing to record: no file, said so, exit 1', async () => {
		const gone = await startServer();
		await gone.close();
		const ran = await run(['live', '--record', file('nothing.json'), '--baseline', file('v1.json')], {...variables(faithful), KRATOS_PUBLIC_URL: `${gone.url}/auth`});
		expect(ran.code).toBe(1);
		expect(ran.stdout).toContain('No record written: the target could not be used.');
		expect(ran.stdout).not.toContain('Compared with the baseline');
		await expect(readFile(file('nothing.json'), 'utf8')).rejects.toThrow(/ENOENT/);
	});
});

describe('live --baseline FILE: run, record and compare in one step', () => {
	test('the same server: nothing changed, exit 0; the record and the diff go beside the reports', async () => {
		const ran = await run(['live', '--baseline', file('v1.json')], variables(faithful));
		expect(ran.code, ran.stdout).toBe(0);
		expect(ran.reports).toEqual(['contract-live.diff.md', 'contract-live.diff.xml', 'contract-live.html', 'contract-live.record.json', 'contract-live.xml']);
		expect(ran.stdout).toContain(`Compared with the baseline ${file('v1.json')}:`);
		expect(ran.stdout).toMatch(/0 breaks and 0 additions in 64 cases: 0 with breaks, 0 with additions only, 47 unchanged, 17 not compared\nNothing changed in what was compared \(exit 0\)\./);
	});

	test('v1.3.1 → a newer Kratos (drift only): additions, exit 0', async () => {
		const ran = await run(['live', '--baseline', file('v1.json'), '--record', file('v1-to-newer.json')], variables(newer));
		expect(ran.code, ran.stdout).toBe(0);
		expect(ran.stdout).toMatch(/^no_session — getSettingsFlow → 401\n {2}\+ addition {2}header ory-error-id new$/m);
		expect(ran.stdout).toContain('+ addition  path $.organization_id new (null)');
		expect(ran.stdout).toContain('+ addition  ui node captcha/div/captcha new');
		expect(ran.stdout).toContain('+ addition  value "captcha" new at $.ui.nodes[].group');
		expect(ran.stdout).not.toContain('✘ break');
		expect(ran.stdout).toContain('Additions only: drift that clients tolerate (exit 0).');
	});

	test('the reverse, a newer Kratos → v1.3.1: removals, exit 1 (the run itself passed)', async () => {
		const dir = file('reverse-reports');
		const ran = await run(['live', '--baseline', file('newer.json'), '--report-dir', dir], variables(faithful));
		expect(ran.code, ran.stdout).toBe(1);
		expect(ran.stdout).toContain('cases: 47 passed, 0 failed, 17 skipped');
		expect(ran.stdout).toContain('✘ break     header ory-error-id gone');
		expect(ran.stdout).toContain('✘ break     path $.organization_id gone (was null)');
		expect(await readFile(join(dir, 'contract-live.diff.xml'), 'utf8')).toMatch(/<failure type="break" message="\d+ breaks?">/);
		expect(await readFile(join(dir, 'contract-live.diff.md'), 'utf8')).toMatch(/^### Kratos settings flow: what changed\n\n\*\*A break/);
	});

	test('an unusable baseline is a usage error before any request: exit 2, no report', async () => {
		const ran = await run(['live', '--baseline', file('missing.json')], variables(faithful));
		expectUsageError(ran, new RegExp(`^kratos-settings-flow-contract: --baseline \\(${file('missing.json')}\\): no such file$`));
		expect(ran.reports).toEqual([]);
		expectUsageError(await run(['live', '--baseline', file('v1.json'), '--record', file('v1.json')], variables(faithful)), /--record and --baseline name the same file/);
	});
});

describe('diff BEFORE AFTER', () => {
	test('prints what changed and exits 0 for additions, 1 for a break; markdown and junit on request', async () => {
		const forward = await run(['diff', file('v1.json'), file('v1-to-newer.json')]);
		expect(forward.code).toBe(0);
		expect(forward.stdout).toMatch(/^What changed between two records\n {2}before: Kratos \(version not told\), recorded /);
		const backward = await run(['diff', file('v1-to-newer.json'), file('v1.json'), '--format', 'markdown']);
		expect(backward.code).toBe(1);
		expect(backward.stdout).toMatch(/^### Kratos settings flow: what changed\n/);
		expect(backward.stdout).toContain('| no_session — getSettingsFlow → 401 | header `ory-error-id` gone |');
		const junit = await run(['diff', file('v1.json'), file('v1-to-newer.json'), '--format', 'junit']);
		expect(junit.code).toBe(0);
		expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="contract diff" tests="64" failures="0">/);
		expect((await run(['diff', '--strict', file('v1.json'), file('v1-to-newer.json')])).code).toBe(1);
		expect((await run(['diff', file('v1.json'), file('v1-again.json')])).code).toBe(0);
	});

	test('usage errors name the argument: exit 2, on stderr, nothing on stdout', async () => {
		await writeFile(file('not-json.json'), '{');
		await writeFile(file('not-a-record.json'), '{"cases": {}}');
		const record = JSON.parse(await readFile(file('v1.json'), 'utf8'));
		await writeFile(file('format-2.json'), JSON.stringify({...record, record: {...record.record, version: 2}, tool: {...record.tool, version: '0.9.0'}}));
		expectUsageError(await run(['diff']), /^kratos-settings-flow-contract: diff needs two records, BEFORE and AFTER \(0 given\): diff BEFORE AFTER$/);
		expectUsageError(await run(['diff', file('v1.json')]), /\(1 given\)/);
		expectUsageError(await run(['diff', file('missing.json'), file('v1.json')]), new RegExp(`^kratos-settings-flow-contract: BEFORE \\(${file('missing.json')}\\): no such file$`));
		expectUsageError(await run(['diff', file('v1.json'), work()]), /^kratos-settings-flow-contract: AFTER \(.*\): a folder, not a record$/);
		expectUsageError(await run(['diff', file('v1.json'), file('not-json.json')]), /^kratos-settings-flow-contract: AFTER \(.*not-json\.json\) is not JSON: give a record written by `kratos-settings-flow-contract live --record FILE`$/);
		expectUsageError(await run(['diff', file('not-a-record.json'), file('v1.json')]), /^kratos-settings-flow-contract: BEFORE \(.*\) is not a record of kratos-settings-flow-contract/);
		expectUsageError(
			await run(['diff', file('v1.json'), file('format-2.json')]),
			/^kratos-settings-flow-contract: AFTER \(.*format-2\.json\) is a record of format 2, written by kratos-settings-flow-contract 0\.9\.0; this version \(0\.1\.0\) reads format 1: record both runs with the same version$/,
		);
		expectUsageError(await run(['diff', file('v1.json'), file('v1.json'), '--format', 'html']), /^kratos-settings-flow-contract: diff --format must be console, markdown, junit$/);
		expectUsageError(await run(['diff', '--bogus', file('v1.json'), file('v1.json')]), /^kratos-settings-flow-contract: diff: Unknown option '--bogus'/);
	});
});

describe('no secret, trait or id in any record or diff', () => {
	test('every record and diff written, and everything printed by diff, is free of the stand-ins’ secrets, traits and ids', async () => {
		const files = (await readdir(work(), {recursive: true})).filter((name) => /(^|\/)(v1[\w-]*|newer)\.json$|contract-live\.(record\.json|diff\.md|diff\.xml)$/.test(name));
		// Four records by --record (one of them with --baseline), two more by --baseline alone, three diffs of two files.
		expect(files).toHaveLength(12);
		const records = await Promise.all(files.map((name) => readFile(join(work(), name), 'utf8')));
		expect(printed.filter((text) => text.includes('What changed') || text.startsWith('### ') || text.includes('contract diff')).length).toBeGreaterThanOrEqual(8);
		for (const text of [...records, ...printed]) {
			for (const [name, value] of Object.entries(SECRETS)) expect(text.includes(value), name).toBe(false);
			for (const [name, id] of Object.entries(STAND_IN_IDS)) expect(text.includes(id), `id of ${name}`).toBe(false);
			expect(text).not.toContain('your-company.com');
			expect(text).not.toContain('[REDACTED]');
		}
	});
});
