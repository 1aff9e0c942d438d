import type {Check, CheckContext} from './types.js';
import {needsResponse} from './util.js';

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
 * true`, `Access-Control-Allow-Origin` is neither that origin (reflected) nor `*`. Kratos's CORS is off by default;
 * enabled with its defaults (`serve.public.cors.allowed_origins: ["*"]`, `allow_credentials: true`: Kratos v1.3.1
 * embedx/config.schema.json:2401-2433, 2484-2487; driver/config/config.go:520-527; cmd/daemon/serve.go:107-115) it
 * answers `*` with credentials, which browsers refuse today but which says any origin is trusted, and Kratos master
 * (oryx/configx/cors.go, AllowOriginVaryRequestFunc since d027980ec) reflects every origin, which browsers honour.
 * A preflight (OPTIONS) is judged alike: its grant is what lets the credentialed read follow.
 */
export const corsCredentials: Check = {
	name: 'cors_credentials',
	description: 'Security: a foreign origin is not granted credentialed CORS (no reflected origin, no * with credentials)',
	targets: ['live'],
	skip: (context) => needsResponse(context) ?? (foreignOrigin(context) ? undefined : 'the request sent no foreign Origin'),
	run(context) {
		const origin = foreignOrigin(context)!;
		const {headers} = context.exchange.response!;
		const credentials = headers['access-control-allow-credentials'];
		const allowed = headers['access-control-allow-origin']?.trim();
		if (credentials?.trim().toLowerCase() !== 'true' || allowed === undefined) return [];
		const grant = allowed === '*' ? 'any origin (*)' : allowed.toLowerCase() === origin.toLowerCase() ? `the request's own Origin (${origin}), reflected` : undefined;
		if (!grant) return [];
		return [
			{
				check: 'cors_credentials',
				title: 'SECURITY: credentialed CORS for a foreign origin',
				location: ['response', 'header', 'access-control-allow-origin'],
				code: 'cors_credentials',
				message: `A request from ${origin} is granted ${grant} with Access-Control-Allow-Credentials: true: a page there may read the flow (its CSRF token) with the user's session. Set serve.public.cors.allowed_origins to your own UIs' origins.`,
				received: `Access-Control-Allow-Origin: ${allowed}; Access-Control-Allow-Credentials: ${credentials}`,
				expected: `no credentialed grant to ${origin}: CORS off, or allowed_origins naming only your UIs`,
			},
		];
	},
};
