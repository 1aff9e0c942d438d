// JUnit XML for CI: one testsuite per run, one testcase per case × check, failures with the redacted details.
import type {ContractRun} from '../runner.js';
import {failuresOf, redactorFor} from './details.js';

const escape = (value: string) =>
	value
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		// XML 1.0 cannot carry most control characters, even escaped.
		.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '�');

export function toJUnit(run: ContractRun): string {
	const redactor = redactorFor(run);
	const failures = failuresOf(run, redactor);
	const suite = `contract ${run.target.name}`;
	const cases: string[] = [];
	let tests = 0;
	let failed = 0;
	let skipped = 0;
	if (run.error) {
		tests++;
		failed++;
		cases.push(
			`    <testcase classname="${escape(suite)}" name="target">\n      <failure message="${escape(redactor.text(run.error))}"/>\n    </testcase>`,
		);
	}
	for (const result of run.cases) {
		if (result.outcome === 'skipped') {
			tests++;
			skipped++;
			cases.push(
				`    <testcase classname="${escape(`${suite}.${result.case.id}`)}" name="${escape(result.case.id)}">\n      <skipped message="${escape(redactor.text(result.reason ?? ''))}"/>\n    </testcase>`,
			);
			continue;
		}
		for (const check of result.checks) {
			tests++;
			const name = `${escape(`${suite}.${result.case.id}`)}" name="${escape(check.check)}`;
			if (check.outcome === 'skipped') {
				skipped++;
				cases.push(`    <testcase classname="${name}">\n      <skipped message="${escape(check.reason ?? '')}"/>\n    </testcase>`);
			} else if (check.outcome === 'failed') {
				failed++;
				const mine = failures.filter((failure) => failure.caseId === result.case.id && failure.check === check.check);
				const body = mine
					.map((failure) =>
						[
							failure.message,
							failure.location && `At: ${failure.location}`,
							failure.received !== undefined && `Received: ${failure.received}`,
							failure.expected !== undefined && `Expected: ${failure.expected}`,
							failure.documented !== undefined && `Documented: ${failure.documented}`,
							failure.curl && `Reproduce with: ${failure.curl}`,
						]
							.filter(Boolean)
							.join('\n'),
					)
					.join('\n\n');
				cases.push(
					`    <testcase classname="${name}">\n      <failure message="${escape(mine[0]?.title ?? 'failed')}">${escape(body)}</failure>\n    </testcase>`,
				);
			} else {
				cases.push(`    <testcase classname="${name}"/>`);
			}
		}
	}
	const xml =
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		`<testsuites name="kratos-settings-flow-contract" tests="${tests}" failures="${failed}" skipped="${skipped}" time="${(run.durationMs / 1000).toFixed(3)}">\n` +
		`  <testsuite name="${escape(suite)}" tests="${tests}" failures="${failed}" skipped="${skipped}" timestamp="${run.startedAt}" time="${(run.durationMs / 1000).toFixed(3)}">\n` +
		`${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
	return redactor.text(xml);
}
