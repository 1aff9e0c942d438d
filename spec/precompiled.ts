// The bundled spec, precompiled by `npm run generate` (generated/bundled-contract.json and
// generated/bundled-contract-validators.cjs.gz, shipped in dist/generated/): swagger-parser's dereferenced document, and
// ajv's standalone code of both readings of every response schema the suite judges by (a response that is only a
// `oneOf` of such schemas, the update's 400, is their validators combined as ajv's `oneOf`, not a second copy of the
// flow's code). Loading the spec through swagger-parser and compiling its schemas with ajv took most of the command's
// start (docs/benchmarks.md); reading these takes a few milliseconds. They are used only for the very bytes they were made
// from (sha256): anything else (a user's --spec, a spec edited without `npm run generate`) loads and compiles as before.
import {readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {gunzipSync} from 'node:zlib';
import type {ErrorObject, ValidateFunction} from 'ajv';
import type {OpenAPIV3_1} from 'openapi-types';

/**
 * The two readings of a response schema:
 * - `conformance`: what any healthy Kratos must satisfy, older or newer than the spec. Extensible enums take any
 *   string, an extensible discriminated union any string tag, and objects may carry undocumented properties.
 * - `drift`: the spec exactly as documented, every object that lists `properties` closed (`unevaluatedProperties:
 *   false`). Free-form objects (`traits`, `details`, `context`, `config`, …) list none and stay open.
 * What only the drift reading rejects is an addition of a newer Kratos: reported, not failed.
 */
export type SchemaReading = 'conformance' | 'drift';

/** Where the artefacts live: generated/ in a clone, dist/generated/ installed (beside spec/ and dist/spec/ alike). */
export const PRECOMPILED_FILES = {
	contract: fileURLToPath(new URL('../generated/bundled-contract.json', import.meta.url)),
	validators: fileURLToPath(new URL('../generated/bundled-contract-validators.cjs.gz', import.meta.url)),
} as const;

/** generated/bundled-contract.json */
export interface PrecompiledContractFile {
	readonly $comment: string;
	/** SHA-256 of the spec's bytes it was made from. */
	readonly sha256: string;
	readonly uncheckedFormats: readonly string[];
	/**
	 * The schemas validators were precompiled for, in both readings, by JSON pointer into the document; with `oneOf`,
	 * the schema is only a `oneOf` of these schemas, and its validator combines theirs (oneOfValidator).
	 */
	readonly validators: readonly PrecompiledSchema[];
	/** The dereferenced document, shared nodes written once (see encodeShared). */
	readonly document: unknown;
}

export interface PrecompiledSchema {
	readonly pointer: string;
	readonly oneOf?: readonly string[];
}

/** generated/bundled-contract-validators.cjs.gz, unzipped: a validator per `${reading} ${pointer}`. */
export interface PrecompiledValidatorsModule {
	readonly sha256: string;
	readonly [name: string]: ValidateFunction | string;
}

export const validatorName = (reading: SchemaReading, pointer: string) => `${reading} ${pointer}`;

const SHARED = '$shared';
const escapePart = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1');
const unescapePart = (part: string) => part.replaceAll('~1', '/').replaceAll('~0', '~');

/**
 * A JSON value of an object graph: a dereferenced document shares one object wherever a `$ref` pointed to it (and
 * may point back to an ancestor). An object met again is written as `{"$shared": pointer}` to its first place, so
 * decodeShared gives back the same graph, one object for one object: the validators are found by identity, and the
 * suite's caches key on it.
 */
export function encodeShared(root: unknown): unknown {
	const first = new Map<object, string>();
	const visit = (value: unknown, at: string): unknown => {
		if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
		if (typeof value !== 'object' || !(Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) {
			throw new Error(`${at || '/'} is not JSON (${Object.prototype.toString.call(value)}): it would not survive the precompiled document`);
		}
		const seen = first.get(value);
		if (seen !== undefined) return {[SHARED]: seen};
		first.set(value, at);
		if (Array.isArray(value)) return value.map((item, index) => visit(item, `${at}/${index}`));
		if (SHARED in value) throw new Error(`${at || '/'} has a key ${SHARED}, which the precompiled document uses for shared nodes`);
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item, `${at}/${escapePart(key)}`)]));
	};
	return visit(root, '');
}

