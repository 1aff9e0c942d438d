// The contract suite as a command: `kratos-settings-flow-contract live [flags]` (the published bin, bin.ts) and
// `npm run contract`, `contract:live`, `contract:kratos` in a clone (cli.ts), which add the targets that need the
// repository. Parses flags and variables, loads the spec, runs the suite, writes the reports, returns the exit status.
// Usage errors go to stderr and write no report; everything a run prints or writes passes the redactor.
import {access, constants, mkdir, writeFile} from 'node:fs/promises';
import {constants as osConstants} from 'node:os';
import {join, resolve} from 'node:path';
import {parseArgs} from 'node:util';
import {type Contract, SPEC_FILE, loadContract} from '../../spec/index.js';
import {PACKAGE_NAME, PACKAGE_VERSION} from '../../spec/package.js';
import {operations} from '../operations/index.js';
import {type Recording, finishRecording, recordingFrom, runDiffCommand} from './diff-command.js';
import {progressPrinter} from '../report/console.js';
import {consoleFormat} from '../report/formats/console.js';
import {runFiles} from '../report/formats/index.js';
import {exitCodeOf} from '../base/verdict.js';
import {type Redactor, createRedactor} from '../base/redact.js';
import {runContract} from '../runner/run.js';
import {LIVE_FLAGS, LIVE_VARIABLES, type LiveFlags, liveConfig, liveTarget} from '../targets/live.js';
import {startSteps} from '../targets/live/start-steps.js';
import {type Target} from '../targets/types.js';
import {UsageError} from '../base/errors.js';

export const HELP = `Usage: ${PACKAGE_NAME} live [options]
       ${PACKAGE_NAME} diff BEFORE AFTER [--format console|markdown|junit] [--strict]

Runs the contract suite of Ory Kratos's settings flow (get, create and update) against your Kratos's
public API, e.g. staging: prints a table of case × check, writes a JUnit and an HTML report.

Options (a flag wins over its variable):
  --url URL               KRATOS_PUBLIC_URL            the public API, path prefix included (required)
  --settings-flow-id ID   KRATOS_SETTINGS_FLOW_ID      a settings flow of the session to use instead of creating one
  --expired-flow-id ID    KRATOS_EXPIRED_FLOW_ID       an expired flow of the session's identity: enables expired_flow
  --aal1-flow-id ID       KRATOS_AAL1_FLOW_ID          a flow of the AAL1 session's identity: enables aal2_required
  --allow-writes          KRATOS_ALLOW_WRITES=1        run the update cases that change nothing or put it back
  --test-identity-id ID   KRATOS_TEST_IDENTITY_ID      the dedicated test identity (the session's) writes may touch
  --advertised-url URL    KRATOS_ADVERTISED_URL        Kratos's serve.public.base_url, if you reach it by another URL
  --allow-insecure-http   KRATOS_ALLOW_INSECURE_HTTP=1 plain http:// to a host that is not loopback
  --privileged-session-max-age DURATION
                          KRATOS_PRIVILEGED_SESSION_MAX_AGE  Kratos's privileged_session_max_age (unset:
                                                       either password refusal is accepted)
  --timeout MS            KRATOS_TIMEOUT_MS            per request, default 10000
  --report-dir DIR        CONTRACT_REPORT_DIR          where contract-live.xml and .html go, default ./reports
  --spec FILE                                          judge by your OpenAPI document (3.0 or 3.1) instead
  --strict                                             warnings (drift of a newer Kratos) fail the run too
  --record FILE                                        write a record of the run (what each case got, no values)
  --baseline FILE                                      compare the run's record with FILE, a record (see diff)
  --help, --version

Secrets come from the environment only (a command line shows in ps and in shell history):
  KRATOS_SESSION_TOKEN        a session token (or KRATOS_COOKIE alone): required
  KRATOS_COOKIE               a Cookie header with the same identity's session: enables the cookie cases
  KRATOS_OTHER_SESSION_TOKEN  another identity's session: enables other_identity
  KRATOS_AAL1_SESSION_TOKEN   an AAL1 session of an identity with a second factor: enables the AAL2 cases

It sends GET /sessions/whoami, GET /self-service/settings/{api,browser,flows}, OPTIONS
/self-service/settings/flows (a CORS preflight from a foreign origin, no credential) and, only with
--allow-writes, GET of the identity schema (whoami's schema_url) and POST /self-service/settings; never
follows a redirect; never writes a secret anywhere.

What --allow-writes changes, on the test identity only: one profile trait that is no login identifier
and no address (a string the schema leaves unconstrained, such as a name), set to contract-<random>,
read back through the flow and whoami, then put back; a put-back that fails fails the run and says
what to restore by hand. Every other update it sends is the profile unchanged from a browser flow
(only the identity's updated_at moves) or one Kratos refuses, changing nothing: an invalid trait, a
5-character password (refused for its length, or for the session's age when the session logged in
longer ago than privileged_session_max_age), no session, no CSRF token, another identity's session,
an AAL1 session, an unknown or expired flow. It never changes a password, a second factor or lookup
codes.

diff compares two records, case by case: statuses, error ids, headers, cookies, JSON paths and their
types, enum values, message ids, ui nodes. What is new is an addition (drift, which clients tolerate);
what is gone or changed is a break. --format markdown for a pull request comment, junit for CI. A record
holds no secret, trait, id or timestamp: safe to commit. With --baseline and no --record, the record goes
to the report folder as contract-live.record.json, the diff beside it as contract-live.diff.md and .xml.

Exit status:
  0  every check that ran passed (warnings allowed, unless --strict)
  1  the server broke the contract, failed, or could not be reached (with --strict: or drifted)
  2  a usage error, on stderr, naming the flag or variable, and no report: a missing token or cookie, plain
     http off loopback without the opt-in, an unknown flag, a URL that does not answer like Kratos's public
     API, a token that is not a session, a flow id the server does not know or that is not in the state its
     variable promises, a KRATOS_TEST_IDENTITY_ID that is not the session's identity, an unusable --spec,
     a --record or --report-dir that cannot be written
  130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM: "Interrupted", the summary of what ran, and reports
     that say the run was interrupted (no record); a write in flight puts its change back first, and a
     second signal stops at once
  diff: 0 nothing changed or additions only, 1 a break (with --strict: or an addition), 2 a record that
     is missing, unreadable, not a record or of another format version, named. live --baseline exits 1
     when the run or the diff does, 2 before any request for an unusable baseline.

Only the live target ships. In a clone of the repository, \`npm run contract\` runs the suite against a
Prism mock of the spec and \`npm run contract:kratos\` against a real Kratos it builds and starts.
`;

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

