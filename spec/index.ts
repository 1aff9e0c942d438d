// The bottom layer: the contract as the suite reads it (the validated, dereferenced OpenAPI document and its
// operations), and the one ajv configuration that both the suite and `npm run generate` (the client's validator) use.
import {fileURLToPath} from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import {Ajv2020} from 'ajv/dist/2020.js';
import type {ValidateFunction} from 'ajv';
import addFormatsModule, {type FormatsPlugin} from 'ajv-formats';
import type {OpenAPIV3_1} from 'openapi-types';

export const SPEC_FILE = fileURLToPath(new URL('../openapi/kratos-settings-flow.yaml', import.meta.url));

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as {default?: FormatsPlugin}).default ??
	addFormatsModule) as FormatsPlugin;

/**
 * The spec's mark on an enum whose set of values Kratos grows (see each one's description for when which value came);
 * on a `oneOf` with a `discriminator`, the set of tag values grows. Closed enums carry no mark.
 */
export const EXTENSIBLE = 'x-extensible-enum';

/** JSON Schema 2020-12 (what OpenAPI 3.1 uses), every error not just the first, OpenAPI's own annotations known. */
export function createAjv(options: {code?: {source: true; esm: true}; verbose?: boolean} = {}): Ajv2020 {
	const ajv = new Ajv2020({allErrors: true, verbose: true, discriminator: true, strictTypes: false, ...options});
	ajv.addVocabulary(['example', 'externalDocs', 'xml', EXTENSIBLE]);
	addFormats(ajv);
	return ajv;
}

/**
 * A copy of a schema ajv accepts: ajv validates `discriminator` from each branch's `const` and refuses the
 * `mapping` that OpenAPI tools (openapi-typescript) need, so the mapping is dropped here.
 */
export function forAjv<T>(schema: T): T {
	return JSON.parse(JSON.stringify(schema), (key, value) =>
		key === 'discriminator' && value && typeof value === 'object' ? {propertyName: value.propertyName} : value,
	) as T;
}

/**
 * The two readings of a response schema:
 * - `conformance`: what any healthy Kratos must satisfy, older or newer than the spec. Extensible enums take any
 *   string, an extensible discriminated union any string tag, and objects may carry undocumented properties.
 * - `drift`: the spec exactly as documented, every object that lists `properties` closed (`unevaluatedProperties:
 *   false`). Free-form objects (`traits`, `details`, `context`, `config`, …) list none and stay open.
 * What only the drift reading rejects is an addition of a newer Kratos: reported, not failed.
 */
export type SchemaReading = 'conformance' | 'drift';

// Keywords whose value is a schema, a map of schemas, or a list of schemas (JSON Schema 2020-12).
const SUBSCHEMA = ['items', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/**
 * A copy of a schema rewritten node by node. Shared and circular nodes (a dereferenced document has both) are copied
 * once, so the copy keeps the original's shape.
 */
function rewrite(schema: unknown, node: (copy: Schema) => Schema): unknown {
	const copies = new Map<Schema, Schema>();
	const visit = (value: unknown): unknown => {
		if (!isSchema(value)) return value;
		const done = copies.get(value);
		if (done) return done;
		const copy: Schema = {};
		copies.set(value, copy);
		for (const [key, sub] of Object.entries(value)) {
			if (SUBSCHEMA.includes(key)) copy[key] = visit(sub);
			else if (SUBSCHEMA_MAPS.includes(key) && isSchema(sub)) copy[key] = Object.fromEntries(Object.entries(sub).map(([name, item]) => [name, visit(item)]));
			else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(sub)) copy[key] = sub.map(visit);
			else copy[key] = sub;
		}
		// Filled in place: a node that refers back to itself already holds this very object.
		const result = node({...copy});
		for (const key of Object.keys(copy)) if (!(key in result)) delete copy[key];
		return Object.assign(copy, result);
	};
	return visit(schema);
}

/**
 * The conformance reading of a schema (see `SchemaReading`). `resolve` looks up a `$ref` (for schemas that keep
 * them, as `npm run generate` compiles them); a dereferenced schema needs none.
 */
export function conformanceSchema<T>(schema: T, resolve: (ref: string) => unknown = () => undefined): T {
	return rewrite(schema, (copy) => {
		if (copy[EXTENSIBLE] !== true) return copy;
		if (Array.isArray(copy.enum)) {
			const {enum: _, ...open} = copy;
			return open;
		}
		const discriminator = copy.discriminator as {propertyName?: string} | undefined;
		if (discriminator?.propertyName && Array.isArray(copy.oneOf)) {
			// A known tag value still selects and checks its variant; an unknown one is a newer variant, of which only
			// the tag can be checked.
			const tag = discriminator.propertyName;
			const {oneOf, discriminator: _, ...rest} = copy;
			const known = (oneOf as unknown[]).map((branch) => tagValueOf(branch, tag, resolve));
			return {
				...rest,
				if: {type: 'object', required: [tag], properties: {[tag]: {enum: known}}},
				then: {oneOf, discriminator},
				else: {type: 'object', required: [tag], properties: {[tag]: {type: 'string'}}},
			};
		}
		throw new Error(`${EXTENSIBLE} marks a schema that has neither an enum nor a oneOf with a discriminator`);
	}) as T;
}

