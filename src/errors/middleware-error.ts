import {KratosClientError, guard} from './kratos-client-error.js';

/**
 * A middleware (yours, or your openapi-fetch client's) threw, or handed openapi-fetch something it refuses; `cause` is
 * what was thrown. The call resolves with this error instead of rejecting.
 */
export class MiddlewareError extends KratosClientError {
	override readonly name = 'MiddlewareError';

	constructor(url: string, cause: unknown) {
		super(`A middleware failed on the request to ${url}: ${(cause as Error | undefined)?.message ?? String(cause)}`, url, undefined, cause);
	}
}

export const isMiddlewareError = /* @__PURE__ */ guard<MiddlewareError>('MiddlewareError');
