// What the live target learnt at start, and what its provocations share: the privileged age's names and margins, and a
// skip's shape.
import type {LiveConfig} from './config.js';
import type {Offered} from './inputs.js';

/**
 * Kratos's default selfservice.flows.settings.privileged_session_max_age, v1.0.0 to master: 1h
 * (embedx/config.schema.json `"default": "1h"`; driver/config/config.go SelfServiceFlowSettingsPrivilegedSessionMaxAge,
 * `DurationF(…, time.Hour)`). Only said in messages: a server's configuration may set any other age, so the suite
 * judges by an age only when the user gives it.
 */
export const KRATOS_DEFAULT_PRIVILEGED_SESSION_MAX_AGE = '1h';
/** How close to the privileged age a session may be before neither password case can tell which answer is right (at most). */
export const PRIVILEGED_MARGIN_MS = 60_000;

/** A cookie of this Kratos's CSRF protection in a Cookie header (`csrf_token` or `csrf_token_<hash>`). */
export const hasCsrfCookie = (cookie: string | undefined) => /(?:^|;\s*)csrf_token[^=;]*=/.test(cookie ?? '');

/** A provocation that never runs here, and why. */
export const cannot = (why: string) => () => ({skip: why});

/** How messages name the privileged age: its flag when a flag gave it. */
export const nameOfPrivileged = (config: LiveConfig) => config.names?.privilegedSessionMaxAgeMs ?? 'KRATOS_PRIVILEGED_SESSION_MAX_AGE';

/** What the live target learnt at start: the session's identity, and the flow it created (or was given). */
export interface Known {
	readonly flowId: string;
	readonly identityId: string | undefined;
	/** The identity of KRATOS_OTHER_SESSION_TOKEN, from the whoami that checked it, and its traits. */
	readonly otherIdentityId: string | undefined;
	readonly otherTraits: Record<string, unknown> | undefined;
	readonly traits: Record<string, unknown>;
	readonly baseUrl: string;
	readonly timeoutMs: number;
	readonly created: {after: number; before: number} | undefined;
	/** The identity schema's URL (whoami's identity.schema_url). */
	readonly schemaUrl: string | undefined;
	/** When the session last logged in (whoami's authenticated_at), ms since the epoch. */
	readonly authenticatedAt: number | undefined;
	/** What the suite's own settings flow offers (its nodes), when the suite could read it. */
	readonly offered: Offered | undefined;
	/** The credential the suite's own flow was created with. */
	readonly ownCredentials: {readonly sessionToken?: string | undefined; readonly cookie?: string | undefined};
	/** Remembers a secret the suite made up (a password), so every output redacts it. */
	remember(secret: string): void;
}
