import type {Check, Violation} from '../base/model.js';
import {describeParams, excerpt, needsJsonSchema, pointerSegments, schemaExcerpt} from './support/util.js';

/**
 * The body validates against the schema documented for its status, in its conformance reading (spec/index.ts): what
 * any healthy Kratos satisfies, so a newer one's additions pass here and schema_drift reports them. Every violation is
 * reported, not the first.
 */
export const responseSchemaConformance: Check = {
	name: 'response_schema_conformance',
	order: 150,
	description: 'The body conforms to the schema documented for the status (extensible enums and undocumented properties allowed)',
	skip: needsJsonSchema,
	run({exchange, operation}) {
		const {status, text, body} = exchange.response!;
		const documented = operation.responseFor(status)!;
		const base = {title: 'Response violates schema'} as const;
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
		const validate = operation.validatorFor(documented, 'conformance')!;
		if (validate(body)) return [];
		// An `if` error only says that its `then` failed (an extensible union's known variant), which is reported itself.
		return (validate.errors ?? []).filter((error) => error.keyword !== 'if').map(
			(error): Violation => ({
				...base,
				location: ['response', 'body', ...pointerSegments(error.instancePath)],
				code: error.keyword,
				message: `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${describeParams(error.params)}`,
				received: excerpt(error.data),
				documented: schemaExcerpt(error.parentSchema),
			}),
		);
	},
};
