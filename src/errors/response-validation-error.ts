import type {ValidationIssue} from '../validator.js';

/** Runtime validation (the `validate` option) found the 200 body does not conform to the `settingsFlow` schema. */
export class ResponseValidationError extends Error {
	override readonly name = 'ResponseValidationError' as const;

	constructor(
		url: string,
		readonly issues: readonly ValidationIssue[],
	) {
		super(`The 200 answer from ${url} breaks settingsFlow at ${issues[0]!.path || '/'}: ${issues[0]!.message} (${issues.length} issues)`);
	}
}

export const isResponseValidationError = (error: unknown): error is ResponseValidationError =>
	error instanceof ResponseValidationError;
