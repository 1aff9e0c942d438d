// The contract suite against the embedded Prism mock, exactly as `npm run contract` runs it.
import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {InvalidRequestError} from '../../src/index.js';
import {checksFor} from '../../contract-tests/checks/index.js';
import {mockRequestViolations} from '../../contract-tests/checks/mock-request-violations.js';
import {caseById, operations} from '../../contract-tests/operations/index.js';
import {formatSummary} from '../../contract-tests/report/console.js';
import {runContract} from '../../contract-tests/runner/run.js';
import {recordExchange} from '../../contract-tests/runner/exchange.js';
import {judge} from '../../contract-tests/runner/judge.js';
import {type ContractRun} from '../../contract-tests/base/model.js';
import {loadContract} from '../../spec/index.js';
import {mockTarget} from '../../contract-tests/targets/mock.js';
import type {Target} from '../../contract-tests/targets/types.js';

const refused = async (url: string) =>
	fetch(url).then(
		() => false,
		() => true,
	);

describe('against the Prism mock', () => {
	let run: ContractRun;

	test('every case passes every check', async () => {
		run = await runContract({target: mockTarget()});
		// The redacted summary is the failure message: it names each violation, never a secret.
		expect(run.error, formatSummary(run)).toBeUndefined();
		expect(run.cases.filter((result) => result.outcome !== 'passed').map((result) => result.case.id), formatSummary(run)).toEqual([]);
	});

	test('every documented status of every operation was exercised, default included', async () => {
		const contract = await loadContract();
		for (const operation of operations) {
			const mine = run.cases.filter((result) => result.case.operation === operation);
			const seen = new Set(mine.map((result) => result.exchange?.response?.status));
			const documented = contract.document.paths?.[operation.path]?.[operation.method.toLowerCase() as 'get' | 'post']?.responses ?? {};
			for (const key of contract.operation(operation.method, operation.path).responseKeys) {
				// Answers to HTML form posts: this client sends JSON, so no case of the suite can meet them.
				if ((documented[key] as {'x-form-post-only'?: boolean})['x-form-post-only']) continue;
				const covered = key === 'default' ? [...seen].some((status) => status !== undefined && status >= 500) : seen.has(Number(key));
				expect(covered, `${operation.name}: response ${key}`).toBe(true);
			}
		}
	});

	test('Prism was stopped afterwards', async () => {
		expect(run.target.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(await refused(run.target.baseUrl)).toBe(true);
	});
});

test('the mock rejects a request without id, and the sl-violations header counts as a failure', async () => {
	const target = mockTarget();
	await target.start();
	try {
		const url = `${target.baseUrl}/self-service/settings/flows`;
		const response = await fetch(url);
		expect(response.status).toBe(422);
		const header = response.headers.get('sl-violations');
		expect(header).toContain("must have required property 'id'");

		// The same answer through the recorder, judged by the check.
		const ownFlow = caseById('own_flow');
		const exchange = await recordExchange(ownFlow, target.baseUrl, {input: {id: 'x'}}, 5000, () => fetch(url));
		const contract = await loadContract();
		// Judged as a run judges it: the runner stamps each violation with its check's name.
		const [result] = judge(exchange, {status: [200], truth: {}, publicUrl: target.baseUrl}, ownFlow, contract, [mockRequestViolations]);
		const violations = result!.violations;
		expect(violations).toEqual([
			expect.objectContaining({location: ['request', 'query'], code: 'required', check: 'mock_request_violations'}),
		]);
	} finally {
		await target.stop();
	}
	expect(await refused(target.baseUrl)).toBe(true);
});

test('the mock is stopped even when the run fails half-way', async () => {
	const mock = mockTarget();
	const failing: Target = {
		...mock,
		name: 'mock',
		get baseUrl() {
			return mock.baseUrl;
		},
		start: () => mock.start(),
		stop: () => mock.stop(),
		kind: 'mock',
		get provoke(): Target['provoke'] {
			throw new Error('provisioning broke');
		},
	};
	const run = await runContract({target: failing});
	expect(run.error).toBe('provisioning broke');
	expect(await refused(mock.baseUrl)).toBe(true);
});

test('property: any id and any token get a documented, conforming answer from the mock, or are refused unsent', async () => {
	const target = mockTarget();
	await target.start();
	const contract = await loadContract();
	try {
		await fc.assert(
			fc.asyncProperty(
				// Ids up to 2,000 characters: Prism runs on Node, whose 16 KB header limit answers 431 to longer encoded
				// URLs; the kratos suite sends 10,000-character ids to the real server.
				fc.oneof(fc.string({unit: 'grapheme'}), fc.string({unit: 'binary', maxLength: 200}), fc.string({minLength: 1000, maxLength: 2000})),
				// Always some token: Prism hands a flow to anyone, which session_required rightly calls a security failure.
				fc.string({unit: 'binary-ascii', minLength: 1, maxLength: 120}),
				async (id, sessionToken) => {
					// Prism 5.14 reads `id=` as a missing id (422) despite allowEmptyValue; Kratos answers it 404, which
					// the kratos suite's property checks.
					fc.pre(id !== '');
					let exchange;
					try {
						exchange = await recordExchange(caseById('own_flow'), target.baseUrl, {input: {id}, sessionToken}, 5000);
					} catch (error) {
						// Refused before sending: only an id that is not well-formed Unicode, or a header-illegal token.
						expect(error).toBeInstanceOf(InvalidRequestError);
						expect(!id.isWellFormed() || /[^\t\x20-\x7e]/.test(sessionToken)).toBe(true);
						return;
					}
					const failed = judge(exchange, {status: [200], truth: {}, publicUrl: target.baseUrl}, caseById('own_flow'), contract, checksFor('mock')).filter(
						(check) => check.outcome === 'failed',
					);
					expect(failed.map((check) => `${check.check}: ${check.violations[0]?.message}`).join('\n')).toBe('');
				},
			),
			{numRuns: 80},
		);
	} finally {
		await target.stop();
	}
});
