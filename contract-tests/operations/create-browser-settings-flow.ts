// GET /self-service/settings/browser: its cases. Statuses and error ids are what a real Kratos v1.3.1 answers.
import {createBrowserSettingsFlow} from '../../src/index.js';
import {defineOperation} from './types.js';

export const createBrowserSettingsFlowOperation = defineOperation<{readonly returnTo?: string}>()({
	name: 'createBrowserSettingsFlow',
	method: 'GET',
	path: '/self-service/settings/browser',
	// Creates a flow (and sets a CSRF cookie); changes no identity.
	safe: true,
	cases: {
		create_browser: {title: 'a new browser flow as JSON, for the session cookie', status: [200]},
		create_browser_navigation: {title: 'the same as a browser navigation (Accept: text/html): to the settings UI', status: [303]},
		create_browser_no_session: {title: 'a new browser flow without any session', status: [401], errorId: 'session_inactive'},
		create_browser_return_to_forbidden: {
			title: 'a new browser flow with a return_to Kratos does not allow',
			status: [400],
			errorId: 'self_service_flow_return_to_forbidden',
		},
		create_browser_aal2_required: {
			title: 'a new browser flow for an AAL1 session of an identity with a second factor',
			status: [403],
			errorId: 'session_aal2_required',
		},
		create_browser_server_error: {title: 'an unexpected failure (the `default` response)', status: [500]},
	},
	call: (client, {returnTo}, options) => createBrowserSettingsFlow(client, {...options, returnTo}),
});
