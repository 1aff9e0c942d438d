// The cookies of an exchange: those the request sent (its Cookie header) and those the answer sets (Set-Cookie), read
// the way browsers read them (RFC 6265 §5.2). Values are secrets: callers name a cookie, never quote its value.
import type {Exchange} from '../../base/model.js';

/** The cookies of a Cookie request header, in order. */
export function cookiesSent(header: string | undefined): {name: string; value: string}[] {
	return (header ?? '')
		.split(';')
		.map((pair) => pair.trim())
		.filter(Boolean)
		.map((pair) => {
			const at = pair.indexOf('=');
			return at < 0 ? {name: '', value: pair} : {name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim()};
		});
}

/** One Set-Cookie line as a browser reads it. */
export interface SetCookie {
	readonly name: string;
	/** The value (a secret): for comparisons only. */
	readonly value: string;
	/** Attributes by lower-case name (`httponly` → ''), the last one of a name winning as in browsers. */
	readonly attributes: ReadonlyMap<string, string>;
}

export function parseSetCookie(line: string): SetCookie {
	const [pair = '', ...rest] = line.split(';');
	const at = pair.indexOf('=');
	const attributes = new Map<string, string>();
	for (const part of rest) {
		const equals = part.indexOf('=');
		const key = (equals < 0 ? part : part.slice(0, equals)).trim().toLowerCase();
		if (key) attributes.set(key, equals < 0 ? '' : part.slice(equals + 1).trim());
	}
	return {name: (at < 0 ? '' : pair.slice(0, at)).trim(), value: (at < 0 ? pair : pair.slice(at + 1)).trim(), attributes};
}

/** The Set-Cookie lines of an answer, one by one. */
export function cookiesSet(response: NonNullable<Exchange['response']>): SetCookie[] {
	const lines = response.setCookies ?? (response.headers['set-cookie'] ? [response.headers['set-cookie']] : []);
	return lines.map(parseSetCookie);
}

/**
 * Whether a Set-Cookie line removes its cookie rather than storing one: Max-Age zero or below, or (without Max-Age,
 * which wins) an Expires date already past when the answer came (RFC 6265 §5.3 steps 3 and 11).
 */
export function deletesCookie(cookie: SetCookie, at: number): boolean {
	const maxAge = cookie.attributes.get('max-age');
	if (maxAge !== undefined && /^-?\d+$/.test(maxAge)) return Number(maxAge) <= 0;
	const expires = cookie.attributes.get('expires');
	const when = expires === undefined ? Number.NaN : Date.parse(expires);
	return !Number.isNaN(when) && when <= at;
}

/** A cookie of this Kratos's CSRF protection: `csrf_token_<sha256 of the public URL>` (x/nosurf.go CSRFCookieName). */
export const isCsrfCookie = (name: string) => name.startsWith('csrf_token');

/**
 * A value of Kratos's cookie store, whatever the cookie's name (session.cookie.name renames the session cookie):
 * gorilla/securecookie writes base64url of `<unix time>|<value>|<mac>`, as every session and continuity cookie of
 * Kratos v1.0.0 to master measured here is.
 */
export const isCookieStoreValue = (value: string) => /^\d{9,11}\|/.test(Buffer.from(value, 'base64url').toString('latin1'));

/**
 * Whether a cookie an answer sets is Kratos's own: its CSRF cookie, an `ory_…` cookie (the session, the continuity
 * cookie of a social sign-in), or one of its cookie store: set with such a value, or removed under a name the
 * request sent with one. A load balancer's or a CDN's cookie (AWSALB, __cf_bm) on the same answer is not Kratos's to
 * judge, even when a browser's Cookie header, copied whole, sent it too.
 */
export function isKratosCookie(cookie: SetCookie, sent: readonly {name: string; value: string}[]): boolean {
	if (isCsrfCookie(cookie.name) || cookie.name.startsWith('ory_') || isCookieStoreValue(cookie.value)) return true;
	return sent.some(({name, value}) => name === cookie.name && isCookieStoreValue(value));
}
