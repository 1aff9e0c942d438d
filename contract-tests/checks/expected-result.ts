import type {Check} from './types.js';
import {needsResponse} from './util.js';

/**
 * The answer is the kind the situation calls for where the status does not say it: the update's 400 for invalid
 * input carries the flow with its messages (corrections), not an error body, which only a malformed flow id gets.
 */
export const expectedResult: Check = {
	name: 'expected_result',
	description: 'The answer is the kind of result the situation calls for (e.g. corrections, not an error)',
	skip: (context) => needsResponse(context) ?? (context.expect.result === undefined ? 'case expects no particular result' : undefined),
	run({exchange, expect}) {
		const received = exchange.result.kind;
		if (received === expect.result) return [];
		return [
			{
				check: 'expected_result',
				title: 'Unexpected kind of answer for this situation',
				location: ['response', 'body'],
				code: 'unexpected_result',
				message: `Expected ${expect.result}, got ${received} (${exchange.response!.status})`,
				received,
				expected: expect.result,
			},
		];
	},
};
