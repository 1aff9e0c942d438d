import type {Check, Violation} from '../base/model.js';
import {CORS_RESPONSE_HEADERS, HTTP_PLUMBING} from '../base/http-headers.js';
import {needsResponse, truncate} from './support/util.js';

/**
 * Every response header is documented for its status in the spec, or plumbing. Anything else is drift (e.g. the
 * `Ory-Error-Id` of Kratos releases after v26.2.0): a warning.
 */
export const undocumentedHeader: Check = {
	name: 'undocumented_header',
	order: 520,
	description: 'Every response header is documented for the status, or HTTP plumbing (warning: a newer Kratos may add headers)',
	severity: 'warning',
	// Prism's answers carry its own CORS and sl-violations headers, not a Kratos's: only a real server can drift.
	targets: ['live'],
	skip: (context) =>
		needsResponse(context) ??
		(context.operation.responseFor(context.exchange.response!.status) ? undefined : 'no response documented for this status'),
	run({exchange, operation}) {
		const {status, headers} = exchange.response!;
		const documented = operation.responseFor(status)!;
		return Object.entries(headers)
			.filter(([name]) => !HTTP_PLUMBING.has(name) && !CORS_RESPONSE_HEADERS.has(name) && !documented.headers.includes(name))
			.map(
				([name, value]): Violation => ({
					title: 'Undocumented response header',
					location: ['response', 'header', name],
					code: 'undocumented_header',
					message: `Header "${name}" is not documented for status ${status}`,
					// As a header line, so the redaction of credential headers applies to it.
					received: truncate(`${name}: ${value || '(empty)'}`, 200),
					documented: `${documented.headers.join(', ') || 'no headers'} (response ${documented.key})`,
				}),
			);
	},
};
