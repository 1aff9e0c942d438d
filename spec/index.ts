// The bottom layer: the contract as the suite reads it (the validated, dereferenced OpenAPI document and its
// operations), and the one ajv configuration that both the suite and `npm run generate` (the client's validator) use.
// The bundled spec comes precompiled (precompiled.ts); swagger-parser and ajv load only for any other document, or
// a schema that was not precompiled, on first use: together they were most of the command's start.
import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {join, resolve} from 'node:path';
import type {Ajv2020} from 'ajv/dist/2020.js';
import type {ValidateFunction} from 'ajv';
import type {FormatsPlugin} from 'ajv-formats';
import type {OpenAPIV3_1} from 'openapi-types';
import {PACKAGE_ROOT} from './package.js';
import {type SchemaReading, readPrecompiled} from './precompiled.js';

// ajv and ajv-formats are CommonJS: required when first needed, synchronously (validatorFor is synchronous).
const require = createRequire(import.meta.url);

/** The spec this package is built from and ships (openapi/ at the package's root, in a clone and installed alike). */
export const SPEC_FILE = join(PACKAGE_ROOT, 'openapi/kratos-settings-flow.yaml');

/**
 * The spec's mark on an enum whose set of values Kratos grows (see each one's description for when which value came);
 * on a `oneOf` with a `discriminator`, the set of tag values grows. Closed enums carry no mark.
 */
export const EXTENSIBLE = 'x-extensible-enum';

