import type {Check} from '../base/model.js';
import {needsResponse} from './support/util.js';

/** The situation the case provoked got the status Kratos answers it with (e.g. no session → 401, not 403). */
export const expectedStatus: Check = {
	name: 'expected_status',
	order: 130,
	description: 'The status matches the situation the case provoked',
	skip: needsResponse,
	run({exchange, expect}) {
		const {status} = exchange.response!;
		if (expect.status.includes(status)) return [];
		return [
			{
				title: 'Unexpected status for this situation',
				location: ['response', 'status'],
				code: 'unexpected_status',
				message: `Expected ${expect.status.join(' or ')}, got ${status}`,
				received: String(status),
				expected: expect.status.join(' or '),
			},
		];
	},
};
