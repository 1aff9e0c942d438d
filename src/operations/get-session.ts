// GET /sessions/whoami (operationId toSession): the session of the client's token or cookie.
import type {CallOptions, KratosClient} from '../core.js';
import type {HttpError, Session, TransportFailure} from '../result.js';

/** The session: whose it is, how strongly it was authenticated and when. */
export interface SessionSuccess<Traits = unknown> {
	readonly ok: true;
	readonly kind: 'success';
	readonly status: 200;
	readonly session: Session<Traits>;
	readonly response: Response;
}

/**
 * 401 (no id): no session, or a token Kratos does not know. 403 `session_aal2_required`: an AAL1 session of an
 * identity with a second factor, under whoami's default `required_aal` (`result.login` is `{aal: 'aal2'}`).
 */
export type GetSessionResult<Traits = unknown> = SessionSuccess<Traits> | HttpError<'session_aal2_required', 401 | 403> | TransportFailure;

/**
 * `GET /sessions/whoami`: the session of the client's `sessionToken` or `cookie` (or the call's), with its identity,
 * `authenticator_assurance_level` and `authenticated_at`. A missing or dead session is a 401 result, not a throw.
 * Never rejects for anything the network or server does; rejects only with an `InvalidRequestError` for arguments
 * that cannot be sent.
 * @example const result = await getSession(kratos); if (result.ok) console.log(result.session.identity?.id)
 */
export async function getSession<Traits>(client: KratosClient<Traits>, options?: CallOptions): Promise<GetSessionResult<Traits>> {
	const result = await client.request('get', '/sessions/whoami', {}, options);
	if (!result.ok) return result;
	const {flow: session, ...rest} = result;
	return {...rest, session};
}
