import type {Check, CheckContext, Violation} from '../base/model.js';
import {needsResponse} from './support/util.js';
import {asUrl, holds, secretsOf, urlsIn} from './support/values.js';

/**
 * The query parameters of each URL of its public API that Kratos hands out, by path below the public URL: what Kratos
 * v1.0.0 to master put there, from their code and their answers. The spec says the same in the descriptions of
 * `ui.action`, `redirect_browser_to` and `error.details` (test/checks/security.test.ts keeps the two equal).
 * - `/self-service/settings`: the form (`ui.action`, selfservice/flow/settings/flow.go:166) and the settings endpoint a
 *   refresh login returns to (settings/error.go:99).
 * - `/self-service/login`: a login flow's form (`ui.action`, selfservice/flow/login/flow.go:194).
 * - `/self-service/login/browser`: the login a session lacking a second factor or a recent login is sent to:
 *   `aal` and `return_to` (session/manager_http.go:302-306), `login_challenge` and `return_to` passed on
 *   (session/manager.go:73-98), `refresh` and `return_to` (settings/error.go:101-104).
 * - `/self-service/settings/browser` and `/api`: where an expired flow starts again, with the old flow's `return_to`
 *   for a browser (selfservice/flow/error.go:213-219, settings/handler.go:428-438).
 * URLs elsewhere (the UIs, `return_to`, a sign-in provider) carry what their configuration gives them: only
 * searched for secrets.
 */
export const PUBLIC_URL_QUERY: Readonly<Record<string, readonly string[]>> = {
	'/self-service/settings': ['flow'],
	'/self-service/login/browser': ['aal', 'refresh', 'return_to', 'login_challenge'],
	'/self-service/settings/browser': ['return_to'],
	'/self-service/settings/api': [],
	'/self-service/login': ['flow'],
};

/** A parameter name that says it carries a credential: an undocumented one is an error, any other one is drift. */
const CREDENTIAL_NAME = /token|secret|session|csrf|passw|code|key|auth|credential|otp|nonce|jwt|sig/i;

/** Where the answer hands out a URL for a client or a browser to follow (not `request_url`, `schema_url`, docs links). */
function handedOut(context: CheckContext): {location: (string | number)[]; url: string}[] {
	const {response} = context.exchange;
	const body = response!.body as Record<string, any> | undefined;
	const found: {location: (string | number)[]; url: string}[] = [];
	const add = (location: (string | number)[], value: unknown) => {
		if (typeof value === 'string') found.push({location, url: value});
	};
	add(['response', 'header', 'location'], response!.headers.location);
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		add(['response', 'body', 'ui', 'action'], body.ui?.action);
		add(['response', 'body', 'redirect_browser_to'], body.redirect_browser_to);
		for (const field of ['redirect_browser_to', 'api', 'redirect_to']) add(['response', 'body', 'error', 'details', field], body.error?.details?.[field]);
		for (const [index, item] of (Array.isArray(body.continue_with) ? body.continue_with : []).entries()) {
			add(['response', 'body', 'continue_with', index, 'redirect_browser_to'], item?.redirect_browser_to);
			add(['response', 'body', 'continue_with', index, 'flow', 'url'], item?.flow?.url);
		}
	}
	// A URL a handed-out URL returns to is handed out too (the login's return_to: the settings endpoint or UI).
	for (const {location, url} of [...found]) {
		const returnTo = asUrl(url)?.searchParams.get('return_to');
		if (returnTo) found.push({location: [...location, 'return_to'], url: returnTo});
	}
	return found;
}

/**
 * Security (OWASP API8, ASVS V8.3): no URL in an answer holds a secret, in any encoding (URLs end up in browser
 * history, Referer headers and proxy logs): not the session token or a cookie value the request sent, the CSRF token,
 * a TOTP secret or a session token continue_with hands over, raw or URL-encoded once or twice. And each URL of the
 * public API Kratos hands out carries only the query parameters documented for it (PUBLIC_URL_QUERY): an unknown one
 * named like a credential fails; any other is drift of a newer Kratos, a warning.
 */
export const noSecretInUrls: Check = {
	name: 'no_secret_in_urls',
	order: 430,
	description: 'Security: no URL in the answer holds a secret, and the URLs Kratos hands out carry only their documented query parameters',
	targets: ['live'],
	skip: (context) => needsResponse(context) ?? (urlsIn(context.exchange.response!).length ? undefined : 'no URL in the answer'),
	run(context) {
		const violations: Violation[] = [];
		const secrets = secretsOf(context);
		for (const {location, url} of urlsIn(context.exchange.response!)) {
			for (const secret of secrets.filter(({value}) => holds(url, value))) {
				violations.push({
					title: 'SECURITY: a secret in a URL',
					location,
					code: 'secret_in_url',
					message: `The URL at ${location.slice(1).join('.')} holds ${secret.what}: URLs are kept in browser history, Referer headers and logs`,
					received: '(a URL holding a secret, not shown)',
					expected: 'no secret in any URL',
				});
			}
		}
		const publicUrl = context.expect.publicUrl.replace(/\/+$/, '');
		for (const {location, url} of handedOut(context)) {
			const parsed = asUrl(url);
			if (!parsed) continue;
			const page = `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
			const documented = page.startsWith(`${publicUrl}/`) ? PUBLIC_URL_QUERY[page.slice(publicUrl.length)] : undefined;
			if (!documented) continue;
			for (const name of new Set(parsed.searchParams.keys())) {
				if (documented.includes(name)) continue;
				const credential = CREDENTIAL_NAME.test(name);
				violations.push({
					severity: credential ? 'error' : 'warning',
					title: credential ? 'SECURITY: a URL carries an undocumented parameter named like a credential' : 'A URL carries an undocumented query parameter',
					location: [...location, 'query', name],
					code: 'undocumented_query_parameter',
					// The name only: its value may be a secret.
					message: `${page.slice(publicUrl.length)} at ${location.slice(1).join('.')} carries the query parameter "${name}", which Kratos does not document there${credential ? ': its value may be a credential' : ' (a newer Kratos may add one)'}`,
					received: `?${name}=(value not shown)`,
					documented: documented.length ? documented.join(', ') : 'no query parameters',
				});
			}
		}
		return violations;
	},
};
