import type {Check} from '../base/model.js';
import {needsResponse} from './support/util.js';

/**
 * A flow carries secrets (the CSRF token, a TOTP secret while one is being linked), so no cache may keep any answer of
 * these GETs: Kratos sends `Cache-Control: private, no-cache, no-store, must-revalidate` on every one, errors and
 * redirects alike (Kratos v1.3.1 x/router.go:23-25, x/nocache.go:13-22). POST answers are not kept by caches anyway
 * (RFC 9111 §3); Kratos master no longer sends the header there, harmlessly.
 */
export const noStore: Check = {
	name: 'no_store',
	order: 360,
	description: 'No cache may keep the answer (Cache-Control: no-store)',
	targets: ['live'],
	skip: (context) => needsResponse(context) ?? (context.exchange.request.method === 'GET' ? undefined : 'caches do not keep POST answers'),
	run({exchange}) {
		const header = exchange.response!.headers['cache-control'];
		const directives = (header ?? '').split(',').map((directive) => directive.trim().toLowerCase());
		if (directives.includes('no-store')) return [];
		return [
			{
				title: 'The answer may be cached',
				location: ['response', 'header', 'cache-control'],
				code: 'cacheable',
				message: `Cache-Control is ${header === undefined ? 'missing' : `"${header}"`}: a cache may keep this answer`,
				received: header ?? 'none',
				expected: 'no-store (Kratos: private, no-cache, no-store, must-revalidate)',
			},
		];
	},
};
