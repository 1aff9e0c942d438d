// The live target's own requests to Kratos (whoami, the flows it sets up, provisioning): plain JSON calls that never
// follow a redirect, and a cookie jar as a browser keeps one. The cases themselves go through the client.

/** One JSON request to Kratos, never following a redirect; the body parsed when it is JSON. */
export async function kratosRequest(
	url: string,
	options: {method?: string; body?: unknown; sessionToken?: string | undefined; cookie?: string | undefined; timeoutMs: number},
): Promise<{status: number; body: Record<string, any> | undefined; response: Response}> {
	const headers: Record<string, string> = {Accept: 'application/json'};
	if (options.body !== undefined) headers['Content-Type'] = 'application/json';
	if (options.sessionToken) headers['X-Session-Token'] = options.sessionToken;
	if (options.cookie) headers.Cookie = options.cookie;
	let response: Response;
	let text: string;
	try {
		response = await fetch(url, {
			method: options.method ?? 'GET',
			headers,
			body: options.body === undefined ? null : JSON.stringify(options.body),
			redirect: 'manual',
			signal: AbortSignal.timeout(options.timeoutMs),
		});
		text = await response.text();
	} catch (error) {
		// The abort says only "due to timeout": the limit goes with it, for describeFailure to name.
		if ((error as Error)?.name === 'TimeoutError') throw Object.assign(new Error(`timed out after ${options.timeoutMs} ms`), {name: 'TimeoutError', timeoutMs: options.timeoutMs});
		throw error;
	}
	let body: Record<string, any> | undefined;
	try {
		body = JSON.parse(text) as Record<string, any>;
	} catch {
		body = undefined;
	}
	return {status: response.status, body, response};
}

export type KratosAnswer = Awaited<ReturnType<typeof kratosRequest>>;

/** How to change the per-request limit, said wherever a timeout surfaces (the start, a case, a report). */
export const timeoutAdvice = (timeoutMs: number | undefined) =>
	`no answer within ${timeoutMs === undefined ? 'the time limit' : `${timeoutMs} ms`}, the limit per request: raise it with --timeout MS or KRATOS_TIMEOUT_MS if this server is just slow`;

// OpenSSL's words for a TLS client that got a plain-HTTP answer (1.1 and 3.0: "wrong version number"; 3.2 and later
// may say "packet length too long"), by Node's code or, failing that, by its message.
const PLAIN_HTTP_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);
const PLAIN_HTTP_MESSAGE = /wrong version number|packet length too long/i;

/** Whether a request failed because an https:// URL reached a server that answers in plain HTTP. */
export const answeredPlainHttp = (error: unknown) => {
	// undici puts the useful part (ECONNREFUSED, "bad port", OpenSSL's code) in `cause`.
	const cause = (error as {cause?: {code?: string; message?: string}})?.cause;
	return Boolean((cause?.code && PLAIN_HTTP_CODES.has(cause.code)) || PLAIN_HTTP_MESSAGE.test(cause?.message ?? ''));
};

export const PLAIN_HTTP_ADVICE =
	'the server answered in plain HTTP, not TLS: the URL says https:// to a port that speaks http:// (for a Kratos on this machine use http://; otherwise correct the URL: its port, or the scheme)';

/** Why a request got no answer, in words a user can act on. */
export const describeFailure = (error: unknown) => {
	const cause = (error as {cause?: {code?: string; message?: string}})?.cause;
	if ((error as Error)?.name === 'TimeoutError') return timeoutAdvice((error as {timeoutMs?: number}).timeoutMs);
	if (answeredPlainHttp(error)) return PLAIN_HTTP_ADVICE;
	return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
};

/** Kratos's generic error (`{"error": {"code": …}}`), as JSON. */
export const isKratosError = (answer: KratosAnswer) =>
	/json/i.test(answer.response.headers.get('content-type') ?? '') && typeof answer.body?.error?.code === 'number';
export const errorIdOf = (answer: KratosAnswer): unknown => (isKratosError(answer) ? answer.body?.error?.id : undefined);

/** The Cookie header with the cookies a response set added (or replaced), as a browser would. */
export function withSetCookies(cookie: string, response: Response): string {
	const jar = new Map(cookie.split(/;\s*/).filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const));
	for (const line of response.headers.getSetCookie()) {
		const [pair = ''] = line.split(';');
		const at = pair.indexOf('=');
		if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
	}
	return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}
