import type {Check, CheckContext} from '../base/model.js';
import {needsResponse} from './support/util.js';

/** The Origin the request carried when it is not Kratos's own (a foreign page's request), or undefined. */
function foreignOrigin({exchange, expect}: CheckContext): string | undefined {
	const origin = exchange.request.headers.origin?.trim();
	if (!origin) return undefined;
	let own: string | undefined;
	try {
		own = new URL(expect.publicUrl).origin;
	} catch {
		own = undefined;
	}
	return origin.toLowerCase() === own?.toLowerCase() ? undefined : origin;
}

/**
 * Security (OWASP API8, ZAP "CORS misconfiguration"): a page of a foreign origin is never granted credentialed CORS to
 * the flows, which carry the CSRF token and, while one is linked, a TOTP secret: with `Access-Control-Allow-Credentials:
 * true`, `Access-Control-Allow-Origin` is not that origin (reflected, or listed in allowed_origins): an error. Kratos's
 * CORS is off by default; enabled with its defaults (`serve.public.cors.allowed_origins: ["*"]`, `allow_credentials:
 * true`: Kratos v1.3.1 embedx/config.schema.json:2401-2433, 2484-2487; driver/config/config.go:520-527;
 * cmd/daemon/serve.go:107-115), as Ory's quickstart configurations enable it, v1.0.0 to v26.2.0 answer `*` with
 * credentials. Browsers refuse every credentialed read under `*` (Fetch standard, CORS check), so no page can read a
 * flow with the user's session: no exposure, but a SPA on another origin cannot work either, a warning that says so.
 * Kratos master (oryx/configx/cors.go, AllowOriginVaryRequestFunc since d027980ec) reflects every origin, which
 * browsers honour: an error. A preflight (OPTIONS) is judged alike: its grant is what lets the credentialed read follow.
 */
export const corsCredentials: Check = {
	name: 'cors_credentials',
	order: 400,
	description: 'Security: a foreign origin is not granted credentialed CORS (no reflected or listed origin; * with credentials warns)',
	targets: ['live'],
	skip: (context) => needsResponse(context) ?? (foreignOrigin(context) ? undefined : 'the request sent no foreign Origin'),
	run(context) {
		const origin = foreignOrigin(context)!;
		const {headers} = context.exchange.response!;
		const credentials = headers['access-control-allow-credentials'];
		const allowed = headers['access-control-allow-origin']?.trim();
		if (credentials?.trim().toLowerCase() !== 'true' || allowed === undefined) return [];
		const received = `Access-Control-Allow-Origin: ${allowed}; Access-Control-Allow-Credentials: ${credentials}`;
		if (allowed === '*') {
			return [
				{
					severity: 'warning',
					title: 'Credentialed CORS for any origin (*), which browsers refuse',
					location: ['response', 'header', 'access-control-allow-origin'],
					code: 'cors_wildcard_credentials',
					message: `A request from ${origin} is answered with * and Access-Control-Allow-Credentials: true. Browsers refuse a credentialed read under *, so no page of another origin can read a flow with the user's session, your own single-page app on another origin included. Set serve.public.cors.allowed_origins to your own UIs' origins.`,
					received,
					expected: 'CORS off, or allowed_origins naming only your UIs',
				},
			];
		}
		if (allowed.toLowerCase() !== origin.toLowerCase()) return [];
		return [
			{
				title: 'SECURITY: credentialed CORS for a foreign origin',
				location: ['response', 'header', 'access-control-allow-origin'],
				code: 'cors_credentials',
				message: `A request from ${origin} is granted its own Origin (reflected, or listed) with Access-Control-Allow-Credentials: true: a page there may read the flow (its CSRF token) with the user's session. Set serve.public.cors.allowed_origins to your own UIs' origins.`,
				received,
				expected: `no credentialed grant to ${origin}: CORS off, or allowed_origins naming only your UIs`,
			},
		];
	},
};
