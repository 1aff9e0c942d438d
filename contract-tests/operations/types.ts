import type {CallOptions, KratosClient, Sorted, UpdateLoginFlowResult} from '../../src/index.js';

/** What the client returns for a case's request: any operation's result (a login's `other-identity` included). */
export type ClientResult = Sorted | UpdateLoginFlowResult;

/** A situation the suite provokes, and what a real Kratos answers to it. */
export interface CaseDefinition {
	readonly title: string;
	/** Statuses that are right for the situation. */
	readonly status: readonly number[];
	/** The `error.id` Kratos sends for it, when it sends one. */
	readonly errorId?: string;
	/** The kind of client result the situation calls for, where the status alone does not say it. */
	readonly result?: 'success' | 'corrections' | 'http-error';
	/**
	 * A probe outside the spec's operations (a CORS preflight): sent with this method instead of the operation's, and
	 * judged only by `checks`. Its status is not the spec's to judge.
	 */
	readonly probe?: {readonly method: 'OPTIONS'; readonly checks: readonly string[]};
}

/**
 * One Kratos operation as the suite sees it: where it is in the spec, its cases, and how to call it through the client
 * exactly as a user would. `Input` is what a target supplies to provoke a case (an id, a body).
 */
export interface SuiteOperation<Input = unknown, Id extends string = string> {
	/** The client's function, e.g. `getSettingsFlow`. */
	readonly name: string;
	readonly method: 'GET' | 'POST';
	readonly path: string;
	/** Changes nothing on the server: staging runs it without an opt-in. */
	readonly safe: boolean;
	/** A 400 that carries a flow is the flow asking for corrections (a result of its own), not an error. */
	readonly corrections?: boolean;
	readonly cases: {readonly [C in Id]: CaseDefinition};
	call(client: KratosClient, input: Input, options: CallOptions): Promise<ClientResult>;
}

/** Declares an operation; `Input` is given, the case ids are inferred (a literal union). */
export const defineOperation =
	<Input>() =>
	<const Id extends string>(operation: SuiteOperation<Input, Id>): SuiteOperation<Input, Id> =>
		operation;
