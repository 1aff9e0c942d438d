// GET /self-service/login/api (operationId createNativeLoginFlow): a new login flow for a native app.
import type {KratosClient} from '../core.js';
import {InvalidRequestError} from '../errors/invalid-request-error.js';
import type {HttpError, LoginFlow, Success, TransportFailure} from '../result.js';
import {type CreateSettingsFlowOptions, checkReturnTo} from './create-settings-flow.js';

/**
 * The error ids Kratos v1.3.1 and v26.2.0 send when creating a login flow: a session exists and neither a refresh nor
 * a second factor was asked for (400), `aal: 'aal2'` without a session (401), a `returnTo` that is not allowed (400).
 * An `aal` Kratos does not know is a 400 without an id.
 */
export type CreateLoginFlowErrorId = 'session_already_available' | 'session_aal1_required' | 'self_service_flow_return_to_forbidden';

export type CreateLoginFlowErrorStatus = 400 | 401;

export type CreateLoginFlowResult = Success<LoginFlow> | HttpError<CreateLoginFlowErrorId, CreateLoginFlowErrorStatus> | TransportFailure;

export interface CreateLoginFlowOptions extends CreateSettingsFlowOptions {
	/**
	 * Sign the session's identity in again: a settings change refused with `session_refresh_required` then succeeds.
	 * Kratos ignores it without a session (the flow says `refresh: false`).
	 * @default undefined (a first sign-in)
	 * @example true
	 */
	readonly refresh?: boolean | undefined;
	/**
	 * `'aal2'`: the session's second factor (a TOTP or lookup code), what `session_aal2_required` asks for. Needs a
	 * session; without one Kratos answers 401 `session_aal1_required`.
	 * @default undefined ('aal1')
	 * @example 'aal2'
	 */
	readonly aal?: 'aal1' | 'aal2' | undefined;
}

/** The query of a login flow's creation, or an InvalidRequestError for options that cannot be sent. */
export function loginQuery({refresh, aal, returnTo}: CreateLoginFlowOptions) {
	checkReturnTo(returnTo);
	if (!(refresh === undefined || typeof refresh === 'boolean') || !(aal === undefined || aal === 'aal1' || aal === 'aal2')) {
		throw new InvalidRequestError("refresh must be a boolean and aal 'aal1' or 'aal2'");
	}
	return {query: {refresh, aal, return_to: returnTo}};
}

/**
 * `GET /self-service/login/api`: a new login flow for a native app, sending the client's session (or the call's
 * `sessionToken`) when it has one. After a settings update refused with `session_refresh_required` or
 * `session_aal2_required`, `createLoginFlow(client, result.login)` makes the flow that clears it: `{refresh: true}`
 * asks the session's identity to sign in again (the flow pre-fills its identifier), `{aal: 'aal2'}` for its second
 * factor. Submit it with {@link updateLoginFlow}. Never rejects for anything the network or server does; rejects only
 * with an `InvalidRequestError` for arguments that cannot be sent.
 * @example const created = await createLoginFlow(kratos, {refresh: true}); if (created.ok) await updateLoginFlow(kratos, created.flow, {method: 'password', identifier, password})
 */
export async function createLoginFlow<Traits>(client: KratosClient<Traits>, options: CreateLoginFlowOptions = {}): Promise<CreateLoginFlowResult> {
	return client.request('get', '/self-service/login/api', loginQuery(options), options);
}
