// A self-contained HTML report (no scripts, no external assets): the case × check table, then each failure with its
// request (as curl), status, response excerpt, JSON location, received value and schema excerpt. Redacted.
import type {ContractRun, Outcome} from '../runner.js';
import {tally} from './console.js';
import {failuresOf, redactorFor} from './details.js';

const escape = (value: string) =>
	value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const MARK: Record<Outcome, string> = {passed: '✔', failed: '✘', skipped: '–'};

export function toHtml(run: ContractRun): string {
	const redactor = redactorFor(run);
	const failures = failuresOf(run, redactor);
	const totals = tally(run);
	const verdict = run.error || totals.casesFailed ? 'failed' : 'passed';

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
								const title = check?.reason ?? check?.violations[0]?.message ?? outcome;
								return `<td class="${outcome}" title="${escape(title)}">${MARK[outcome]}</td>`;
							})
							.join('');
			return `${heading}<tr><th title="${escape(result.case.title)}">${escape(result.case.id)}</th><td>${status}</td>${cells}</tr>`;
		})
		.join('\n');

	const details = failures
		.map(
			(failure, index) => `<section class="failure">
<h3>${index + 1}. ${escape(failure.caseId)} › ${escape(failure.check)}: ${escape(failure.title)}</h3>
<p>${escape(failure.message)}</p>
<dl>
${failure.location ? `<dt>At</dt><dd><code>${escape(failure.location)}</code></dd>` : ''}
${failure.received !== undefined ? `<dt>Received</dt><dd><code>${escape(failure.received)}</code></dd>` : ''}
${failure.expected !== undefined ? `<dt>Expected</dt><dd><code>${escape(failure.expected)}</code></dd>` : ''}
${failure.documented !== undefined ? `<dt>Documented</dt><dd><code>${escape(failure.documented)}</code></dd>` : ''}
${failure.around ? `<dt>Around it</dt><dd><pre>${escape(failure.around)}</pre></dd>` : ''}
${failure.status !== undefined ? `<dt>Status</dt><dd>${failure.status}</dd>` : ''}
${failure.responseExcerpt ? `<dt>Response</dt><dd><pre>${escape(failure.responseExcerpt)}</pre></dd>` : ''}
${failure.curl ? `<dt>Reproduce</dt><dd><pre>${escape(failure.curl)}</pre></dd>` : ''}
</dl>
</section>`,
		)
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
.verdict.passed{background:#1f883d}.verdict.failed{background:#cf222e}
table{border-collapse:collapse;margin:1rem 0}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:center}
tr>th:first-child{text-align:left;font-weight:600}
tr.operation>th{background:#f6f8fa;font-family:ui-monospace,monospace;font-weight:500}
th.check{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:500;white-space:nowrap;padding:.5rem .3rem}
td.passed{color:#1f883d}td.failed{color:#fff;background:#cf222e;font-weight:700}td.skipped{color:#8c959f}
.failure{border-left:4px solid #cf222e;padding:.25rem 1rem;margin:1rem 0;background:#fff8f8}
.failure h3{font-size:1rem;margin:.5rem 0}
dl{display:grid;grid-template-columns:7rem 1fr;gap:.25rem .75rem}dt{color:#5b6573}dd{margin:0}
pre,code{font:12px/1.4 ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
pre{background:#f6f8fa;padding:.5rem;margin:0}
</style>
</head>
<body>
<h1>Contract report: ${escape(run.target.name)} <span class="verdict ${verdict}">${verdict}</span></h1>
<p class="meta">${escape(run.target.baseUrl)} · ${escape(run.startedAt)} · ${(run.durationMs / 1000).toFixed(1)} s ·
${totals.casesPassed} cases passed, ${totals.casesFailed} failed, ${totals.casesSkipped} skipped ·
${totals.checksRun} checks run, ${totals.checksFailed} failed</p>
${run.error ? `<section class="failure"><h3>The target could not be used</h3><pre>${escape(run.error)}</pre></section>` : ''}
<table>
${head}
${rows}
</table>
${failures.length ? `<h2>Failures</h2>\n${details}` : '<p>No violations.</p>'}
</body>
</html>
`;
	return redactor.text(html);
}
