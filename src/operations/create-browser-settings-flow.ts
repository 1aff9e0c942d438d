// GET /self-service/settings/browser (operationId createBrowserSettingsFlow): a new flow for a browser, as JSON.
import type {KratosClient} from '../core.js';
import {type CreateSettingsFlowOptions, type CreateSettingsFlowResult, checkReturnTo} from './create-settings-flow.js';

/**
 * `GET /self-service/settings/browser` with `Accept: application/json`: a new settings flow for a single-page app
 * (`credentials: 'include'` on the client) or for server-side rendering (forward the browser's `cookie`). Submit its
 * form with the `csrf_token` node's value and the CSRF cookie Kratos sets on this answer. Same results as
 * {@link createSettingsFlow}. (A plain browser navigation to this URL gets a 303 to the settings UI instead; this
 * client never follows redirects.)
 * @example const result = await createBrowserSettingsFlow(client, {cookie: request.headers.cookie, returnTo})
 */
export async function createBrowserSettingsFlow<Traits>(
	client: KratosClient<Traits>,
	options: CreateSettingsFlowOptions = {},
): Promise<CreateSettingsFlowResult<Traits>> {
	checkReturnTo(options.returnTo);
	return client.request('get', '/self-service/settings/browser', {query: {return_to: options.returnTo}}, options, {settingsFlow: true});
}
