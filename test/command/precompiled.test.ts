// The bundled spec as the command reads it, precompiled by `npm run generate` (spec/precompiled.ts), against the
// bundled spec loaded and compiled at run time as any other document is (swagger-parser, then ajv): the same document,
// node for node and shared where it is shared, and every precompiled validator the same verdict and the same errors,
// field by field, on the spec's examples and thousands of bodies broken from them. (`npm run generate:check` keeps the
// artefacts current with openapi/; this keeps them, and the combined oneOf, the same as what they replace.)
import {copyFile, mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import type {ErrorObject, ValidateFunction} from 'ajv';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {type Contract, type SchemaReading, SPEC_FILE, createAjv, loadContract, pointer, schemaToCompile} from '../../spec/index.js';
import {at, decodeShared, encodeShared, judgedSchemas, oneOfValidator, readPrecompiled} from '../../spec/precompiled.js';
import {operations} from '../../contract-tests/operations/index.js';
import {example} from '../helpers/fixtures.js';

let precompiled: Contract;
let compiled: Contract;
let dir: string;
beforeAll(async () => {
	precompiled = await loadContract(SPEC_FILE);
	compiled = await loadContract(SPEC_FILE, {precompiled: false});
	dir = await mkdtemp(join(tmpdir(), 'precompiled-'));
});
afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

/** ajv's own compile leaves its schema environment on the function; standalone code has none. */
const isPrecompiled = (validate: ValidateFunction) => !('schemaEnv' in validate);
const READINGS: SchemaReading[] = ['conformance', 'drift'];

describe('the precompiled document', () => {
	test('is swagger-parser’s dereferenced document, with the same nodes shared', () => {
		expect(precompiled.document).toStrictEqual(compiled.document);
		expect(JSON.stringify(encodeShared(precompiled.document))).toBe(JSON.stringify(encodeShared(compiled.document)));
		// Shared for real: the update's 400 is a flow or an error, the very schemas of the get's 200 and 401.
		const responses = (contract: Contract, method: string, path: string) => contract.operation(method, path);
		const alternatives = (responses(precompiled, 'POST', '/self-service/settings').responseFor(400)!.schema as {oneOf: object[]}).oneOf;
		expect(alternatives[0]).toBe(responses(precompiled, 'GET', '/self-service/settings/flows').responseFor(200)!.schema);
		expect(alternatives[1]).toBe(responses(precompiled, 'GET', '/self-service/settings/flows').responseFor(401)!.schema);
	});

	test('names the spec as the run-time load does: path, sha256, OpenAPI version, unchecked formats', () => {
		for (const key of ['file', 'sha256', 'openapi', 'uncheckedFormats'] as const) expect(precompiled[key]).toEqual(compiled[key]);
	});

	test('encodeShared and decodeShared keep shared and circular nodes one object, and refuse what JSON cannot hold', () => {
		const shared = {type: 'string'};
		const tree: Record<string, unknown> = {a: shared, b: [shared, {c: shared}], 'x/y~z': {d: shared}};
		tree.self = tree;
		const decoded = decodeShared(JSON.parse(JSON.stringify(encodeShared(tree)))) as typeof tree & {b: [object, {c: object}]; 'x/y~z': {d: object}};
		expect(decoded.self).toBe(decoded);
		expect(decoded.b[0]).toBe(decoded.a);
		expect(decoded.b[1].c).toBe(decoded.a);
		expect(decoded['x/y~z'].d).toBe(decoded.a);
		expect(at(decoded, '/x~1y~0z/d')).toBe(decoded.a);
		expect(() => encodeShared({when: new Date(0)})).toThrow(/\/when is not JSON/);
		expect(() => encodeShared({$shared: 'x'})).toThrow(/has a key \$shared/);
	});
});

/** The spec's examples: every body the spec documents. */
const EXAMPLES = [
	'settingsFlow', 'browserSettingsFlow', 'noSession', 'identityMismatch', 'notFound', 'flowExpired', 'internalServerError', 'sessionInactiveNative',
	'sessionInactiveBrowser', 'returnToForbidden', 'updatedSettingsFlow', 'correctionsInvalidEmail', 'correctionsPasswordTooShort', 'malformedFlowParameter',
	'csrfViolation', 'identityMismatchOnUpdate', 'refreshRequired', 'settingsFlowNotFound', 'updateFlowExpired', 'browserLocationChangeRequired',
];

/** Every place in a JSON value, as a path of keys. */
function places(value: unknown, path: (string | number)[] = []): (string | number)[][] {
	if (!value || typeof value !== 'object') return [path];
	const children = Array.isArray(value) ? value.map((item, index) => places(item, [...path, index])) : Object.entries(value).map(([key, item]) => places(item, [...path, key]));
	return [path, ...children.flat()];
}

function changed(body: unknown, path: (string | number)[], change: (value: unknown) => unknown | typeof REMOVE): unknown {
	const copy = structuredClone(body);
	if (!path.length) {
		const next = change(copy);
		return next === REMOVE ? {} : next;
	}
	let parent = copy as Record<string | number, unknown>;
	for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
	const last = path.at(-1)!;
	const next = change(parent[last]);
	if (next === REMOVE) {
		if (Array.isArray(parent)) parent.splice(last as number, 1);
		else delete parent[last];
	} else parent[last] = next;
	return copy;
}

const REMOVE = Symbol('remove');
/** What a broken or newer Kratos might put in a place: gone, null, another type, an unknown value or property. */
const CHANGES: ((value: unknown) => unknown)[] = [
	() => REMOVE,
	() => null,
	() => 42,
	() => 'contract-unknown-value',
	(value) => (value && typeof value === 'object' && !Array.isArray(value) ? {...value, contract_undocumented: true} : [value]),
	(value) => (typeof value === 'string' ? `${value}x` : typeof value === 'number' ? -value - 0.5 : {}),
];

/** The examples, each broken in every place in every way, and a body that is a flow and an error at once (both alternatives of the 400). */
function bodies(): unknown[] {
	const all: unknown[] = [];
	for (const name of EXAMPLES) {
		const body = example(name);
		all.push(body);
		for (const path of places(body)) for (const change of CHANGES) all.push(changed(body, path, change));
	}
	all.push({...example<object>('settingsFlow'), ...example<object>('noSession')}, [], 'text', null);
	return all;
}

/** A validator's answer, errors and all (copied: `errors` belong to its last call). */
function answer(validate: ValidateFunction, body: unknown): {valid: boolean; errors: ErrorObject[] | null | undefined} {
	const valid = validate(body);
	return {valid, errors: validate.errors && structuredClone(validate.errors)};
}

describe('every precompiled validator', () => {
	const corpus = bodies();

	test('is precompiled: neither swagger-parser nor ajv compiled it', () => {
		const judged = judgedSchemas(precompiled.document, operations);
		expect(judged.length).toBeGreaterThanOrEqual(5);
		for (const {schema} of judged) {
			for (const reading of READINGS) {
				const validate = precompiled.operation('GET', '/self-service/settings/flows').validatorFor({key: '200', contentTypes: [], headers: [], schema}, reading)!;
				expect(isPrecompiled(validate), `${reading}`).toBe(true);
			}
		}
		const runTime = compiled.operation('GET', '/self-service/settings/flows');
		expect(isPrecompiled(runTime.validatorFor(runTime.responseFor(200)!)!)).toBe(false);
	});

	test.each(READINGS)('answers as ajv’s run-time compile, in the %s reading: verdict and every error field, schemaPath included', (reading) => {
		expect(corpus.length).toBeGreaterThan(2000);
		const mismatches: string[] = [];
		let failures = 0;
		for (const {pointer: place, schema} of judgedSchemas(compiled.document, operations)) {
			const documented = {key: place, contentTypes: [], headers: []};
			const mine = precompiled.operation('GET', '/self-service/settings/flows').validatorFor({...documented, schema: at(precompiled.document, place) as object}, reading)!;
			const theirs = compiled.operation('GET', '/self-service/settings/flows').validatorFor({...documented, schema}, reading)!;
			for (const body of corpus) {
				const [a, b] = [answer(mine, body), answer(theirs, body)];
				if (!b.valid) failures++;
				if (!isDeepStrictEqual(a, b) && mismatches.length < 3) mismatches.push(`${place}: ${JSON.stringify(body).slice(0, 120)}\n  precompiled ${JSON.stringify(a).slice(0, 400)}\n  run time    ${JSON.stringify(b).slice(0, 400)}`);
			}
		}
		// The corpus exercises failures, not only passes.
		expect(failures).toBeGreaterThan(corpus.length);
		expect(mismatches).toEqual([]);
	});

	test('the combined oneOf answers as ajv’s oneOf: none, one or two alternatives passing, of two or three (ajv stops at the second that passes)', () => {
		const ajv = createAjv();
		const alternatives = [{type: 'object', required: ['a']}, {type: 'object', required: ['b']}, {type: 'object', required: ['c']}];
		for (const count of [2, 3]) {
			const schema = {oneOf: alternatives.slice(0, count)};
			const combined = oneOfValidator(schema, schema.oneOf.map((alternative) => createAjv().compile(alternative)));
			const own = ajv.compile(schema);
			for (const body of [{}, {a: 1}, {b: 1}, {c: 1}, {a: 1, b: 1}, {a: 1, c: 1}, {b: 1, c: 1}, {a: 1, b: 1, c: 1}, 'x']) expect(answer(combined, body), JSON.stringify(body)).toEqual(answer(own, body));
		}
	});
});

describe('used only for the bytes it was made from', () => {
	const toCompile = (document: Contract['document'], schema: object, reading: SchemaReading) => schemaToCompile(schema, reading, String(document.openapi), (ref) => pointer(document, ref));

	test('another sha256 finds nothing precompiled; the spec’s own finds it', async () => {
		expect(await readPrecompiled('0'.repeat(64), toCompile)).toBeUndefined();
		expect(await readPrecompiled(compiled.sha256, toCompile)).toBeDefined();
	});

	test('the same bytes under another name (a --spec copy) are loaded and compiled as any document, and named as given', async () => {
		const copy = join(dir, 'my-copy.yaml');
		await copyFile(SPEC_FILE, copy);
		const contract = await loadContract(copy);
		expect(contract.file).toBe(copy);
		expect(contract.sha256).toBe(compiled.sha256);
		const operation = contract.operation('GET', '/self-service/settings/flows');
		expect(isPrecompiled(operation.validatorFor(operation.responseFor(200)!)!)).toBe(false);
	});
});
