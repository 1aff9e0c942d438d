import {KratosClientError, guard} from './kratos-client-error.js';

/** No complete answer (status line, headers and body) within `timeoutMs`. */
export class TimeoutError extends KratosClientError {
	override readonly name = 'TimeoutError';

	constructor(
		url: string,
		readonly timeoutMs: number,
	) {
		super(`No complete answer from ${url} within ${timeoutMs} ms`, url);
	}
}

export const isTimeoutError = /* @__PURE__ */ guard<TimeoutError>('TimeoutError');
