// A self-contained HTML report (no scripts, no external assets): the case × check table, then per case its failures
// and, apart, its warnings (drift), each with JSON location, received value and schema excerpt, and per case the
// status, response excerpt and request (as curl). Redacted.
import type {ContractRun} from '../base/model.js';
import {MARK} from './console.js';
import {type Verdict, exitCodeOf, interruptedLine, provenance, tally} from '../base/verdict.js';
import {type CaseFindings, answerOf, caseNotes, findingsOf, headingOf, redactorFor} from './details.js';

const escape = (value: string) =>
	value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** One section per case: its findings, then the answer and the curl line once. */
function sections(groups: CaseFindings[], kind: 'failure' | 'warning'): string {
	return groups
		.map(
			(group) => `<section class="${kind}">
<h3>${escape(`${group.caseId} — ${group.operation}${answerOf(group)}`)}</h3>
${caseNotes(group).map((note) => `<p class="note">${escape(note)}</p>\n`).join('')}${group.findings
	.map(
		(finding, index) => `<h4>${index + 1}. ${escape(headingOf(finding))}</h4>
<p>${escape(finding.message)}</p>
<dl>
${finding.location ? `<dt>At</dt><dd><code>${escape(finding.location)}</code></dd>` : ''}
${finding.received !== undefined ? `<dt>Received</dt><dd><code>${escape(finding.received)}</code></dd>` : ''}
${finding.expected !== undefined ? `<dt>Expected</dt><dd><code>${escape(finding.expected)}</code></dd>` : ''}
${finding.documented !== undefined ? `<dt>Documented</dt><dd><code>${escape(finding.documented)}</code></dd>` : ''}
${finding.around ? `<dt>Around it</dt><dd><pre>${escape(finding.around)}</pre></dd>` : ''}
</dl>`,
	)
	.join('\n')}
<dl>
${group.status !== undefined ? `<dt>Status</dt><dd>${group.status}${group.errorId ? ` <code>${escape(group.errorId)}</code>` : ''}</dd>` : ''}
${group.responseExcerpt ? `<dt>Response</dt><dd><pre>${escape(group.responseExcerpt)}</pre></dd>` : ''}
${group.curl ? `<dt>Reproduce</dt><dd><pre>${escape(group.curl)}</pre></dd>` : ''}
</dl>
</section>`,
		)
		.join('\n');
}

export function toHtml(run: ContractRun, {strict = false}: Verdict = {}): string {
	const redactor = redactorFor(run);
	const failures = findingsOf(run, 'error', redactor);
	const warnings = findingsOf(run, 'warning', redactor);
	const totals = tally(run);
	const verdict = run.interrupted ? 'interrupted' : exitCodeOf(run, {strict}) ? 'failed' : totals.checksWarned ? 'passed with warnings' : 'passed';
	const verdictClass = verdict === 'passed with warnings' ? 'warned' : verdict === 'interrupted' ? 'failed' : verdict;

	const head = `<tr><th>case</th><th>status</th>${run.checkNames.map((name) => `<th class="check">${escape(name)}</th>`).join('')}</tr>`;
	let operation: string | undefined;
	const rows = run.cases
		.map((result) => {
			const {name, method, path} = result.case.operation;
			const heading =
				name === operation ? '' : `<tr class="operation"><th colspan="${run.checkNames.length + 2}">${escape(`${name} · ${method} ${path}`)}</th></tr>\n`;
			operation = name;
			const status = result.exchange?.response?.status ?? (result.outcome === 'skipped' ? '–' : 'none');
			const cells =
				result.outcome === 'skipped'
					? `<td colspan="${run.checkNames.length}" class="skipped">skipped: ${escape(result.reason ?? '')}</td>`
					: run.checkNames
							.map((name) => {
								const check = result.checks.find((item) => item.check === name);
								const outcome = check?.outcome ?? 'skipped';
								const title = check?.reason ?? check?.violations[0]?.message ?? (check?.partly ? `partly judged: ${check.partly}` : outcome);
								return `<td class="${outcome}" title="${escape(title)}">${MARK[outcome]}</td>`;
							})
							.join('');
			return `${heading}<tr><th title="${escape(result.case.title)}">${escape(result.case.id)}</th><td>${status}</td>${cells}</tr>`;
		})
		.join('\n');

	const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Contract report — ${escape(run.target.name)} — ${verdict}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2430;max-width:80rem}
