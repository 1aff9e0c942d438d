// The contract suite as a command: `kratos-settings-flow-contract live [flags]` (the published bin, bin.ts) and
// `npm run contract`, `contract:live`, `contract:kratos` in a clone (clone.ts), which add the targets that need the
// repository. Reads the flags (args.ts) and variables (variables.ts), loads the spec (spec-option.ts), runs the suite,
// writes the reports in every format that makes a file, returns the exit status. Usage errors go to stderr and write no
// report; everything a run prints or writes passes the redactor.
import {access, constants, mkdir, writeFile} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {type Contract, SPEC_FILE} from '../../spec/index.js';
import {PACKAGE_NAME, PACKAGE_VERSION} from '../../spec/package.js';
import {UsageError} from '../base/errors.js';
import {type Redactor, createRedactor} from '../base/redact.js';
import {exitCodeOf} from '../base/verdict.js';
import {progressPrinter} from '../report/console.js';
import {consoleFormat} from '../report/formats/console.js';
import {runFiles} from '../report/formats/index.js';
import {runContract} from '../runner/run.js';
import {LIVE_FLAGS, LIVE_VARIABLES, type LiveFlags, SECRET_INPUTS, liveConfig, liveTarget} from '../targets/live.js';
import {startSteps} from '../targets/live/start-steps.js';
import type {Target} from '../targets/types.js';
import {parse, quotable, timeoutFrom} from './args.js';
import {type Recording, finishRecording, recordingFrom, runDiffCommand} from './diff-command.js';
import {HELP} from './help.js';
import {type CommandIo, interruptedExitCode} from './io.js';
import {specFor} from './spec-option.js';
import {unknownVariables} from './variables.js';

/** A target an entry point offers: how to make it from the flags, or why it is not here. */
export type TargetEntry =
	| {
			/** Takes the live target's inputs (--url, …). */
			readonly liveInputs?: boolean;
			/** Can be judged by a user's --spec. */
			readonly spec?: boolean;
			create(context: {readonly flags: LiveFlags; readonly env: NodeJS.ProcessEnv; readonly timeoutMs: number | undefined}): Target | Promise<Target>;
	  }
	| {readonly unavailable: string};

export interface CommandSetup {
	readonly targets: Readonly<Record<string, TargetEntry>>;
	/** The target when none is named (the clone's `npm run contract`: mock); the published command needs one. */
	readonly defaultTarget?: string;
}

/** The live target, from the variables and the flags: the one the published command has. */
export const LIVE_ENTRY: TargetEntry = {
	liveInputs: true,
	spec: true,
	create: ({flags, env}) => {
		const config = liveConfig(env, flags);
		const target = liveTarget(config);
		return Object.assign(target, {describeStartRequest: startSteps(config, () => target.baseUrl)});
	},
};

