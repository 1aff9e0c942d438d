/** The request never got an HTTP answer: connection refused or reset, DNS failure, TLS error, … */
export class NetworkError extends Error {
	override readonly name = 'NetworkError' as const;

	constructor(url: string, cause: unknown) {
		super(`Could not reach ${url}: ${describe(cause)}`, {cause});
	}
}

// undici hides the useful part (ECONNREFUSED, ECONNRESET) in `cause`.
function describe(error: unknown): string {
	const inner = (error as {cause?: {code?: string; message?: string}})?.cause;
	return inner?.code ?? inner?.message ?? (error as Error)?.message ?? String(error);
}

export const isNetworkError = (error: unknown): error is NetworkError => error instanceof NetworkError;
