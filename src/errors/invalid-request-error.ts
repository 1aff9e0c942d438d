import {KratosClientError, guard} from './kratos-client-error.js';

/**
 * An argument cannot be sent: a bad `baseUrl`, a header value with CR/LF or other characters HTTP forbids, an id that
 * is not a string. Thrown by the client's creation and rejected by a call, before any request is made. The message
 * names the option and never contains its value, since that may be a secret.
 */
export class InvalidRequestError extends KratosClientError {
	override readonly name = 'InvalidRequestError';
}

export const isInvalidRequestError = /* @__PURE__ */ guard<InvalidRequestError>('InvalidRequestError');