/** Runs the command; resolves with its exit status (0, 1 or 2). */
export async function runCommand(argv: readonly string[], io: CommandIo, setup: CommandSetup): Promise<number> {
	// Whatever a usage error says passes the redactor with every secret the environment holds.
	const envSecrets = SECRET_INPUTS.map((input) => io.env[LIVE_VARIABLES[input]]);
	const usage = (error: UsageError) => {
		io.err(`${PACKAGE_NAME}: ${createRedactor(envSecrets).text(error.message)}\nRun \`${PACKAGE_NAME} --help\` for the flags, variables and exit codes.\n`);
		return 2;
	};
	if (argv[0] === 'diff') return runDiffCommand(argv.slice(1), io, usage, HELP, createRedactor(envSecrets));
	// A mistyped variable is named, with the closest one the command reads (it would otherwise be silently unread).
	for (const line of unknownVariables(io.env)) io.err(`${PACKAGE_NAME}: ${line}\n`);
	let strict: boolean;
	let target: Target;
	let contract: Contract;
	let reportDir: string;
	let recording: Recording | undefined;
	try {
		const {values, positionals} = parse(argv);
		if (values.help) {
			io.out(HELP);
			return 0;
		}
		if (values.version) {
			io.out(`${PACKAGE_VERSION}\n`);
			return 0;
		}
		const [name = setup.defaultTarget, ...extra] = positionals;
		if (name === undefined) throw new UsageError('name the target: live');
		if (extra.length) throw new UsageError(`unexpected argument ${quotable(extra[0]!)} after the target`);
		const entry = setup.targets[name];
		if (!entry) throw new UsageError(`unknown target ${quotable(name)}: use ${Object.keys(setup.targets).join(', ')}`);
		if ('unavailable' in entry) throw new UsageError(entry.unavailable);
		if (!entry.liveInputs) {
			const given = Object.values(LIVE_FLAGS).filter((flag) => values[flag] !== undefined && flag !== 'timeout');
			if (given.length) throw new UsageError(`--${given[0]} is for the live target, not ${name}`);
		}
		if (values.spec !== undefined && !entry.spec) throw new UsageError(`--spec is for the live and kratos targets: the ${name} target serves the bundled spec`);
		strict = values.strict === true;
		const timeoutMs = timeoutFrom(values, io.env);
		const flags: LiveFlags = Object.fromEntries(
			Object.entries(LIVE_FLAGS)
				.filter(([, flag]) => values[flag] !== undefined)
				.map(([input, flag]) => [input, values[flag]]),
		);
		const [dirName, dir] = values['report-dir'] !== undefined ? ['--report-dir', values['report-dir']] : ['CONTRACT_REPORT_DIR', io.env.CONTRACT_REPORT_DIR?.trim() || 'reports'];
		reportDir = resolve(io.cwd, dir);
		contract = await specFor(values.spec, io.cwd);
		target = await entry.create({flags, env: io.env, timeoutMs});
		try {
			await mkdir(reportDir, {recursive: true});
			await access(reportDir, constants.W_OK);
		} catch {
			throw new UsageError(`${dirName}: cannot write reports to ${reportDir}`);
		}
		recording = await recordingFrom(values, io.cwd, reportDir, target.name);
	} catch (error) {
		if (error instanceof UsageError) return usage(error);
		throw error;
	}

	const write = (line: string) => io.out(`${line}\n`);
	// The target's secrets grow as the run goes (a password it makes up): each line is redacted with those known then.
	const redactor: Redactor = {text: (text) => createRedactor([...envSecrets, ...target.secrets]).text(text), value: (value) => createRedactor([...envSecrets, ...target.secrets]).value(value)};
	const progress = progressPrinter(write, redactor);
	// The first line, at the first request (the target's start) or else the first case: a usage error found before any
	// request prints nothing on stdout.
	let announced = false;
	const announce = () => {
		if (announced) return;
		announced = true;
		const spec = contract.file === SPEC_FILE ? 'the bundled spec' : contract.file;
		write(`${PACKAGE_NAME} ${PACKAGE_VERSION}: the contract suite against the ${target.name} target (${target.baseUrl}), judged by ${spec} (sha256 ${contract.sha256.slice(0, 12)}…)`);
	};
	const describeStart = target.describeStartRequest;
	let run;
	try {
		run = await runContract({
			target,
			contract,
			...progress,
			// Before the cases, what the target checks as it starts (the session, each input given, the flow it creates),
			// a line when each request leaves and one when its answer comes: a slow server shows progress at once.
			onStartRequest: describeStart && ((request) => {
				const what = describeStart(request);
				if (what === undefined) return undefined;
				announce();
				write(redactor.text(`[start] ${what} …`));
				const sent = performance.now();
				return (answer) =>
					write(redactor.text(`      ${'status' in answer ? `answered ${answer.status}` : `no answer (${answer.error})`} ${Math.round(performance.now() - sent)} ms`));
			}),
			signal: io.signal,
			onInterrupt(waitingFor) {
				const by = String(io.signal?.reason ?? 'a signal');
				write(
					waitingFor
						? `\nInterrupted (${by}): stopping once ${waitingFor.id} has put back what it changed (${by} again stops at once, leaving it changed)`
						: `\nInterrupted (${by}): stopping`,
				);
			},
			onCaseStart(contractCase, index, total) {
				announce();
				progress.onCaseStart(contractCase, index, total);
			},
		});
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		io.err(`${PACKAGE_NAME}: ${createRedactor([...envSecrets, ...target.secrets]).text(error.message)}\nRun \`${PACKAGE_NAME} --help\` for the flags, variables and exit codes.\n`);
		return 2;
	}
	write(consoleFormat.run!(run, {strict}));
	// A target that could not be used is not an empty run: said on stderr too, where a CI log shows errors.
	if (run.error) io.err(`${PACKAGE_NAME}: the run could not start: ${createRedactor([...envSecrets, ...target.secrets]).text(run.error)}\n`);
	// Each report format that makes a file (JUnit, HTML), beside the others.
	const reports = (await runFiles()).map((format) => ({format, file: join(reportDir, `contract-${run.target.name}.${format.extension}`)}));
	await Promise.all(reports.map(({format, file}) => writeFile(file, format.run(run, {strict}))));
	write(`Reports: ${reports.map(({file}) => file).join(', ')}`);
	// With --baseline: 1 when the run failed or the diff found a break.
	const code = Math.max(exitCodeOf(run, {strict}), await finishRecording(recording, {run, contract, target, reportDir, strict, write}));
	return run.interrupted ? interruptedExitCode(run.interrupted.by) : code;
}

/** The signals that interrupt a run: what ran is reported (exit 130 or 143), a second one stops at once. */
const INTERRUPTING = ['SIGINT', 'SIGTERM'] as const;

/** Runs the command as a process: exit status set, a crash of the suite itself reported as such (exit 1). */
export function main(setup: CommandSetup): void {
	const interruption = new AbortController();
	const onSignal = (signal: NodeJS.Signals) => {
		if (!interruption.signal.aborted) {
			interruption.abort(signal);
			return;
		}
		process.stderr.write(`${PACKAGE_NAME}: interrupted again (${signal}): stopped at once; the reports were not written\n`);
		process.exit(interruptedExitCode(signal));
	};
	for (const signal of INTERRUPTING) process.on(signal, onSignal);
	const io: CommandIo = {
		out: (text) => process.stdout.write(text),
		err: (text) => process.stderr.write(text),
		env: process.env,
		cwd: process.cwd(),
		signal: interruption.signal,
	};
	runCommand(process.argv.slice(2), io, setup).then(
		(code) => {
			process.exitCode = code;
			for (const signal of INTERRUPTING) process.off(signal, onSignal);
			// Interrupted: the request in flight was abandoned, not answered; its socket must not hold the exit up.
			if (interruption.signal.aborted) process.stdout.write('', () => process.exit(code));
		},
		(error: unknown) => {
			const secrets = Object.entries(process.env)
				.filter(([name]) => /TOKEN|COOKIE|PASSWORD|SECRET/.test(name))
				.map(([, value]) => value);
			const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
			process.stderr.write(`${PACKAGE_NAME}: the suite itself failed (a bug; please report it):\n${createRedactor(secrets).text(message)}\n`);
			process.exitCode = 1;
		},
	);
}
