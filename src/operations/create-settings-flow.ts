// GET /self-service/settings/api (operationId createNativeSettingsFlow): a new flow for a native app.
import type {CallOptions, KratosClient} from '../core.js';
import type {HttpError, SettingsFlow, Success, TransportFailure} from '../result.js';
import {checkId} from './get-settings-flow.js';

/** The error ids Kratos v1.3.1 sends when creating a flow (the native and the browser endpoint alike). */
export type CreateSettingsFlowErrorId = 'session_inactive' | 'session_aal2_required' | 'self_service_flow_return_to_forbidden';

/** 400 for a `returnTo` that is not allowed, 401 without a session, 403 when a second factor is needed first. */
export type CreateSettingsFlowErrorStatus = 400 | 401 | 403;

export type CreateSettingsFlowResult<Traits = unknown> =
	| Success<SettingsFlow<Traits>>
	| HttpError<CreateSettingsFlowErrorId, CreateSettingsFlowErrorStatus>
	| TransportFailure;

export interface CreateSettingsFlowOptions extends CallOptions {
	/**
	 * Where to return after the flow; Kratos checks it against `selfservice.allowed_return_urls` (400
	 * `self_service_flow_return_to_forbidden` otherwise) and keeps it in the flow's `return_to`.
	 * @default undefined
	 * @example 'https://app.example.com/account'
	 */
	readonly returnTo?: string | undefined;
}

/** Throws unless `returnTo` is absent or a string that can be sent. */
export function checkReturnTo(returnTo: unknown): void {
	if (returnTo !== undefined) checkId('returnTo', returnTo);
}

/**
 * `GET /self-service/settings/api`: a new settings flow for a native app, authenticated by the session token (the
 * client's `sessionToken`, or per call). Each call creates a flow; none changes the identity. Never rejects for
 * anything the network or server does; rejects only with an `InvalidRequestError` for arguments that cannot be sent.
 * With `session_aal2_required`, `result.login` says how to get the second factor (`createLoginFlow(client,
 * result.login)`).
 * @example const result = await createSettingsFlow(client, {sessionToken}); if (result.ok) render(result.flow.ui)
 */
export async function createSettingsFlow<Traits>(client: KratosClient<Traits>, options: CreateSettingsFlowOptions = {}): Promise<CreateSettingsFlowResult<Traits>> {
	checkReturnTo(options.returnTo);
	return client.request('get', '/self-service/settings/api', {query: {return_to: options.returnTo}}, options, {settingsFlow: true});
}
