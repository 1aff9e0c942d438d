// GET /self-service/settings/api: its cases. Statuses and error ids are what a real Kratos v1.3.1 answers.
import {createSettingsFlow} from '../../src/index.js';
import {defineOperation} from './types.js';

/** A return_to no Kratos allows: `.invalid` is reserved (RFC 2606) and never one of a deployment's own URLs. */
export const FORBIDDEN_RETURN_TO = 'https://return-to-not-allowed.invalid/';

export const createSettingsFlowOperation = defineOperation<{readonly returnTo?: string}>()({
	name: 'createSettingsFlow',
	method: 'GET',
	path: '/self-service/settings/api',
	// Creates a flow; changes no identity.
	safe: true,
	cases: {
		create_native: {title: 'a new native flow for the session token', status: [200]},
		create_native_no_session: {title: 'a new native flow without any session', status: [401], errorId: 'session_inactive'},
		create_native_return_to_forbidden: {
			title: 'a new native flow with a return_to Kratos does not allow',
			status: [400],
			errorId: 'self_service_flow_return_to_forbidden',
		},
		create_native_aal2_required: {
			title: 'a new native flow for an AAL1 session of an identity with a second factor',
			status: [403],
			errorId: 'session_aal2_required',
		},
		create_native_server_error: {title: 'an unexpected failure (the `default` response)', status: [500]},
	},
	call: (client, {returnTo}, options) => createSettingsFlow(client, {...options, returnTo}),
});
