import type {ValidationIssue} from '../validator.js';

/** Runtime validation (the `validate` option) found the 200 body does not conform to the `settingsFlow` schema. */
export class ResponseValidationError extends Error {
	override readonly name = 'ResponseValidationError' as const;

	constructor(
		url: string,
		readonly issues: readonly ValidationIssue[],
	) {
		const first = issues[0];
		super(
			`The 200 answer from ${url} does not conform to settingsFlow: ${first ? `${first.path || '/'} ${first.message}` : 'invalid'}` +
				(issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''),
		);
	}
}

export const isResponseValidationError = (error: unknown): error is ResponseValidationError =>
	error instanceof ResponseValidationError;
