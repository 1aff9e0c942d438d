import {type SetCookie, cookiesSent, cookiesSet, deletesCookie, isKratosCookie} from './support/cookies.js';
import type {Check, CheckContext, Violation} from '../base/model.js';
import {needsResponse} from './support/util.js';

/**
 * The cookies of Kratos an answer sets (isKratosCookie: its CSRF cookie, its `ory_…` cookies, a session cookie renamed
 * by session.cookie.name; not a load balancer's), but not one that is being deleted: a removal stores nothing to
 * protect (Kratos removes with
 * the store's own attributes anyway, session/manager_http.go:262-280, and in no case of the suite does Kratos v1.0.0
 * to master send one).
 */
function kratosCookies(context: CheckContext): {cookie: SetCookie; index: number}[] {
	const {request, response, receivedAt} = context.exchange;
	const sent = cookiesSent(request.headers.cookie);
	return cookiesSet(response!)
		.map((cookie, index) => ({cookie, index}))
		.filter(({cookie}) => isKratosCookie(cookie, sent) && !deletesCookie(cookie, receivedAt));
}

/**
 * Security (ASVS V3.4): every cookie Kratos sets is HttpOnly (no script reads the session or the CSRF cookie), has a
 * SameSite of Lax or Strict (None only with Secure, which browsers require for it), and is Secure when the public URL
 * is https. Kratos v1.3.1 sets them so unless it runs with --dev (which drops Secure and forces the CSRF cookie to
 * Lax): the session store driver/registry_default.go:522-551 (HttpOnly, Secure, session.cookie.same_site, default
 * Lax), the continuity cookie :553-559, the CSRF cookie x/nosurf.go:137-166. A cookie's value is never quoted.
 */
export const cookieFlags: Check = {
	name: 'cookie_flags',
	order: 410,
	description: 'Security: the cookies Kratos sets are HttpOnly, SameSite Lax or Strict (None only with Secure), and Secure on https',
	targets: ['live'],
	skip: (context) => needsResponse(context) ?? (kratosCookies(context).length ? undefined : 'the answer sets no cookie of Kratos'),
	run(context) {
		const https = context.expect.publicUrl.toLowerCase().startsWith('https:');
		const violations: Violation[] = [];
		for (const {cookie, index} of kratosCookies(context)) {
			const {attributes} = cookie;
			const sameSite = attributes.get('samesite')?.toLowerCase();
			const secure = attributes.has('secure');
			const wrong: string[] = [];
			if (!attributes.has('httponly')) wrong.push('no HttpOnly: a script on the page can read it');
			if (sameSite === undefined) wrong.push('no SameSite: browsers differ on when they send it cross-site');
			else if (sameSite === 'none' && !secure) wrong.push('SameSite=None without Secure: browsers refuse it');
			else if (!['lax', 'strict', 'none'].includes(sameSite)) wrong.push(`SameSite=${attributes.get('samesite')}, which browsers do not know`);
			if (https && !secure) wrong.push(`no Secure on an https public URL: it also travels over plain http (is Kratos running with --dev?)`);
			if (!wrong.length) continue;
			// The name and the attributes only: the value is the secret.
			const shown = [...attributes].map(([key, value]) => (value ? `${key}=${value}` : key)).join('; ');
			violations.push({
				title: 'SECURITY: a cookie without the flags that protect it',
				location: ['response', 'header', 'set-cookie', index],
				code: 'cookie_flags',
				message: `The cookie ${cookie.name} is set with ${wrong.join('; ')}`,
				received: `${cookie.name}=(value not shown); ${shown}`,
				expected: `HttpOnly; SameSite=Lax or Strict (None only with Secure)${https ? '; Secure' : ''}`,
			});
		}
		return violations;
	},
};
