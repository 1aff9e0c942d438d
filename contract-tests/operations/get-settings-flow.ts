// GET /self-service/settings/flows?id=…: its cases. Statuses and error ids are what a real Kratos v1.3.1 answers (see
// openapi/ and test/kratos/kratos.test.ts).
import {getSettingsFlow} from '../../src/index.js';
import {defineOperation} from './types.js';

export const getSettingsFlowOperation = defineOperation<{readonly id: string}>()({
	name: 'getSettingsFlow',
	method: 'GET',
	path: '/self-service/settings/flows',
	safe: true,
	cases: {
		own_flow: {title: "a fresh flow fetched with its owner's session token", status: [200]},
		own_flow_cookie: {title: "the flow fetched with its owner's session cookie (a forwarded Cookie)", status: [200]},
		// Kratos v1.3.1 sends no error id with 401 (the page documents `session_inactive`).
		no_session: {title: 'the flow fetched without any session', status: [401]},
		no_session_navigation: {title: 'the same, as a browser navigation (Accept: text/html)', status: [302]},
		// Kratos v1.3.1 session/manager_http.go:211-213, 240-251: a token present is the only credential looked at.
		token_is_final: {title: "a session token Kratos does not know, beside the owner's valid cookie: the token decides", status: [401]},
		// session/handler.go:841-851: the session is checked before the flow, so nobody learns which flows exist.
		no_session_unknown_flow: {title: 'a flow no one has, asked for without a session: 401, not 404', status: [401]},
		other_identity: {title: "the flow fetched with another identity's session", status: [403], errorId: 'security_identity_mismatch'},
		unknown_flow: {title: 'a well-formed id no flow has', status: [404]},
		malformed_id: {title: 'an id that is not a UUID', status: [404]},
		// Kratos v1.3.1 sends no error id with 410 here (`self_service_flow_expired` comes from other endpoints).
		expired_flow: {title: 'a flow past its lifespan', status: [410]},
		aal2_required: {
			title: 'an AAL1 session of an identity with a second factor (required_aal: highest_available)',
			status: [403],
			errorId: 'session_aal2_required',
		},
		// A credentialed cross-origin read would hand a foreign page the flow's CSRF token (and, while an authenticator
		// app is being linked, its secret): no foreign Origin may be granted credentialed CORS.
		foreign_origin: {title: 'the flow read with the session and a foreign Origin: no credentialed CORS for it', status: [200]},
		foreign_origin_preflight: {
			title: 'a CORS preflight (OPTIONS) from a foreign origin: no credentialed CORS for it',
			status: [],
			probe: {method: 'OPTIONS', checks: ['answer_received', 'not_a_server_error', 'cors_credentials']},
		},
		server_error: {title: 'an unexpected failure (the `default` response)', status: [500]},
	},
	call: (client, {id}, options) => getSettingsFlow(client, id, options),
});
