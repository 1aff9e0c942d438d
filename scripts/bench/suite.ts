// Contract suite wall time, beside a peer tool run in the same script:
//   1. this suite against the Prism mock, Prism start and stop included (runContract with the mock target);
//   2. Schemathesis 4.32.5 (PyPI, its own venv outside the repository) against a Prism mock of the same spec, Prism
//      start and stop included, once per status the mock target provokes (the same `Prefer` headers);
//   3. this suite against the local real Kratos v1.3.1, timed once Kratos is ready; its start and provisioning are
//      reported on their own row and not counted.
//
//   npx tsx scripts/bench/suite.ts     # prints the rows; progress on stderr
//
// Schemathesis runs with its documented CLI options (`st run --help` of 4.32.5): `--checks all`, `--max-examples 20`,
// `--seed 1`, `--workers 1`, `--generation-database none`, `--continue-on-failure`, `--max-redirects 0`, one
// `--header` per request header the mock target sends for the status (`Prefer: code=…[, example=…]`, and `Accept` for
// the 302), and `--report json,junit` with fixed paths. Its output is kept in memory and shown only when it breaks.
// Nothing leaves this machine: Prism listens on 127.0.0.1, and Schemathesis follows no redirect (Prism's 302 points
// at http://example.com), with 127.0.0.1 and localhost added to NO_PROXY.
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {homedir, tmpdir} from 'node:os';
import {join} from 'node:path';
import {cases} from '../../contract-tests/operations/index.js';
import {provokeCase} from '../../contract-tests/targets/types.js';
import {tally} from '../../contract-tests/base/verdict.js';
import {createRedactor} from '../../contract-tests/base/redact.js';
import {runContract} from '../../contract-tests/runner/run.js';
import {type ContractRun} from '../../contract-tests/base/model.js';
import {SPEC_FILE} from '../../spec/index.js';
import {kratosTarget} from '../../contract-tests/targets/kratos.js';
import type {LiveConfig} from '../../contract-tests/targets/live.js';
import {mockTarget} from '../../contract-tests/targets/mock.js';
import {kratosRequest} from '../../contract-tests/base/kratos-http.js';
import {spawnTied} from '../../contract-tests/harness/tied-process.js';
import {isMain} from '../lib/is-main.js';

export const SCHEMATHESIS_VERSION = '4.32.5';
/** Test cases per API operation and per run (`--max-examples`): modest, so eight runs stay well under a minute. */
export const SCHEMATHESIS_MAX_EXAMPLES = 20;
/** `--seed`: the same inputs on every run. */
export const SCHEMATHESIS_SEED = 1;
const SCHEMATHESIS_RUN_TIMEOUT_MS = 120_000;
const INSTALL_TIMEOUT_MS = 600_000;

export interface SuiteRow {
	readonly tool: string;
	readonly what: string;
	readonly wallSeconds: number;
	readonly found: string;
	/** Of wallSeconds, what the run had to wait by design (the privileged twin's age), not the suite's own cost. */
	readonly waitSeconds?: number;
}

const stderrLog = (line: string) => process.stderr.write(`[suite] ${line}\n`);
const seconds = (startedMs: number) => (performance.now() - startedMs) / 1000;

// ---------------------------------------------------------------------------------------------------------------------
// Child processes: tied to this process (they die with it, however it ends), output kept in memory, never printed.

interface Finished {
	readonly code: number;
	readonly output: string;
	readonly timedOut: boolean;
}

async function runCommand(
	command: string,
	args: readonly string[],
	options: {cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number},
): Promise<Finished> {
	const tied = spawnTied(command, args, {...(options.cwd !== undefined && {cwd: options.cwd}), env: options.env ?? process.env});
	let output = '';
	const collect = (chunk: Buffer) => {
		output = (output + chunk.toString('utf8')).slice(-64_000);
	};
	tied.child.stdout!.on('data', collect);
	tied.child.stderr!.on('data', collect);
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		void tied.stop(3000);
	}, options.timeoutMs);
	try {
		const code = await tied.exited;
		return {code, output, timedOut};
	} finally {
		clearTimeout(timer);
		await tied.stop(3000);
	}
}

const tail = (output: string, lines = 20) => output.trimEnd().split('\n').slice(-lines).join('\n');

// ---------------------------------------------------------------------------------------------------------------------
// Schemathesis, pinned, in a venv cached outside the repository.