export interface CommandIo {
	readonly out: (text: string) => void;
	readonly err: (text: string) => void;
	readonly env: NodeJS.ProcessEnv;
	readonly cwd: string;
	/** Aborted (with the signal's name as its reason) when the user interrupts the run: Ctrl-C, SIGTERM. */
	readonly signal?: AbortSignal | undefined;
}

/** The exit status of a run interrupted by a signal, as shells report one: 128 + its number (SIGINT 130, SIGTERM 143). */
export const interruptedExitCode = (signal: string) => 128 + (osConstants.signals[signal as NodeJS.Signals] ?? 2);

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

// Secret-looking flags get their own refusal: the value is already in argv, and the user should know why.
const SECRET_FLAGS: Record<string, string> = {
	'session-token': LIVE_VARIABLES.sessionToken,
	cookie: LIVE_VARIABLES.cookie,
	'other-session-token': LIVE_VARIABLES.otherSessionToken,
	'aal1-session-token': LIVE_VARIABLES.aal1SessionToken,
};

const OPTIONS = {
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean'},
	strict: {type: 'boolean'},
	spec: {type: 'string'},
	'report-dir': {type: 'string'},
	url: {type: 'string'},
	'settings-flow-id': {type: 'string'},
	'expired-flow-id': {type: 'string'},
	'aal1-flow-id': {type: 'string'},
	'allow-writes': {type: 'boolean'},
	'test-identity-id': {type: 'string'},
	'advertised-url': {type: 'string'},
	'allow-insecure-http': {type: 'boolean'},
	'privileged-session-max-age': {type: 'string'},
	timeout: {type: 'string'},
	record: {type: 'string'},
	baseline: {type: 'string'},
} as const;

