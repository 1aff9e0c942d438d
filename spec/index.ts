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

/** JSON Schema 2020-12 (what OpenAPI 3.1 uses), every error not just the first, OpenAPI's own annotations known. */
export function createAjv(options: {code?: {source: true; esm: true}; verbose?: boolean} = {}): Ajv2020 {
	const ajv = new Ajv2020({allErrors: true, verbose: true, discriminator: true, strictTypes: false, ...options});
	ajv.addVocabulary(['example', 'externalDocs', 'xml']);
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

export interface DocumentedResponse {
	/** The key under `responses`: '200', '404', 'default', … */
	readonly key: string;
	readonly contentTypes: readonly string[];
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
	/** A compiled validator for the JSON body of that response (cached). */
	validatorFor(response: DocumentedResponse): ValidateFunction | undefined;
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
	const validators = new Map<object, ValidateFunction>();
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
				return {key, contentTypes: Object.keys(content), schema: content['application/json']?.schema};
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
				validatorFor({schema}) {
					if (!schema) return undefined;
					let validate = validators.get(schema);
					if (!validate) {
						validate = ajv.compile(forAjv(schema));
						validators.set(schema, validate);
					}
					return validate;
				},
			};
			operations.set(label, found);
			return found;
		},
	};
}