export function schemathesisVenvDir(env: NodeJS.ProcessEnv = process.env): string {
	const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(cache, 'kratos-settings-flow-contract', `schemathesis-${SCHEMATHESIS_VERSION}`);
}

async function works(st: string): Promise<boolean> {
	const {code, output} = await runCommand(st, ['--version'], {timeoutMs: 60_000});
	return code === 0 && output.includes(SCHEMATHESIS_VERSION);
}

/**
 * Installs Schemathesis 4.32.5 into `${XDG_CACHE_HOME:-~/.cache}/kratos-settings-flow-contract/schemathesis-4.32.5/`
 * (python3 -m venv, then that venv's pip) unless the venv there already answers `st --version` with 4.32.5.
 * Returns the path of its `st` executable.
 */
export async function ensureSchemathesis(log: (line: string) => void = stderrLog): Promise<string> {
	const dir = schemathesisVenvDir();
	const bin = join(dir, 'bin');
	for (const name of ['st', 'schemathesis']) {
		if (await works(join(bin, name))) return join(bin, name);
	}

	const python = await runCommand('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {timeoutMs: 60_000});
	if (python.code !== 0) {
		throw new Error(
			python.code === 127
				? `python3 was not found on PATH: Schemathesis ${SCHEMATHESIS_VERSION} needs Python 3.11 or later.`
				: `python3 did not run (exit ${python.code}):\n${tail(python.output)}`,
		);
	}
	const [major = 0, minor = 0] = python.output.trim().split('.').map(Number);
	if (major < 3 || (major === 3 && minor < 11)) {
		throw new Error(`python3 is ${python.output.trim()}: Schemathesis ${SCHEMATHESIS_VERSION} needs Python 3.11 or later.`);
	}

	log(`creating a Python ${python.output.trim()} venv in ${dir} …`);
	// --clear: a venv left half-made by an earlier failed install starts over.
	const venv = await runCommand('python3', ['-m', 'venv', '--clear', dir], {timeoutMs: 120_000});
	if (venv.code !== 0) {
		throw new Error(`python3 -m venv ${dir} failed (exit ${venv.code}); is the venv module installed (e.g. python3-venv)?\n${tail(venv.output)}`);
	}
	log(`pip install schemathesis==${SCHEMATHESIS_VERSION} …`);
	const pip = await runCommand(join(bin, 'pip'), ['install', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`], {
		timeoutMs: INSTALL_TIMEOUT_MS,
	});
	if (pip.code !== 0 || pip.timedOut) {
		throw new Error(
			`pip install schemathesis==${SCHEMATHESIS_VERSION} failed (${pip.timedOut ? 'timed out' : `exit ${pip.code}`}); last lines of pip's output:\n${tail(pip.output)}`,
		);
	}
	for (const name of ['st', 'schemathesis']) {
		if (await works(join(bin, name))) {
			log(`Schemathesis ${SCHEMATHESIS_VERSION} installed: ${join(bin, name)}`);
			return join(bin, name);
		}
	}
	throw new Error(`Schemathesis was installed in ${dir} but \`st --version\` does not answer ${SCHEMATHESIS_VERSION}; last lines of pip's output:\n${tail(pip.output)}`);
}

// ---------------------------------------------------------------------------------------------------------------------
// One Schemathesis run per status the mock target provokes.

/** The request headers the mock target sends to provoke each status: the suite's own table, deduplicated. */
async function mockStatusHeaders(): Promise<{label: string; headers: Record<string, string>; caseIds: string[]}[]> {
	const mock = mockTarget(); // provoking needs no running Prism
	const byKey = new Map<string, {label: string; headers: Record<string, string>; caseIds: string[]}>();
	for (const contractCase of cases) {
		const prepared = await provokeCase(mock, contractCase);
		if ('skip' in prepared || !prepared.headers) continue;
		const headers = {...prepared.headers};
		const key = JSON.stringify(Object.entries(headers).sort());
		const entry = byKey.get(key);
		if (entry) entry.caseIds.push(contractCase.id);
		else byKey.set(key, {label: Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join(' + '), headers, caseIds: [contractCase.id]});
	}
	return [...byKey.values()];
}

interface StReport {
	readonly exit_code: number;
	readonly complete: boolean;
	readonly test_cases: {readonly generated: number; readonly with_failures: number; readonly unique_failures: number; readonly errored: number};
	readonly failures: readonly {readonly code: string; readonly title: string; readonly count: number}[];
	readonly errors: readonly {readonly title: string; readonly count: number}[];
}

/** From the JUnit report: for each failure code, the request and the answer (`GET ?id= → 422`, `TRACE ?id= → 405`). */
export function failureShapes(junit: string): Map<string, Set<string>> {
	const text = junit
		.replaceAll('&quot;', '"')
		.replaceAll('&apos;', "'")
		.replaceAll('&lt;', '<')
		.replaceAll('&gt;', '>')
		.replaceAll('&amp;', '&');
	const shapes = new Map<string, Set<string>>();
	// Each failing test case starts `N. Test Case ID: …` (the first one right after the <failure …> tag).
	for (const block of text.split(/(?:^|>)\d+\. Test Case ID: \S+$/m).slice(1)) {
		const status = /^\[(\d{3})\]/m.exec(block)?.[1] ?? '?';
		const curl = /curl -X (\w+)\b.*'(https?:\/\/[^']*)'/.exec(block);
		const method = curl?.[1] ?? '?';
		const emptyId = curl ? /[?&]id=(?:&|$)/.test(curl[2]!) : false;
		for (const [, code] of block.matchAll(/^- (ST\d+) /gm)) {
			const set = shapes.get(code!) ?? new Set<string>();
			set.add(`${method}${emptyId ? ' ?id=' : ''} → ${status}`);
			shapes.set(code!, set);
		}
	}
	return shapes;
}

