// What every call resolves with: one union of four kinds (success, corrections, http-error, transport-error), each
// generic over what its body is, and the spec's types as an app reads them (its traits typed, a node narrowing by its
// `type`). Operations name their results from these; the core sorts every answer into them.
import type {components} from '../generated/kratos-settings-flow.js';
import type {AbortError} from './errors/abort-error.js';
import type {InvalidResponseError} from './errors/invalid-response-error.js';
import type {MiddlewareError} from './errors/middleware-error.js';
import type {NetworkError} from './errors/network-error.js';
import type {ResponseValidationError} from './errors/response-validation-error.js';
import type {TimeoutError} from './errors/timeout-error.js';

type Schemas = components['schemas'];

/** An identity, its traits of the type the client was given (`createKratosClient<Traits>(…)`), unknown otherwise. */
export interface Identity<Traits = unknown> extends Omit<Schemas['identity'], 'traits'> {
	/** The identity's traits, validated by Kratos against its identity schema (`schema_url`). */
	traits: Traits;
}

type Attributes = Schemas['uiNodeAttributes'];
/**
 * A UI node, discriminated by `type`: `node.type === 'input'` narrows `node.attributes` to an input's (as
 * `node.attributes.node_type` does). The node types are those of the spec; a newer Kratos's (validated by
 * `validate` as any node with a string `node_type`) reach an app's `default` branch.
 */
export type UiNode = Attributes extends infer A
	? A extends {node_type: infer Type}
		? Omit<Schemas['uiNode'], 'type' | 'attributes'> & {type: Type; attributes: A}
		: never
	: never;

/** A flow's form, its nodes narrowing by `type`. */
export interface UiContainer extends Omit<Schemas['uiContainer'], 'nodes'> {
	nodes: UiNode[];
}

/**
 * A type of the spec as an app reads it: an `identity` with `Traits`, a `ui` whose nodes narrow by `type`, a `session`
 * likewise. The rest is the spec's, property by property.
 */
export type Typed<Body, Traits> = Body extends object
	? {
			[K in keyof Body]: K extends 'identity'
				? Body[K] extends infer I
					? I extends Schemas['identity']
						? Identity<Traits>
						: I
					: never
				: K extends 'ui'
					? UiContainer
					: K extends 'session'
						? Typed<Body[K], Traits>
						: Body[K];
		}
	: Body;

/** A settings flow as Kratos returns it. */
export type SettingsFlow<Traits = unknown> = Typed<Schemas['settingsFlow'], Traits>;
/** A login flow as Kratos returns it: a first sign-in, a refresh (`refresh: true`) or a second factor (`requested_aal: 'aal2'`). */
export type LoginFlow = Typed<Schemas['loginFlow'], unknown>;
/** A session as Kratos returns it: whose, how strongly authenticated (`authenticator_assurance_level`) and when. */
export type Session<Traits = unknown> = Typed<Schemas['session'], Traits>;
/** An action that could follow a flow (`continue_with`). */
export type ContinueWith = Schemas['continueWith'];
/** The `error` object of Kratos's generic error body. */
export type KratosError = Schemas['genericError'];

/** The options of the login flow that clears an interruption: `{refresh: true}` (sign in again) or `{aal: 'aal2'}`. */
export type LoginFor = {readonly refresh: true} | {readonly aal: 'aal2'};

/** The operation did what was asked: the flow Kratos answered with. */
export interface Success<Flow> {
	readonly ok: true;
	readonly kind: 'success';
	readonly status: 200;
	readonly flow: Flow;
	readonly response: Response;
}

/** A 400 carrying the flow: it asks for corrections, with messages on its nodes. Nothing was changed. */
export interface Corrections<Flow> {
	readonly ok: false;
	readonly kind: 'corrections';
	readonly status: 400;
	readonly flow: Flow;
	readonly response: Response;
}

/**
 * Kratos answered with an error status and its generic error body. `Id` are the error ids the operation documents and
 * `Status` its error statuses; any other id or status is kept (as a string, a number), so a newer Kratos never breaks a
 * caller.
 */
export interface HttpError<Id extends string = string, Status extends number = number> {
	readonly ok: false;
	readonly kind: 'http-error';
	readonly status: Status | (number & {});
	/** `error.id`, when Kratos set one (many of its 401, 404 and 410 answers carry none: switch on `status` first). */
	readonly errorId: Id | (string & {}) | undefined;
	readonly error: KratosError;
	/**
	 * A browser app's next step: where Kratos asks to send the browser (`redirect_browser_to` beside `error` or in its
	 * details), when it does. For `session_refresh_required` and `session_aal2_required`, a login flow that returns to
	 * where the browser was.
	 */
	readonly redirectBrowserTo: string | undefined;
	/**
	 * A native app's next step, for `session_refresh_required` (`{refresh: true}`: sign in again) and
	 * `session_aal2_required` (`{aal: 'aal2'}`: the second factor): the options of the login flow that clears the
	 * error, `createLoginFlow(client, result.login)`; after it, the refused call succeeds. (A browser app that renders
	 * the login form itself passes them to `createBrowserLoginFlow`.) Undefined for every other error.
	 */
	readonly login: LoginFor | undefined;
	/** With 410 `self_service_flow_expired` from an update: the new flow to continue in (`use_flow_id`). */
	readonly useFlowId: string | undefined;
	/** The whole JSON body: `error` and whatever Kratos puts beside it (e.g. `use_flow_id` with a 410). */
	readonly body: Readonly<Record<string, unknown>>;
	readonly response: Response;
}

/**
 * Everything that is not a Kratos answer: no connection, timeout, abort, an unusable or non-conforming body, a
 * middleware that threw.
 */
export type TransportError = NetworkError | TimeoutError | AbortError | InvalidResponseError | ResponseValidationError | MiddlewareError;

export interface TransportFailure {
	readonly ok: false;
	readonly kind: 'transport-error';
	readonly error: TransportError;
	/** Set when the server answered at all (for a bad body), `undefined` when no answer came. */
	readonly response: Response | undefined;
}

/**
 * Any answer, sorted: a 200's body as `Body`, a 400's flow as `Flow` where the operation has corrections (`never`
 * where it has none). Each operation names its own result, a narrower union.
 */
export type Sorted<Body = unknown, Flow = unknown> =
	| Success<Body>
	| ([Flow] extends [never] ? never : Corrections<Flow>)
	| HttpError
	| TransportFailure;

/** A settings call's success. */
export type SettingsFlowSuccess<Traits = unknown> = Success<SettingsFlow<Traits>>;
/** The update's 400: the flow asking for corrections. */
export type SettingsFlowCorrections<Traits = unknown> = Corrections<SettingsFlow<Traits>>;
/** A settings call's http-error. */
export type SettingsFlowHttpError<Id extends string = string, Status extends number = number> = HttpError<Id, Status>;
/** A settings call's transport-error. */
export type SettingsFlowTransportError = TransportFailure;
