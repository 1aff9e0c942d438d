// Progress while the suite runs, then one table (case × check) and every failure, Schemathesis-style.
import type {ContractCase} from '../operations/index.js';
import type {CaseResult, ContractRun, Outcome} from '../runner.js';
import {failuresOf, redactorFor} from './details.js';

const MARK: Record<Outcome, string> = {passed: '✔', failed: '✘', skipped: '–'};

export function progressPrinter(write: (line: string) => void) {
	return {
		onCaseStart: (contractCase: ContractCase, index: number, total: number) =>
			write(`[${index + 1}/${total}] ${contractCase.id}: ${contractCase.title} …`),
		onCaseEnd: (result: CaseResult) => {
			const status = result.exchange?.response?.status ?? (result.outcome === 'skipped' ? '' : 'no answer');
			const failed = result.checks.filter((check) => check.outcome === 'failed').map((check) => check.check);
			write(
				`      ${MARK[result.outcome]} ${result.outcome}${status === '' ? '' : ` (${status})`}` +
					(result.reason ? `: ${result.reason}` : '') +
					(failed.length ? `: ${failed.join(', ')}` : '') +
					` ${Math.round(result.durationMs)} ms`,
			);
		},
	};
}

export function formatSummary(run: ContractRun): string {
	const redactor = redactorFor(run);
	const lines: string[] = [];
	lines.push('', `Contract suite — target ${run.target.name} (${redactor.text(run.target.baseUrl) || 'not started'})`);
	if (run.error) lines.push('', `✘ The target could not be used: ${redactor.text(run.error)}`);

	if (run.cases.length) {
		const width = Math.max(...run.cases.map((result) => result.case.id.length), 4);
		const columns = run.checkNames.map((_, index) => String(index + 1).padStart(2));
		lines.push('', `${'case'.padEnd(width)}  status  ${columns.join(' ')}`);
		let operation: string | undefined;
		for (const result of run.cases) {
			// A heading per operation: its client function, method and path.
			const {name, method, path} = result.case.operation;
			if (name !== operation) lines.push(`${name} (${method} ${path})`);
			operation = name;
			const status = String(result.exchange?.response?.status ?? (result.outcome === 'skipped' ? '–' : 'none'));
			const marks = run.checkNames.map((name) => {
				const check = result.checks.find((item) => item.check === name);
				return (check ? MARK[check.outcome] : '–').padStart(2);
			});
			const note = result.outcome === 'skipped' ? `  skipped: ${result.reason}` : '';
			lines.push(`${result.case.id.padEnd(width)}  ${status.padEnd(6)}  ${marks.join(' ')}${note}`);
		}
		lines.push('', 'checks: ' + run.checkNames.map((name, index) => `${index + 1} ${name}`).join(' · '));
		lines.push(`        ${MARK.passed} passed  ${MARK.failed} failed  ${MARK.skipped} skipped (does not apply)`);
	}

	const failures = failuresOf(run, redactor);
	for (const [index, failure] of failures.entries()) {
		lines.push('', `${index + 1}. ${failure.caseId} › ${failure.check}: ${failure.title}`, `   ${failure.message}`);
		if (failure.location) lines.push(`   At: ${failure.location}`);
		if (failure.received !== undefined) lines.push(`   Received: ${failure.received}`);
		if (failure.expected !== undefined) lines.push(`   Expected: ${failure.expected}`);
		if (failure.documented !== undefined) lines.push(`   Documented: ${failure.documented}`);
		if (failure.curl) lines.push(`   Reproduce with: ${failure.curl}`);
	}

	const totals = tally(run);
	lines.push(
		'',
		`${totals.checksRun} checks run, ${totals.checksFailed} failed, in ${(run.durationMs / 1000).toFixed(1)} s`,
		`cases: ${totals.casesPassed} passed, ${totals.casesFailed} failed, ${totals.casesSkipped} skipped`,
	);
	return redactor.text(lines.join('\n'));
}

export function tally(run: ContractRun) {
	const count = (outcome: Outcome) => run.cases.filter((result) => result.outcome === outcome).length;
	const checks = run.cases.flatMap((result) => result.checks);
	return {
		casesPassed: count('passed'),
		casesFailed: count('failed'),
		casesSkipped: count('skipped'),
		checksRun: checks.filter((check) => check.outcome !== 'skipped').length,
		checksFailed: checks.filter((check) => check.outcome === 'failed').length,
	};
}

/** Exit status: 0 only when the target was usable, something ran, and no check failed. */
export function exitCodeOf(run: ContractRun): number {
	const totals = tally(run);
	return run.error || totals.casesFailed > 0 || totals.checksRun === 0 ? 1 : 0;
}
