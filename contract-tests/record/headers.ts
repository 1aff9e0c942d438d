// The headers of an answer that a client or a cache acts on, without what differs per server instance or per request:
// Cache-Control and Vary as sent, Location as a shape (the server's own URL, ids and query values replaced), each
// Set-Cookie by its name (Kratos's CSRF cookie is `csrf_token_<hash of the URL>`: the hash replaced) and attributes
// (Expires and Max-Age by name: they count down), and every other header that is not HTTP plumbing, by name only.
import {HTTP_PLUMBING} from '../base/http-headers.js';

export interface HeaderFacts {
	/** Cache-Control and Vary as sent, and Location's shape; absent when not sent. */
	readonly headers: Readonly<Record<string, string>>;
	/** Each cookie set, by its (normalised) name: its attributes, sorted. */
	readonly cookies: Readonly<Record<string, readonly string[]>>;
	/** Any other header, by name only (a value may be a request id, a trace, or a secret). */
	readonly otherHeaders: readonly string[];
}

/** Headers kept with their value: what caches and clients act on, and never a secret. */
const VALUED = ['cache-control', 'vary'] as const;
const LOCATION = 'location';
const SET_COOKIE = 'set-cookie';

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const IS_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Query values worth keeping: they switch behaviour (refresh=true, aal=aal2), and carry nobody's data.
const KEPT_QUERY_VALUE = /^(true|false|aal\d)$/;

/**
 * A URL as a shape: `{public}` for the server's own base URL (its port differs per instance), uuids as `{uuid}`, query
 * values as `{value}` unless they are switches. The URL of a user interface or a provider (another origin, from the
 * server's config) is kept: it is the same on every run.
 * @example urlShape('http://127.0.0.1:41234/auth/self-service/login/browser?aal=aal2&return_to=…', ['http://127.0.0.1:41234/auth'])
 * // '{public}/self-service/login/browser?aal=aal2&return_to={value}'
 */
export function urlShape(value: string, bases: readonly string[], requestUrl?: string): string {
	let url: URL;
	try {
		url = new URL(value, requestUrl);
	} catch {
		return '{not a URL}';
	}
	const page = `${url.origin}${url.pathname}`;
	const base = bases.map((item) => item.replace(/\/+$/, '')).find((item) => item && (page === item || page.startsWith(`${item}/`)));
	const path = base === undefined ? page : `{public}${page.slice(base.length)}`;
	const query = [...url.searchParams].map(([name, item]) => `${name}=${KEPT_QUERY_VALUE.test(item) ? item : IS_UUID.test(item) ? '{uuid}' : '{value}'}`);
	return `${path.replace(UUIDS, '{uuid}')}${query.length ? `?${query.join('&')}` : ''}`;
}

/** A cookie name without what differs per server (a hash of its URL, e.g. Kratos's `csrf_token_<sha256>`). */
export const cookieName = (name: string) => name.replace(/_[0-9a-f]{16,}$/i, '_{hash}');

/** One Set-Cookie line: its normalised name and its attributes (names and values, but Expires and Max-Age by name). */
export function cookieOf(line: string): [name: string, attributes: string[]] {
	const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
	const name = cookieName(pair.slice(0, Math.max(pair.indexOf('='), 0)).trim() || '(unnamed)');
	const kept = attributes.filter(Boolean).map((attribute) => {
		const at = attribute.indexOf('=');
		const key = at < 0 ? attribute : attribute.slice(0, at).trim();
		// Counting down per run: kept by name. Path, Domain, SameSite are the server's config.
		return at < 0 || /^(expires|max-age)$/i.test(key) ? key : `${key}=${attribute.slice(at + 1).trim()}`;
	});
	return [name, [...new Set(kept)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))];
}

/**
 * The facts of an answer's headers. `setCookies` are the Set-Cookie lines one by one (fetch joins them in `headers`);
 * `bases` the server's public URLs; `requestUrl` where the request went.
 */
export function headerFacts(
	headers: Readonly<Record<string, string>>,
	setCookies: readonly string[],
	bases: readonly string[],
	requestUrl: string | undefined,
): HeaderFacts {
	const kept: Record<string, string> = {};
	for (const name of VALUED) if (headers[name] !== undefined) kept[name] = headers[name]!;
	if (headers[LOCATION] !== undefined) kept[LOCATION] = urlShape(headers[LOCATION]!, bases, requestUrl);
	const cookies = Object.fromEntries(setCookies.map(cookieOf).sort(([a], [b]) => a.localeCompare(b)));
	const known = new Set<string>([...VALUED, LOCATION, SET_COOKIE]);
	const otherHeaders = Object.keys(headers)
		.map((name) => name.toLowerCase())
		.filter((name) => !known.has(name) && !HTTP_PLUMBING.has(name))
		.sort();
	return {headers: Object.fromEntries(Object.entries(kept).sort(([a], [b]) => a.localeCompare(b))), cookies, otherHeaders};
}

/** Set-Cookie lines from a headers object in which fetch joined several with ", " (an Expires date has one too). */
export function splitSetCookie(joined: string | undefined): string[] {
	if (!joined) return [];
	// A comma starts a new cookie only when a `name=` follows it (an Expires date's comma is followed by a day number).
	return joined.split(/,\s*(?=[^;,=\s]+=)/).map((line) => line.trim()).filter(Boolean);
}
