// GET /self-service/settings/flows?id=… (operationId getSettingsFlow): the flow a settings page renders.
import type {CallOptions, KratosClient} from '../core.js';
import {InvalidRequestError} from '../errors/invalid-request-error.js';
import type {SettingsFlowHttpError, SettingsFlowSuccess, SettingsFlowTransportError} from '../result.js';

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

export type GetSettingsFlowResult =
	| SettingsFlowSuccess
	| SettingsFlowHttpError<GetSettingsFlowErrorId, GetSettingsFlowErrorStatus>
	| SettingsFlowTransportError;

export type GetSettingsFlowOptions = CallOptions;

/**
 * `GET /self-service/settings/flows?id=…`. Never rejects for anything the network or server does: every outcome is in
 * the result. Rejects only with an `InvalidRequestError` for arguments that cannot be sent.
 * @param id the settings flow id, as Kratos put it in the `?flow=` query parameter of your settings page
 * @example const result = await getSettingsFlow(client, new URL(location.href).searchParams.get('flow') ?? '')
 */
export async function getSettingsFlow(client: KratosClient, id: string, options?: GetSettingsFlowOptions): Promise<GetSettingsFlowResult> {
	if (typeof id !== 'string' || !id.isWellFormed()) throw new InvalidRequestError('id must be a string of well-formed Unicode');
	return client.request({path: '/self-service/settings/flows', method: 'get', query: {id}}, options) as Promise<GetSettingsFlowResult>;
}
