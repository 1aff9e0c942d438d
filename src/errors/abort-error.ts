/** The caller's `signal` aborted the request. */
export class AbortError extends Error {
	override readonly name = 'AbortError' as const;

	constructor(url: string, reason: unknown) {
		super(`The caller aborted the request to ${url}`, {cause: reason});
	}
}

export const isAbortError = (error: unknown): error is AbortError => error instanceof AbortError;
