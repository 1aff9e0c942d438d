/**
 * An argument cannot be sent: a bad `baseUrl`, a header value with CR/LF or other characters HTTP forbids, a
 * non-string id. Thrown by `createSettingsFlowClient`, rejected by `getSettingsFlow`, before any request is made.
 * The message names the option and never contains its value, since that may be a secret.
 */
export class InvalidRequestError extends TypeError {
	override readonly name = 'InvalidRequestError' as const;
}

export const isInvalidRequestError = (error: unknown): error is InvalidRequestError =>
	error instanceof InvalidRequestError;
