import {KratosClientError, guard} from './kratos-client-error.js';

/**
 * No complete HTTP answer: connection refused, DNS or TLS failure, or the connection broke while the body was being
 * read (then `status` is set, and the result still carries the `Response` whose headers arrived).
 */
export class NetworkError extends KratosClientError {
	override readonly name = 'NetworkError';

	constructor(url: string, cause: unknown, status?: number) {
		// undici hides the useful part (ECONNREFUSED, ECONNRESET) in `cause`.
		const inner = (cause as {cause?: {code?: string; message?: string}} | undefined)?.cause;
		const what = inner?.code ?? inner?.message ?? (cause as Error | undefined)?.message ?? String(cause);
		super(`${status ? 'Connection lost while reading' : 'Could not reach'} ${url}: ${what}`, url, status, cause);
	}
}

export const isNetworkError = /* @__PURE__ */ guard<NetworkError>('NetworkError');
