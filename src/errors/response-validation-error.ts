import type {ValidationIssue} from '../validator.js';
import {KratosClientError, guard} from './kratos-client-error.js';

/** Runtime validation (the `validate` option) found that a flow in the answer does not conform to `settingsFlow`. */
export class ResponseValidationError extends KratosClientError {
	override readonly name = 'ResponseValidationError';

	constructor(
		url: string,
		status: number,
		readonly issues: readonly ValidationIssue[],
	) {
		super(`The ${status} answer from ${url} breaks settingsFlow at ${issues[0]!.path || '/'}: ${issues[0]!.message} (${issues.length} issues)`, url, status);
	}
}

export const isResponseValidationError = /* @__PURE__ */ guard<ResponseValidationError>('ResponseValidationError');