/** The exact `st run` arguments for one status (also what the report prints). */
export function schemathesisArgs(baseUrl: string, headers: Record<string, string>, reportDir: string, name: string): string[] {
	return [
		'run',
		SPEC_FILE,
		'--url',
		baseUrl,
		...Object.entries(headers).flatMap(([header, value]) => ['--header', `${header}: ${value}`]),
		'--checks',
		'all',
		'--max-examples',
		String(SCHEMATHESIS_MAX_EXAMPLES),
		'--seed',
		String(SCHEMATHESIS_SEED),
		'--workers',
		'1',
		'--generation-database',
		'none',
		'--continue-on-failure',
		'--max-redirects',
		'0',
		'--report',
		'json,junit',
		'--report-json-path',
		join(reportDir, `${name}.json`),
		'--report-junit-path',
		join(reportDir, `${name}.xml`),
		'--no-color',
	];
}

/** Schemathesis's environment: ours, minus anything that would change its run, loopback never proxied. */
function schemathesisEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!/^(SCHEMATHESIS_|HYPOTHESIS_)/i.test(name)) env[name] = value;
	}
	const noProxy = [env.NO_PROXY ?? env.no_proxy, '127.0.0.1', 'localhost'].filter(Boolean).join(',');
	return {...env, NO_PROXY: noProxy, no_proxy: noProxy, NO_COLOR: '1', COLUMNS: '120'};
}

interface StatusRun {
	readonly label: string;
	readonly caseIds: readonly string[];
	readonly wallSeconds: number;
	readonly report: StReport;
	readonly shapes: Map<string, Set<string>>;
}

function describeFailures(report: StReport, shapes: Map<string, Set<string>>): string {
	const failures = report.failures.map((failure) => {
		const how = shapes.get(failure.code);
		return `${failure.code} ${failure.title} ×${failure.count}${how?.size ? ` (${[...how].join(', ')})` : ''}`;
	});
	const errors = report.errors.map((error) => `error: ${error.title} ×${error.count}`);
	return [...failures, ...errors].join('; ') || 'no failures';
}

