import type {Answered, Check, SessionState, Violation} from '../base/model.js';

const said = (answer: Answered | SessionState) => (answer.status === undefined ? 'no answer' : `${answer.status}${answer.errorId ? ` ${answer.errorId}` : ''}`);

/**
 * After a login, the session that asked for it is what the login made it, as GET /sessions/whoami and the change that
 * needs what the login grants show, read before and after. Wrong credentials, a wrong code, or another identity's
 * credentials leave it exactly as it was: the same identity and authenticated_at, the same level, and the change still
 * refused (Kratos v1.3.1 selfservice/flow/login/handler.go:874-877 gives another identity a fresh session; a failed
 * strategy returns before login/hook.go:140 activates anything; strategy/password/settings.go:131-133 refuses a
 * password change for an old login; settings/handler.go:422-423 an AAL1 read). The right password refreshes it (later
 * authenticated_at, session/manager_http.go:456) and the refused password change then goes through; the right code
 * raises it to aal2 and the settings flow that asked for it then loads. A password the suite changed must be put back.
 */
export const sessionAfterLogin: Check = {
	name: 'session_after_login',
	order: 240,
	description: 'After a login, the session that asked is untouched by wrong or foreign credentials, refreshed or at aal2 by the right ones',
	targets: ['live'],
	skip: ({expect, exchange}) =>
		!expect.truth.login?.sessionAfter || !exchange.afterwards?.session
			? 'not a login the suite read the session around'
			: exchange.afterwards.session.before.status === undefined || exchange.afterwards.session.after.status === undefined
				? 'whoami got no answer before or after the login'
				: undefined,
	// The change that needs what the login grants is tried only where it can be told (the opt-in, a known privileged age,
	// a session old enough, a machine fast enough): where it was not, the whoami part alone was judged.
	partly: ({exchange}) => (exchange.afterwards?.session?.privilegedSkipped ? `the change before and after was not judged: ${exchange.afterwards.session.privilegedSkipped}` : undefined),
	run({exchange, expect}) {
		const {before, after, privileged} = exchange.afterwards!.session!;
		const owed = expect.truth.login!.sessionAfter!;
		const violations: Violation[] = [];
		const add = (location: (string | number)[], title: string, message: string, received: string, wanted: string) =>
			violations.push({title, location: ['afterwards', ...location], code: 'session_after_login', message, received, expected: wanted});
		if (exchange.afterwards!.putBackFailed) {
			add(['put back'], "PUT BACK FAILED: the test identity's password is still the one the suite set", exchange.afterwards!.putBackFailed, 'failed', "KRATOS_TEST_PASSWORD's value");
		}
		if (owed === 'unchanged') {
			const changed = (['status', 'errorId', 'sessionId', 'identityId', 'authenticatedAt', 'aal'] as const).filter((field) => before[field] !== after[field]);
			if (changed.length) {
				add(['whoami'], 'SECURITY: a failed or foreign login changed the session that asked', `GET /sessions/whoami of the session shows another ${changed.join(', ')} after the login than before (${said(before)} → ${said(after)})`, changed.map((field) => `${field}: ${String(after[field])}`).join(', '), changed.map((field) => `${field}: ${String(before[field])}`).join(', '));
			}
			if (privileged && (privileged.after.status !== privileged.before.status || privileged.after.errorId !== privileged.before.errorId)) {
				add(['privileged'], 'SECURITY: a failed or foreign login made the session privileged', `${privileged.what} answered ${said(privileged.before)} before the login and ${said(privileged.after)} after it`, said(privileged.after), said(privileged.before));
			}
			return violations;
		}
		// What the right credentials owe; when the login itself failed, expected_status says so.
		if (exchange.response?.status !== 200) return violations;
		if (after.status !== 200) {
			add(['whoami'], 'The session is unusable after the login', `GET /sessions/whoami answered ${said(after)} after the login`, said(after), '200');
			return violations;
		}
		if (before.identityId !== undefined && after.identityId !== before.identityId) add(['whoami', 'identity', 'id'], 'SECURITY: the login changed whose session it is', `whoami's identity is ${String(after.identityId)} after the login, ${before.identityId} before`, String(after.identityId), before.identityId);
		if (owed === 'refreshed' && !(Date.parse(after.authenticatedAt ?? '') > Date.parse(before.authenticatedAt ?? ''))) {
			add(['whoami', 'authenticated_at'], 'The refresh did not move the session on', `whoami's authenticated_at is ${String(after.authenticatedAt)} after the refresh, ${String(before.authenticatedAt)} before`, String(after.authenticatedAt), `after ${String(before.authenticatedAt)}`);
		}
		if (owed === 'aal2' && after.aal !== 'aal2') add(['whoami', 'authenticator_assurance_level'], 'The second factor did not raise the session', `whoami's authenticator_assurance_level is ${String(after.aal)} after the second factor`, String(after.aal), 'aal2');
		if (privileged) {
			const refusal = owed === 'refreshed' ? 'session_refresh_required' : 'session_aal2_required';
			if (privileged.before.status !== 403 || privileged.before.errorId !== refusal) {
				add(['privileged', 'before'], 'The change was not refused before the login', `${privileged.what} answered ${said(privileged.before)} before the login, though the session lacked what it needs`, said(privileged.before), `403 ${refusal}`);
			}
			if (privileged.after.status !== 200) add(['privileged', 'after'], 'The login did not grant what it was for', `${privileged.what} answered ${said(privileged.after)} after the login`, said(privileged.after), '200');
		}
		return violations;
	},
};
