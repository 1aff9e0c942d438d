// The verdict of a run, whatever reports it: its tally, its exit status, what it says when interrupted, and its
// provenance (what judged, by which spec, when). Every report and the command read it from here.
import type {CaseResult, CheckOutcome, ContractRun} from './model.js';

/** How a run is judged. `strict`: warnings (drift) fail it too. */
export interface Verdict {
	readonly strict?: boolean | undefined;
}

/** What an interrupted run says about itself, in every report. */
export const interruptedLine = (run: ContractRun) =>
	run.interrupted
		? `Interrupted by ${run.interrupted.by} after ${run.cases.length} of ${run.interrupted.planned} cases: those are reported; the other ${run.interrupted.planned - run.cases.length} were not run, or were stopped before their answer was judged.`
		: undefined;

/** What judged, by which spec, and when: the lines every report starts with (console, JUnit properties, HTML). */
export function provenance(run: ContractRun): [name: string, value: string][] {
	const {spec} = run;
	const lines: [string, string][] = [
		['tool', `${run.tool.name} ${run.tool.version}`],
		['spec', `${spec.file} (${spec.bundled ? 'bundled' : 'given with --spec'}; OpenAPI ${spec.openapi}; sha256 ${spec.sha256})`],
		['date', run.startedAt],
	];
	if (spec.uncheckedFormats.length) lines.push(['note', `formats the spec uses that the suite cannot check, accepted as they come: ${spec.uncheckedFormats.join(', ')}`]);
	return lines;
}

export function tally(run: ContractRun) {
	const count = (outcome: CaseResult['outcome']) => run.cases.filter((result) => result.outcome === outcome).length;
	const checks = run.cases.flatMap((result) => result.checks);
	const checked = (outcome: CheckOutcome) => checks.filter((check) => check.outcome === outcome).length;
	return {
		casesPassed: count('passed'),
		casesFailed: count('failed'),
		casesSkipped: count('skipped'),
		/** Cases with at least one warning (passed or failed). */
		casesWarned: run.cases.filter((result) => result.checks.some((check) => check.violations.some((violation) => violation.severity === 'warning'))).length,
		/** Checks that ran on an answer (skipped ones, which did not apply, are not counted). */
		checksRun: checks.length - checked('skipped'),
		checksPassed: checked('passed'),
		checksWarned: checked('warned'),
		checksFailed: checked('failed'),
		/** Warning violations, every one counted. */
		warnings: checks.flatMap((check) => check.violations).filter((violation) => violation.severity === 'warning').length,
	};
}

/**
 * Exit status: 0 only when the target was usable, the run not interrupted, something ran, and no check failed; with
 * `strict`, also no check warned. 1 otherwise (2, a usage error, and 130/143, an interruption, are the command's own).
 */
export function exitCodeOf(run: ContractRun, {strict = false}: Verdict = {}): number {
	const totals = tally(run);
	return run.error || run.interrupted || totals.casesFailed > 0 || totals.checksRun === 0 || (strict && totals.checksWarned > 0) ? 1 : 0;
}
