import type {Check} from '../base/model.js';
import {needsResponse} from './support/util.js';

/**
 * The status is one the spec lists by code. `default` documents the body of unexpected failures (5xx), so a 2xx,
 * 3xx or 4xx that only `default` matches is reported: the spec must name every status the endpoint really sends.
 */
export const statusCodeConformance: Check = {
	name: 'status_code_conformance',
	order: 120,
	description: 'The status code is documented for the operation',
	skip: needsResponse,
	run({exchange, operation}) {
		const {status} = exchange.response!;
		const listed = operation.responseKeys.filter((key) => key !== 'default');
		if (listed.includes(String(status)) || (status >= 500 && operation.responseKeys.includes('default'))) return [];
		return [
			{
				title: 'Undocumented HTTP status code',
				location: ['response', 'status'],
				code: 'undocumented_status',
				message: `Status ${status} is not documented for ${operation.label}`,
				received: String(status),
				documented: operation.responseKeys.join(', '),
			},
		];
	},
};
