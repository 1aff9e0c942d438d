// GET /self-service/login/api: its cases, the login flows a settings interruption calls for (a refresh, a second
// factor), created for the session that was interrupted. Statuses are what a real Kratos v1.3.1 answers.
import {type CreateLoginFlowOptions, createLoginFlow} from '../../src/index.js';
import {defineOperation} from './types.js';

export const createLoginFlowOperation = defineOperation<CreateLoginFlowOptions>()({
	name: 'createLoginFlow',
	method: 'GET',
	path: '/self-service/login/api',
	// Creates a flow; changes no identity and no session.
	safe: true,
	cases: {
		login_refresh_flow: {title: "a refresh login flow for the session (refresh=true): it pre-fills the session's own identifier, no one else's", status: [200]},
		login_step_up_flow: {title: 'a second-factor login flow (aal=aal2) for the AAL1 session: it asks for aal2', status: [200]},
		login_already_signed_in: {
			title: 'a login flow asked for with a session, neither a refresh nor a second factor: the session is there already',
			status: [400],
			errorId: 'session_already_available',
		},
		login_return_to_forbidden: {title: 'a login flow with a return_to Kratos does not allow', status: [400], errorId: 'self_service_flow_return_to_forbidden'},
		login_step_up_no_session: {title: 'a second-factor login flow asked for without any session', status: [401], errorId: 'session_aal1_required'},
		login_server_error: {title: 'an unexpected failure (the `default` response)', status: [500]},
	},
	call: (client, options, credentials) => createLoginFlow(client, {...options, ...credentials}),
});
