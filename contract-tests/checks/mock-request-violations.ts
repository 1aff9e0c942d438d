import type {Check} from '../base/model.js';
import {needsResponse} from './support/util.js';

/**
 * Prism reports a request or response that breaks the spec in its `sl-violations` header and still answers; such an
 * answer proves nothing, so the header is a failure. Real servers never send it.
 */
export const mockRequestViolations: Check = {
	name: 'mock_request_violations',
	order: 500,
	description: 'The mock found no violation of the spec (Prism sl-violations header)',
	// Only Prism sends the header; on a real server the check could never fail.
	targets: ['mock'],
	skip: needsResponse,
	run({exchange}) {
		const header = exchange.response!.headers['sl-violations'];
		if (!header) return [];
		let list: {location?: (string | number)[]; code?: string | number; message?: string}[] = [];
		try {
			list = JSON.parse(header);
		} catch {
			list = [{message: header}];
		}
		return list.map((item) => ({
			title: 'Mock reports a spec violation',
			location: item.location ?? ['request'],
			code: String(item.code ?? 'sl-violation'),
			message: item.message ?? 'violation',
		}));
	},
};
