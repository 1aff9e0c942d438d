// The logic of `npm run kratos:start` (its flags, variables and exit codes are described in scripts/kratos-start.ts,
// the entry point, and in USAGE below): start the local Kratos, say what runs, optionally provision it and print the
// live target's variables, and stop everything on a signal, when the parent is gone, or when Kratos dies.
import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import {relative, resolve} from 'node:path';
import {parseArgs} from 'node:util';
import {UsageError} from '../../base/errors.js';
import {onParentGone} from '../parent-watch.js';
import {type LocalKratos, startLocalKratos} from './local.js';
import {type Provisioned, exportLines, provisionKratos, shellExport} from './provision.js';
import {DEFAULT_KRATOS_CONFIG, logTail} from './server.js';
import {type SettingsConfiguration, settingsConfiguration} from './settings.js';

export const USAGE = `Usage: npm run kratos:start [-- --provision]

Starts a real Ory Kratos on 127.0.0.1 (free ports, a throwaway SQLite database) until Ctrl-C or SIGTERM.

  --provision   register identities through Kratos's own self-service flows and print the
                export KRATOS_…=… lines that \`npm run contract:live\` (and the
                kratos-settings-flow-contract command) reads
  --help        this text

Environment:
  KRATOS_CONFIG     your kratos.yml (identity schema paths relative to its folder); default the project's
  KRATOS_BINARY     a kratos binary to run instead of the Kratos v1.3.1 the project builds
  KRATOS_CACHE_DIR  where the built binary is cached
`;

export interface StartCommandIo {
	readonly out: (text: string) => void;
	readonly err: (text: string) => void;
	readonly env: NodeJS.ProcessEnv;
}


async function fileFrom(env: NodeJS.ProcessEnv, name: string, executable: boolean): Promise<string | undefined> {
	const value = env[name]?.trim();
	if (!value) return undefined;
	const path = resolve(value);
	try {
		if ((await stat(path)).isFile()) {
			if (executable) await access(path, constants.X_OK);
			return path;
		}
	} catch {
		// named below
	}
	throw new UsageError(`${name}=${value} is not ${executable ? 'an executable' : 'a readable'} file`);
}

const seconds = (since: number) => `${Date.now() - since} ms`;

function banner(kratos: LocalKratos, startedAt: number, userConfig: boolean): string {
	const config = userConfig
		? `${kratos.configFile} (KRATOS_CONFIG)`
		: `${relative(process.cwd(), kratos.configFile) || kratos.configFile} (the project's; set KRATOS_CONFIG to use yours)`;
	return [
		`Kratos ${kratos.version} ready in ${seconds(startedAt)}`,
		`binary:   ${kratos.binary}`,
		`config:   ${config}`,
		`database: a SQLite file in ${kratos.workDir} (the config's dsn is not used; removed on stop)`,
		`public:   ${kratos.publicUrl}`,
		`admin:    ${kratos.adminUrl}`,
		`log:      ${kratos.logFile} (removed on stop)`,
		'',
	].join('\n');
}

function provisionedText(provisioned: Provisioned, settings: SettingsConfiguration, startedAt: number): string {
	const age = settings.privilegedSessionMaxAge;
	return [
		`Provisioned in ${seconds(startedAt)} through Kratos's own self-service flows. The values below are test secrets of`,
		'this throwaway local Kratos (they are worthless once it stops); printing them is the point: paste them into a',
		'shell, then run `npm run contract:live` (or `npx kratos-settings-flow-contract live`).',
		'',
		...exportLines(provisioned),
		// What the config started with (Kratos's own default where it sets none): the password cases are judged by it.
		`${shellExport('KRATOS_PRIVILEGED_SESSION_MAX_AGE', age.value)}${age.from === 'default' ? "   # Kratos's default: the config sets no selfservice.flows.settings.privileged_session_max_age" : ''}`,
		'',
		`The settings flows expire at ${provisioned.flowsExpireAt} (the config's settings lifespan); start again for fresh ones.`,
		'',
	].join('\n');
}

/** Runs the command; resolves with the exit status once everything it started is stopped and removed. */
export async function kratosStartCommand(argv: readonly string[], io: StartCommandIo): Promise<number> {
	let provision: boolean;
	let configFile: string | undefined;
	try {
		let values;
		try {
			({values} = parseArgs({args: [...argv], options: {provision: {type: 'boolean'}, help: {type: 'boolean'}}, strict: true}));
		} catch (error) {
			throw new UsageError((error as Error).message);
		}
		if (values.help) {
			io.out(USAGE);
			return 0;
		}
		provision = values.provision === true;
		configFile = await fileFrom(io.env, 'KRATOS_CONFIG', false);
		await fileFrom(io.env, 'KRATOS_BINARY', true);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		io.err(`kratos:start: ${error.message}\n\n${USAGE}`);
		return 2;
	}

	// A stop asked for while Kratos is still starting is carried out as soon as the start settles.
	let stopReason: string | undefined;
	let requestStop!: (reason: string) => void;
	const stopRequested = new Promise<string>((resolve) => {
		requestStop = (reason) => {
			stopReason ??= reason;
			resolve(stopReason);
		};
	});
	// `on`, not `once`: a second Ctrl-C while stopping must not end the process before the folder is removed.
	const onSignal = (signal: NodeJS.Signals) => requestStop(signal);
	const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
	for (const signal of signals) process.on(signal, onSignal);
	const unwatch = onParentGone(() => requestStop('the process that started it is gone'));

	try {
		const startedAt = Date.now();
		let kratos: LocalKratos;
		const config = configFile ?? DEFAULT_KRATOS_CONFIG;
		try {
			kratos = await startLocalKratos({configFile: config});
		} catch (error) {
			io.err(`kratos:start: could not start Kratos with ${config}${configFile ? ' (KRATOS_CONFIG)' : ''}.\n${(error as Error).message}\n`);
			return 1;
		}
		try {
			if (stopReason) return 0;
			io.out(banner(kratos, startedAt, configFile !== undefined));
			if (provision) {
				const provisioningStarted = Date.now();
				const provisioning = provisionKratos(kratos, () => undefined);
				provisioning.catch(() => undefined);
				const provisioned = await Promise.race([provisioning, stopRequested.then(() => undefined)]);
				if (!provisioned) return 0;
				io.out(provisionedText(provisioned, await settingsConfiguration(config), provisioningStarted));
			}
			io.out('Ctrl-C (or SIGTERM) stops it.\n');
			const outcome = await Promise.race([
				stopRequested.then((reason) => ({reason})),
				kratos.exited.then((code) => ({code})),
			]);
			if ('code' in outcome) {
				io.err(`Kratos exited on its own (code ${outcome.code}). Last lines of its log:\n${await logTail(kratos.logFile)}\n`);
				return 1;
			}
			io.err(`Stopping Kratos (${outcome.reason}).\n`);
			return 0;
		} catch (error) {
			io.err(`kratos:start: ${(error as Error).message}\n`);
			return 1;
		} finally {
			await kratos.stop();
		}
	} finally {
		unwatch();
		for (const signal of signals) process.off(signal, onSignal);
	}
}
