// GET /self-service/settings/flows?id=… (operationId getSettingsFlow): the flow a settings page renders.
import type {CallOptions, KratosClient} from '../core.js';
import {InvalidRequestError} from '../errors/invalid-request-error.js';
import type {HttpError, SettingsFlow, Success, TransportFailure} from '../result.js';

/**
 * Error ids callers switch on. A real Kratos v1.3.1 sends `security_identity_mismatch` and `session_aal2_required`
 * from this endpoint; the reference page also documents `session_inactive` and `security_csrf_violation`, and
 * `self_service_flow_expired` is Kratos's id for expired flows elsewhere. Kratos v1.3.1 sends 401, 404 and 410 here
 * with no id at all (`errorId` is then undefined): switch on `status` for those.
 */
export type GetSettingsFlowErrorId =
	| 'session_inactive'
	| 'security_identity_mismatch'
	| 'security_csrf_violation'
	| 'session_aal2_required'
	| 'self_service_flow_expired';

/** The error statuses this endpoint documents; any other can still arrive (the spec's `default`). */
export type GetSettingsFlowErrorStatus = 401 | 403 | 404 | 410;

export type GetSettingsFlowResult<Traits = unknown> =
	| Success<SettingsFlow<Traits>>
	| HttpError<GetSettingsFlowErrorId, GetSettingsFlowErrorStatus>
	| TransportFailure;

export type GetSettingsFlowOptions = CallOptions;

/** Throws unless `id` is a string that can be sent. */
export function checkId(name: string, id: unknown): asserts id is string {
	if (typeof id !== 'string' || !id.isWellFormed()) throw new InvalidRequestError(`${name} must be a string of well-formed Unicode`);
}

/**
 * `GET /self-service/settings/flows?id=…`. Never rejects for anything the network or server does: every outcome is in
 * the result. Rejects only with an `InvalidRequestError` for arguments that cannot be sent. With
 * `session_aal2_required`, `result.login` (native apps) and `result.redirectBrowserTo` (browsers) say how to get the
 * second factor.
 * @param id the settings flow id, as Kratos put it in the `?flow=` query parameter of your settings page
 * @example const result = await getSettingsFlow(client, new URL(location.href).searchParams.get('flow') ?? '')
 */
export async function getSettingsFlow<Traits>(client: KratosClient<Traits>, id: string, options?: GetSettingsFlowOptions): Promise<GetSettingsFlowResult<Traits>> {
	checkId('id', id);
	return client.request('get', '/self-service/settings/flows', {query: {id}}, options, {settingsFlow: true});
}
