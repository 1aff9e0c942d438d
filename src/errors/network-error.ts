import {KratosClientError, guard} from './kratos-client-error.js';

/**
 * No complete HTTP answer: connection refused, DNS or TLS failure, a browser's CORS refusal (browsers give no reason
 * for either), or the connection broke while the body was being read (then `status` is set, and the result still
 * carries the `Response` whose headers arrived).
 */
export class NetworkError extends KratosClientError {
	override readonly name = 'NetworkError';

	constructor(url: string, cause: unknown, status?: number) {
		// undici hides the useful part (ECONNREFUSED, ECONNRESET) in `cause`.
		const inner = (cause as {cause?: {code?: string; message?: string}} | undefined)?.cause;
		const what = inner?.code ?? inner?.message ?? (cause as Error | undefined)?.message ?? String(cause);
		super(
			status
				? `Connection lost while reading ${url}: ${what}`
				: // A page: the same TypeError for a server that is down and for a cross-origin read the browser refused.
					(globalThis as {location?: unknown}).location
					? `The request to ${url} failed (${what}): the server may be down, or the browser blocked it by CORS`
					: `Could not reach ${url}: ${what}`,
			url,
			status,
			cause,
		);
	}
}

export const isNetworkError = /* @__PURE__ */ guard<NetworkError>('NetworkError');
