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
	},
	call: (client, options, credentials) => createLoginFlow(client, {...options, ...credentials}),
});
