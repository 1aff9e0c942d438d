// The record and its diff on the command line: `live --record FILE` and `live --baseline FILE` (command.ts calls
// `recordingFrom` before the run, `finishRecording` after it), and `diff BEFORE AFTER [--format …]`. What the user
// gives wrong (a record that is missing, not a record, or of another format version) is a UsageError naming the flag
// or argument, found before any request; everything printed or written passes the redaction step.
import {access, constants, mkdir, stat, writeFile} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import {parseArgs} from 'node:util';
import type {Contract} from '../../spec/index.js';
import type {CommandIo} from './io.js';
import {type RecordDiff, diffExitCode, diffRecords} from '../record/diff.js';
import {readRecord, recordRedactor, recordText} from '../record/file.js';
import {type RunRecord, serverVersionOf, toRecord} from '../record/record.js';
import {formatDiff} from '../report/diff-console.js';
import {diffFiles, formatNamed, loadFormats} from '../report/formats/index.js';
import type {Redactor} from '../base/redact.js';
import type {ContractRun} from '../base/model.js';
import {type Target} from '../targets/types.js';
import {UsageError} from '../base/errors.js';

/** The report formats that show a diff, by name: what `diff --format` takes. */
const diffFormats = async () => (await loadFormats()).filter((format) => format.diff).map((format) => format.name);

/** What `live --record` / `--baseline` asked for, checked before the run. */
export interface Recording {
	/** Where the run's record goes. */
	readonly file: string;
	/** The record to compare with, already read and checked. */
	readonly baseline?: {readonly file: string; readonly record: RunRecord} | undefined;
}

/**
 * A file a record can be written to, checked before the run (it is written after it): not a folder, writable if it
 * exists, and in a folder that exists (made if need be) and is writable. A UsageError naming the flag otherwise.
 */
async function writableFile(file: string, flag: string): Promise<void> {
	const existing = await stat(file).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : error));
	if (existing instanceof Error) throw new UsageError(`${flag}: cannot write a record to ${file} (${existing.code ?? existing.message})`);
	if (existing?.isDirectory()) throw new UsageError(`${flag}: ${file} is a folder; give the path of a file for the record`);
	try {
		if (existing) await access(file, constants.W_OK);
		else {
			await mkdir(dirname(file), {recursive: true});
			await access(dirname(file), constants.W_OK);
		}
	} catch (error) {
		throw new UsageError(`${flag}: cannot write a record to ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	}
}

/**
 * Checks --record and --baseline before anything is sent. With --baseline and no --record, the run's record goes to
 * `<report dir>/contract-<target>.record.json`. Undefined when neither was given.
 */
export async function recordingFrom(
	values: {readonly record?: string | undefined; readonly baseline?: string | undefined},
	cwd: string,
	reportDir: string,
	targetName: string,
): Promise<Recording | undefined> {
	if (values.record === undefined && values.baseline === undefined) return undefined;
	const baseline = values.baseline === undefined ? undefined : resolve(cwd, values.baseline);
	const file = values.record === undefined ? join(reportDir, `contract-${targetName}.record.json`) : resolve(cwd, values.record);
	if (baseline !== undefined && file === baseline) throw new UsageError(`--record and --baseline name the same file (${file}): the baseline would be overwritten`);
	await writableFile(file, values.record === undefined ? '--baseline (its record goes to the report folder)' : '--record');
	return {file, baseline: baseline === undefined ? undefined : {file: baseline, record: await readRecord(baseline, '--baseline')}};
}

/**
 * After the run: writes its record, and with a baseline prints the diff and writes it beside the reports
 * (`contract-<target>.diff.md` and `.diff.xml`). Returns the diff's exit code (0 without a baseline). A run whose target
 * could not be used has nothing to record: it says so (the run's own exit code is 1 already).
 */
export async function finishRecording(
	recording: Recording | undefined,
	context: {readonly run: ContractRun; readonly contract: Contract; readonly target: Target; readonly reportDir: string; readonly strict: boolean; readonly write: (line: string) => void},
): Promise<number> {
	if (!recording) return 0;
	const {run, write} = context;
	if (run.error || run.interrupted) {
		// A partial record would read as cases gone in the next diff.
		write(`No record written: ${run.error ? 'the target could not be used' : 'the run was interrupted'}.`);
		return 0;
	}
	const redactor = recordRedactor(run);
	const record = toRecord(run, {contract: context.contract, serverVersion: serverVersionOf(context.target)});
	await writeFile(recording.file, recordText(record, run));
	write(`Record: ${recording.file}`);
	if (!recording.baseline) return 0;
	const diff = diffRecords(recording.baseline.record, record);
	const options = {strict: context.strict};
	// Each report format that shows a diff in a file (Markdown, JUnit), beside the reports.
	const files = (await diffFiles()).map((format) => ({format, file: join(context.reportDir, `contract-${run.target.name}.diff.${format.extension}`)}));
	await Promise.all(files.map(({format, file}) => writeFile(file, redactor.text(format.diff(diff, options)))));
	write(`\nCompared with the baseline ${recording.baseline.file}:`);
	write(redactor.text(formatDiff(diff, options)));
	write(`Diff: ${files.map(({file}) => file).join(', ')}`);
	return diffExitCode(diff, options);
}

/** The diff in one of the formats that show one (see diffFormats). */
export async function renderDiff(diff: RecordDiff, format: string, strict: boolean): Promise<string> {
	const render = (await formatNamed(format))?.diff;
	if (!render) throw new Error(`no report format ${format} shows a diff`);
	return render(diff, {strict});
}

const DIFF_OPTIONS = {format: {type: 'string'}, strict: {type: 'boolean'}, help: {type: 'boolean', short: 'h'}} as const;

/**
 * `diff BEFORE AFTER [--format console|markdown|junit] [--strict]`: prints what changed; resolves with 0 (nothing, or
 * additions only), 1 (a break; with --strict, an addition too) or, after `usage` printed the error, 2.
 */
export async function runDiffCommand(argv: readonly string[], io: CommandIo, usage: (error: UsageError) => number, help: string, redactor: Redactor): Promise<number> {
	try {
		let parsed;
		try {
			parsed = parseArgs({args: [...argv], options: DIFF_OPTIONS, allowPositionals: true, strict: true});
		} catch (error) {
			throw new UsageError(`diff: ${(error as Error).message.replace(/\.$/, '')}`);
		}
		const {values, positionals} = parsed;
		if (values.help) {
			io.out(help);
			return 0;
		}
		const format = values.format ?? 'console';
		const names = await diffFormats();
		if (!names.includes(format)) throw new UsageError(`diff --format must be ${names.join(', ')}`);
		if (positionals.length !== 2) throw new UsageError(`diff needs two records, BEFORE and AFTER (${positionals.length} given): diff BEFORE AFTER`);
		const [beforeFile, afterFile] = positionals.map((file) => resolve(io.cwd, file)) as [string, string];
		const before = await readRecord(beforeFile, 'BEFORE');
		const after = await readRecord(afterFile, 'AFTER');
		const strict = values.strict === true;
		const diff = diffRecords(before, after);
		io.out(redactor.text(await renderDiff(diff, format, strict)));
		return diffExitCode(diff, {strict});
	} catch (error) {
		if (error instanceof UsageError) return usage(error);
		throw error;
	}
}
