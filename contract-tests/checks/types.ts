import type {GetSettingsFlowResult} from '../../src/index.js';
import type {Contract} from '../../spec/index.js';

/** One request of a case and what came back, as the checks see it. Header values may be secrets: redact on output. */
export interface Exchange {
	readonly request: {
		readonly method: 'GET';
		readonly url: string;
		readonly headers: Readonly<Record<string, string>>;
		/** Whether a session token or cookie went with the request. */
		readonly authenticated: boolean;
	};
	/** Undefined when no HTTP answer came (connection refused, timeout). */
	readonly response:
		| {
				readonly status: number;
				readonly headers: Readonly<Record<string, string>>;
				readonly text: string;
				/** The body parsed as JSON, or undefined when it is empty or not JSON. */
				readonly body: unknown;
		  }
		| undefined;
	/** What the client returned for this exchange. */
	readonly result: GetSettingsFlowResult;
}

/** What the case set out to provoke, and what the session behind it is. */
export interface Expectation {
	/** Statuses the case accepts (usually one). */
	readonly status: readonly number[];
	/** The Kratos `error.id` the case expects, when it expects one. */
	readonly errorId?: string | undefined;
	/** The flow id asked for, and the identity the session belongs to (when known), for ownership checks. */
	readonly flowId?: string | undefined;
	readonly identityId?: string | undefined;
}

/** A violation, located like Prism's: `["response", "body", "ui", "nodes", 3]`. */
export interface Violation {
	readonly check: string;
	/** A short title, e.g. "Undocumented HTTP status code". */
	readonly title: string;
	readonly location: readonly (string | number)[];
	/** A machine-readable code: the JSON Schema keyword, or the check's own. */
	readonly code: string;
	readonly message: string;
	readonly received?: string | undefined;
	readonly documented?: string | undefined;
}

export interface CheckContext {
	readonly exchange: Exchange;
	readonly expect: Expectation;
	readonly contract: Contract;
}

/**
 * One named check. `run` returns every violation it finds and never throws; `skip` says why it does not apply to an
 * exchange (e.g. no answer came), or undefined when it does.
 */
export interface Check {
	readonly name: string;
	readonly description: string;
	skip?(context: CheckContext): string | undefined;
	run(context: CheckContext): Violation[];
}
