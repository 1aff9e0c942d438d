// What a Kratos configuration (its file, and the variables that override it) says about the settings flow, so the
// local targets can tell the suite what a staging's user would: the privileged age and the flows' lifespan. Kratos's
// defaults are read from its own config schema and code (v1.0.0 to master alike): embedx/config.schema.json gives
// both `"default": "1h"`; driver/config/config.go reads them with `DurationF(…, time.Hour)`
// (SelfServiceFlowSettingsPrivilegedSessionMaxAge, SelfServiceFlowSettingsFlowLifespan).
import {readFile} from 'node:fs/promises';
import {parse} from 'yaml';
import {durationMs} from '../../base/duration.js';

/** A duration as the configuration gives it, and where it comes from. */
export interface Configured {
	/** As Kratos's config writes it, e.g. `15m`. */
	readonly value: string;
	readonly ms: number;
	/** `config` (the file), `env` (a variable overriding it) or `default` (Kratos's own: the config sets none). */
	readonly from: 'config' | 'env' | 'default';
}

export interface SettingsConfiguration {
	/** selfservice.flows.settings.privileged_session_max_age */
	readonly privilegedSessionMaxAge: Configured;
	/** selfservice.flows.settings.lifespan */
	readonly lifespan: Configured;
}

const KRATOS_DEFAULT = '1h';

/** Reads the settings flow's durations from a Kratos config file and the overrides Kratos will be started with. */
export async function settingsConfiguration(configFile: string, env: Readonly<Record<string, string | undefined>> = {}): Promise<SettingsConfiguration> {
	const config = parse(await readFile(configFile, 'utf8')) as {selfservice?: {flows?: {settings?: Record<string, unknown>}}} | null;
	const settings = config?.selfservice?.flows?.settings ?? {};
	const pick = (key: string, variable: string): Configured => {
		const fromEnv = env[variable];
		const fromConfig = settings[key];
		const [value, from] = fromEnv ? [fromEnv, 'env' as const] : typeof fromConfig === 'string' ? [fromConfig, 'config' as const] : [KRATOS_DEFAULT, 'default' as const];
		const ms = durationMs(value);
		if (ms === undefined) throw new Error(`${from === 'env' ? variable : `selfservice.flows.settings.${key} in ${configFile}`} is not a duration the suite reads: ${value}`);
		return {value, ms, from};
	};
	return {
		privilegedSessionMaxAge: pick('privileged_session_max_age', 'SELFSERVICE_FLOWS_SETTINGS_PRIVILEGED_SESSION_MAX_AGE'),
		lifespan: pick('lifespan', 'SELFSERVICE_FLOWS_SETTINGS_LIFESPAN'),
	};
}