async function schemathesisAgainstMock(st: string, log: (line: string) => void): Promise<SuiteRow[]> {
	const statuses = await mockStatusHeaders();
	const work = await mkdtemp(join(tmpdir(), 'suite-bench-st-'));
	// Schemathesis leaves .hypothesis/ and .schemathesis/ in its working directory: a temporary one, not the repo.
	const redactor = createRedactor();
	const mock = mockTarget();
	const runs: StatusRun[] = [];
	let wallSeconds = 0;
	try {
		const started = performance.now();
		try {
			await mock.start();
			for (const [index, status] of statuses.entries()) {
				const name = `status-${index + 1}`;
				const runStarted = performance.now();
				const finished = await runCommand(st, schemathesisArgs(mock.baseUrl, status.headers, work, name), {
					cwd: work,
					env: schemathesisEnv(),
					timeoutMs: SCHEMATHESIS_RUN_TIMEOUT_MS,
				});
				const runSeconds = seconds(runStarted);
				let report: StReport | undefined;
				try {
					report = JSON.parse(await readFile(join(work, `${name}.json`), 'utf8')) as StReport;
				} catch {
					// reported below
				}
				// Exit 0 (no failure) and 1 (failures found) are results; anything else means the run did not do its job.
				if (finished.timedOut || (finished.code !== 0 && finished.code !== 1) || !report || !report.complete) {
					throw new Error(
						`Schemathesis did not complete its run for ${status.label} (${finished.timedOut ? 'timed out' : `exit ${finished.code}`}); last lines of its output:\n` +
							redactor.text(tail(finished.output, 30)),
					);
				}
				const junit = await readFile(join(work, `${name}.xml`), 'utf8').catch(() => '');
				runs.push({label: status.label, caseIds: status.caseIds, wallSeconds: runSeconds, report, shapes: failureShapes(junit)});
				log(`Schemathesis, ${status.label}: ${runSeconds.toFixed(2)} s, ${report.test_cases.generated} cases, ${report.failures.length} kinds of failure`);
			}
		} finally {
			await mock.stop();
		}
		wallSeconds = seconds(started);
	} finally {
		await rm(work, {recursive: true, force: true});
	}

	const totals = new Map<string, {title: string; count: number; runs: number}>();
	for (const run of runs) {
		for (const failure of run.report.failures) {
			const total = totals.get(failure.code) ?? {title: failure.title, count: 0, runs: 0};
			total.count += failure.count;
			total.runs += 1;
			totals.set(failure.code, total);
		}
	}
	const generated = runs.reduce((sum, run) => sum + run.report.test_cases.generated, 0);
	const errors = runs.reduce((sum, run) => sum + run.report.errors.reduce((count, error) => count + error.count, 0), 0);
	const summary =
		`${runs.length} runs, ${generated} test cases, ${[...totals.values()].reduce((sum, total) => sum + total.count, 0)} failures` +
		(errors ? `, ${errors} errors` : '') +
		(totals.size
			? `: ${[...totals].map(([code, total]) => `${code} ${total.title} ×${total.count} (in ${total.runs}/${runs.length} runs)`).join('; ')}`
			: '');
	const tool = `Schemathesis ${SCHEMATHESIS_VERSION}`;
	return [
		{
			tool,
			what: `Prism mock of the same spec, ${runs.length} runs (one per status), --checks all, --max-examples ${SCHEMATHESIS_MAX_EXAMPLES}, --seed ${SCHEMATHESIS_SEED}; Prism start and stop included`,
			wallSeconds,
			found: summary,
		},
		...runs.map((run) => ({
			tool,
			what: `  ${run.label} (our cases: ${run.caseIds.join(', ')})`,
			wallSeconds: run.wallSeconds,
			found: `${run.report.test_cases.generated} test cases; ${describeFailures(run.report, run.shapes)}`,
		})),
	];
}

// ---------------------------------------------------------------------------------------------------------------------
// This suite.

function describeRun(run: ContractRun): string {
	const totals = tally(run);
	const ran = totals.casesPassed + totals.casesFailed;
	const skipped = run.cases.filter((result) => result.outcome === 'skipped').map((result) => result.case.id);
	const failed = run.cases.flatMap((result) =>
		result.checks.filter((check) => check.outcome === 'failed').map((check) => `${result.case.id} › ${check.check}`),
	);
	const redactor = createRedactor(run.secrets);
	return (
		(run.error ? `✘ target unusable: ${redactor.text(run.error)}; ` : '') +
		`${ran} cases, ${totals.checksRun} checks, ${totals.checksFailed} failed` +
		(skipped.length ? `; skipped: ${skipped.join(', ')}` : '') +
		(failed.length ? `; failed: ${failed.join(', ')}` : '')
	);
}

