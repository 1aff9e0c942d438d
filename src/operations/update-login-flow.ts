// POST /self-service/login?flow=… (operationId updateLoginFlow): submit a login flow's form.
import type {components} from '../../generated/kratos-settings-flow.js';
import type {CallOptions, KratosClient} from '../core.js';
import {InvalidRequestError} from '../errors/invalid-request-error.js';
import type {ContinueWith, Corrections, HttpError, LoginFlow, Session, TransportFailure} from '../result.js';
import {flowId, inputValue, withCsrf} from './update-settings-flow.js';

/** The body, discriminated by `method`: `password` (identifier and password), `totp` (a code), `lookup_secret`. */
export type UpdateLoginFlowBody = components['schemas']['updateLoginFlowBody'];

/** Signed in: the session, and for a native flow its token. */
export interface LoginSuccess<Traits = unknown> {
	readonly ok: true;
	readonly kind: 'success';
	readonly status: 200;
	/**
	 * The session: after a refresh, the same session with a later `authenticated_at`; after a second factor, at
	 * `aal2`. Its `identity` is null after a first-factor login of an identity that has a second factor.
	 */
	readonly session: Session<Traits>;
	/**
	 * A native (API) flow's session token, a secret to keep: after a refresh or a second factor, the token that was
	 * sent. Undefined for a browser flow (Kratos sets the session cookie).
	 */
	readonly sessionToken: string | undefined;
	/** What could follow (`continue_with`); a browser flow gets `redirect_browser_to`. */
	readonly continueWith: readonly ContinueWith[];
	readonly response: Response;
}

/**
 * A refresh that ended in another session: the credentials were another identity's (Kratos answers 200 with a
 * brand-new session and token of that identity and leaves the refreshed session as it was, login/handler.go: "we
 * re-authenticate as another user"). Not a success: the session that asked for the refresh is still unprivileged, and
 * an app that kept this token would go on as someone else. Discard it and ask for the session's own credentials
 * again. Told by the token (native: another token than the one sent) or, without one (browsers), by the identifier
 * (another than the one the refresh flow pre-fills). In a browser Kratos has set the other session's cookie with this
 * answer: server side, do not pass its Set-Cookie on; a single-page app's browser has stored it already (the settings
 * flow then answers 403 `security_identity_mismatch`).
 */
export interface LoginOtherIdentity<Traits = unknown> extends Omit<LoginSuccess<Traits>, 'ok' | 'kind'> {
	readonly ok: false;
	readonly kind: 'other-identity';
	// `session`: the other identity's (its `identity` may be null); `sessionToken`: the other session's, a secret not to
	// keep as the app's.
}

/**
 * The error ids Kratos v1.3.1 and v26.2.0 send from the submit: a second-factor flow without its session (401), a
 * browser flow without its CSRF token (403), an expired flow (410, continue in `useFlowId`), a social sign-in provider
 * to go to (422). Its 400 (a malformed flow id) and 404 carry no id.
 */
export type UpdateLoginFlowErrorId = 'session_aal1_required' | 'security_csrf_violation' | 'self_service_flow_expired' | 'browser_location_change_required';

export type UpdateLoginFlowErrorStatus = 400 | 401 | 403 | 404 | 410 | 422;

export type UpdateLoginFlowResult<Traits = unknown> =
	| LoginSuccess<Traits>
	| LoginOtherIdentity<Traits>
	| Corrections<LoginFlow>
	| HttpError<UpdateLoginFlowErrorId, UpdateLoginFlowErrorStatus>
	| TransportFailure;

/**
 * `POST /self-service/login?flow=…`: submits a login flow with a password (`{method: 'password', identifier,
 * password}`), a TOTP code (`{method: 'totp', totp_code}`) or a lookup code (`{method: 'lookup_secret',
 * lookup_secret}`). Results: `success` (the session, and a native flow's `sessionToken`), `corrections` (400: the flow
 * with a message, e.g. wrong credentials or code; nothing signed in), `other-identity` (a refresh that signed in
 * someone else), `http-error`, `transport-error`. A refresh or second-factor flow needs the session it was made for
 * (the client's or the call's). Given a browser flow, the CSRF token is taken from its `csrf_token` node unless the
 * body has one. Never rejects for anything the network or server does; rejects only with an `InvalidRequestError` for
 * arguments that cannot be sent.
 * @param flow the login flow (from createLoginFlow, createBrowserLoginFlow or getLoginFlow): it says whether it is a
 * refresh, and a browser flow carries its CSRF token
 * @example const result = await updateLoginFlow(kratos, flow, {method: 'totp', totp_code: code})
 */
export async function updateLoginFlow<Traits>(
	client: KratosClient<Traits>,
	flow: LoginFlow,
	body: UpdateLoginFlowBody,
	options?: CallOptions,
): Promise<UpdateLoginFlowResult<Traits>> {
	if (typeof flow !== 'object' || flow === null) throw new InvalidRequestError('flow must be a login flow object');
	const sent = client.sessionToken(options);
	const result = await client.request('post', '/self-service/login', {query: {flow: flowId(flow)}, body: withCsrf(flow, body)}, options, {corrections: true});
	if (!result.ok) return result;
	const {session, session_token: sessionToken, continue_with} = result.flow;
	// A refresh is for the session it was made with: another token, or another identifier than the pre-filled one,
	// means another identity signed in.
	const other = flow.refresh && (sent ? sessionToken !== sent : 'identifier' in body && body.identifier !== inputValue(flow, 'identifier'));
	// One object for both: `ok` and `kind` follow `other`.
	return {ok: !other, kind: other ? 'other-identity' : 'success', status: 200, session, sessionToken, continueWith: continue_with ?? [], response: result.response} as LoginSuccess<Traits> | LoginOtherIdentity<Traits>;
}
