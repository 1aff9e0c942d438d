// The contract suite against a real Ory Kratos v1.3.1, built and started by scripts/kratos (the first build takes a
// few minutes; later runs use the cached binary), exactly as `npm run contract:kratos` runs it.
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {cases} from './cases.js';
import {formatSummary} from './report/console.js';
import {type ContractRun, runContract} from './runner.js';
import {type KratosTarget, kratosTarget} from './targets/kratos.js';

let target: KratosTarget;
let run: ContractRun;
beforeAll(async () => {
	target = kratosTarget();
	run = await runContract({target});
}, 600_000);

const result = (id: string) => run.cases.find((item) => item.case.id === id);

describe('against a real Kratos', () => {
	test('the target started and every case that can run passed every check', () => {
		expect(run.error, formatSummary(run)).toBeUndefined();
		const notPassed = run.cases.filter((item) => item.outcome !== 'passed').map((item) => `${item.case.id}: ${item.reason ?? item.outcome}`);
		// Kratos cannot be made to answer a 5xx on purpose; every other case runs.
		expect(notPassed, formatSummary(run)).toEqual(['server_error: a live server cannot be made to fail on purpose']);
	});

	test.each(cases.filter((item) => item.id !== 'server_error').map((item) => [item.id, item.status[0]] as const))(
		'%s: %i came from Kratos itself',
		(id, status) => {
			const exchange = result(id)?.exchange;
			expect(exchange?.response?.status).toBe(status);
			// Kratos's own answer headers, passed through untouched: no stand-in answered.
			expect(exchange?.response?.headers['cache-control']).toBe('private, no-cache, no-store, must-revalidate');
			expect(exchange?.response?.headers.vary).toBe('Cookie');
		},
	);

	test('requests went to the path-prefixed base URL, as deployed behind /auth', () => {
		expect(run.target.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth$/);
		expect(result('own_flow')?.exchange?.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/self-service\/settings\/flows\?id=/);
		const flow = result('own_flow')?.exchange?.response?.body as {ui: {action: string}; type: string};
		expect(flow.ui.action.startsWith(`${run.target.baseUrl}/self-service/settings?flow=`)).toBe(true);
		expect(flow.type).toBe('api');
	});

	test('the 200s were checked for ownership, not skipped', () => {
		for (const id of ['own_flow', 'own_flow_cookie']) {
			expect(result(id)?.checks.find((check) => check.check === 'flow_belongs_to_session')?.outcome, id).toBe('passed');
		}
		expect((result('own_flow_cookie')?.exchange?.response?.body as {type: string}).type).toBe('browser');
	});

	test('the error ids Kratos really sends', () => {
		const ids = Object.fromEntries(
			run.cases.map((item) => [item.case.id, (item.exchange?.response?.body as {error?: {id?: string}})?.error?.id]),
		);
		expect(ids).toMatchObject({
			no_session: undefined,
			other_identity: 'security_identity_mismatch',
			unknown_flow: undefined,
			malformed_id: undefined,
			expired_flow: undefined,
			aal2_required: 'session_aal2_required',
		});
	});
});

afterAll(async () => {
	// Stopped by the process that started them: nothing listens any more.
	for (const url of target.listeners) {
		const answered = await fetch(`${url}/health/alive`).then(
			() => true,
			() => false,
		);
		expect(answered, url).toBe(false);
	}
});
