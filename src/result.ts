import type {components} from '../generated/kratos-settings-flow.js';
import type {AbortError} from './errors/abort-error.js';
import type {InvalidResponseError} from './errors/invalid-response-error.js';
import type {MiddlewareError} from './errors/middleware-error.js';
import type {NetworkError} from './errors/network-error.js';
import type {ResponseValidationError} from './errors/response-validation-error.js';
import type {TimeoutError} from './errors/timeout-error.js';

/** A settings flow as Kratos returns it. */
export type SettingsFlow = components['schemas']['settingsFlow'];
/** The `error` object of Kratos's generic error body. */
export type KratosError = components['schemas']['genericError'];

/** The operation did what was asked: the settings flow Kratos answered with. */
export interface SettingsFlowSuccess {
	readonly ok: true;
	readonly kind: 'success';
	readonly status: 200;
	readonly flow: SettingsFlow;
	readonly response: Response;
}

/**
 * Kratos answered with an error status and its generic error body. `Id` are the error ids the operation documents and
 * `Status` its error statuses; any other id or status is kept (as a string, a number), so a newer Kratos never breaks a
 * caller.
 */
export interface SettingsFlowHttpError<Id extends string = string, Status extends number = number> {
	readonly ok: false;
	readonly kind: 'http-error';
	readonly status: Status | (number & {});
	/** `error.id`, when Kratos set one (many of its 401, 404 and 410 answers carry none: switch on `status` first). */
	readonly errorId: Id | (string & {}) | undefined;
	readonly error: KratosError;
	/** Where Kratos asks to send the browser (`redirect_browser_to` beside `error` or in its details), when it does. */
	readonly redirectBrowserTo: string | undefined;
	/** The whole JSON body: `error` and whatever Kratos puts beside it (e.g. `use_flow_id` with a 410). */
	readonly body: Readonly<Record<string, unknown>>;
	readonly response: Response;
}

/** The update's 400: the flow asking for corrections, with messages on its nodes. Nothing was changed. */
export interface SettingsFlowCorrections {
	readonly ok: false;
	readonly kind: 'corrections';
	readonly status: 400;
	readonly flow: SettingsFlow;
	readonly response: Response;
}

/**
 * Everything that is not a Kratos answer: no connection, timeout, abort, an unusable or non-conforming body, a
 * middleware that threw.
 */
export type TransportError = NetworkError | TimeoutError | AbortError | InvalidResponseError | ResponseValidationError | MiddlewareError;

export interface SettingsFlowTransportError {
	readonly ok: false;
	readonly kind: 'transport-error';
	readonly error: TransportError;
	/** Set when the server answered at all (for a bad body), `undefined` when no answer came. */
	readonly response: Response | undefined;
}
