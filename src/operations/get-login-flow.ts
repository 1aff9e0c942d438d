// GET /self-service/login/flows?id=… (operationId getLoginFlow): the login flow a login page renders.
import type {CallOptions, KratosClient} from '../core.js';
import type {HttpError, LoginFlow, Success, TransportFailure} from '../result.js';
import {checkId} from './get-settings-flow.js';

/** A browser flow without its CSRF cookie (403), an expired flow (410, with an id, unlike the settings flow's). */
export type GetLoginFlowErrorId = 'security_csrf_violation' | 'self_service_flow_expired';

/** 404 (no id) for an unknown flow. */
export type GetLoginFlowErrorStatus = 403 | 404 | 410;

export type GetLoginFlowResult = Success<LoginFlow> | HttpError<GetLoginFlowErrorId, GetLoginFlowErrorStatus> | TransportFailure;

/**
 * `GET /self-service/login/flows?id=…`: the login flow whose id Kratos put in the login page's `?flow=`. A browser flow
 * needs the CSRF cookie Kratos set with it (`cookie` server side). Never rejects for anything the network or server
 * does; rejects only with an `InvalidRequestError` for arguments that cannot be sent.
 * @example const result = await getLoginFlow(kratos, flowId, {cookie: request.headers.cookie})
 */
export async function getLoginFlow<Traits>(client: KratosClient<Traits>, id: string, options?: CallOptions): Promise<GetLoginFlowResult> {
	checkId('id', id);
	return client.request('get', '/self-service/login/flows', {query: {id}}, options);
}
