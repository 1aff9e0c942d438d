import {KratosClientError, guard} from './kratos-client-error.js';

/**
 * The server answered, but not with something a Kratos endpoint sends: a non-JSON body (an HTML page from a proxy),
 * truncated JSON, an empty body, a body over the size limit, a redirect, an undocumented 2xx.
 */
export class InvalidResponseError extends KratosClientError {
	override readonly name = 'InvalidResponseError';

	constructor(status: number, url: string, problem: string) {
		super(`The ${status} answer from ${url} ${problem}`, url, status);
	}
}

export const isInvalidResponseError = /* @__PURE__ */ guard<InvalidResponseError>('InvalidResponseError');
