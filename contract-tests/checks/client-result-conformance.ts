import type {Check, Violation} from './types.js';
import {needsResponse} from './util.js';

/**
 * The client turned the answer into the matching result variant: `success` with the flow for a 200, `http-error`
 * with the same status and error id for a Kratos error body, and a transport error only when the body is unusable.
 */
export const clientResultConformance: Check = {
	name: 'client_result_conformance',
	description: 'The client returned the result variant matching the answer',
	skip: needsResponse,
	run({exchange, case: contractCase}) {
		const {status, body} = exchange.response!;
		const {result} = exchange;
		const violation = (message: string, expected: string): Violation[] => [
			{
				check: 'client_result_conformance',
				title: 'Client result does not match the answer',
				location: ['client', 'result'],
				code: 'client_result',
				message,
				received: result.kind === 'transport-error' ? `${result.kind}: ${result.error.message}` : `${result.kind} ${result.status}`,
				expected,
			},
		];
		const object = body !== null && typeof body === 'object' && !Array.isArray(body);
		const errorBody = (body as {error?: {id?: unknown}} | undefined)?.error;
		// The update's 400 carries the flow with its messages: the client calls it corrections, not an error.
		const isFlow = object && !errorBody && typeof (body as {ui?: unknown}).ui === 'object';
		const flowKind = status === 200 ? 'success' : status === 400 && contractCase.operation.corrections && isFlow ? 'corrections' : undefined;
		if (flowKind && object) {
			if (result.kind !== flowKind) return violation(`A ${status} with a flow must come back as ${flowKind}`, `${flowKind} ${status}`);
			if (JSON.stringify(result.flow) !== JSON.stringify(body)) return violation('The flow differs from the body', 'the body, parsed');
			return [];
		}
		if (status >= 400 && errorBody && typeof errorBody === 'object') {
			if (result.kind !== 'http-error' || result.status !== status) {
				return violation(`A ${status} with a Kratos error body must come back as http-error ${status}`, `http-error ${status}`);
			}
			const id = typeof errorBody.id === 'string' ? errorBody.id : undefined;
			if (result.errorId !== id) return violation(`errorId is ${String(result.errorId)}, the body says ${String(id)}`, `errorId ${String(id)}`);
			return [];
		}
		// Anything else (HTML, truncated JSON, a redirect) is not a Kratos answer and must not look like one.
		if (result.kind !== 'transport-error') {
			return violation(`An unusable ${status} answer must come back as transport-error`, 'transport-error');
		}
		return [];
	},
};
