// Mutation testing of the contract suite: it runs, exactly as `npm run contract:live` does, against a faithful Kratos
// stand-in (no alarm allowed), a newer Kratos's stand-in (drift: warnings only, unless --strict) and one broken
// stand-in per fault (the named check must fail, the exit code must be non-zero). Counted from checks × stand-ins:
// every check that runs against a server must fail on at least one broken stand-in, and docs/testing.md and the README
// must state the count this file makes.
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, test} from 'vitest';
import {checksFor} from '../../contract-tests/checks/index.js';
import {type Check} from '../../contract-tests/base/model.js';
import {formatSummary} from '../../contract-tests/report/console.js';
import {exitCodeOf, tally} from '../../contract-tests/base/verdict.js';
import {runContract} from '../../contract-tests/runner/run.js';
import {type ContractRun} from '../../contract-tests/base/model.js';
import {liveTarget} from '../../contract-tests/targets/live.js';
import {type Mutant, mutants, newerKratos} from './faults.js';
import {startStandIn} from './stand-in.js';

const checksThat = (run: ContractRun, outcome: string) =>
	new Set(run.cases.flatMap((result) => result.checks.filter((check) => check.outcome === outcome).map((check) => check.check)));

test('a faithful stand-in passes: no false alarm, no warning', async () => {
	const standIn = await startStandIn(undefined, {allowWrites: true});
	try {
		const run = await runContract({target: liveTarget(standIn.config)});
		expect(exitCodeOf(run, {strict: true}), formatSummary(run)).toBe(0);
		expect(tally(run).warnings, formatSummary(run)).toBe(0);
		// Every case runs but the 5xx ones and the updates that change credentials (the local Kratos runs those).
		expect(run.cases.filter((result) => result.outcome === 'skipped').map((result) => result.case.id)).toEqual([
			'server_error',
			'create_native_server_error',
			'create_browser_server_error',
			'update_password',
			'update_totp',
			'update_lookup_secret',
			'update_refresh_required',
			'update_browser_location_change',
			'update_server_error',
			'login_server_error',
			// Its sessions logged in just now: no change is refused for the session's age (see the next test).
			'login_after_refresh_required',
			'login_browser_server_error',
			// A social sign-in provider to sign in with: the local Kratos only.
			'login_browser_location_change',
			'login_submit_server_error',
		]);
		// Nor is a change tried before and after the refresh: nothing would tell what the login granted.
		for (const id of ['login_refresh_wrong_password', 'login_refresh_other_identity', 'login_refresh_password']) {
			expect(run.cases.find((result) => result.case.id === id)?.exchange?.afterwards?.session?.privilegedSkipped, id).toMatch(/no change is refused for its age$/);
		}
	} finally {
		await standIn.close();
	}
});

test("a faithful stand-in whose sessions logged in long ago passes: the refused change is refused around a failed login and goes through after the session's own password, then is put back", async () => {
	const standIn = await startStandIn(undefined, {allowWrites: true, sessionAgeMs: 2 * 60 * 60 * 1000});
	try {
		const run = await runContract({target: liveTarget(standIn.config)});
		expect(exitCodeOf(run, {strict: true}), formatSummary(run)).toBe(0);
		const privileged = (id: string) => run.cases.find((result) => result.case.id === id)?.exchange?.afterwards?.session?.privileged;
		const refused = {status: 403, errorId: 'session_refresh_required'};
		expect(privileged('login_refresh_wrong_password')).toMatchObject({before: refused, after: refused});
		expect(privileged('login_refresh_other_identity')).toMatchObject({before: refused, after: refused});
		expect(privileged('login_refresh_password')).toMatchObject({before: refused, after: {status: 200}});
		expect(run.cases.find((result) => result.case.id === 'login_after_refresh_required')?.outcome).toBe('passed');
		// The password is KRATOS_TEST_PASSWORD's again: a second run refreshes with it.
		const again = await runContract({target: liveTarget(standIn.config)});
		expect(again.cases.find((result) => result.case.id === 'login_refresh_password')?.exchange?.response?.status, formatSummary(again)).toBe(200);
	} finally {
		await standIn.close();
	}
});

