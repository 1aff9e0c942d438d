import type {Prepared, Skipped} from '../base/model.js';
import type {ObservedRequest} from './observe.js';
import type {CaseId, ContractCase, InputOf} from '../operations/index.js';

/**
 * For every case, how the target provokes it, or why it cannot. A mapped type over the case ids: a case without an
 * entry fails tsc, so a new operation's cases cannot be forgotten by any target.
 */
export type Provocations = {
	readonly [C in CaseId]: (contractCase: ContractCase<C>) => Prepared<InputOf<C>> | Skipped | Promise<Prepared<InputOf<C>> | Skipped>;
};

/**
 * Where requests go. A target only knows how to reach each situation; cases, checks and reports are the same for all.
 * `start` may throw a `TargetError` (the server is unusable) or a `UsageError` (what the user gave is wrong), with a
 * message a user can act on; `stop` is always called and must not throw.
 */
export interface Target {
	readonly name: string;
	/** A mock answers what it is asked to (checks about the mock itself run there only); a live server is judged. */
	readonly kind: 'mock' | 'live';
	/** Base URL of Kratos's public API, path prefix included. Valid after `start`. */
	readonly baseUrl: string;
	/** Every secret the target knows (tokens, cookies), for the redaction of all output. */
	readonly secrets: readonly string[];
	/** Per-request timeout the target wants (a user's KRATOS_TIMEOUT_MS). */
	readonly timeoutMs?: number | undefined;
	/** Kratos's serve.public.base_url when it is not the URL the suite reaches it by (KRATOS_ADVERTISED_URL). */
	readonly advertisedUrl?: string | undefined;
	start(): Promise<void>;
	/**
	 * What a request the target sends while it starts checks, in words (the session, an input given, the flow it
	 * creates), for progress lines while a slow server answers; undefined for a request that is not the target's.
	 */
	readonly describeStartRequest?: ((request: ObservedRequest) => string | undefined) | undefined;
	readonly provoke: Provocations;
	stop(): Promise<void>;
}

/** Asks a target how it provokes one case: the one place the per-case types meet the list of all cases. */
export async function provokeCase(target: Target, contractCase: ContractCase): Promise<Prepared<unknown> | Skipped> {
	const provoke = target.provoke[contractCase.id] as (contractCase: ContractCase) => Prepared<unknown> | Skipped | Promise<Prepared<unknown> | Skipped>;
	return provoke(contractCase);
}
