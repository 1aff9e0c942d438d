import type {Check} from '../base/model.js';
import {needsResponse} from './support/util.js';

/** A 5xx means the server failed, whatever the spec documents under `default`. */
export const notAServerError: Check = {
	name: 'not_a_server_error',
	order: 110,
	description: 'The server did not answer with a 5xx status',
	// The mock's `default` case asks Prism for a 5xx on purpose; only there is one expected.
	skip: (context) => needsResponse(context) ?? (context.expect.status.some((s) => s >= 500) ? 'case expects a 5xx' : undefined),
	run: ({exchange}) =>
		exchange.response!.status >= 500
			? [
					{
						title: 'Server error',
						location: ['response', 'status'],
						code: 'server_error',
						message: `The server answered ${exchange.response!.status}`,
						received: String(exchange.response!.status),
						expected: 'a status below 500',
					},
				]
			: [],
};
