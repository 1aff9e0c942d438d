// GET /self-service/login/browser (operationId createBrowserLoginFlow): a new login flow for a browser, as JSON.
import type {KratosClient} from '../core.js';
import {type CreateLoginFlowOptions, type CreateLoginFlowResult, loginQuery} from './create-login-flow.js';

/**
 * `GET /self-service/login/browser` with `Accept: application/json`: a new login flow for a single-page app
 * (`credentials: 'include'` on the client) or for server-side rendering (forward the browser's `cookie`, and pass
 * Kratos's Set-Cookie back). Submit its form with {@link updateLoginFlow}, which adds the flow's CSRF token; the CSRF
 * cookie this answer sets must go with it. Same options and results as {@link createLoginFlow}. (A browser that
 * follows `redirectBrowserTo` of a settings error gets the same flow through Kratos's own login UI.)
 * @example const created = await createBrowserLoginFlow(kratos, {refresh: true, cookie: request.headers.cookie})
 */
export async function createBrowserLoginFlow<Traits>(client: KratosClient<Traits>, options: CreateLoginFlowOptions = {}): Promise<CreateLoginFlowResult> {
	return client.request('get', '/self-service/login/browser', loginQuery(options), options);
}
