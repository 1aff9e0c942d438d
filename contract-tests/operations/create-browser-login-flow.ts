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
		login_browser_navigation: {title: 'a new browser login flow as a browser navigation (Accept: text/html): to the login UI', status: [303]},
		login_browser_return_to_forbidden: {title: 'a browser login flow with a return_to Kratos does not allow', status: [400], errorId: 'self_service_flow_return_to_forbidden'},
		login_browser_step_up_no_session: {title: 'a second-factor browser login flow asked for without any session', status: [401], errorId: 'session_aal1_required'},
		login_browser_server_error: {title: 'an unexpected failure (the `default` response)', status: [500]},
	},
	call: (client, options, credentials) => createBrowserLoginFlow(client, {...options, ...credentials}),
});
