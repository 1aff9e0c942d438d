/**
 * No complete HTTP answer: connection refused, DNS or TLS failure, or the connection broke while the body was
 * being read (then the result still carries the `Response` whose headers arrived).
 */
export class NetworkError extends Error {
	override readonly name = 'NetworkError' as const;

	constructor(url: string, cause: unknown, whileReading = false) {
		super(`${whileReading ? 'Connection lost while reading' : 'Could not reach'} ${url}: ${describe(cause)}`, {cause});
	}
}

// undici hides the useful part (ECONNREFUSED, ECONNRESET) in `cause`.
function describe(error: unknown): string {
	const inner = (error as {cause?: {code?: string; message?: string}})?.cause;
	return inner?.code ?? inner?.message ?? (error as Error)?.message ?? String(error);
}

export const isNetworkError = (error: unknown): error is NetworkError => error instanceof NetworkError;
