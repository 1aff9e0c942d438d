import type {Exchange} from '../checks/types.js';
import type {ObservedRequest} from './observe.js';
import type {CaseId, ContractCase, InputOf} from '../operations/index.js';

/** What the suite knows about the situation it set up, for the checks that compare an answer with the truth. */
export interface Truth {
	/** The flow asked for. */
	readonly flowId?: string | undefined;
	/** The identity of the session that asked. */
	readonly identityId?: string | undefined;
	/** Its traits, as GET /sessions/whoami (or the update just sent) says they are. */
	readonly traits?: Readonly<Record<string, unknown>> | undefined;
	/** How the flow was created: the native endpoint (`api`) or the browser one. */
	readonly flowType?: 'api' | 'browser' | undefined;
	/** The state the flow must be in: `show_form` until an update succeeded, `success` after. */
	readonly state?: 'show_form' | 'success' | undefined;
	/** When the flow was created: by this very request, or between two instants (ms since the epoch). */
	readonly created?: 'by-this-request' | {readonly after: number; readonly before: number} | undefined;
	/** selfservice.flows.settings.lifespan, when the suite knows the server's configuration (the local Kratos). */
	readonly lifespanMs?: number | undefined;
	/**
	 * Whether the request that created the flow sent this Kratos's CSRF cookie (`csrf_token…`). Kratos derives a flow's
	 * CSRF token from that cookie when there is one, for an API flow too (ory/nosurf handler.go: a valid cookie on an
	 * ignored path still sets the request's token; x/nosurf.go DefaultCSRFToken), so only an API flow created without
	 * it must have an empty token.
	 */
	readonly csrfCookie?: boolean | undefined;
	/**
	 * The request was made with another identity's session: nothing of this owner may appear anywhere in the answer
	 * (body, headers, redirects): not the owner's identity id, not a value of the owner's traits.
	 */
	readonly owner?: {readonly identityId: string; readonly traits: Readonly<Record<string, unknown>>} | undefined;
	/**
	 * The write the case makes (update_profile): which trait it changes, from what, to what. The flow the update
	 * answers, and what is read back afterwards (the flow and whoami), must show `to`; `truth.traits` is the whole
	 * traits object after the write. Undefined when the case changes nothing.
	 */
	readonly write?: {readonly path: string; readonly from: unknown; readonly to: unknown} | undefined;
	/** Why this write-case changes nothing (no trait of the identity schema can be changed without a recent login). */
	readonly writeSkipped?: string | undefined;
	/**
	 * Origins of Kratos's self-service UIs as the server itself named them (the settings UI its browser navigation
	 * redirects to): where a saved browser flow's continue_with may send the browser, beside the public API and the
	 * flow's return_to.
	 */
	readonly uiOrigins?: readonly string[] | undefined;
}

/** How a target provokes one case: the input to send, the credentials and headers, and what it knows. */
export interface Prepared<Input> {
	readonly input: Input;
	readonly sessionToken?: string | undefined;
	readonly cookie?: string | undefined;
	/** Extra request headers (the mock's `Prefer`, a navigation's `Accept`). */
	readonly headers?: Readonly<Record<string, string>>;
	/** Send this case somewhere else than the target's base URL (a twin of the local Kratos with other settings). */
	readonly baseUrl?: string;
	readonly truth?: Truth;
	/**
	 * Answers the case accepts instead of its own single one, when the suite cannot know which the server owes (a short
	 * password with the privileged age unknown: refused for the session's age, or for its length). The answer is
	 * judged by the alternative whose statuses hold its status, with that alternative's promises.
	 */
	readonly alternatives?: readonly Alternative[] | undefined;
	/** The variables or flags whose values decided what this case expects (see Expectation.dependsOn). */
	readonly dependsOn?: readonly string[] | undefined;
	/**
	 * Runs after the case's request and before the checks: reads back what a write changed, then puts it back. Its
	 * findings are the exchange's `afterwards`, which the write_took_effect check judges. Never throws.
	 */
	readonly after?: ((exchange: Exchange) => Promise<Afterwards>) | undefined;
}

/** One answer a case may accept: its statuses, and the error id or kind of result that goes with them. */
export interface Alternative {
	readonly status: readonly number[];
	readonly errorId?: string | undefined;
	readonly result?: 'success' | 'corrections' | 'http-error' | undefined;
}

/** What a write case found after its request. */
export interface Afterwards {
	/** What the server answers after the write: the updated flow fetched again, and the session's identity (whoami). */
	readonly readBack?: {readonly flow?: unknown; readonly whoami?: unknown} | undefined;
	/** Why reading back failed (no answer, a status other than 200). */
	readonly readBackFailed?: string | undefined;
	/** Set when putting the change back failed: what happened, and what to restore by hand. */
	readonly putBackFailed?: string | undefined;
}

/** Why a case does not run here: the variable that would enable it, or why this target cannot provoke it. */
export interface Skipped {
	readonly skip: string;
}

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

/**
 * The server could not be used: unreachable, no answer in time, failing, or (the local targets) failed to start. A
 * fault on the server's side: the run fails (exit 1), and the reports say why. The message says what to do.
 */
export class TargetError extends Error {
	override readonly name = 'TargetError' as const;
}

/**
 * What the user gave is wrong: a missing or unknown flag or variable, a token that is not a session, a flow id the
 * server does not know or that is not in the state its variable promises, a URL that is not Kratos's public API. Not
 * a fault of the server: the command exits 2, writes no report, and the message names the variable or flag (and never
 * a secret's value).
 */
export class UsageError extends Error {
	override readonly name = 'UsageError' as const;
}

/** Asks a target how it provokes one case: the one place the per-case types meet the list of all cases. */
export async function provokeCase(target: Target, contractCase: ContractCase): Promise<Prepared<unknown> | Skipped> {
	const provoke = target.provoke[contractCase.id] as (contractCase: ContractCase) => Prepared<unknown> | Skipped | Promise<Prepared<unknown> | Skipped>;
	return provoke(contractCase);
}
