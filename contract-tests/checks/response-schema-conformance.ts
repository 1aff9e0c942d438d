import type {Check, Violation} from './types.js';
import {excerpt, needsResponse} from './util.js';

/** The body validates against the schema documented for its status; every violation is reported, not the first. */
export const responseSchemaConformance: Check = {
	name: 'response_schema_conformance',
	description: 'The body conforms to the schema documented for the status',
	skip: (context) => {
		const why = needsResponse(context);
		if (why) return why;
		const documented = context.operation.responseFor(context.exchange.response!.status);
		return documented?.schema ? undefined : 'no schema documented for this status';
	},
	run({exchange, operation}) {
		const {status, text, body} = exchange.response!;
		const documented = operation.responseFor(status)!;
		const base = {check: 'response_schema_conformance', title: 'Response violates schema'} as const;
		if (body === undefined) {
			return [
				{
					...base,
					location: ['response', 'body'],
					code: 'json',
					message: text ? 'The body is not valid JSON' : 'The body is empty',
					received: excerpt(text),
					documented: `JSON for response ${documented.key}`,
				},
			];
		}
		const validate = operation.validatorFor(documented)!;
		if (validate(body)) return [];
		return (validate.errors ?? []).map(
			(error): Violation => ({
				...base,
				location: ['response', 'body', ...pointerSegments(error.instancePath)],
				code: error.keyword,
				message: `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${describeParams(error.params)}`,
				received: excerpt(error.data),
				documented: excerpt(withoutAnnotations(error.parentSchema), 300),
			}),
		);
	},
};

// The excerpt shows what the schema demands; descriptions and examples only push it out of the line.
const ANNOTATIONS = new Set(['description', 'title', 'example', 'examples', 'deprecated']);
function withoutAnnotations(schema: unknown): unknown {
	if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
	return Object.fromEntries(
		Object.entries(schema)
			.filter(([key]) => !ANNOTATIONS.has(key))
			.map(([key, value]) => [key, key === 'properties' && value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, withoutAnnotations(sub)])) : value]),
	);
}

function pointerSegments(pointer: string): (string | number)[] {
	if (!pointer) return [];
	return pointer
		.slice(1)
		.split('/')
		.map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
		.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function describeParams(params: Record<string, unknown>): string {
	if ('allowedValues' in params) return ` (${excerpt(params.allowedValues)})`;
	if ('additionalProperty' in params) return ` (${String(params.additionalProperty)})`;
	return '';
}
