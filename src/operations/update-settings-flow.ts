// POST /self-service/settings?flow=… (operationId updateSettingsFlow): submit a settings flow's form.
import type {components} from '../../generated/kratos-settings-flow.js';
import type {CallOptions, KratosClient} from '../core.js';
import {InvalidRequestError} from '../errors/invalid-request-error.js';
import type {Corrections, HttpError, SettingsFlow, Success, TransportFailure, UiContainer} from '../result.js';
import {checkId} from './get-settings-flow.js';

/** The body, discriminated by `method`: profile, password, totp, lookup_secret, webauthn, oidc, passkey. */
export type UpdateSettingsFlowBody = components['schemas']['updateSettingsFlowBody'];

/**
 * The error ids Kratos v1.3.1 sends from the update: a browser flow without its CSRF token, another identity's flow,
 * a session too old for the change (`session_refresh_required`) or one that needs its second factor first
 * (`session_aal2_required`): for both, `login` says which login flow a native app creates next and
 * `redirectBrowserTo` where a browser goes; an expired flow (continue in `useFlowId`), and a browser that must go
 * elsewhere (a social sign-in provider to link). Its 401 and 404 carry no id.
 */
export type UpdateSettingsFlowErrorId =
	| 'security_csrf_violation'
	| 'security_identity_mismatch'
	| 'session_refresh_required'
	| 'session_aal2_required'
	| 'self_service_flow_expired'
	| 'browser_location_change_required';

export type UpdateSettingsFlowErrorStatus = 400 | 401 | 403 | 404 | 410 | 422;

export type UpdateSettingsFlowHttpError = HttpError<UpdateSettingsFlowErrorId, UpdateSettingsFlowErrorStatus>;

export type UpdateSettingsFlowResult<Traits = unknown> =
	| Success<SettingsFlow<Traits>>
	| Corrections<SettingsFlow<Traits>>
	| UpdateSettingsFlowHttpError
	| TransportFailure;

export type UpdateSettingsFlowOptions = CallOptions;

/** A flow object or its id: the id, or an InvalidRequestError naming the argument. */
export function flowId(flow: unknown): string {
	const id = typeof flow === 'string' ? flow : (flow as {id?: unknown} | null)?.id;
	checkId('flow (a flow or its id)', id);
	return id;
}

/** The body with the browser flow's CSRF token added, unless it has one; a body without a method is refused. */
export function withCsrf<Body extends {method: string}>(flow: {type: string; ui: UiContainer} | string, body: Body): Body {
	if (typeof body !== 'object' || body === null || typeof body.method !== 'string') throw new InvalidRequestError('body must be an object with a method');
	const csrf = typeof flow === 'object' && flow.type === 'browser' && !('csrf_token' in body && body.csrf_token) ? csrfToken(flow) : undefined;
	return csrf === undefined ? body : {...body, csrf_token: csrf};
}

/**
 * `POST /self-service/settings?flow=…`: submits the flow's form. Results: `success` (the flow in state `success`,
 * with `continue_with` when Kratos sends it), `corrections` (400: the flow with messages on its nodes, nothing
 * changed), `http-error`, `transport-error`. Never rejects for anything the network or server does; rejects only with
 * an `InvalidRequestError` for arguments that cannot be sent.
 *
 * Given a browser flow object, the CSRF token is taken from its own `csrf_token` node unless `body` has one; the
 * browser (or, server side, the forwarded `cookie`) must also send the CSRF cookie Kratos set with the flow.
 *
 * A session too old for the change (`session_refresh_required`) or without its second factor
 * (`session_aal2_required`): a native app creates the login flow `result.login` names (`createLoginFlow(client,
 * result.login)`), completes it with `updateLoginFlow`, and submits this flow again; a browser app sends the browser
 * to `result.redirectBrowserTo`, which comes back to this flow.
 * @param flow the settings flow (from get or create), or its id
 * @example const result = await updateSettingsFlow(client, flow, {method: 'profile', traits: {email}})
 */
export async function updateSettingsFlow<Traits>(
	client: KratosClient<Traits>,
	flow: SettingsFlow<Traits> | string,
	body: UpdateSettingsFlowBody,
	options?: UpdateSettingsFlowOptions,
): Promise<UpdateSettingsFlowResult<Traits>> {
	const id = flowId(flow);
	return client.request('post', '/self-service/settings', {query: {flow: id}, body: withCsrf(flow, body)}, options, {corrections: true, settingsFlow: true});
}

/** The value of the flow's `csrf_token` input node: what a browser form posts back. */
export const csrfToken = (flow: {ui: UiContainer}): string | undefined => inputValue(flow, 'csrf_token');

/** The string value of a flow's input node of this name. */
export function inputValue(flow: {ui: UiContainer}, name: string): string | undefined {
	for (const {attributes} of flow.ui?.nodes ?? []) {
		if (attributes.node_type === 'input' && attributes.name === name && typeof attributes.value === 'string') return attributes.value;
	}
	return undefined;
}
