import {type SetCookie, cookiesSent, cookiesSet, deletesCookie, isCsrfCookie, isKratosCookie} from './support/cookies.js';
import type {Exchange} from '../base/model.js';import type {Check} from '../base/model.js';

import {needsResponse} from './support/util.js';

/**
 * Security (ASVS V3.3): a GET (reading a flow, or creating one) leaves the session alone: it neither issues nor
 * rotates nor removes the session cookie, which only a saved update re-issues (Kratos v1.3.1
 * selfservice/flow/settings/hook.go:301). The GET handlers only read the session (handler.go:216, 299, 410:
 * FetchFromRequest); the one cookie a GET may get is the CSRF cookie, which nosurf sets on every answer to a request
 * without it (x/nosurf.go:137-166). Only Kratos's cookies are judged (isKratosCookie: a load balancer's sticky
 * cookie is not the session). A cookie's value is never quoted.
 */
/** The session cookies (Kratos's, not its CSRF cookie) an answer sets or removes, with their index among the lines. */
function sessionCookies(exchange: Exchange): {cookie: SetCookie; index: number}[] {
	const sent = cookiesSent(exchange.request.headers.cookie);
	return cookiesSet(exchange.response!)
		.map((cookie, index) => ({cookie, index}))
		.filter(({cookie}) => !isCsrfCookie(cookie.name) && isKratosCookie(cookie, sent));
}

export const readKeepsSession: Check = {
	name: 'read_keeps_session',
	order: 420,
	description: 'Security: a GET of a flow never sets, rotates or removes the session cookie (only the CSRF cookie)',
	targets: ['live'],
	skip: (context) =>
		needsResponse(context) ??
		(context.exchange.request.method !== 'GET' ? 'not a GET' : cookiesSet(context.exchange.response!).length ? undefined : 'the answer sets no cookie'),
	run({exchange}) {
		return sessionCookies(exchange).flatMap(({cookie, index}) => {
			const what = deletesCookie(cookie, exchange.receivedAt) ? 'removes' : 'sets';
			return [
				{
					title: 'SECURITY: a read changes the session cookie',
					location: ['response', 'header', 'set-cookie', index],
					code: 'read_sets_cookie',
					message: `GET ${new URL(exchange.request.url).pathname} ${what} the cookie ${cookie.name || '(unnamed)'}: a read must leave the session as it is (only a saved update re-issues it)`,
					received: `Set-Cookie: ${cookie.name || '(unnamed)'}=(value not shown)`,
					expected: 'no Set-Cookie but the CSRF cookie (csrf_token…)',
				},
			];
		});
	},
};
