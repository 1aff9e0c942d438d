// GET /self-service/login/browser as JSON: its cases, the login a settings interruption's redirect_browser_to sends a
// browser to, created with that URL's own parameters (refresh or aal, return_to). Statuses are what a real Kratos v1.3.1
// answers.
import {type CreateLoginFlowOptions, createBrowserLoginFlow} from '../../src/index.js';
import {defineOperation} from './types.js';

export const createBrowserLoginFlowOperation = defineOperation<CreateLoginFlowOptions>()({
	name: 'createBrowserLoginFlow',
	method: 'GET',
	path: '/self-service/login/browser',
	// Creates a flow (and sets a CSRF cookie); changes no identity and no session.
	safe: true,
	cases: {
		login_after_refresh_required: {
			title: 'the login a password change refused for the session\'s age sends the browser to (403 session_refresh_required): a refresh, back to the settings flow',
			status: [200],
		},
		login_after_aal2_required: {
			title: "the login the AAL1 session's settings flow sends the browser to (403 session_aal2_required): aal2, back to the settings flow",
			status: [200],
		},
	},
	call: (client, options, credentials) => createBrowserLoginFlow(client, {...options, ...credentials}),
});
