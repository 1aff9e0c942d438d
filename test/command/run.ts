// Runs the command in-process, as a user would run it: its arguments, its variables (nothing else from this
// process's environment), a fresh working folder; returns the exit status, stdout, stderr and the reports.
import {mkdtemp, readFile, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll} from 'vitest';
import {type CommandSetup, runCommand} from '../../contract-tests/cli/command.js';
import {PUBLISHED} from '../../contract-tests/cli/published.js';

let folder: string | undefined;
beforeAll(async () => {
	folder = await mkdtemp(join(tmpdir(), 'contract-command-'));
});
afterAll(async () => {
	if (folder) await rm(folder, {recursive: true, force: true});
});

/** This test file's temporary folder. */
export const work = () => folder!;

export interface Ran {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
	/** The files in the report folder afterwards. */
	readonly reports: string[];
	readonly junit?: string | undefined;
	readonly html?: string | undefined;
}

let runs = 0;
/** Runs the command with these arguments and variables (nothing else from this process's environment); `signal` as Ctrl-C aborts it. */
export async function command(argv: string[], env: Record<string, string | undefined> = {}, setup: CommandSetup = PUBLISHED, signal?: AbortSignal): Promise<Ran> {
	const cwd = join(work(), `run-${++runs}`);
	let stdout = '';
	let stderr = '';
	const code = await runCommand(argv, {out: (text) => void (stdout += text), err: (text) => void (stderr += text), env, cwd, signal}, setup);
	const dir = join(cwd, 'reports');
	const reports = await readdir(dir).catch((): string[] => []);
	const read = (name: string) => (reports.includes(name) ? readFile(join(dir, name), 'utf8') : Promise.resolve(undefined));
	return {code, stdout, stderr, reports: reports.sort(), junit: await read('contract-live.xml'), html: await read('contract-live.html')};
}

