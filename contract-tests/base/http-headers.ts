// Response headers that say nothing about Kratos's contract, for the checks that judge headers and the records that
// keep them.

/**
 * HTTP plumbing: headers any server, proxy, CDN or TLS terminator in front of Kratos may add, which say nothing about
 * Kratos's contract. Kept short on purpose; anything else a deployment adds is shown, as a warning.
 */
export const HTTP_PLUMBING: ReadonlySet<string> = new Set([
	// The message itself (RFC 9110 §6 and §8); content-type is judged by content_type_conformance.
	'content-type',
	'content-length',
	'content-encoding',
	'date',
	// Per connection, set by whoever holds it (RFC 9110 §7.6.1, RFC 9112).
	'connection',
	'keep-alive',
	'transfer-encoding',
	// Added by the server software and intermediaries (RFC 9110 §10.2.4, §7.6.3; RFC 9111 §5.1; RFC 6797; RFC 7838).
	'server',
	'via',
	'age',
	'etag',
	'strict-transport-security',
	'alt-svc',
]);

/**
 * CORS (Fetch standard): set by whichever layer does CORS for the deployment, Kratos's serve.public.cors when enabled
 * (v1.3.1 with its defaults sends the first three on every answer to a request with an Origin) or a gateway in front.
 * A configuration's, not drift: whether they grant too much is cors_credentials's to judge. Records keep them.
 */
export const CORS_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
	'access-control-allow-origin',
	'access-control-allow-credentials',
	'access-control-expose-headers',
	'access-control-allow-methods',
	'access-control-allow-headers',
	'access-control-max-age',
]);
