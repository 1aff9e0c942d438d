// Every operation the suite covers, and the cases they add up to. Adding an operation is its module and one line
// here; tsc then names every target that does not yet say how to provoke its cases.
import {createBrowserLoginFlowOperation} from './create-browser-login-flow.js';
import {createBrowserSettingsFlowOperation} from './create-browser-settings-flow.js';
import {createLoginFlowOperation} from './create-login-flow.js';
import {createSettingsFlowOperation} from './create-settings-flow.js';
import {getSettingsFlowOperation} from './get-settings-flow.js';
import type {CaseDefinition, SuiteOperation} from './types.js';
import {updateLoginFlowOperation} from './update-login-flow.js';
import {updateSettingsFlowOperation} from './update-settings-flow.js';

export const operations = [
	getSettingsFlowOperation,
	createSettingsFlowOperation,
	createBrowserSettingsFlowOperation,
	updateSettingsFlowOperation,
	// After the interruptions: the login flows they call for, in the order a run needs (the refused change before the
	// refresh lifts it, the AAL1 session's redirect before the step-up raises it).
	createLoginFlowOperation,
	createBrowserLoginFlowOperation,
	updateLoginFlowOperation,
] as const;

type Operation = (typeof operations)[number];
type IdsOf<O> = O extends SuiteOperation<any, infer Id> ? Id : never;
type InputOfOperation<O> = O extends SuiteOperation<infer Input, any> ? Input : never;

/** Every case id of every operation: a literal union. */
export type CaseId = IdsOf<Operation>;
/** What a target supplies to provoke case `C`: its operation's input. */
export type InputOf<C extends CaseId> = InputOfOperation<Extract<Operation, {cases: Record<C, CaseDefinition>}>>;

export interface ContractCase<C extends CaseId = CaseId> extends CaseDefinition {
	readonly id: C;
	readonly operation: SuiteOperation<InputOf<C>>;
}

/** Every case, operation by operation, in report order. */
export const cases: readonly ContractCase[] = operations.flatMap((operation) =>
	Object.entries<CaseDefinition>(operation.cases).map(([id, definition]) => ({...definition, id: id as CaseId, operation})),
);

/** One case by its id. */
export function caseById<C extends CaseId>(id: C): ContractCase<C> {
	const found = cases.find((item) => item.id === id);
	if (!found) throw new Error(`no case ${id}`);
	return found as ContractCase<C>;
}

export type {CaseDefinition, ClientResult, SuiteOperation} from './types.js';
