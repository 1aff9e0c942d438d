// POST /self-service/settings?flow=… (operationId updateSettingsFlow): submit a settings flow's form.
import type {components} from '../../generated/kratos-settings-flow.js';
import type {CallOptions, KratosClient} from '../core.js';
import {InvalidRequestError} from '../errors/invalid-request-error.js';
import type {
	SettingsFlow,
	SettingsFlowCorrections,
	SettingsFlowHttpError,
	SettingsFlowSuccess,
	SettingsFlowTransportError,
} from '../result.js';

/** The body, discriminated by `method`: profile, password, totp, lookup_secret, webauthn, oidc, passkey. */
export type UpdateSettingsFlowBody = components['schemas']['updateSettingsFlowBody'];

/**
 * The error ids Kratos v1.3.1 sends from the update: a browser flow without its CSRF token, another identity's flow,
 * a session too old for the change (`session_refresh_required`: re-authenticate at `redirectBrowserTo`), a second
 * factor needed first, an expired flow (continue in `useFlowId`), and a browser that must go elsewhere (a social
 * sign-in provider to link). Its 401 and 404 carry no id.
 */
export type UpdateSettingsFlowErrorId =
	| 'security_csrf_violation'
	| 'security_identity_mismatch'
	| 'session_refresh_required'
	| 'session_aal2_required'
	| 'self_service_flow_expired'
	| 'browser_location_change_required';

export type UpdateSettingsFlowErrorStatus = 400 | 401 | 403 | 404 | 410 | 422;

export interface UpdateSettingsFlowHttpError extends SettingsFlowHttpError<UpdateSettingsFlowErrorId, UpdateSettingsFlowErrorStatus> {
	/** With 410 `self_service_flow_expired`: the new flow to continue in (`use_flow_id`). */
	readonly useFlowId: string | undefined;
}

export type UpdateSettingsFlowResult =
	| SettingsFlowSuccess
	| SettingsFlowCorrections
	| UpdateSettingsFlowHttpError
	| SettingsFlowTransportError;

export type UpdateSettingsFlowOptions = CallOptions;

/**
 * `POST /self-service/settings?flow=…`: submits the flow's form. Results: `success` (the flow in state `success`,
 * with `continue_with` when Kratos sends it), `corrections` (400: the flow with messages on its nodes, nothing
 * changed), `http-error`, `transport-error`. Never rejects for anything the network or server does; rejects only with
 * an `InvalidRequestError` for arguments that cannot be sent.
 *
 * Given a browser flow object, the CSRF token is taken from its own `csrf_token` node unless `body` has one; the
 * browser (or, server side, the forwarded `cookie`) must also send the CSRF cookie Kratos set with the flow.
 * @param flow the settings flow (from get or create), or its id
 * @example const result = await updateSettingsFlow(client, flow, {method: 'profile', traits: {email}})
 */
export async function updateSettingsFlow(
	client: KratosClient,
	flow: SettingsFlow | string,
	body: UpdateSettingsFlowBody,
	options?: UpdateSettingsFlowOptions,
): Promise<UpdateSettingsFlowResult> {
	const id = typeof flow === 'string' ? flow : (flow as SettingsFlow | null)?.id;
	if (typeof id !== 'string' || !id.isWellFormed()) throw new InvalidRequestError('flow must be a settings flow or its id, a string');
	if (typeof body !== 'object' || body === null || typeof body.method !== 'string') {
		throw new InvalidRequestError('body must be an object with a method');
	}
	const csrf = typeof flow === 'object' && flow.type === 'browser' && !('csrf_token' in body && body.csrf_token) ? csrfToken(flow) : undefined;
	const result = await client.request(
		{path: '/self-service/settings', method: 'post', query: {flow: id}, body: csrf === undefined ? body : ({...body, csrf_token: csrf} as UpdateSettingsFlowBody)},
		options,
		true,
	);
	if (result.kind !== 'http-error') return result as UpdateSettingsFlowResult;
	const use = result.body.use_flow_id;
	return {...result, useFlowId: typeof use === 'string' ? use : undefined} as UpdateSettingsFlowHttpError;
}

/** The value of the flow's `csrf_token` input node: what a browser form posts back. */
export function csrfToken(flow: SettingsFlow): string | undefined {
	for (const node of flow.ui?.nodes ?? []) {
		const {attributes} = node;
		if (attributes.node_type === 'input' && attributes.name === 'csrf_token' && typeof attributes.value === 'string') return attributes.value;
	}
	return undefined;
}
