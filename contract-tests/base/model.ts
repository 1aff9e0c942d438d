// The run's model: what one case sends and gets back (an exchange), what it expects and what the suite knows of the
// situation (an expectation, its truth), what a target prepares to provoke it and what a write found afterwards, what
// a check is and finds (a violation), and what a run adds up to. Types only; every layer from the checks up reads it.
import type {ContractOperation} from '../../spec/index.js';
import type {ClientResult, ContractCase} from '../operations/index.js';

/** One request of a case and what came back, as the checks see it. Header values may be secrets: redact on output. */
export interface Exchange {
	readonly request: {
		readonly method: string;
		readonly url: string;
		readonly headers: Readonly<Record<string, string>>;
		/** The JSON body sent, when there was one (it may carry secrets: redact on output). */
		readonly body?: string | undefined;
		/** Whether a session token or cookie went with the request. */
		readonly authenticated: boolean;
	};
	/** Undefined when no HTTP answer came (connection refused, timeout). */
	readonly response:
		| {
				readonly status: number;
				/** Header names in lower case; several Set-Cookie lines are joined with ", " (see setCookies). */
				readonly headers: Readonly<Record<string, string>>;
				/** Each Set-Cookie line on its own (an Expires date has a comma of its own: `headers` cannot be split safely). */
				readonly setCookies?: readonly string[] | undefined;
				readonly text: string;
				/** The body parsed as JSON, or undefined when it is empty or not JSON. */
				readonly body: unknown;
		  }
		| undefined;
	/** What the client returned for this exchange. */
	readonly result: ClientResult;
	/** When the request left and when its answer was complete (ms since the epoch, this machine's clock). */
	readonly sentAt: number;
	readonly receivedAt: number;
	/** What a write case found afterwards (read back, put back): see Prepared.after. */
	readonly afterwards?: Afterwards | undefined;
}

/** What the case set out to provoke, and what the suite knows about the situation. */
export interface Expectation {
	/** Statuses the case accepts (usually one). */
	readonly status: readonly number[];
	/** The Kratos `error.id` the case expects, when it expects one. */
	readonly errorId?: string | undefined;
	/** The kind of client result the case expects, when the status alone does not say it. */
	readonly result?: 'success' | 'corrections' | 'http-error' | undefined;
	readonly truth: Truth;
	/**
	 * Kratos's own public URL (serve.public.base_url, path prefix included, no trailing slash): where the URLs it
	 * returns must point. The URL the suite reaches it by, unless the user says Kratos advertises another.
	 */
	readonly publicUrl: string;
	/**
	 * The variables (or the flags that gave them) whose values decided this expectation, e.g.
	 * KRATOS_PRIVILEGED_SESSION_MAX_AGE for whether a password change must be refused for the session's age: a failure
	 * names them, since a wrong value there is the user's to fix, not the server's fault.
	 */
	readonly dependsOn?: readonly string[] | undefined;
}

/**
 * `error`: the server broke the contract (the run fails). `warning`: drift, what a newer healthy Kratos may send (a new
 * value of an extensible enum, an undocumented property or header); reported, failing the run only with --strict.
 */
export type Severity = 'error' | 'warning';

/** A violation, located like Prism's: `["response", "body", "ui", "nodes", 3]`. */
export interface Violation {
	/** Set by the runner from the check's severity when the check leaves it out. */
	readonly severity?: Severity | undefined;
	/** A short title, e.g. "Undocumented HTTP status code". */
	readonly title: string;
	readonly location: readonly (string | number)[];
	/** A machine-readable code: the JSON Schema keyword, or the check's own. */
	readonly code: string;
	readonly message: string;
	readonly received?: string | undefined;
	/** What the spec documents (a schema excerpt, the listed statuses). */
	readonly documented?: string | undefined;
	/** What the case or the suite's own knowledge expects (not the spec: the situation it set up). */
	readonly expected?: string | undefined;
}

export interface CheckContext {
	readonly exchange: Exchange;
	readonly expect: Expectation;
	/** The spec's operation the request went to. */
	readonly operation: ContractOperation;
	readonly case: ContractCase;
}

/**
 * One named check. `run` returns every violation it finds and never throws; `skip` says why it does not apply to an
 * exchange (e.g. no answer came), or undefined when it does.
 */
export interface Check {
	readonly name: string;
	readonly description: string;
	/**
	 * Its place among the checks, the report's columns in ascending order (checks/index.ts builds the registry from
	 * the files beside it): 100s the answer and its shape, 200s the session, 300s what a schema cannot see of the
	 * situation, 400s the promises a staging must keep, 500s drift.
	 */
	readonly order: number;
	/** What the check's violations are. @default 'error' */
	readonly severity?: Severity;
	/** Where the check can fail; it runs nowhere else (and is not counted there). @default every target */
	readonly targets?: readonly ('mock' | 'live')[];
	skip?(context: CheckContext): string | undefined;
	/**
	 * Where the check ran but a part of it could not be judged here: which part and why (a report says so beside the
	 * check's outcome, so a pass is not read as more than was proved). Undefined when all of it was judged.
	 */
	partly?(context: CheckContext): string | undefined;
	run(context: CheckContext): Violation[];
}

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
	/** What the suite knows of a login case: what the flow asked for, whose session it is, what the login must do. */
	readonly login?: LoginTruth | undefined;
}

