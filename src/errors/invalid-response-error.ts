/**
 * The server answered, but not with something a Kratos settings-flow endpoint sends: a non-JSON body (an HTML page
 * from a proxy), truncated JSON, an empty body, a body over the size limit, a redirect, an undocumented 2xx.
 */
export class InvalidResponseError extends Error {
	override readonly name = 'InvalidResponseError' as const;

	constructor(
		readonly status: number,
		url: string,
		problem: string,
	) {
		super(`The ${status} answer from ${url} ${problem}`);
	}
}

export const isInvalidResponseError = (error: unknown): error is InvalidResponseError =>
	error instanceof InvalidResponseError;
