import type {Check, Violation} from '../base/model.js';
import {excerpt, needsResponse} from './support/util.js';

/**
 * A signed-in login answers with the session its credentials make. In a refresh or second-factor flow, with the
 * session's own credentials: the same session (its id) and, for a native flow, the same token that was sent (Kratos
 * v1.3.1 selfservice/flow/login/handler.go:822-824 continues with the request's session; login/hook.go:233-236 answers
 * with its token), authenticated again (`authenticated_at` later, session/manager_http.go:456), at `aal2` after a second
 * factor. With another identity's credentials in a session's refresh flow: a brand-new session of that identity, never
 * the session that asked (handler.go:874-877: "we re-authenticate as another user … a completely fresh session"). Ids
 * are quoted, tokens never.
 */
export const loginAnswersSession: Check = {
	name: 'login_answers_session',
	order: 230,
	description: "A login's session is the one its credentials make: a refresh or second factor the same, another identity's a new one",
	targets: ['live'],
	skip: (context) =>
		needsResponse(context) ??
		(!context.expect.truth.login?.signsIn
			? 'not a login the suite knows the session of'
			: context.exchange.response!.status !== 200
				? 'not signed in (its status is judged by expected_status)'
				: undefined),
	run(context) {
		const {request, response} = context.exchange;
		const expected = context.expect.truth.login!.signsIn!;
		const body = (response!.body ?? {}) as {session_token?: unknown; session?: Record<string, any>};
		const session = body.session ?? {};
		const sent = request.headers['x-session-token'];
		const identity: unknown = session.identity?.id;
		const violations: Violation[] = [];
		const add = (location: (string | number)[], title: string, message: string, received: string, wanted: string) =>
			violations.push({title, location: ['response', 'body', ...location], code: 'login_session', message, received, expected: wanted});
		if (expected.kind === 'same-session') {
			const what = expected.aal ? 'second factor' : 'refresh';
			if (sent !== undefined && body.session_token !== sent) add(['session_token'], `The ${what} handed out another session token`, `the ${what} answered with ${typeof body.session_token === 'string' ? 'another token' : 'no token'} than the one it was sent: the app would lose its session`, typeof body.session_token === 'string' ? '(another token, not shown)' : excerpt(body.session_token), 'the token that was sent');
			if (expected.sessionId !== undefined && session.id !== expected.sessionId) add(['session', 'id'], `The ${what} answered with another session`, `session.id is ${excerpt(session.id)}, not the session that asked (${expected.sessionId})`, excerpt(session.id), expected.sessionId);
			if (expected.identityId !== undefined && identity !== undefined && identity !== null && identity !== expected.identityId) {
				add(['session', 'identity', 'id'], `SECURITY: the ${what} signed in another identity`, `session.identity.id is ${excerpt(identity)}, not the session's identity (${expected.identityId})`, excerpt(identity), expected.identityId);
			}
			if (expected.authenticatedAt !== undefined && !(Date.parse(session.authenticated_at) > Date.parse(expected.authenticatedAt))) {
				add(['session', 'authenticated_at'], 'The refresh did not authenticate the session again', `authenticated_at is ${excerpt(session.authenticated_at)}, not later than before the refresh (${expected.authenticatedAt})`, excerpt(session.authenticated_at), `after ${expected.authenticatedAt}`);
			}
			if (expected.aal && session.authenticator_assurance_level !== expected.aal) {
				add(['session', 'authenticator_assurance_level'], 'The second factor did not raise the session', `authenticator_assurance_level is ${excerpt(session.authenticator_assurance_level)}, not ${expected.aal}`, excerpt(session.authenticator_assurance_level), expected.aal);
			}
			return violations;
		}
		if (sent !== undefined && body.session_token === sent) add(['session_token'], "SECURITY: another identity's credentials were given the session that asked", "the answer hands back the token of the session that asked for the refresh: that session now stands for another identity's login", '(the token that was sent, not shown)', 'a new token');
		if (expected.notSessionId !== undefined && session.id === expected.notSessionId) add(['session', 'id'], "SECURITY: another identity's credentials were given the session that asked", `session.id is the session that asked for the refresh (${expected.notSessionId}), not a fresh one`, excerpt(session.id), 'a new session');
		if (identity !== undefined && identity !== null) {
			if (identity === expected.notIdentityId) add(['session', 'identity', 'id'], "SECURITY: another identity's credentials signed in the session's identity", `session.identity.id is the identity of the session that asked (${String(expected.notIdentityId)}), though the credentials were another identity's`, excerpt(identity), expected.identityId ?? 'the other identity');
			else if (expected.identityId !== undefined && identity !== expected.identityId) add(['session', 'identity', 'id'], 'The login signed in an identity its credentials are not of', `session.identity.id is ${excerpt(identity)}, not the identity whose credentials were sent (${expected.identityId})`, excerpt(identity), expected.identityId);
		}
		return violations;
	},
};
