import type {Check} from '../base/model.js';
import {needsResponse} from './support/util.js';

const mediaType = (header: string | undefined) => header?.split(';')[0]?.trim().toLowerCase() ?? '';

/** The Content-Type is one the spec documents for that status (application/json). */
export const contentTypeConformance: Check = {
	name: 'content_type_conformance',
	order: 140,
	description: 'The Content-Type is documented for the status',
	skip: needsResponse,
	run({exchange, operation}) {
		const {status, headers} = exchange.response!;
		const documented = operation.responseFor(status)?.contentTypes ?? [];
		const received = mediaType(headers['content-type']);
		if (!documented.length || documented.includes(received)) return [];
		return [
			{
				title: 'Undocumented Content-Type',
				location: ['response', 'header', 'content-type'],
				code: 'content_type',
				message: `Content-Type "${received || 'none'}" is not documented for status ${status}`,
				received: headers['content-type'] ?? 'none',
				documented: documented.join(', '),
			},
		];
	},
};
