// POST /self-service/settings?flow=…: its cases. Statuses and error ids are what a real Kratos v1.3.1 answers (see
// openapi/ and test/kratos/kratos.test.ts). It changes an identity: against a user's staging it runs only with an
// explicit opt-in, and only the cases that change nothing or put back what they change.
import {type SettingsFlow, type UpdateSettingsFlowBody, updateSettingsFlow} from '../../src/index.js';
import {defineOperation} from './types.js';

export interface UpdateInput {
	/** The flow object (a browser flow's CSRF token is taken from it) or only its id (then none is added). */
	readonly flow: SettingsFlow | string;
	readonly body: UpdateSettingsFlowBody;
}

export const updateSettingsFlowOperation = defineOperation<UpdateInput>()({
	name: 'updateSettingsFlow',
	method: 'POST',
	path: '/self-service/settings',
	safe: false,
	corrections: true,
	cases: {
		update_profile: {title: "a trait of the profile changed (the owner's own flow): saved, read back, then put back", status: [200]},
		update_browser: {title: 'the profile submitted from a browser flow with its CSRF token and cookie: saved', status: [200]},
		update_password: {title: 'a new password (native flow)', status: [200]},
		update_totp: {title: 'an authenticator app linked with a code from the flow (native flow)', status: [200]},
		update_lookup_secret: {title: 'new lookup codes regenerated, then confirmed (native flow)', status: [200]},
		update_corrections: {
			title: 'an invalid email: the flow comes back with a message, nothing changes',
			status: [400],
			result: 'corrections',
		},
		update_password_rejected: {
			title: 'a password Kratos rejects (5 characters, below any min_password_length): nothing changes, nothing echoed',
			status: [400],
			result: 'corrections',
		},
		update_no_session: {title: 'the form submitted without any session', status: [401]},
		update_csrf_missing: {
			title: 'a browser flow submitted with its cookie but without its CSRF token',
			status: [403],
			errorId: 'security_csrf_violation',
		},
		update_other_identity: {
			title: "another identity's flow submitted with this session",
			status: [403],
			errorId: 'security_identity_mismatch',
		},
		update_refresh_required: {
			title: 'a password change with a session older than privileged_session_max_age: refused, nothing changes',
			status: [403],
			errorId: 'session_refresh_required',
		},
		update_aal2_required: {
			title: 'an AAL1 session of an identity with a second factor',
			status: [403],
			errorId: 'session_aal2_required',
		},
		update_unknown_flow: {title: 'a well-formed flow id no flow has', status: [404]},
		update_expired_flow: {title: 'a flow past its lifespan: continue in a new one', status: [410], errorId: 'self_service_flow_expired'},
		update_browser_location_change: {
			title: 'linking a social sign-in provider: the browser must go there',
			status: [422],
			errorId: 'browser_location_change_required',
		},
		update_server_error: {title: 'an unexpected failure (the `default` response)', status: [500]},
	},
	call: (client, {flow, body}, options) => updateSettingsFlow(client, flow, body, options),
});
