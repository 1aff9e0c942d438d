/** No complete answer (status line, headers and body) within `timeoutMs`. */
export class TimeoutError extends Error {
	override readonly name = 'TimeoutError' as const;

	constructor(
		url: string,
		readonly timeoutMs: number,
	) {
		super(`No complete answer from ${url} within ${timeoutMs} ms`);
	}
}

export const isTimeoutError = (error: unknown): error is TimeoutError => error instanceof TimeoutError;