/** JSON Schema 2020-12 (what OpenAPI 3.1 uses), every error not just the first, OpenAPI's own annotations known. */
export function createAjv(options: {code?: {source: true; esm: boolean}; verbose?: boolean} = {}): Ajv2020 {
	const {Ajv2020} = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
	const formats = require('ajv-formats') as FormatsPlugin & {default?: FormatsPlugin};
	const addFormats = formats.default ?? formats;
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

export type {SchemaReading} from './precompiled.js';

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
function rewrite(schema: unknown, node: (copy: Schema, copyOf: (original: unknown) => unknown) => Schema): unknown {
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
		const result = node({...copy}, visit);
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

/**
 * A schema of the document as the JSON Schema 2020-12 that ajv reads. An OpenAPI 3.1 document's schemas are that
 * already; an OpenAPI 3.0 document's (a user's `--spec`, such as Ory's published spec) speak OpenAPI's own dialect:
 * `nullable`, and boolean `exclusiveMinimum`/`exclusiveMaximum`. Vendor extensions (`x-go-name`, …) are annotations
 * in both, and dropped (ajv's strict mode refuses keywords it does not know).
 */
export function asJsonSchema<T>(schema: T, openapi: string, resolve: (ref: string) => unknown = () => undefined): T {
	const v30 = openapi.startsWith('3.0');
	return rewrite(schema, (copy, copyOf) => {
		for (const key of Object.keys(copy)) if (key.startsWith('x-') && key !== EXTENSIBLE) delete copy[key];
		// The variants here are already rewritten: a mapping's target is found as its rewritten copy.
		taggedByMapping(copy, (ref) => copyOf(resolve(ref)));
		if (!v30) return copy;
		for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
			if (typeof copy[exclusive] !== 'boolean') continue;
			if (copy[exclusive] && typeof copy[bound] === 'number') {
				copy[exclusive] = copy[bound];
				delete copy[bound];
			} else delete copy[exclusive];
		}
		if (!('nullable' in copy)) return copy;
		const {nullable, ...rest} = copy;
		if (nullable !== true) return rest;
		// Lenient where 3.0.3 is strict (an enum must list null itself): a null the document allows is not a failure.
		if (Array.isArray(rest.enum) && !rest.enum.includes(null)) rest.enum = [...rest.enum, null];
		if (typeof rest.type === 'string') return {...rest, type: [rest.type, 'null']};
		if (Array.isArray(rest.type)) return {...rest, type: [...new Set([...rest.type, 'null'])]};
		return {anyOf: [rest, {type: 'null'}]};
	}) as T;
}

/**
 * ajv selects a discriminated union's variant by a `const` (or `enum`) tag in each variant; an OpenAPI document may
 * instead say it in the discriminator's `mapping` (Ory's spec gives every node-attributes variant the same five-value
 * `node_type` enum). Where the variants do not carry unique tags, each mapped variant gets its tag from the mapping,
 * as OpenAPI means it. `resolve` finds a mapping's `$ref` in the (dereferenced) document.
 */
function taggedByMapping(copy: Schema, resolve: (ref: string) => unknown): void {
	const discriminator = copy.discriminator as {propertyName?: unknown; mapping?: Record<string, unknown>} | undefined;
	if (typeof discriminator?.propertyName !== 'string' || !discriminator.mapping || !Array.isArray(copy.oneOf)) return;
	const tag = discriminator.propertyName;
	const branches = copy.oneOf as unknown[];
	const tagOf = (branch: unknown) => ((isSchema(branch) && isSchema(branch.properties) ? branch.properties[tag] : undefined) as Schema | undefined)?.const;
	const consts = branches.map(tagOf);
	if (consts.every((value) => typeof value === 'string') && new Set(consts).size === consts.length) return;
	const valueOf = new Map<unknown, string>();
	for (const [value, ref] of Object.entries(discriminator.mapping)) if (typeof ref === 'string') valueOf.set(resolve(ref), value);
	if (!branches.every((branch) => valueOf.has(branch))) return;
	copy.oneOf = branches.map((branch) => {
		const variant = branch as Schema;
		return {...variant, properties: {...(variant.properties as Schema), [tag]: {...((variant.properties as Schema)[tag] as Schema), const: valueOf.get(branch)}}};
	});
}

/** A JSON pointer (`#/components/schemas/x`) into a document; undefined when it leads nowhere. */
export function pointer(document: unknown, ref: string): unknown {
	if (!ref.startsWith('#/')) return undefined;
	let node: unknown = document;
	for (const part of ref.slice(2).split('/')) {
		if (!node || typeof node !== 'object') return undefined;
		node = (node as Record<string, unknown>)[decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~')];
	}
	return node;
}

/** Every `format` a schema uses, through its subschemas (shared and circular ones visited once). */
export function formatsIn(schema: unknown, found = new Set<string>(), seen = new Set<unknown>()): Set<string> {
	if (!isSchema(schema) || seen.has(schema)) return found;
	seen.add(schema);
	if (typeof schema.format === 'string') found.add(schema.format);
	for (const [key, sub] of Object.entries(schema)) {
		if (SUBSCHEMA.includes(key)) formatsIn(sub, found, seen);
		else if (SUBSCHEMA_MAPS.includes(key) && isSchema(sub)) for (const item of Object.values(sub)) formatsIn(item, found, seen);
		else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(sub)) for (const item of sub) formatsIn(item, found, seen);
	}
	return found;
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
	/** The document's absolute path. */
	readonly file: string;
	/** SHA-256 of the document's bytes, hex: which spec a report was judged by. */
	readonly sha256: string;
	/** The document's `openapi` version (3.1.x for the bundled spec; 3.0.x is read too). */
	readonly openapi: string;
	/**
	 * Formats the document's response schemas use that ajv-formats does not know (Ory's spec has `uuid4`): accepted
	 * unchecked, rather than refusing the document, and named in every report.
	 */
	readonly uncheckedFormats: readonly string[];
	readonly document: OpenAPIV3_1.Document;
	/** Whether the document has this operation, with responses. */
	documents(method: string, path: string): boolean;
	/** The operation at a method and path; throws when the spec does not document it. */
	operation(method: string, path: string): ContractOperation;
}

const loaded = new Map<string, Promise<Contract>>();

export interface LoadOptions {
	/**
	 * Use the precompiled bundled spec when `file` is the bundled spec with the bytes it was made from. Off: load and
	 * compile it as any other document (what `npm run generate` precompiles from, and what tests compare with).
	 * @default true
	 */
	readonly precompiled?: boolean;
}

/**
 * Reads the spec and prepares it: the bundled spec from what `npm run generate` precompiled from its very bytes
 * (spec/precompiled.ts), any other document validated and dereferenced by swagger-parser. One load per file (and
 * option) and process.
 */
export function loadContract(file = SPEC_FILE, {precompiled = true}: LoadOptions = {}): Promise<Contract> {
	const path = resolve(file);
	const key = `${precompiled ? 'precompiled' : 'source'} ${path}`;
	let contract = loaded.get(key);
	if (!contract) {
		contract = build(path, precompiled && path === SPEC_FILE);
		loaded.set(key, contract);
		// A failed load may be retried (a file fixed in the meantime).
		contract.catch(() => loaded.delete(key));
	}
	return contract;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const READINGS: Record<SchemaReading, (schema: object) => object> = {conformance: (schema) => conformanceSchema(schema), drift: driftSchema};

/**
 * What ajv compiles for a response schema of a document in a reading: the one definition that the suite's run-time
 * compile and `npm run generate`'s precompiled validators share. `resolve` looks up a `$ref` in the document.
 */
export function schemaToCompile(schema: object, reading: SchemaReading, openapi: string, resolve: (ref: string) => unknown): object {
	return forAjv(READINGS[reading](asJsonSchema(schema, openapi, resolve)));
}

/** A document, read and validated by swagger-parser, and what ajv-formats cannot check in it. */
async function fromSource(file: string): Promise<{document: OpenAPIV3_1.Document; uncheckedFormats: string[]; ajv: Ajv2020}> {
	const {default: SwaggerParser} = await import('@apidevtools/swagger-parser');
	const document = (await SwaggerParser.validate(file)) as OpenAPIV3_1.Document;
	const ajv = createAjv();
	// Every response schema of the document, for the formats ajv cannot check.
	const responseSchemas = Object.values(document.paths ?? {}).flatMap((item) =>
		METHODS.flatMap((method) => Object.values(((item as Record<string, OpenAPIV3_1.OperationObject | undefined>)[method]?.responses ?? {}) as Record<string, OpenAPIV3_1.ResponseObject>))
			.flatMap((response) => Object.values(response.content ?? {}).map((media) => media.schema)),
	);
	const formats = new Set<string>();
	for (const schema of responseSchemas) formatsIn(schema, formats);
	const uncheckedFormats = [...formats].filter((format) => !ajv.formats[format]).sort();
	for (const format of uncheckedFormats) ajv.addFormat(format, true);
	return {document, uncheckedFormats, ajv};
}

async function build(file: string, precompiled: boolean): Promise<Contract> {
	const sha256 = createHash('sha256').update(await readFile(file)).digest('hex');
	const ready = precompiled
		? await readPrecompiled(sha256, (document, schema, reading) => schemaToCompile(schema, reading, String(document.openapi), (ref) => pointer(document, ref)))
		: undefined;
	const source = ready ? undefined : await fromSource(file);
	const {document, uncheckedFormats} = (ready ?? source)!;
	const openapi = String((document as {openapi?: unknown}).openapi ?? '');
	let ajv = source?.ajv;
	const compile = (schema: object, reading: SchemaReading): ValidateFunction => {
		const done = ready?.validator(schema, reading);
		if (done) return done;
		// A schema the bundled spec's precompiled validators do not cover: compiled as for any document.
		if (!ajv) {
			ajv = createAjv();
			for (const format of uncheckedFormats) ajv.addFormat(format, true);
		}
		return ajv.compile(schemaToCompile(schema, reading, openapi, resolve));
	};
	const validators = {conformance: new Map<object, ValidateFunction>(), drift: new Map<object, ValidateFunction>()};
	const operations = new Map<string, ContractOperation>();
	const resolve = (ref: string) => pointer(document, ref);
	const responsesOf = (method: string, path: string) =>
		(document.paths?.[path] as Record<string, OpenAPIV3_1.OperationObject> | undefined)?.[method.toLowerCase()]?.responses as
			| Record<string, OpenAPIV3_1.ResponseObject>
			| undefined;
	return {
		file,
		sha256,
		openapi,
		uncheckedFormats,
		document,
		documents: (method, path) => responsesOf(method, path) !== undefined,
		operation(method, path) {
			const label = `${method.toUpperCase()} ${path}`;
			let found = operations.get(label);
			if (found) return found;
			const responses = responsesOf(method, path);
			if (!responses) throw new Error(`${file} documents no ${label} with responses`);
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
						validate = compile(schema, reading);
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