const isMarker = (value: unknown): value is {[SHARED]: string} =>
	Boolean(value) && typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 1 && typeof (value as Record<string, unknown>)[SHARED] === 'string';

/** The node at a JSON pointer (`/paths/~1self-service~1settings/post`), or undefined. */
export function at(root: unknown, pointer: string): unknown {
	let node = root;
	for (const part of pointer.split('/').slice(1)) {
		if (!node || typeof node !== 'object') return undefined;
		node = (node as Record<string, unknown>)[unescapePart(part)];
	}
	return node;
}

/** The graph encodeShared wrote, rebuilt in place (a pointer only ever passes through first places, never a marker). */
export function decodeShared(root: unknown): unknown {
	const visit = (node: unknown): void => {
		if (!node || typeof node !== 'object') return;
		const record = node as Record<string, unknown>;
		for (const key of Object.keys(record)) {
			const item = record[key];
			if (isMarker(item)) record[key] = at(root, item[SHARED]);
			else visit(item);
		}
	};
	visit(root);
	return root;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Every schema the suite may compile a validator for, once each, at its first place in the document: each
 * operation's JSON response schema (what `validatorFor` judges a body by), and the alternatives of one that is a
 * `oneOf` without a discriminator (schema_drift narrows such a body to the alternative it conforms to). `only`: the
 * operations the suite has cases for (the spec documents more, e.g. the login flow the client calls); their other
 * operations' schemas, were they judged, are compiled at run time.
 */
export function judgedSchemas(document: OpenAPIV3_1.Document, only?: readonly {readonly method: string; readonly path: string}[]): {pointer: string; schema: object}[] {
	const found = new Map<object, string>();
	const add = (schema: unknown, pointer: string) => {
		if (schema && typeof schema === 'object' && !found.has(schema)) found.set(schema, pointer);
	};
	const judged = (method: string, path: string) => !only || only.some((operation) => operation.method.toLowerCase() === method && operation.path === path);
	for (const [path, item] of Object.entries(document.paths ?? {})) {
		for (const method of METHODS.filter((method) => judged(method, path))) {
			const responses = (item as Record<string, OpenAPIV3_1.OperationObject | undefined>)[method]?.responses ?? {};
			for (const [key, response] of Object.entries(responses as Record<string, OpenAPIV3_1.ResponseObject>)) {
				const schema = response.content?.['application/json']?.schema as {oneOf?: unknown[]; discriminator?: unknown} | undefined;
				const pointer = ['', 'paths', path, method, 'responses', key, 'content', 'application/json', 'schema'].map(escapePart).join('/');
				add(schema, pointer);
				if (schema?.oneOf && !schema.discriminator) schema.oneOf.forEach((branch, index) => add(branch, `${pointer}/oneOf/${index}`));
			}
		}
	}
	return [...found].map(([schema, pointer]) => ({pointer, schema}));
}

/**
 * ajv's `oneOf` (allErrors, verbose) over validators compiled for its alternatives on their own: the same verdict and
 * the same errors as ajv's code for `schema` (`{oneOf: [...]}`, each alternative the schema its validator was
 * compiled from), down to each alternative's schemaPath under `#/oneOf/<i>`, ajv's `passingSchemas`, and the
 * alternatives ajv does not try once two have passed.
 */
export function oneOfValidator(schema: {oneOf: readonly object[]}, alternatives: readonly ValidateFunction[]): ValidateFunction {
	const validate = (data: unknown): boolean => {
		const errors: ErrorObject[] = [];
		let valid = false;
		let passing: unknown = null;
		for (const [index, alternative] of alternatives.entries()) {
			const passed = alternative(data);
			if (!passed) for (const error of alternative.errors ?? []) errors.push({...error, schemaPath: `#/oneOf/${index}${error.schemaPath.slice(1)}`});
			// As ajv's code: a second passing alternative settles it, and the rest are not tried.
			if (passed && valid) {
				valid = false;
				passing = [passing, index];
				break;
			}
			if (passed) {
				valid = true;
				passing = index;
			}
		}
		if (valid) {
			validate.errors = null;
			return true;
		}
		errors.push({
			instancePath: '',
			schemaPath: '#/oneOf',
			keyword: 'oneOf',
			params: {passingSchemas: passing},
			message: 'must match exactly one schema in oneOf',
			schema: schema.oneOf,
			parentSchema: schema,
			data,
		});
		validate.errors = errors;
		return false;
	};
	validate.errors = null as ErrorObject[] | null;
	return validate as unknown as ValidateFunction;
}

export interface Precompiled {
	readonly document: OpenAPIV3_1.Document;
	readonly uncheckedFormats: readonly string[];
	/** The precompiled validator of a schema of this document in a reading, or undefined (then compile it). */
	validator(schema: object, reading: SchemaReading): ValidateFunction | undefined;
}

// The validators are CommonJS so that they load synchronously, on the first body judged, after the first request:
// validatorFor is synchronous, and some 400 KB of code need not be parsed before the command has sent anything. They
// are shipped gzipped (35 KB instead of 400), unzipped and run here as a CommonJS module with its own require.
const require = createRequire(import.meta.url);
function loadValidators(): unknown {
	const code = gunzipSync(readFileSync(PRECOMPILED_FILES.validators)).toString('utf8');
	const module = {exports: {} as Record<string, unknown>};
	new Function('module', 'exports', 'require', code)(module, module.exports, require);
	return module.exports;
}

/**
 * The precompiled bundled spec, if it was made from a document with these bytes; undefined otherwise. `toCompile`
 * gives the schema ajv compiles for a schema of the document in a reading (spec/index.ts's schemaToCompile).
 */
export async function readPrecompiled(sha256: string, toCompile: (document: OpenAPIV3_1.Document, schema: object, reading: SchemaReading) => object): Promise<Precompiled | undefined> {
	let file: PrecompiledContractFile;
	try {
		file = JSON.parse(await readFile(PRECOMPILED_FILES.contract, 'utf8')) as PrecompiledContractFile;
	} catch {
		return undefined;
	}
	if (file.sha256 !== sha256) return undefined;
	const document = decodeShared(file.document) as OpenAPIV3_1.Document;
	const entries = new Map<object, PrecompiledSchema>();
	for (const entry of file.validators) entries.set(at(document, entry.pointer) as object, entry);
	let validators: PrecompiledValidatorsModule | null | undefined;
	const load = (): PrecompiledValidatorsModule | null => {
		if (validators === undefined) {
			try {
				validators = loadValidators() as PrecompiledValidatorsModule;
			} catch {
				validators = null;
			}
			if (validators?.sha256 !== sha256) validators = null;
		}
		return validators;
	};
	const validator = (schema: object, reading: SchemaReading): ValidateFunction | undefined => {
		const entry = entries.get(schema);
		if (!entry) return undefined;
		if (entry.oneOf) {
			const alternatives = entry.oneOf.map((pointer) => validator(at(document, pointer) as object, reading));
			if (!alternatives.every((alternative) => alternative !== undefined)) return undefined;
			return oneOfValidator(toCompile(document, schema, reading) as {oneOf: object[]}, alternatives);
		}
		const validate = load()?.[validatorName(reading, entry.pointer)];
		return typeof validate === 'function' ? validate : undefined;
	};
	return {document, uncheckedFormats: file.uncheckedFormats, validator};
}