h1{font-size:1.4rem;margin:0 0 .25rem}
.meta{color:#5b6573;margin:0 0 1.25rem}
.verdict{display:inline-block;padding:.1rem .6rem;border-radius:1rem;color:#fff;font-weight:600}
.verdict.passed{background:#1f883d}.verdict.failed{background:#cf222e}.verdict.warned{background:#9a6700}
table{border-collapse:collapse;margin:1rem 0}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:center}
tr>th:first-child{text-align:left;font-weight:600}
tr.operation>th{background:#f6f8fa;font-family:ui-monospace,monospace;font-weight:500}
th.check{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:500;white-space:nowrap;padding:.5rem .3rem}
td.passed{color:#1f883d}td.failed{color:#fff;background:#cf222e;font-weight:700}td.skipped{color:#8c959f}
td.warned{color:#9a6700;background:#fff8c5;font-weight:700}
.failure{border-left:4px solid #cf222e;padding:.25rem 1rem;margin:1rem 0;background:#fff8f8}
.warning{border-left:4px solid #d4a72c;padding:.25rem 1rem;margin:1rem 0;background:#fffdf0}
.failure h3,.warning h3{font-size:1rem;margin:.5rem 0}.failure h4,.warning h4{font-size:.95rem;margin:.75rem 0 .25rem}
dl{display:grid;grid-template-columns:7rem 1fr;gap:.25rem .75rem}dt{color:#5b6573}dd{margin:0}
pre,code{font:12px/1.4 ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
pre{background:#f6f8fa;padding:.5rem;margin:0}
</style>
</head>
<body>
<h1>Contract report: ${escape(run.target.name)} <span class="verdict ${verdictClass}">${verdict}</span></h1>
<p class="meta">${escape(run.target.baseUrl)} · ${escape(run.startedAt)} · ${(run.durationMs / 1000).toFixed(1)} s ·
${totals.casesPassed} cases passed, ${totals.casesFailed} failed, ${totals.casesSkipped} skipped ·
${totals.checksRun} checks run: ${totals.checksPassed} passed, ${totals.checksWarned} with warnings, ${totals.checksFailed} failed${strict ? ' · --strict: warnings fail the run' : ''}</p>
<dl class="provenance">
${provenance(run).map(([name, value]) => `<dt>${escape(name)}</dt><dd><code>${escape(value)}</code></dd>`).join('\n')}
</dl>
${run.interrupted ? `<section class="failure"><h3>The run was interrupted</h3><p>${escape(interruptedLine(run)!)}</p></section>` : ''}
${run.error ? `<section class="failure"><h3>The run could not start: the target could not be used</h3><pre>${escape(run.error)}</pre><p>No case ran, so nothing was checked.</p></section>` : ''}
<table>
${head}
${rows}
</table>
<p class="meta">${MARK.passed} passed · ${MARK.warned} warning (drift) · ${MARK.failed} failed · ${MARK.skipped} skipped (does not apply)</p>
${failures.length ? `<h2>Failures</h2>\n${sections(failures, 'failure')}` : ''}
${warnings.length ? `<h2>Warnings: drift from the spec</h2>\n<p>What a newer, healthy Kratos may send: a new value of an extensible enum, an undocumented property or header. ${strict ? 'They fail this run (--strict).' : 'Not failures; --strict makes them fail.'}</p>\n${sections(warnings, 'warning')}` : ''}
${failures.length || warnings.length || run.error || run.interrupted ? '' : '<p>No violations.</p>'}
</body>
</html>
`;
	return redactor.text(html);
}
