import type {ErrorObject} from 'ajv';
import type {ContractOperation, DocumentedResponse} from '../../spec/index.js';
import type {Check, Violation} from '../base/model.js';
import {excerpt, needsJsonSchema, pointerSegments, schemaExcerpt} from './support/util.js';

const key = (error: ErrorObject) => `${error.instancePath} ${error.keyword} ${JSON.stringify(error.params)}`;

/**
 * Drift: what the body holds beyond the spec as documented — a value an extensible enum does not list yet, a variant
 * of an extensible union, a property no schema names. A newer, healthy Kratos sends such things, so they are warnings.
 * Found by the drift reading of the schema (spec/index.ts), minus everything the conformance reading also rejects:
 * that is response_schema_conformance's error, not drift.
 */
export const schemaDrift: Check = {
	name: 'schema_drift',
	order: 510,
	description: 'The body holds no value or property the spec does not document (warning: a newer Kratos may add them)',
	severity: 'warning',
	skip: (context) => needsJsonSchema(context) ?? (context.exchange.response!.body === undefined ? 'the body is not JSON' : undefined),
	run({exchange, operation}) {
		const {status, body} = exchange.response!;
		const documented = narrowed(operation, operation.responseFor(status)!, body);
		const drift = operation.validatorFor(documented, 'drift')!;
		if (drift(body)) return [];
		// Copied: a validator's `errors` belong to its last call.
		const found = [...(drift.errors ?? [])];
		const conformance = operation.validatorFor(documented, 'conformance')!;
		const errors = new Set(conformance(body) ? [] : (conformance.errors ?? []).map(key));
		return (
			found
				.filter((error) => !errors.has(key(error)))
				// A missing or non-string tag breaks the union in both readings; only an unknown tag value is drift.
				.filter((error) => error.keyword !== 'discriminator' || error.params.error === 'mapping')
				.map(toViolation)
		);
	},
};

/**
 * A response documented as one of several schemas with no discriminator (the update's 400: a flow, or an error) is
 * judged against the one the body conforms to: closed, every other alternative rejects everything and would bury the
 * one addition under noise.
 */
function narrowed(operation: ContractOperation, documented: DocumentedResponse, body: unknown): DocumentedResponse {
	const schema = documented.schema as {oneOf?: object[]; discriminator?: unknown} | undefined;
	if (!schema?.oneOf || schema.discriminator) return documented;
	const matching = schema.oneOf.filter((branch) => operation.validatorFor({...documented, schema: branch}, 'conformance')!(body));
	return matching.length === 1 ? {...documented, schema: matching[0]} : documented;
}

function toViolation(error: ErrorObject): Violation {
	const path = error.instancePath || '/';
	const at = ['response', 'body', ...pointerSegments(error.instancePath)];
	const base = {code: error.keyword} as const;
	if (error.keyword === 'enum') {
		return {
			...base,
			title: 'Undocumented enum value',
			location: at,
			message: `${path} ${excerpt(error.data)} is not a documented value; the enum is extensible, so a newer Kratos may send it`,
			received: excerpt(error.data),
			documented: excerpt(error.params.allowedValues),
		};
	}
	if (error.keyword === 'unevaluatedProperties') {
		const name = String(error.params.unevaluatedProperty);
		const properties = Object.keys((error.parentSchema as {properties?: object} | undefined)?.properties ?? {});
		return {
			...base,
			title: 'Undocumented property',
			location: [...at, name],
			message: `${error.instancePath}/${name} is not documented`,
			received: excerpt((error.data as Record<string, unknown>)[name]),
			documented: `properties ${properties.join(', ')}`,
		};
	}
	if (error.keyword === 'discriminator') {
		const tag = String(error.params.tag);
		const variants = ((error.parentSchema as {oneOf?: {properties?: Record<string, {const?: unknown}>}[]} | undefined)?.oneOf ?? []).map(
			(variant) => variant.properties?.[tag]?.const,
		);
		return {
			...base,
			title: 'Undocumented variant',
			location: [...at, tag],
			message: `${error.instancePath}/${tag} ${excerpt(error.params.tagValue)} is not a documented variant; the union is extensible, so a newer Kratos may send it`,
			received: excerpt(error.params.tagValue),
			documented: excerpt(variants),
		};
	}
	return {
		...base,
		title: 'Response drifts from the documented schema',
		location: at,
		message: `${path} ${error.message ?? 'is not as documented'}`,
		received: excerpt(error.data),
		documented: schemaExcerpt(error.parentSchema),
	};
}
