import type {components} from '../generated/kratos-settings-flow.js';
import type {AbortError} from './errors/abort-error.js';
import type {InvalidResponseError} from './errors/invalid-response-error.js';
import type {NetworkError} from './errors/network-error.js';
import type {ResponseValidationError} from './errors/response-validation-error.js';
import type {TimeoutError} from './errors/timeout-error.js';

/** A settings flow as Kratos returns it. */
export type SettingsFlow = components['schemas']['settingsFlow'];
/** The `error` object of Kratos's generic error body. */
export type KratosError = components['schemas']['genericError'];

/**
 * Error ids callers switch on. A real Kratos v1.3.1 sends `security_identity_mismatch` and `session_aal2_required`
 * from this endpoint; the reference page also documents `session_inactive` and `security_csrf_violation`, and
 * `self_service_flow_expired` is Kratos's id for expired flows elsewhere. Kratos v1.3.1 sends 401, 404 and 410 here
 * with no id at all (`errorId` is then undefined): switch on `status` for those.
 */
export type KnownSettingsFlowErrorId =
	| 'session_inactive'
	| 'security_identity_mismatch'
	| 'security_csrf_violation'
	| 'session_aal2_required'
	| 'self_service_flow_expired';

/** A known id, or any other string (kept, not dropped), so new Kratos ids never break a caller. */
export type SettingsFlowErrorId = KnownSettingsFlowErrorId | (string & {});

/** Statuses the endpoint documents for errors; any other status can still arrive (`default`). */
export type DocumentedErrorStatus = 401 | 403 | 404 | 410;

export interface SettingsFlowSuccess {
	readonly ok: true;
	readonly kind: 'success';
	readonly status: 200;
	readonly flow: SettingsFlow;
	readonly response: Response;
}

/** Kratos answered with an error status and its generic error body. */
export interface SettingsFlowHttpError {
	readonly ok: false;
	readonly kind: 'http-error';
	readonly status: DocumentedErrorStatus | (number & {});
	/** `error.id`, when Kratos set one (404s often carry none). */
	readonly errorId: SettingsFlowErrorId | undefined;
	readonly error: KratosError;
	readonly response: Response;
}

/** Everything that is not a Kratos answer: no connection, timeout, abort, an unusable or non-conforming body. */
export type TransportError =
	| NetworkError
	| TimeoutError
	| AbortError
	| InvalidResponseError
	| ResponseValidationError;

export interface SettingsFlowTransportError {
	readonly ok: false;
	readonly kind: 'transport-error';
	readonly error: TransportError;
	/** Set when the server answered at all (for a bad body), `undefined` when no answer came. */
	readonly response: Response | undefined;
}

export type GetSettingsFlowResult = SettingsFlowSuccess | SettingsFlowHttpError | SettingsFlowTransportError;
