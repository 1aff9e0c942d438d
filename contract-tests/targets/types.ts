import type {ContractCase} from '../cases.js';

/** How a target provokes one case: the request to send, and what is known about the session behind it. */
export interface PreparedCase {
	readonly id: string;
	readonly sessionToken?: string | undefined;
	readonly cookie?: string | undefined;
	/** Extra request headers (the mock's `Prefer`). */
	readonly headers?: Readonly<Record<string, string>>;
	/** Send this case somewhere else than the target's base URL (the local Kratos's short-lifespan twin). */
	readonly baseUrl?: string;
	/** For ownership checks: the flow asked for and the session's identity. */
	readonly flowId?: string | undefined;
	readonly identityId?: string | undefined;
}

/** Why a case does not run here, e.g. the environment variable that would enable it. */
export interface SkippedCase {
	readonly skip: string;
}

/**
 * Where requests go. A target only knows how to reach each situation; cases, checks and reports are the same for all.
 * `start` may throw a `TargetError` with a message a user can act on; `stop` is always called and must not throw.
 */
export interface Target {
	readonly name: string;
	/** Base URL of Kratos's public API, path prefix included. Valid after `start`. */
	readonly baseUrl: string;
	/** Every secret the target knows (tokens, cookies), for the redaction of all output. */
	readonly secrets: readonly string[];
	/** Per-request timeout the target wants (a user's KRATOS_TIMEOUT_MS). */
	readonly timeoutMs?: number | undefined;
	start(): Promise<void>;
	prepare(contractCase: ContractCase): Promise<PreparedCase | SkippedCase>;
	stop(): Promise<void>;
}

/** A target could not be used: unreachable, misconfigured, failed to start. The message says what to do. */
export class TargetError extends Error {
	override readonly name = 'TargetError' as const;
}