type Values = {-readonly [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string};

// A word that may be echoed back (a mistyped target): short and plain. Anything else may be a secret pasted in the
// wrong place, and is not repeated.
const quotable = (arg: string) => (/^[A-Za-z][\w:.-]{0,23}$/.test(arg) ? `"${arg}"` : '(not shown)');

function parse(argv: readonly string[]): {values: Values; positionals: string[]} {
	for (const arg of argv) {
		if (arg === '--') break;
		if (!arg.startsWith('-') || arg === '-') continue;
		const name = arg.replace(/^--?/, '').split('=')[0]!;
		const secret = SECRET_FLAGS[name];
		if (secret) {
			throw new UsageError(`--${name} is not an option: secrets are read from the environment only (${secret}), never from the command line, which ps and shell history show`);
		}
		const known = arg.startsWith('--') ? name in OPTIONS : Object.values(OPTIONS).some((option) => 'short' in option && option.short === name);
		if (!known) throw new UsageError(`unknown option ${arg.startsWith('--') ? '--' : '-'}${quotable(name).replaceAll('"', '')}`);
	}
	try {
		const {values, positionals} = parseArgs({args: [...argv], options: OPTIONS, allowPositionals: true, strict: true});
		return {values: values as Values, positionals};
	} catch (error) {
		// Node's messages name the option, not a value (e.g. "Option '--url <value>' argument missing").
		throw new UsageError((error as Error).message.replace(/\.$/, ''));
	}
}

/** The spec to judge by: the bundled one, or the user's --spec, which must be usable for at least one operation. */
async function specFor(file: string | undefined, cwd: string): Promise<Contract> {
	if (file === undefined) return loadContract(SPEC_FILE);
	const path = resolve(cwd, file);
	try {
		await access(path, constants.R_OK);
	} catch {
		throw new UsageError(`--spec ${file}: no readable file at ${path}`);
	}
	let contract: Contract;
	try {
		contract = await loadContract(path);
	} catch (error) {
		const lines = String((error as Error).message).split('\n');
		const message = lines.slice(0, 6).join('\n') + (lines.length > 6 ? `\n… (${lines.length - 6} more lines)` : '');
		throw new UsageError(`--spec ${file} is not a valid OpenAPI document: ${message}`);
	}
	const documented = operations.filter((operation) => contract.documents(operation.method, operation.path));
	if (!documented.length) {
		throw new UsageError(`--spec ${file} documents none of the operations the suite tests (${operations.map((operation) => `${operation.method} ${operation.path}`).join(', ')})`);
	}
	// Every response schema the suite may judge by, compiled now: a schema ajv cannot read is the document's problem.
	for (const operation of documented) {
		const documentedOperation = contract.operation(operation.method, operation.path);
		for (const key of documentedOperation.responseKeys) {
			const response = documentedOperation.responseFor(key === 'default' ? 599 : Number(key));
			if (!response) continue;
			try {
				documentedOperation.validatorFor(response, 'conformance');
				documentedOperation.validatorFor(response, 'drift');
			} catch (error) {
				throw new UsageError(`--spec ${file}: the schema of ${documentedOperation.label} → ${key} cannot be used: ${(error as Error).message}`);
			}
		}
	}
	return contract;
}

function timeoutFrom(values: Values, env: NodeJS.ProcessEnv): number | undefined {
	const [name, value] = values.timeout !== undefined ? ['--timeout', values.timeout] : [LIVE_VARIABLES.timeoutMs, env[LIVE_VARIABLES.timeoutMs]?.trim() || undefined];
	if (value === undefined) return undefined;
	if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${name} must be a positive whole number of milliseconds`);
	return Number(value);
}

/** Every variable the command or a clone's scripts read: KRATOS_* and CONTRACT_* names beyond these are mistakes. */
export const KNOWN_VARIABLES: readonly string[] = [
	...Object.values(LIVE_VARIABLES),
	'CONTRACT_REPORT_DIR',
	// Read in a clone only (the local Kratos's build and start).
	'KRATOS_BINARY',
	'KRATOS_CACHE_DIR',
	'KRATOS_CONFIG',
];

/** A line for each KRATOS_* or CONTRACT_* variable set that nothing reads, with the closest known name. */
export function unknownVariables(env: NodeJS.ProcessEnv): string[] {
	return Object.keys(env)
		.filter((name) => /^(KRATOS|CONTRACT)_/.test(name) && !KNOWN_VARIABLES.includes(name))
		.sort()
		.map((name) => {
			const [closest, distance] = KNOWN_VARIABLES.map((known) => [known, editDistance(name, known)] as const).sort((a, b) => a[1] - b[1])[0]!;
			const hint = distance <= 3 ? `: did you mean ${closest}?` : ` (it reads ${Object.values(LIVE_VARIABLES).join(', ')} and CONTRACT_REPORT_DIR)`;
			return `${name} is set, but it is no variable of this command${hint}`;
		});
}

/** Levenshtein distance: letters inserted, removed or replaced. */
function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		previous = current;
	}
	return previous[b.length]!;
}

/** Runs the command; resolves with its exit status (0, 1 or 2). */
export async function runCommand(argv: readonly string[], io: CommandIo, setup: CommandSetup): Promise<number> {
	// Whatever a usage error says passes the redactor with every secret the environment holds.
	const envSecrets = [LIVE_VARIABLES.sessionToken, LIVE_VARIABLES.cookie, LIVE_VARIABLES.otherSessionToken, LIVE_VARIABLES.aal1SessionToken].map((name) => io.env[name]);
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
	const reports = runFiles().map((format) => ({format, file: join(reportDir, `contract-${run.target.name}.${format.extension}`)}));
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
				.filter(([name]) => /TOKEN|COOKIE/.test(name))
				.map(([, value]) => value);
			const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
			process.stderr.write(`${PACKAGE_NAME}: the suite itself failed (a bug; please report it):\n${createRedactor(secrets).text(message)}\n`);
			process.exitCode = 1;
		},
	);
}