describe('a newer Kratos (a captcha group, a div node, new properties, Ory-Error-Id)', () => {
	test('passes, with the drift as warnings; fails with strict', async () => {
		const standIn = await startStandIn(newerKratos);
		try {
			const run = await runContract({target: liveTarget(standIn.config)});
			const summary = formatSummary(run);
			expect(exitCodeOf(run), summary).toBe(0);
			expect(exitCodeOf(run, {strict: true})).toBe(1);
			expect(checksThat(run, 'failed'), summary).toEqual(new Set());
			expect(checksThat(run, 'warned')).toEqual(new Set(['schema_drift', 'undocumented_header']));
			// Each addition is named, where it is: 2 captcha nodes, 2 new properties per 200, the header on the 8 errors.
			const drift = run.cases.flatMap((result) => result.checks.flatMap((check) => check.violations.map((violation) => `${result.case.id} ${violation.location.join('/')}`)));
			expect(drift.filter((line) => line.startsWith('own_flow '))).toEqual([
				'own_flow response/body/identity/external_id',
				'own_flow response/body/ui/nodes/6/group',
				'own_flow response/body/ui/nodes/7/group',
				'own_flow response/body/organization_id',
			]);
			expect(drift.filter((line) => line.endsWith('response/header/ory-error-id'))).toHaveLength(8);
			expect(summary).toContain('Warnings — drift from the spec');
			expect(summary).toMatch(/^ {2}\d\. schema_drift: Undocumented enum value$/m);
			expect(summary).toContain('Received: "captcha"');
			expect(summary).toMatch(/^ {2}1\. undocumented_header: Undocumented response header$/m);
			expect(summary).toContain('Received: ory-error-id: security_identity_mismatch');
		} finally {
			await standIn.close();
		}
	});

	test('the command exits 0, and 1 with --strict', async () => {
		const standIn = await startStandIn(newerKratos);
		const reports = await mkdtemp(join(tmpdir(), 'contract-drift-'));
		const root = fileURLToPath(new URL('../..', import.meta.url));
		const {config} = standIn;
		const env = {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			CONTRACT_REPORT_DIR: reports,
			KRATOS_PUBLIC_URL: config.publicUrl,
			KRATOS_SESSION_TOKEN: config.sessionToken,
			KRATOS_OTHER_SESSION_TOKEN: config.otherSessionToken,
		};
		const cli = (...args: string[]) =>
			new Promise<{code: number; stdout: string}>((resolve) => {
				execFile(join(root, 'node_modules/.bin/tsx'), [join(root, 'contract-tests/cli/clone.ts'), 'live', ...args], {env, cwd: root}, (error, stdout) =>
					resolve({code: error ? ((error as {code?: number}).code ?? 1) : 0, stdout}),
				);
			});
		try {
			const lenient = await cli();
			expect(lenient.code, lenient.stdout).toBe(0);
			expect(lenient.stdout).toMatch(/^warnings: \d+ in \d+ cases, not failing the run \(use --strict to fail on them\)$/m);
			const xml = await readFile(join(reports, 'contract-live.xml'), 'utf8');
			expect(xml).toMatch(/<testsuite name="contract live drift" tests="\d+" failures="0"/);
			expect(xml).toMatch(/<system-out>WARNING \(drift, not a failure\): \w+ — \w+ → \d+[^\n]*\n\nundocumented_header: Undocumented response header/);

			const strict = await cli('--strict');
			expect(strict.code, strict.stdout).toBe(1);
			expect(strict.stdout).toContain('Warnings — drift from the spec, failing this run (--strict)');
			expect(await readFile(join(reports, 'contract-live.xml'), 'utf8')).toMatch(/<failure type="warning" message="Undocumented response header \(--strict\)">/);
		} finally {
			await standIn.close();
			await rm(reports, {recursive: true, force: true});
		}
	});
});

