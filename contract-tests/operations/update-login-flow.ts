// POST /self-service/login?flow=…: its cases, what follows a settings interruption: the refresh login with a wrong
// password, another identity's and the session's own, and the second factor with a wrong code and the right one.
// Statuses are what a real Kratos v1.3.1 answers. A login changes a session (never an identity): against a user's
// staging the cases that raise a given session for good run only with the opt-in.
import {type LoginFlow, type UpdateLoginFlowBody, updateLoginFlow} from '../../src/index.js';
import {defineOperation} from './types.js';

export interface LoginInput {
	/** The login flow to submit (a browser flow's CSRF token is taken from it). */
	readonly flow: LoginFlow;
	readonly body: UpdateLoginFlowBody;
}

export const updateLoginFlowOperation = defineOperation<LoginInput>()({
	name: 'updateLoginFlow',
	method: 'POST',
	path: '/self-service/login',
	safe: false,
	corrections: true,
	cases: {
		// Refusals first: they change nothing, and need the AAL1 session before the step-up raises it.
		login_step_up_without_session: {title: "the AAL1 session's second-factor flow submitted without any session", status: [401], errorId: 'session_aal1_required'},
		login_csrf_missing: {title: 'a browser login flow submitted with its CSRF cookie but without its CSRF token', status: [403], errorId: 'security_csrf_violation'},
		login_unknown_flow: {title: 'a well-formed login flow id no flow has', status: [404]},
		login_expired_flow: {title: 'a login flow past its lifespan: continue in a new one', status: [410], errorId: 'self_service_flow_expired'},
		login_browser_location_change: {
			title: 'signing in with a social sign-in provider: the browser must go there',
			status: [422],
			errorId: 'browser_location_change_required',
		},
		login_refresh_wrong_password: {
			title: 'a wrong password in the session\'s refresh flow: corrections, and the session stays as it was (a change needing a recent login still refused)',
			status: [400],
			result: 'corrections',
		},
		login_refresh_other_identity: {
			title: "another identity's credentials in the session's refresh flow: a brand-new session of that identity; the session that asked is untouched",
			status: [200],
		},
		login_refresh_password: {
			title: "the session's own password in its refresh flow: the same session and token, a later authenticated_at; the refused change then succeeds",
			status: [200],
		},
		login_step_up_wrong_code: {
			title: "a wrong TOTP code in the AAL1 session's second-factor flow: corrections, and the session stays AAL1",
			status: [400],
			result: 'corrections',
		},
		login_step_up: {
			title: 'the right TOTP code in the second-factor flow: the same session at aal2, and the settings flow that asked for it loads',
			status: [200],
		},
		login_submit_server_error: {title: 'an unexpected failure (the `default` response)', status: [500]},
	},
	call: (client, {flow, body}, credentials) => updateLoginFlow(client, flow, body, credentials),
});