/** Three runs, the median reported: one run's Prism start alone varies by seconds on a busy 2-core machine. */
async function ourSuiteAgainstMock(): Promise<SuiteRow> {
	const times: number[] = [];
	let run;
	for (let index = 0; index < 3; index++) {
		const started = performance.now();
		run = await runContract({target: mockTarget()}); // starts Prism, runs, stops Prism
		times.push(seconds(started));
	}
	const sorted = [...times].sort((a, b) => a - b);
	return {
		tool: 'this suite',
		what: `Prism mock (runContract with the mock target; Prism start and stop included; median of 3: ${times.map((time) => `${time.toFixed(2)} s`).join(', ')})`,
		wallSeconds: sorted[1]!,
		found: describeRun(run!),
	};
}

/** What the kratos target provisioned, by name only (never a value). */
function provisioned(config: LiveConfig | undefined): string {
	if (!config) return 'nothing';
	const inputs: [string, unknown][] = [
		['session token', config.sessionToken],
		['cookie', config.cookie],
		["another identity's session", config.otherSessionToken],
		['expired flow', config.expiredFlowId],
		['AAL1 session + flow', config.aal1SessionToken && config.aal1FlowId],
	];
	return inputs.filter(([, value]) => Boolean(value)).map(([name]) => name).join(', ');
}

/**
 * How long, at the least, the run must wait for the owner's session to be older than the privileged twin's age (the
 * login refresh cases wait for it, by design): its authenticated_at plus the age and the suite's one-second margin,
 * less now. Read from whoami before the run; 0 when there is no twin.
 */
async function imposedWait(config: LiveConfig): Promise<number> {
	if (!config.privilegedAt || !config.sessionToken) return 0;
	const whoami = await kratosRequest(`${config.privilegedAt.publicUrl}/sessions/whoami`, {sessionToken: config.sessionToken, timeoutMs: 15_000});
	const authenticatedAt = Date.parse(String(whoami.body?.authenticated_at));
	if (!Number.isFinite(authenticatedAt)) throw new Error(`whoami answered ${whoami.status} without authenticated_at: the wait cannot be told`);
	return Math.max(0, (authenticatedAt + config.privilegedAt.maxAgeMs + 1_000 - Date.now()) / 1000);
}

async function ourSuiteAgainstKratos(log: (line: string) => void): Promise<SuiteRow[]> {
	log('local real Kratos: build check, start and provisioning (not timed against the target) …');
	const setupStarted = performance.now();
	const target = kratosTarget();
	try {
		await target.start();
		const setupSeconds = seconds(setupStarted);
		log(`Kratos ready after ${setupSeconds.toFixed(2)} s; running the suite …`);
		const waitSeconds = target.config ? await imposedWait(target.config) : 0;
		const started = performance.now();
		const run = await runContract({target, targetStarted: true});
		const wallSeconds = seconds(started);
		return [
			{
				tool: 'local Kratos set-up',
				what: 'Kratos binary (built once, then cached), 2 Kratos v1.3.1 + the /auth proxy up, provisioning through self-service flows (not counted)',
				wallSeconds: setupSeconds,
				found: `ready: ${provisioned(target.config)}`,
			},
			{
				tool: 'this suite',
				what: 'local real Kratos v1.3.1, after Kratos is ready',
				wallSeconds,
				found: describeRun(run) + (waitSeconds > 0 ? `; it could not end sooner than ${waitSeconds.toFixed(2)} s: the login refresh cases wait for the owner's session to outgrow the twin's ${((target.config?.privilegedAt?.maxAgeMs ?? 0) / 1000).toFixed(0)} s privileged age` : ''),
				waitSeconds,
			},
		];
	} finally {
		await target.stop();
	}
}

// ---------------------------------------------------------------------------------------------------------------------

export async function suiteTimes(options: {log?: (line: string) => void} = {}): Promise<SuiteRow[]> {
	const log = options.log ?? stderrLog;
	const st = await ensureSchemathesis(log); // not timed
	log('this suite against the Prism mock …');
	const rows: SuiteRow[] = [await ourSuiteAgainstMock()];
	log(`Schemathesis ${SCHEMATHESIS_VERSION} against a Prism mock, one run per status …`);
	rows.push(...(await schemathesisAgainstMock(st, log)));
	rows.push(...(await ourSuiteAgainstKratos(log)));
	return rows;
}

if (await isMain(import.meta.url)) {
	const rows = await suiteTimes();
	console.table(rows.map((row) => ({...row, wallSeconds: row.wallSeconds.toFixed(2)})));
}