// Every broken stand-in is run once, before the tests that judge the outcomes: the checks × stand-ins matrix is whole
// whichever of those tests a filter picks.
const verdicts = new Map<string, Verdict>();

interface Verdict {
	readonly exit: number;
	/** The checks that failed, and the drift checks that warned (which fail the run with --strict). */
	readonly failed: ReadonlySet<string>;
	readonly warned: ReadonlySet<string>;
	readonly summary: string;
}

/** Whether the check itself names what the mutant breaks: it failed, or it is a drift check that warned under --strict. */
const catches = (mutant: Mutant, verdict: Verdict, check: Check) =>
	verdict.failed.has(check.name) || (mutant.strict === true && check.severity === 'warning' && verdict.warned.has(check.name));

/** The checks that run against a live server: every check in the registry but the mock's own. */
const serverChecks = checksFor('live');

describe('broken stand-ins', () => {
	beforeAll(async () => {
		for (const mutant of mutants) {
			const standIn = await startStandIn(mutant.fault, {timeoutMs: mutant.timeoutMs ?? 5000, allowWrites: true, ...mutant.standIn});
			try {
				const run = await runContract({target: liveTarget(standIn.config)});
				verdicts.set(mutant.name, {exit: exitCodeOf(run, {strict: mutant.strict}), failed: checksThat(run, 'failed'), warned: checksThat(run, 'warned'), summary: formatSummary(run, {strict: mutant.strict})});
			} catch (error) {
				// A fault the suite blames on the user (a usage error) is no catch: that mutant's test says so.
				verdicts.set(mutant.name, {exit: Number.NaN, failed: new Set(), warned: new Set(), summary: `the run threw: ${String(error)}`});
			} finally {
				await standIn.close();
			}
		}
	}, 900_000);

	test.each(mutants)('mutant $name ($description) is caught by the check that names it', (mutant) => {
		const verdict = verdicts.get(mutant.name)!;
		expect(verdict.exit, verdict.summary).toBe(1);
		const named = serverChecks.filter((check) => mutant.caughtBy.includes(check.name) && catches(mutant, verdict, check));
		expect(named.length, `${mutant.caughtBy.join(' or ')} must name it; failed: ${[...verdict.failed].join(', ') || 'none'}\n${verdict.summary}`).toBeGreaterThan(0);
	});

	test('every server check is caught by at least one broken stand-in, itself failing on it; the docs state the count', () => {
		expect(mutants.flatMap((mutant) => mutant.caughtBy.filter((name) => !serverChecks.some((check) => check.name === name))), 'caughtBy names a check that does not run against a server').toEqual([]);
		// A stand-in made for the check (it names it) on which the check itself fails: another check failing on it, or the
		// check failing only on a stand-in made for another fault, does not count.
		const uncaught = serverChecks.filter((check) => !mutants.some((mutant) => mutant.caughtBy.includes(check.name) && catches(mutant, verdicts.get(mutant.name)!, check)));
		expect(uncaught.map((check) => check.name), 'server checks no broken stand-in made for them makes fail').toEqual([]);
		const caught = mutants.filter((mutant) => verdicts.get(mutant.name)!.exit === 1 && serverChecks.some((check) => mutant.caughtBy.includes(check.name) && catches(mutant, verdicts.get(mutant.name)!, check)));
		const line = `every one of the ${serverChecks.length} server checks is caught by at least one of ${mutants.length} broken stand-ins; ${caught.length}/${mutants.length} mutants caught`;
		for (const doc of ['docs/testing.md', 'README.md']) {
			expect(readFileSync(new URL(`../../${doc}`, import.meta.url), 'utf8').replaceAll(/\s+/g, ' ').includes(line), `${doc} must state what this test counted: "${line}"`).toBe(true);
		}
	});
});
