// --spec FILE: the suite judges by the user's own OpenAPI document, 3.0 (Ory's published spec) or 3.1. OpenAPI 3.0's
// dialect (nullable, boolean exclusive bounds), vendor extensions, formats ajv does not know and operations the
// document lacks are handled, and every report names the document (path and sha256).
import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {asJsonSchema, createAjv, loadContract} from '../../spec/index.js';
import {type Fault, SECRETS, startStandIn} from '../mutation/stand-in.js';
import {command} from './run.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'contract-spec-'));
});
afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('an OpenAPI 3.0 schema read as JSON Schema 2020-12', () => {
	const valid = (schema: object, value: unknown, openapi = '3.0.3') => createAjv().compile(asJsonSchema(schema, openapi) as object)(value);

	test('nullable, with a type, an enum, or neither', () => {
		expect(valid({type: 'string', nullable: true}, null)).toBe(true);
		expect(valid({type: 'string'}, null)).toBe(false);
		expect(valid({type: 'string', enum: ['a'], nullable: true}, null)).toBe(true);
		expect(valid({type: 'string', enum: ['a'], nullable: true}, 'b')).toBe(false);
		expect(valid({nullable: true, allOf: [{type: 'object', required: ['id']}]}, null)).toBe(true);
		expect(valid({nullable: true, allOf: [{type: 'object', required: ['id']}]}, {})).toBe(false);
		expect(valid({type: 'string', nullable: false}, null)).toBe(false);
	});

	test('boolean exclusive bounds, and vendor extensions dropped (ajv’s strict mode would refuse them)', () => {
		expect(valid({type: 'integer', minimum: 0, exclusiveMinimum: true, 'x-go-name': 'Count'}, 0)).toBe(false);
		expect(valid({type: 'integer', minimum: 0, exclusiveMinimum: true}, 1)).toBe(true);
		expect(valid({type: 'integer', maximum: 9, exclusiveMaximum: false}, 9)).toBe(true);
	});

	test('an OpenAPI 3.1 schema keeps `nullable` as it is: not a keyword there', () => {
		expect(asJsonSchema({type: 'string', 'x-go-enum-desc': 'a', nullable: true}, '3.1.0')).toEqual({type: 'string', nullable: true});
	});
});

/** A small OpenAPI 3.0 document of the get operation only, in 3.0's dialect. */
const SMALL_30 = {
	openapi: '3.0.3',
	info: {title: 'A staging team’s own spec', version: '1'},
	paths: {
		'/self-service/settings/flows': {
			get: {
				parameters: [{name: 'id', in: 'query', required: true, schema: {type: 'string'}}],
				responses: {
					'200': {
						description: 'the flow',
						content: {
							'application/json': {
								schema: {
									type: 'object',
									additionalProperties: true,
									required: ['id', 'expires_at', 'identity', 'ui'],
									'x-go-name': 'SettingsFlow',
									properties: {
										id: {type: 'string', format: 'uuid4'},
										expires_at: {type: 'string', format: 'date-time'},
										return_to: {type: 'string', nullable: true},
										identity: {type: 'object', additionalProperties: true, required: ['id'], properties: {id: {type: 'string', format: 'uuid4'}}},
										ui: {type: 'object', additionalProperties: true},
									},
								},
							},
						},
					},
					'302': {description: 'a navigation without a session', content: {'text/html': {}}},
					...Object.fromEntries(['401', '403', '404', '410', 'default'].map((status) => [status, {$ref: '#/components/responses/error'}])),
				},
			},
		},
	},
	components: {
		responses: {
			error: {
				description: 'an error',
				content: {'application/json': {schema: {type: 'object', additionalProperties: true, required: ['error'], properties: {error: {type: 'object', additionalProperties: true}}}}},
			},
		},
	},
};

async function specFile(name: string, content: unknown): Promise<string> {
	const file = join(dir, name);
	await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
	return file;
}

