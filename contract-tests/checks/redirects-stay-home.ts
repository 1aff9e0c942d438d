import type {Check, CheckContext, Violation} from '../base/model.js';
import {needsResponse} from './support/util.js';
import {asUrl} from './support/values.js';

/** Every URL of a successful update's continue_with: each `redirect_browser_to`, and every `url` inside an item. */
function continueUrls(context: CheckContext): {location: (string | number)[]; url: string}[] {
	const {exchange} = context;
	const body = exchange.response?.body as {continue_with?: unknown} | undefined;
	if (exchange.request.method !== 'POST' || exchange.response?.status !== 200 || !Array.isArray(body?.continue_with)) return [];
	const found: {location: (string | number)[]; url: string}[] = [];
	const visit = (value: unknown, location: (string | number)[]) => {
		if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...location, index]));
		else if (value && typeof value === 'object') {
			for (const [key, item] of Object.entries(value)) {
				if ((key === 'redirect_browser_to' || key === 'url') && typeof item === 'string') found.push({location: [...location, key], url: item});
				else visit(item, [...location, key]);
			}
		}
	};
	visit(body.continue_with, ['response', 'body', 'continue_with']);
	return found;
}

/** The origins a saved flow may send the browser to: the public API's, the flow's return_to's, the UIs'. */
function home(context: CheckContext): {origins: Set<string>; uiKnown: boolean} {
	const origins = new Set<string>();
	const add = (url: unknown) => {
		const parsed = asUrl(url);
		if (parsed) origins.add(parsed.origin);
	};
	add(context.expect.publicUrl);
	add((context.exchange.response?.body as {return_to?: unknown} | undefined)?.return_to);
	for (const origin of context.expect.truth.uiOrigins ?? []) add(origin);
	return {origins, uiKnown: context.expect.truth.uiOrigins !== undefined};
}

/**
 * Security (OWASP API8, open redirects): where a saved flow sends the browser next (`continue_with`) is a place the flow
 * itself names: the public API, the flow's `return_to` (which Kratos only keeps when it is allowed), or the settings
 * UI, whose origin Kratos's own browser navigation names (truth.uiOrigins). Kratos v1.3.1 picks it with
 * SecureRedirectTo (selfservice/flow/settings/hook.go:162-170: the flow's return_to if allowed, the public URL, else
 * the settings UI with ?flow=) and hands it over at :312. When the UI's origin is not known, only a URL on the
 * public API or the return_to's origin can be told right: the check then skips the others.
 * One legitimate place is not observable: `selfservice.flows.settings.after.default_browser_return_url` replaces the
 * settings UI unchecked (x/http_secure_redirect.go:102-124). Browser sessions need Kratos and its UIs on one site
 * (the cookie domain), so a URL elsewhere on the same site as a known origin is a warning (likely that setting); one on
 * another site fails. The site is a host's last two labels (an IP: itself), which takes `a.co.uk` and `b.co.uk` for
 * one site: a miss, never a false alarm.
 */
export const redirectsStayHome: Check = {
	name: 'redirects_stay_home',
	order: 470,
	description: "continue_with sends the browser only to the public API, the flow's return_to or the settings UI",
	targets: ['live'],
	skip(context) {
		const why = needsResponse(context);
		if (why) return why;
		const urls = continueUrls(context);
		if (!urls.length) return 'no URL in continue_with of a saved update';
		const {origins, uiKnown} = home(context);
		if (!uiKnown && urls.some(({url}) => !origins.has(asUrl(url)?.origin ?? ''))) return "the settings UI's origin is not known (no browser navigation named it)";
		return undefined;
	},
	run(context) {
		const {origins} = home(context);
		const sites = new Set([...origins].map((origin) => siteOf(new URL(origin).hostname)));
		return continueUrls(context)
			.filter(({url}) => !origins.has(asUrl(url)?.origin ?? ''))
			.map(({location, url}): Violation => {
				const target = asUrl(url);
				const where = `${location.slice(2).join('.')} sends the browser to ${target?.origin ?? 'a value that is not an absolute URL'}, not the public API, the flow's return_to or the settings UI`;
				const sameSite = target !== undefined && sites.has(siteOf(target.hostname));
				return {
					...(sameSite && {severity: 'warning' as const}),
					title: sameSite ? 'The browser is sent to another origin of the same site' : 'SECURITY: the browser is sent to another site',
					location,
					code: 'redirect_elsewhere',
					message: sameSite ? `${where}; on the same site, so likely selfservice.flows.settings.after.default_browser_return_url` : `${where}, nor their site`,
					received: target?.origin ?? '(not an absolute URL)',
					expected: [...origins].join(', '),
				};
			});
	},
};

/** A host's site, roughly: its last two labels, or the host itself for an IP address or a single label. */
function siteOf(hostname: string): string {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	if (/^[\d.]+$/.test(host) || host.includes(':')) return host;
	return host.split('.').slice(-2).join('.');
}
