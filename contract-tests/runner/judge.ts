// One exchange judged by every check that applies: each check's outcome, its violations stamped with its name and
// severity. A check that throws is a failed check, never a lost run.
import type {Contract} from '../../spec/index.js';
import type {Check, CheckResult, Exchange, Expectation} from '../base/model.js';
import type {ContractCase} from '../operations/index.js';

/** Runs every check on one exchange. A check that throws is reported as failed, never lost. */
export function judge(
	exchange: Exchange,
	expect: Expectation,
	contractCase: ContractCase,
	contract: Contract,
	checks: readonly Check[],
): CheckResult[] {
	const operation = contract.operation(contractCase.operation.method, contractCase.operation.path);
	return checks.map((check): CheckResult => {
		const context = {exchange, expect, operation, case: contractCase};
		const severity = check.severity ?? 'error';
		try {
			const reason = check.skip?.(context);
			if (reason !== undefined) return {check: check.name, severity, outcome: 'skipped', reason, violations: []};
			const violations = check.run(context).map((violation) => ({...violation, check: check.name, severity: violation.severity ?? severity}));
			const outcome = violations.some((violation) => violation.severity === 'error') ? 'failed' : violations.length ? 'warned' : 'passed';
			const partly = check.partly?.(context);
			return {check: check.name, severity, outcome, violations, ...(partly !== undefined && {partly})};
		} catch (caught) {
			// A check that throws is a bug in the check; report it rather than lose the rest of the run.
			const message = `check crashed: ${caught instanceof Error ? caught.message : String(caught)}`;
			return {
				check: check.name,
				severity,
				outcome: 'failed',
				violations: [{check: check.name, severity: 'error', title: 'Check crashed', location: [], code: 'check_error', message}],
			};
		}
	});
}