/** What a login case set up, for the checks of the login flows and of the session they act on. */
export interface LoginTruth {
	/** What the request that created the flow asked for: the flow must say the same. */
	readonly asked?: {readonly refresh: boolean; readonly aal: 'aal1' | 'aal2'; readonly returnTo?: string | undefined} | undefined;
	/** The settings flow an interruption came from: the login's return_to must lead back to it (its id in `?flow=`). */
	readonly returnsToFlow?: string | undefined;
	/**
	 * The values the refresh flow's identifier may pre-fill (the strings of the session identity's traits) and those it
	 * must never show (another identity's, KRATOS_OTHER_SESSION_TOKEN's, as whoami answered them). Never quoted.
	 */
	readonly identifier?: {readonly own: readonly string[]; readonly others: readonly string[]} | undefined;
	/** What a submitted login must answer with (a 200): the session it was made for, or a new one of another identity. */
	readonly signsIn?: SameSession | NewSession | undefined;
	/** What the session that asked must be afterwards (whoami, and the change that needs a recent login or aal2). */
	readonly sessionAfter?: 'unchanged' | 'refreshed' | 'aal2' | undefined;
}

/** A refresh or a second factor: the same session (its id, its token: the request's), moved on. */
export interface SameSession {
	readonly kind: 'same-session';
	readonly sessionId?: string | undefined;
	readonly identityId?: string | undefined;
	/** Its authenticated_at before the login: a refresh moves it later. */
	readonly authenticatedAt?: string | undefined;
	/** The level it must reach (a second factor): `aal2`. */
	readonly aal?: 'aal2' | undefined;
}

/** Another identity's credentials in a session's refresh flow: a brand-new session of that identity. */
export interface NewSession {
	readonly kind: 'new-session';
	/** The identity the credentials are of. */
	readonly identityId?: string | undefined;
	/** The session that asked for the refresh, and its identity: the answer must be neither. */
	readonly notSessionId?: string | undefined;
	readonly notIdentityId?: string | undefined;
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
	/** A login case: the session that asked, read before and after the login. */
	readonly session?: SessionAfterwards | undefined;
}

/** What GET /sessions/whoami said of a session: its status (and error id), or the session. */
export interface SessionState extends Answered {
	readonly sessionId?: string | undefined;
	readonly identityId?: string | undefined;
	readonly authenticatedAt?: string | undefined;
	readonly aal?: string | undefined;
}

/** An answer reduced to what the checks compare: its status and error id (undefined status: no answer). */
export interface Answered {
	readonly status: number | undefined;
	readonly errorId?: string | undefined;
}

/** The session a login acted on, before and after it, and the change that needs what the login grants. */
export interface SessionAfterwards {
	readonly before: SessionState;
	readonly after: SessionState;
	/**
	 * The change that needs a recent login (a password change) or aal2 (reading the AAL1 session's settings flow), tried
	 * before and after the login; undefined where it was not tried (`privilegedSkipped` says why).
	 */
	readonly privileged?: {readonly what: string; readonly before: Answered; readonly after: Answered} | undefined;
	readonly privilegedSkipped?: string | undefined;
}

/** Why a case does not run here: the variable that would enable it, or why this target cannot provoke it. */
export interface Skipped {
	readonly skip: string;
}

export type Outcome = 'passed' | 'failed' | 'skipped';
/** A check's outcome: `warned` when everything it found is a warning (drift). */
export type CheckOutcome = Outcome | 'warned';

/** A violation as recorded: stamped with the name of the check that found it, its severity settled. */
export type RecordedViolation = Violation & {readonly check: string; readonly severity: Severity};

export interface CheckResult {
	readonly check: string;
	/** The check's own severity (a crash inside a warning check is still an error). */
	readonly severity: Severity;
	readonly outcome: CheckOutcome;
	/** Why a check was skipped. */
	readonly reason?: string | undefined;
	/** For a check that ran: what part of it could not be judged, and why (Check.partly). */
	readonly partly?: string | undefined;
	readonly violations: readonly RecordedViolation[];
}

export interface CaseResult {
	readonly case: ContractCase;
	/** `failed` when a check found an error; warnings alone leave a case `passed`. */
	readonly outcome: Outcome;
	/** Why the case was skipped, or why it could not run. */
	readonly reason?: string | undefined;
	readonly exchange?: Exchange | undefined;
	readonly expect?: Expectation | undefined;
	readonly checks: readonly CheckResult[];
	readonly durationMs: number;
}

/** The spec a run was judged by: every report names it. */
export interface SpecUsed {
	readonly file: string;
	readonly sha256: string;
	/** The document's `openapi` version. */
	readonly openapi: string;
	/** The spec this package ships (else a user's --spec). */
	readonly bundled: boolean;
	/** Formats ajv cannot check, accepted unchecked (see Contract.uncheckedFormats). */
	readonly uncheckedFormats: readonly string[];
}

export interface ContractRun {
	readonly target: {readonly name: string; readonly baseUrl: string};
	/** What judged: this package (name and version) and the spec. */
	readonly tool: {readonly name: string; readonly version: string};
	readonly spec: SpecUsed;
	readonly startedAt: string;
	readonly durationMs: number;
	readonly cases: readonly CaseResult[];
	readonly checkNames: readonly string[];
	/** Set when the target could not be used at all (not started, unreachable). */
	readonly error?: string | undefined;
	/**
	 * Set when the run was stopped before its end (Ctrl-C): by what (the signal's name), and how many cases it had to
	 * run. `cases` holds those that ran to the end; the case in flight when it stopped is not among them.
	 */
	readonly interrupted?: {readonly by: string; readonly planned: number} | undefined;
	/** Every secret the target knew, for the redaction of all output. */
	readonly secrets: readonly string[];
}
