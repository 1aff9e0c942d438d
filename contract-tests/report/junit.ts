// JUnit XML for CI: one testcase per case × check, failures with the redacted details. Two testsuites: the contract
// (checks that fail) and its drift (checks that warn). JUnit has no "warning" state, so a drift testcase passes and
// carries its warnings in <system-out>, which Jenkins, GitLab, Azure DevOps and the GitHub JUnit reporters show on the
// test (testcase <properties> are not part of the common schema, and most tools drop them); with --strict it carries
// a <failure type="warning"> instead, and the suite fails.
import type {Severity} from '../base/model.js';
import type {ContractRun} from '../base/model.js';
import {type Verdict, interruptedLine} from '../base/verdict.js';
import {type CaseFindings, answerOf, caseNotes, detailLines, findingsOf, headingOf, redactorFor} from './details.js';

/** Text for an XML attribute or element: escaped, and the control characters XML 1.0 cannot carry replaced. */
export const escape = (value: string) =>
	value
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		// XML 1.0 cannot carry most control characters, even escaped.
		.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '�');

interface Suite {
	readonly name: string;
	readonly cases: string[];
	tests: number;
	failures: number;
	skipped: number;
}

/** The details of one check's violations in one case, then the case's curl line once. */
function body(group: CaseFindings | undefined, check: string): {title: string; text: string} {
	const mine = group?.findings.filter((finding) => finding.check === check) ?? [];
	// What the answer was (its error id says why) and what decided the expectation, before the findings.
	const about = group ? [`${group.caseId} — ${group.operation}${answerOf(group)}`, ...caseNotes(group)].join('\n') : undefined;
	const text = [...(about ? [about] : []), ...mine.map((finding) => [headingOf(finding), ...detailLines(finding)].join('\n')), ...(group?.curl ? [`Reproduce with: ${group.curl}`] : [])].join('\n\n');
	return {title: mine[0]?.title ?? 'failed', text};
}

export function toJUnit(run: ContractRun, {strict = false}: Verdict = {}): string {
	const redactor = redactorFor(run);
	const groups = {error: findingsOf(run, 'error', redactor), warning: findingsOf(run, 'warning', redactor)};
	const groupOf = (severity: Severity, caseId: string) => groups[severity].find((group) => group.caseId === caseId);
	const name = `contract ${run.target.name}`;
	const contract: Suite = {name, cases: [], tests: 0, failures: 0, skipped: 0};
	const drift: Suite = {name: `${name} drift`, cases: [], tests: 0, failures: 0, skipped: 0};
	if (run.error) {
		contract.tests++;
		contract.failures++;
		contract.cases.push(
			`    <testcase classname="${escape(name)}" name="target">\n      <failure message="${escape(redactor.text(run.error))}"/>\n    </testcase>`,
		);
	}
	if (run.interrupted) {
		// JUnit has no "interrupted": a failed testcase of its own, so that a CI never shows a partial run as green.
		contract.tests++;
		contract.failures++;
		contract.cases.push(`    <testcase classname="${escape(name)}" name="interrupted">\n      <failure type="interrupted" message="${escape(interruptedLine(run)!)}"/>\n    </testcase>`);
	}
	for (const result of run.cases) {
		if (result.outcome === 'skipped') {
			contract.tests++;
			contract.skipped++;
			contract.cases.push(
				`    <testcase classname="${escape(`${name}.${result.case.id}`)}" name="${escape(result.case.id)}">\n      <skipped message="${escape(redactor.text(result.reason ?? ''))}"/>\n    </testcase>`,
			);
			continue;
		}
		for (const check of result.checks) {
			const suite = check.severity === 'warning' ? drift : contract;
			suite.tests++;
			const attributes = `classname="${escape(`${suite.name}.${result.case.id}`)}" name="${escape(check.check)}"`;
			if (check.outcome === 'skipped') {
				suite.skipped++;
				suite.cases.push(`    <testcase ${attributes}>\n      <skipped message="${escape(check.reason ?? '')}"/>\n    </testcase>`);
			} else if (check.outcome === 'failed') {
				suite.failures++;
				const {title, text} = body(groupOf('error', result.case.id), check.check);
				suite.cases.push(`    <testcase ${attributes}>\n      <failure message="${escape(title)}">${escape(text)}</failure>\n    </testcase>`);
			} else if (check.outcome === 'warned') {
				const {title, text} = body(groupOf('warning', result.case.id), check.check);
				if (strict) {
					suite.failures++;
					suite.cases.push(
						`    <testcase ${attributes}>\n      <failure type="warning" message="${escape(`${title} (--strict)`)}">${escape(text)}</failure>\n    </testcase>`,
					);
				} else {
					suite.cases.push(`    <testcase ${attributes}>\n      <system-out>${escape(`WARNING (drift, not a failure): ${text}`)}</system-out>\n    </testcase>`);
				}
			} else if (check.partly) {
				suite.cases.push(`    <testcase ${attributes}>\n      <system-out>${escape(redactor.text(`partly judged: ${check.partly}`))}</system-out>\n    </testcase>`);
			} else {
				suite.cases.push(`    <testcase ${attributes}/>`);
			}
		}
	}
	const time = (run.durationMs / 1000).toFixed(3);
	const suites = [contract, drift].filter((suite) => suite === contract || suite.tests > 0);
	const total = (key: 'tests' | 'failures' | 'skipped') => suites.reduce((sum, suite) => sum + suite[key], 0);
	// <properties> of a testsuite are in the common JUnit schema: CI tools show them with the suite.
	const properties = [
		['target', run.target.name],
		['target.url', run.target.baseUrl],
		['tool', run.tool.name],
		['tool.version', run.tool.version],
		['spec', run.spec.file],
		['spec.sha256', run.spec.sha256],
		['spec.openapi', run.spec.openapi],
		['spec.bundled', String(run.spec.bundled)],
		...(run.spec.uncheckedFormats.length ? [['spec.unchecked_formats', run.spec.uncheckedFormats.join(',')]] : []),
		['date', run.startedAt],
		['strict', String(strict)],
		...(run.interrupted ? [['interrupted', run.interrupted.by]] : []),
	]
		.map(([key, value]) => `      <property name="${escape(key!)}" value="${escape(value!)}"/>`)
		.join('\n');
	const xml =
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		`<testsuites name="kratos-settings-flow-contract" tests="${total('tests')}" failures="${total('failures')}" skipped="${total('skipped')}" time="${time}">\n` +
		suites
			.map(
				(suite) =>
					`  <testsuite name="${escape(suite.name)}" tests="${suite.tests}" failures="${suite.failures}" skipped="${suite.skipped}" timestamp="${run.startedAt}" time="${suite === contract ? time : '0.000'}">\n` +
					`    <properties>\n${properties}\n    </properties>\n` +
					`${suite.cases.join('\n')}\n  </testsuite>\n`,
			)
			.join('') +
		'</testsuites>\n';
	return redactor.text(xml);
}
