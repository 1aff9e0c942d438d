import type {Check} from '../base/model.js';
import {answerKind, needsResponse} from './support/util.js';

/**
 * The answer is the kind the situation calls for where the status does not say it: the update's 400 for invalid
 * input carries the flow with its messages (corrections), not an error body, which only a malformed flow id gets.
 * Read from the answer, not from what the client made of it: a server is never failed for the client's opinion.
 */
export const expectedResult: Check = {
	name: 'expected_result',
	order: 170,
	description: 'The answer is the kind of result the situation calls for (e.g. corrections, not an error)',
	skip: (context) => needsResponse(context) ?? (context.expect.result === undefined ? 'case expects no particular result' : undefined),
	run(context) {
		const {exchange, expect} = context;
		const received = answerKind(context) ?? 'neither a flow nor a Kratos error';
		if (received === expect.result) return [];
		return [
			{
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