const variables = (config: Awaited<ReturnType<typeof startStandIn>>['config']) => ({
	KRATOS_PUBLIC_URL: config.publicUrl,
	KRATOS_SESSION_TOKEN: config.sessionToken!,
	KRATOS_OTHER_SESSION_TOKEN: config.otherSessionToken!,
	KRATOS_EXPIRED_FLOW_ID: config.expiredFlowId!,
});

describe('--spec with a user’s OpenAPI 3.0 document', () => {
	test('the operations it lacks are skipped with the reason; nullable and an unknown format are understood; every report names it', async () => {
		const file = await specFile('small-3.0.json', SMALL_30);
		const sha256 = createHash('sha256').update(await readFile(file)).digest('hex');
		// A flow whose return_to is null (nullable) and whose ids are not uuid4 (a format ajv does not know).
		const nullReturnTo: Fault = (answer, {path, request}) => {
			if (path !== '/self-service/settings/flows' || request.method !== 'GET' || answer.status !== 200) return answer;
			return {...answer, body: JSON.stringify({...JSON.parse(answer.body), return_to: null})};
		};
		const standIn = await startStandIn(nullReturnTo);
		try {
			const ran = await command(['live', '--spec', file], variables(standIn.config));
			expect(ran.code, ran.stdout + ran.stderr).toBe(0);
			expect(ran.stdout).toContain(`  spec: ${file} (given with --spec; OpenAPI 3.0.3; sha256 ${sha256})`);
			expect(ran.stdout).toContain('  note: formats the spec uses that the suite cannot check, accepted as they come: uuid4');
			expect(ran.stdout).toMatch(/^create_native +– .* skipped: the spec \(small-3\.0\.json\) does not document GET \/self-service\/settings\/api$/m);
			expect(ran.stdout).toMatch(/^update_profile +– .* skipped: the spec \(small-3\.0\.json\) does not document POST \/self-service\/settings$/m);
			expect(ran.stdout).toMatch(/^own_flow +200 /m);
			expect(ran.junit).toContain(`<property name="spec" value="${file}"/>`);
			expect(ran.junit).toContain(`<property name="spec.sha256" value="${sha256}"/>`);
			expect(ran.junit).toContain('<property name="spec.unchecked_formats" value="uuid4"/>');
			expect(ran.html).toContain(`sha256 ${sha256}`);
			// Nothing was sent for an operation the spec does not document.
			expect(standIn.server.requests.some((request) => request.url.startsWith('/auth/self-service/settings/browser'))).toBe(false);
		} finally {
			await standIn.close();
		}
	});

	test('and it still fails what its schema forbids', async () => {
		const file = await specFile('small-3.0-again.json', SMALL_30);
		const numberReturnTo: Fault = (answer, {path, request}) =>
			path === '/self-service/settings/flows' && request.method === 'GET' && answer.status === 200 ? {...answer, body: JSON.stringify({...JSON.parse(answer.body), return_to: 42})} : answer;
		const standIn = await startStandIn(numberReturnTo);
		try {
			const ran = await command(['live', '--spec', file], variables(standIn.config));
			expect(ran.code).toBe(1);
			expect(ran.stdout).toContain('/return_to must be string,null');
		} finally {
			await standIn.close();
		}
	});

	test('a spec that cannot be used is a usage error naming --spec', async () => {
		const missing = join(dir, 'missing.yaml');
		const ran = await command(['live', '--spec', missing], {KRATOS_PUBLIC_URL: 'https://a.example', KRATOS_SESSION_TOKEN: SECRETS.owner});
		expect(ran.code).toBe(2);
		expect(ran.stderr).toContain(`--spec ${missing}: no readable file at ${missing}`);
		const notOpenApi = await specFile('not-openapi.yaml', 'hello: world\n');
		const invalid = await command(['live', '--spec', notOpenApi], {KRATOS_PUBLIC_URL: 'https://a.example', KRATOS_SESSION_TOKEN: SECRETS.owner});
		expect(invalid.code).toBe(2);
		expect(invalid.stderr).toMatch(/^kratos-settings-flow-contract: --spec \S+not-openapi\.yaml is not a valid OpenAPI document: /);
		const unrelated = await specFile('unrelated.json', {openapi: '3.0.3', info: {title: 'pets', version: '1'}, paths: {'/pets': {get: {responses: {'200': {description: 'pets'}}}}}});
		const none = await command(['live', '--spec', unrelated], {KRATOS_PUBLIC_URL: 'https://a.example', KRATOS_SESSION_TOKEN: SECRETS.owner});
		expect(none.code).toBe(2);
		expect(none.stderr).toMatch(/--spec \S+unrelated\.json documents none of the operations the suite tests \(GET \/self-service\/settings\/flows, /);
		expect(none.reports).toEqual([]);
	});
});

describe('--spec with Ory’s published spec of Kratos v1.3.1 (OpenAPI 3.0.3, from the Go module proxy, not committed)', () => {
	let oryspec: string;
	beforeAll(async () => {
		// The module Kratos is built from (npm test builds it first); `go mod download` fetches it if the cache lost it.
		const {stdout} = await promisify(execFile)('go', ['mod', 'download', '-json', 'github.com/ory/kratos@v1.3.1'], {cwd: dir});
		oryspec = join((JSON.parse(stdout) as {Dir: string}).Dir, 'spec/api.json');
	}, 120_000);

	test('loads (nullable, x-go-*, mapping-only discriminators, uuid4) and judges a faithful Kratos by it', async () => {
		const contract = await loadContract(oryspec);
		expect(contract.openapi).toBe('3.0.3');
		expect(contract.uncheckedFormats).toEqual(['uuid4']);
		const standIn = await startStandIn();
		try {
			const ran = await command(['live', '--spec', oryspec], variables(standIn.config));
			expect(ran.stderr).toBe('');
			// Where Ory's spec and the real Kratos disagree (the README's "Real Kratos:" notes), the run says so:
			// a navigation without a session gets 302, which Ory's spec does not document, and errors carry details
			// its `genericError` closes.
			expect(ran.code).toBe(1);
			expect(ran.stdout).toContain('Status 302 is not documented for GET /self-service/settings/flows');
			expect(ran.stdout).toContain(`  spec: ${oryspec} (given with --spec; OpenAPI 3.0.3; sha256 ${contract.sha256})`);
			// Every case of the four operations ran: Ory's spec documents them all.
			expect(ran.stdout).not.toMatch(/does not document/);
			expect(ran.stdout).not.toMatch(/Check crashed/);
		} finally {
			await standIn.close();
		}
	});
});

test('a discriminator given only by its mapping selects the variant by the mapping', async () => {
	const file = await specFile('mapping.json', {
		openapi: '3.0.3',
		info: {title: 'mapping', version: '1'},
		paths: {
			'/self-service/settings/flows': {
				get: {
					responses: {
						'200': {
							description: 'a node',
							content: {'application/json': {schema: {$ref: '#/components/schemas/attributes'}}},
						},
					},
				},
			},
		},
		components: {
			schemas: {
				attributes: {
					discriminator: {propertyName: 'node_type', mapping: {input: '#/components/schemas/input', text: '#/components/schemas/text'}},
					oneOf: [{$ref: '#/components/schemas/input'}, {$ref: '#/components/schemas/text'}],
				},
				input: {type: 'object', required: ['node_type', 'name'], properties: {node_type: {type: 'string', enum: ['input', 'text']}, name: {type: 'string'}}},
				text: {type: 'object', required: ['node_type', 'text'], properties: {node_type: {type: 'string', enum: ['input', 'text']}, text: {type: 'string'}}},
			},
		},
	});
	const operation = (await loadContract(file)).operation('GET', '/self-service/settings/flows');
	const validate = operation.validatorFor(operation.responseFor(200)!)!;
	expect(validate({node_type: 'input', name: 'password'})).toBe(true);
	expect(validate({node_type: 'text', text: 'hi'})).toBe(true);
	// A text node without its text is not rescued by the input variant: the mapping chose text.
	expect(validate({node_type: 'text', name: 'password'})).toBe(false);
	expect(validate.errors?.[0]).toMatchObject({instancePath: '', keyword: 'required', params: {missingProperty: 'text'}});
});
