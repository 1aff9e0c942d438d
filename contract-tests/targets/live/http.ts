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
	const response = await fetch(url, {
		method: options.method ?? 'GET',
		headers,
		body: options.body === undefined ? null : JSON.stringify(options.body),
		redirect: 'manual',
		signal: AbortSignal.timeout(options.timeoutMs),
	});
	const text = await response.text();
	let body: Record<string, any> | undefined;
	try {
		body = JSON.parse(text) as Record<string, any>;
	} catch {
		body = undefined;
	}
	return {status: response.status, body, response};
}

export type KratosAnswer = Awaited<ReturnType<typeof kratosRequest>>;

export const describeFailure = (error: unknown) => {
	// undici puts the useful part (ECONNREFUSED, "bad port") in `cause`.
	const cause = (error as {cause?: {code?: string; message?: string}})?.cause;
	if ((error as Error)?.name === 'TimeoutError') return 'no answer in time';
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
