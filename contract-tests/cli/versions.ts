// The contract suite's kratos target against several Kratos versions, one after the other, and one table of what each
// answered: `npm run kratos:versions` (scripts/kratos-versions.ts). v1.0.0 and v1.3.1 are built from the Go module
// proxy (harness/kratos/build.ts); any other binary (a build of master, say) is given with a label.
import {mkdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {loadContract} from '../../spec/index.js';
import {KRATOS_VERSIONS, type KratosVersion, ensureKratosBinary} from '../harness/kratos/build.js';
import {cases} from '../operations/index.js';
import {recordText} from '../record/file.js';
import {toRecord} from '../record/record.js';
import {exitCodeOf} from '../base/verdict.js';
import {redactorFor} from '../report/details.js';
import {runFiles} from '../report/formats/index.js';
import {runContract, runMeta} from '../runner/run.js';
import {type ContractRun, type RecordedViolation} from '../base/model.js';
import {kratosTarget} from '../targets/kratos.js';

/** One column of the table: a version the project builds, or a binary of the caller's. */
export type VersionEntry = {readonly label: string} & ({readonly version: KratosVersion} | {readonly binary: string});

export const DEFAULT_VERSIONS: readonly VersionEntry[] = KRATOS_VERSIONS.map((version) => ({label: version, version}));

export interface VersionResult {
	readonly label: string;
	/** What `kratos version` said; undefined when Kratos did not start. */
	readonly reported: string | undefined;
	readonly run: ContractRun;
	/** What `npm run contract:kratos` would exit with against this version. */
	readonly exitCode: number;
	/** "case › check: message", redacted; a target that could not be used is one failure too. */
	readonly failures: readonly string[];
	readonly warnings: readonly string[];
}

// A violation may say it is only a warning (drift of a newer, healthy server); everything else fails the run.
const isWarning = (violation: RecordedViolation) => violation.severity === 'warning';

export function summarize(label: string, reported: string | undefined, run: ContractRun): VersionResult {
	const redactor = redactorFor(run);
	const failures: string[] = run.error ? [`the target could not be used: ${redactor.text(run.error)}`] : [];
	const warnings: string[] = [];
	for (const result of run.cases) {
		for (const check of result.checks) {
			for (const violation of check.violations) {
				const line = `${result.case.id} › ${check.check}: ${redactor.text(violation.message)}`;
				if (isWarning(violation)) warnings.push(line);
				else if (check.outcome === 'failed') failures.push(line);
			}
		}
	}
	return {label, reported, run, exitCode: exitCodeOf(run), failures, warnings};
}

/** Runs the suite against each entry in turn (one Kratos at a time: gentle on small machines). */
export async function runVersions(
	entries: readonly VersionEntry[],
	options: {
		log?: (line: string) => void;
		reportsDir?: string;
		/** Where to write each version's record (`kratos-<label>.record.json`), for `diff`. @default none written */
		recordsDir?: string;
	} = {},
): Promise<VersionResult[]> {
	const log = options.log ?? (() => undefined);
	const results: VersionResult[] = [];
	for (const entry of entries) {
		let binary: string;
		try {
			binary = 'binary' in entry ? entry.binary : await ensureKratosBinary({version: entry.version, log: (line) => log(`${entry.label}: ${line}`)});
		} catch (error) {
			// A version that cannot be built is a column of its own, not the end of the comparison.
			const message = `could not build Kratos ${entry.label}: ${(error as Error).message}`;
			log(`${entry.label}: ${message}`);
			const run: ContractRun = {target: {name: `kratos-${entry.label}`, baseUrl: ''}, ...(await runMeta()), startedAt: new Date().toISOString(), durationMs: 0, cases: [], checkNames: [], error: message, secrets: []};
			results.push(summarize(entry.label, undefined, run));
			continue;
		}
		const target = kratosTarget({binary, name: `kratos-${entry.label}`});
		log(`${entry.label}: running the suite against ${binary} …`);
		const started = performance.now();
		const run = await runContract({target});
		const result = summarize(entry.label, target.version, run);
		log(`${entry.label}: exit ${result.exitCode}, ${result.failures.length} failures, ${result.warnings.length} warnings, ${((performance.now() - started) / 1000).toFixed(1)} s`);
		if (options.reportsDir) {
			await mkdir(options.reportsDir, {recursive: true});
			const base = join(options.reportsDir, `contract-kratos-${entry.label.replace(/[^\w.-]/g, '_')}`);
			await Promise.all((await runFiles()).map((format) => writeFile(`${base}.${format.extension}`, format.run(run, {}))));
		}
		if (options.recordsDir && !run.error) await writeRecord(options.recordsDir, entry.label, run, target.version ?? null);
		results.push(result);
	}
	return results;
}

/** A version's record, named after its label; a version whose target could not be used has none. */
async function writeRecord(folder: string, label: string, run: ContractRun, serverVersion: string | null): Promise<void> {
	await mkdir(folder, {recursive: true});
	const record = toRecord(run, {contract: await loadContract(run.spec.file), serverVersion});
	await writeFile(join(folder, `kratos-${label.replace(/[^\w.-]/g, '_')}.record.json`), recordText(record, run));
}

/** One table: per case the status each version answered, then per version its exit code, failures and warnings. */
export function formatVersions(results: readonly VersionResult[]): string {
	const statusOf = (result: VersionResult, id: string) => {
		const item = result.run.cases.find((each) => each.case.id === id);
		if (!item) return result.run.error ? 'n/a' : '–';
		return String(item.exchange?.response?.status ?? (item.outcome === 'skipped' ? '–' : 'none'));
	};
	const rows: string[][] = [
		['case', ...results.map((result) => result.label)],
		...cases.map((item) => [item.id, ...results.map((result) => statusOf(result, item.id))]),
		[],
		['kratos version', ...results.map((result) => result.reported ?? 'n/a')],
		['exit code', ...results.map((result) => String(result.exitCode))],
		['failures', ...results.map((result) => String(result.failures.length))],
		['warnings', ...results.map((result) => String(result.warnings.length))],
	];
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
	const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
	for (const result of results) {
		for (const [kind, list] of [
			['failures', result.failures],
			['warnings', result.warnings],
		] as const) {
			if (list.length) lines.push('', `${result.label}, ${kind}:`, ...list.map((line) => `  ${line}`));
		}
	}
	return lines.join('\n');
}
