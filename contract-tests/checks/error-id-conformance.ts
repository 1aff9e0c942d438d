import type {Check} from '../base/model.js';
import {excerpt, needsResponse} from './support/util.js';

/** An error answer carries the Kratos `error.id` callers switch on for this situation (e.g. `session_inactive`). */
export const errorIdConformance: Check = {
	name: 'error_id_conformance',
	order: 160,
	description: 'The error body carries the error id Kratos sends for this situation',
	skip: (context) =>
		needsResponse(context) ??
		(context.expect.errorId === undefined ? 'case expects no particular error id' : undefined),
	run({exchange, expect}) {
		const body = exchange.response!.body as {error?: {id?: unknown}} | undefined;
		const id = body?.error?.id;
		if (id === expect.errorId) return [];
		return [
			{
				title: 'Unexpected error id',
				location: ['response', 'body', 'error', 'id'],
				code: 'error_id',
				message: `Expected error.id "${expect.errorId}", got ${id === undefined ? 'none' : excerpt(id)}`,
				received: excerpt(id),
				expected: JSON.stringify(expect.errorId),
			},
		];
	},
};
