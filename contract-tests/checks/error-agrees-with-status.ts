import {STATUS_CODES} from 'node:http';
import type {Check, Violation} from '../base/model.js';
import {excerpt, kratosErrorIn, needsResponse} from './support/util.js';

/**
 * An error body says what its status says: Kratos writes the status from the error itself and the body from the same
 * error, `code` its number and `status` its reason phrase (herodot json.go:136-142, error_default.go:327-363), and
 * never the debug field (json.go:169-180).
 */
export const errorAgreesWithStatus: Check = {
	name: 'error_agrees_with_status',
	order: 340,
	description: 'An error body has the code and status text of the HTTP status, and no debug information',
	targets: ['live'],
	skip: (context) => needsResponse(context) ?? (kratosErrorIn(context) ? undefined : 'not a Kratos error'),
	run(context) {
		const error = kratosErrorIn(context)!;
		const {status} = context.exchange.response!;
		const violations: Violation[] = [];
		const add = (field: string, message: string, received: unknown, expected: string) =>
			violations.push({title: 'The error body disagrees with its status', location: ['response', 'body', 'error', field], code: 'error_status', message, received: excerpt(received), expected});
		if ('code' in error && error.code !== status) add('code', `error.code is ${excerpt(error.code)} in a ${status} answer`, error.code, String(status));
		if ('status' in error && error.status !== STATUS_CODES[status]) add('status', `error.status is ${excerpt(error.status)} in a ${status} answer`, error.status, JSON.stringify(STATUS_CODES[status]));
		if ('debug' in error && error.debug !== '') add('debug', 'error.debug exposes debug information', '(debug information)', 'absent');
		return violations;
	},
};