function tagValueOf(branch: unknown, tag: string, resolve: (ref: string) => unknown): unknown {
	let schema = branch as Schema | undefined;
	if (typeof schema?.$ref === 'string') schema = resolve(schema.$ref) as Schema | undefined;
	const property = (schema?.properties as Record<string, Schema> | undefined)?.[tag];
	if (property && 'const' in property) return property.const;
	throw new Error(`a variant of a discriminated union has no const ${tag}`);
}

/** The drift reading of a schema (see `SchemaReading`): as documented, every object listing `properties` closed. */
export function driftSchema<T>(schema: T): T {
	return rewrite(schema, (copy) =>
		isSchema(copy.properties) && !('additionalProperties' in copy) && !('unevaluatedProperties' in copy)
			? {...copy, unevaluatedProperties: false}
			: copy,
	) as T;
}

// What only people read: descriptions, examples, the spec's own marks.
const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples', 'deprecated', 'externalDocs', EXTENSIBLE]);

/** A copy of a schema without annotations, for code that embeds schemas (ajv's standalone validator). */
export function withoutAnnotations<T>(schema: T): T {
	return rewrite(schema, (copy) => Object.fromEntries(Object.entries(copy).filter(([key]) => !ANNOTATIONS.has(key)))) as T;
}

export interface DocumentedResponse {
	/** The key under `responses`: '200', '404', 'default', … */
	readonly key: string;
	readonly contentTypes: readonly string[];
	/** The response headers the spec documents, lower-cased. */
	readonly headers: readonly string[];
	readonly schema: object | undefined;
}

/** One operation of the spec, as the checks read it. */
export interface ContractOperation {
	readonly method: string;
	readonly path: string;
	/** `GET /self-service/settings/flows`, for messages. */
	readonly label: string;
	/** Response keys in the order the spec lists them. */
	readonly responseKeys: readonly string[];
	/** The response the spec documents for a status: its exact code, else `default`, else undefined. */
	responseFor(status: number): DocumentedResponse | undefined;
	/** A compiled validator for the JSON body of that response, in one reading (cached). @default 'conformance' */
	validatorFor(response: DocumentedResponse, reading?: SchemaReading): ValidateFunction | undefined;
}

export interface Contract {
	readonly file: string;
	readonly document: OpenAPIV3_1.Document;
	/** The operation at a method and path; throws when the spec does not document it. */
	operation(method: string, path: string): ContractOperation;
}

const loaded = new Map<string, Promise<Contract>>();

/** Validates the spec (swagger-parser) and prepares it; one load per file and process. */
export function loadContract(file = SPEC_FILE): Promise<Contract> {
	let contract = loaded.get(file);
	if (!contract) {
		contract = build(file);
		loaded.set(file, contract);
	}
	return contract;
}

async function build(file: string): Promise<Contract> {
	const document = (await SwaggerParser.validate(file)) as OpenAPIV3_1.Document;
	const ajv = createAjv();
	const validators = {conformance: new Map<object, ValidateFunction>(), drift: new Map<object, ValidateFunction>()};
	const readings = {conformance: (schema: object) => conformanceSchema(schema), drift: driftSchema};
	const operations = new Map<string, ContractOperation>();
	return {
		file,
		document,
		operation(method, path) {
			const label = `${method.toUpperCase()} ${path}`;
			let found = operations.get(label);
			if (found) return found;
			const operation = (document.paths?.[path] as Record<string, OpenAPIV3_1.OperationObject> | undefined)?.[method.toLowerCase()];
			if (!operation?.responses) throw new Error(`${file} documents no ${label} with responses`);
			const responses = operation.responses as Record<string, OpenAPIV3_1.ResponseObject>;
			const describe = (key: string): DocumentedResponse => {
				const content = responses[key]?.content ?? {};
				const headers = Object.keys(responses[key]?.headers ?? {}).map((name) => name.toLowerCase());
				return {key, contentTypes: Object.keys(content), headers, schema: content['application/json']?.schema};
			};
			found = {
				method: method.toUpperCase(),
				path,
				label,
				responseKeys: Object.keys(responses),
				responseFor(status) {
					const key = String(status) in responses ? String(status) : 'default' in responses ? 'default' : undefined;
					return key === undefined ? undefined : describe(key);
				},
				validatorFor({schema}, reading = 'conformance') {
					if (!schema) return undefined;
					let validate = validators[reading].get(schema);
					if (!validate) {
						validate = ajv.compile(forAjv(readings[reading](schema)));
						validators[reading].set(schema, validate);
					}
					return validate;
				},
			};
			operations.set(label, found);
			return found;
		},
	};
}
