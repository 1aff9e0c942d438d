/**
 * The status matrix, written once and run against every target. A case names a situation; each target knows how to
 * provoke it (or says why it cannot), and the checks judge the answer. Statuses and error ids are what a real Kratos
 * v1.3.1 answers (see openapi/ and the kratos target's tests).
 */
export interface ContractCase {
	readonly id: string;
	readonly title: string;
	/** Statuses that are right for the situation. */
	readonly status: readonly number[];
	/** The `error.id` Kratos sends for it, when it sends one. */
	readonly errorId?: string;
}

export const cases = [
	{id: 'own_flow', title: "a fresh flow fetched with its owner's session token", status: [200]},
	{id: 'own_flow_cookie', title: "the flow fetched with its owner's session cookie (a forwarded Cookie)", status: [200]},
	// Kratos v1.3.1 sends no error id with 401 (the page documents `session_inactive`).
	{id: 'no_session', title: 'the flow fetched without any session', status: [401]},
	{id: 'no_session_navigation', title: 'the same, as a browser navigation (Accept: text/html)', status: [302]},
	{
		id: 'other_identity',
		title: "the flow fetched with another identity's session",
		status: [403],
		errorId: 'security_identity_mismatch',
	},
	{id: 'unknown_flow', title: 'a well-formed id no flow has', status: [404]},
	{id: 'malformed_id', title: 'an id that is not a UUID', status: [404]},
	// Kratos v1.3.1 sends no error id with 410 here (`self_service_flow_expired` comes from other endpoints).
	{id: 'expired_flow', title: 'a flow past its lifespan', status: [410]},
	{
		id: 'aal2_required',
		title: 'an AAL1 session of an identity with a second factor (required_aal: highest_available)',
		status: [403],
		errorId: 'session_aal2_required',
	},
	{id: 'server_error', title: 'an unexpected failure (the `default` response)', status: [500]},
] as const satisfies readonly ContractCase[];

export type CaseId = (typeof cases)[number]['id'];
