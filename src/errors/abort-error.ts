import {KratosClientError, guard} from './kratos-client-error.js';

/** The caller's `signal` aborted the request; `cause` is the signal's reason. */
export class AbortError extends KratosClientError {
	override readonly name = 'AbortError';

	constructor(url: string, reason: unknown) {
		super(`The caller aborted the request to ${url}`, url, undefined, reason);
	}
}

export const isAbortError = /* @__PURE__ */ guard<AbortError>('AbortError');
