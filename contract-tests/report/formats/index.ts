// The registry of report formats: every format file beside this one, in the order each declares. The command, the
// diff command and the versions runner loop over it: a new format is its file, nothing else changes.
import {discover} from '../../base/discover.js';
import type {ContractRun} from '../../base/model.js';
import type {Verdict} from '../../base/verdict.js';
import type {RecordDiff} from '../../record/diff.js';

/** One way to show a run, a diff of two records, or both. Whatever it renders passes the redaction step after. */
export interface ReportFormat {
	/** As `diff --format` takes it. */
	readonly name: string;
	/** Its place in the list of formats (and the order its files are named in). */
	readonly order: number;
	/** The file it is written to beside the reports: `contract-<target>.<extension>`, a diff's `contract-<target>.diff.<extension>`; none for the console, which prints. */
	readonly extension?: string | undefined;
	/** A run, in this format. */
	readonly run?: ((run: ContractRun, verdict: Verdict) => string) | undefined;
	/** What changed between two records, in this format. */
	readonly diff?: ((diff: RecordDiff, verdict: Verdict) => string) | undefined;
}

const isFormat = (value: unknown): value is ReportFormat =>
	typeof value === 'object' && value !== null && typeof (value as ReportFormat).name === 'string' && typeof (value as ReportFormat).order === 'number' && ('run' in value || 'diff' in value);

let registry: Promise<readonly ReportFormat[]> | undefined;

/** Every report format, in declared order: read from the folder once, when a report is first written (not at start). */
export const loadFormats = (): Promise<readonly ReportFormat[]> => (registry ??= discover(import.meta.url, isFormat));

/** The formats written to files beside the reports, for a run. */
export const runFiles = async () => (await loadFormats()).filter((format): format is ReportFormat & {extension: string; run: NonNullable<ReportFormat['run']>} => Boolean(format.extension && format.run));

/** The formats written to files beside the reports, for a diff. */
export const diffFiles = async () => (await loadFormats()).filter((format): format is ReportFormat & {extension: string; diff: NonNullable<ReportFormat['diff']>} => Boolean(format.extension && format.diff));

/** The format named so, or undefined. */
export const formatNamed = async (name: string) => (await loadFormats()).find((format) => format.name === name);
