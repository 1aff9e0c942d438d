// Progress while the suite runs, then one table (case × check), the failures and the warnings, Schemathesis-style.
import type {ContractCase} from '../operations/index.js';
import type {CaseResult, CheckOutcome, ContractRun} from '../base/model.js';
import {type Verdict, interruptedLine, provenance, tally} from '../base/verdict.js';
import {type Redactor, createRedactor} from '../base/redact.js';
import {type CaseFindings, answerOf, caseNotes, detailLines, errorIdOf, findingsOf, headingOf, redactorFor, timedOut} from './details.js';

export const MARK: Record<CheckOutcome, string> = {passed: '✔', warned: '⚠', failed: '✘', skipped: '–'};

/**
 * A line when a case starts, one when it ends: its outcome, the answer (status and error id), the checks that failed
 * or warned. Every line passes `redactor` (the error id is the server's: a broken one may echo a secret there).
 */
export function progressPrinter(write: (line: string) => void, redactor: Redactor = createRedactor()) {
	return {
		onCaseStart: (contractCase: ContractCase, index: number, total: number) =>
			write(redactor.text(`[${index + 1}/${total}] ${contractCase.id}: ${contractCase.title} …`)),
		onCaseEnd: (result: CaseResult) => {
			const response = result.exchange?.response;
			const errorId = errorIdOf(response, redactor);
			const status = response ? `${response.status}${errorId ? ` ${errorId}` : ''}` : result.outcome === 'skipped' ? '' : (timedOut(result.exchange) ?? 'no answer');
			const named = (outcome: CheckOutcome) => result.checks.filter((check) => check.outcome === outcome).map((check) => check.check);
			const [failed, warned] = [named('failed'), named('warned')];
			const partly = result.checks.filter((check) => check.partly).map((check) => `${check.check}: ${check.partly}`);
			write(
				redactor.text(
					`      ${MARK[result.outcome]} ${result.outcome}${status === '' ? '' : ` (${status})`}` +
						(result.reason ? `: ${result.reason}` : '') +
						(failed.length ? `: ${failed.join(', ')}` : '') +
						(warned.length ? `; warnings: ${warned.join(', ')}` : '') +
						` ${Math.round(result.durationMs)} ms` +
						(partly.length ? `; partly judged: ${partly.join('; ')}` : ''),
				),
			);
		},
	};
}

export function formatSummary(run: ContractRun, {strict = false}: Verdict = {}): string {
	const redactor = redactorFor(run);
	const lines: string[] = [];
	lines.push('', `Contract suite — target ${run.target.name} (${redactor.text(run.target.baseUrl) || 'not started'})`, ...provenance(run).map(([name, value]) => `  ${`${name}:`.padEnd(6)}${value}`));
	if (run.error) lines.push('', `✘ The run could not start: the target could not be used: ${redactor.text(run.error)}`, '  No case ran, so nothing was checked.');
	if (run.interrupted) lines.push('', `✘ ${interruptedLine(run)}`);

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
		lines.push(`        ${MARK.passed} passed  ${MARK.warned} warning (drift)  ${MARK.failed} failed  ${MARK.skipped} skipped (does not apply)`);
	}

	const section = (heading: string, groups: CaseFindings[]) => {
		if (!groups.length) return;
		lines.push('', heading);
		for (const group of groups) {
			lines.push('', `${group.caseId} — ${group.operation}${answerOf(group)}`);
			for (const note of caseNotes(group)) lines.push(`  ${note}`);
			for (const [index, finding] of group.findings.entries()) {
				lines.push(`  ${index + 1}. ${headingOf(finding)}`, ...detailLines(finding).map((line) => `     ${line}`));
			}
			if (group.curl) lines.push(`  Reproduce with: ${group.curl}`);
		}
	};
	section('Failures', findingsOf(run, 'error', redactor));
	section(
		strict
			? 'Warnings — drift from the spec, failing this run (--strict)'
			: 'Warnings — drift from the spec, as a newer Kratos may send it; not failures (--strict makes them fail)',
		findingsOf(run, 'warning', redactor),
	);

	const totals = tally(run);
	lines.push(
		'',
		`${totals.checksRun} checks run: ${totals.checksPassed} passed, ${totals.checksWarned} with warnings, ${totals.checksFailed} failed, in ${(run.durationMs / 1000).toFixed(1)} s`,
		`cases: ${totals.casesPassed} passed, ${totals.casesFailed} failed, ${totals.casesSkipped} skipped` +
			(run.interrupted ? `, ${run.interrupted.planned - run.cases.length} not run (interrupted by ${run.interrupted.by})` : ''),
	);
	if (totals.checksWarned) {
		lines.push(`warnings: ${totals.warnings} in ${totals.casesWarned} cases${strict ? ', failing the run (--strict)' : ', not failing the run (use --strict to fail on them)'}`);
	}
	return redactor.text(lines.join('\n'));
}
