import type {Sorted} from '../../src/index.js';
import type {ContractOperation} from '../../spec/index.js';
import type {ContractCase} from '../operations/index.js';
import type {Afterwards, Truth} from '../targets/types.js';

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
	readonly result: Sorted;
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
	readonly check: string;
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
	/** What the check's violations are. @default 'error' */
	readonly severity?: Severity;
	/** Where the check can fail; it runs nowhere else (and is not counted there). @default every target */
	readonly targets?: readonly ('mock' | 'live')[];
	skip?(context: CheckContext): string | undefined;
	run(context: CheckContext): Violation[];
}
