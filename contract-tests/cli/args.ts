// The command line: the flags the command takes (a secret given as one is refused, naming its variable), and the
// per-request timeout from its flag or variable. A mistake is a UsageError naming the flag; a value is never quoted
// back unless it is a short plain word.
import {parseArgs} from 'node:util';
import {UsageError} from '../base/errors.js';
import {LIVE_VARIABLES} from '../targets/live/config.js';

// Secret-looking flags get their own refusal: the value is already in argv, and the user should know why.
const SECRET_FLAGS: Record<string, string> = {
	'session-token': LIVE_VARIABLES.sessionToken,
	cookie: LIVE_VARIABLES.cookie,
	'other-session-token': LIVE_VARIABLES.otherSessionToken,
	'aal1-session-token': LIVE_VARIABLES.aal1SessionToken,
	'test-password': LIVE_VARIABLES.testPassword,
	password: LIVE_VARIABLES.testPassword,
	'aal1-totp-secret': LIVE_VARIABLES.aal1TotpSecret,
	'totp-secret': LIVE_VARIABLES.aal1TotpSecret,
};

export const OPTIONS = {
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

export type Values = {-readonly [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string};

// A word that may be echoed back (a mistyped target): short and plain. Anything else may be a secret pasted in the
// wrong place, and is not repeated.
export const quotable = (arg: string) => (/^[A-Za-z][\w:.-]{0,23}$/.test(arg) ? `"${arg}"` : '(not shown)');

export function parse(argv: readonly string[]): {values: Values; positionals: string[]} {
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

/** The per-request timeout: --timeout, else KRATOS_TIMEOUT_MS, else undefined (the target's default). */
export function timeoutFrom(values: Values, env: NodeJS.ProcessEnv): number | undefined {
	const [name, value] = values.timeout !== undefined ? ['--timeout', values.timeout] : [LIVE_VARIABLES.timeoutMs, env[LIVE_VARIABLES.timeoutMs]?.trim() || undefined];
	if (value === undefined) return undefined;
	if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${name} must be a positive whole number of milliseconds`);
	return Number(value);
}
