// What an update sends can be a secret the suite does not know beforehand (a password, a TOTP code, a WebAuthn or
// passkey registration): every report of a failing update redacts those fields by name, in the curl line and
// wherever the server quotes them back.
import {expect, test} from 'vitest';
import {runMeta} from '../../contract-tests/runner/run.js';
import {recordExchange} from '../../contract-tests/runner/exchange.js';
import {judge} from '../../contract-tests/runner/judge.js';
import {checks as allChecks} from '../../contract-tests/checks/index.js';
import type {ContractRun} from '../../contract-tests/base/model.js';
import {caseById} from '../../contract-tests/operations/index.js';
import {formatSummary} from '../../contract-tests/report/console.js';
import {toHtml} from '../../contract-tests/report/html.js';
import {toJUnit} from '../../contract-tests/report/junit.js';
import type {UpdateSettingsFlowBody} from '../../src/index.js';
import {loadContract} from '../../spec/index.js';

const SENTINELS = {
	password: 'SENTINELpasswordINbody000000',
	totpCode: '918273',
	webauthn: '{"id":"SENTINELwebauthnCREDENTIAL00","response":{"attestationObject":"SENTINELattest00"}}',
	passkey: '{"id":"SENTINELpasskeyCREDENTIAL000"}',
	csrf: 'SENTINELcsrfINupdateBODY00000',
} as const;

const bodies: [string, UpdateSettingsFlowBody][] = [
	['update_password', {method: 'password', password: SENTINELS.password, csrf_token: SENTINELS.csrf}],
	['update_totp', {method: 'totp', totp_code: SENTINELS.totpCode}],
	['update_profile', {method: 'webauthn', webauthn_register: SENTINELS.webauthn, webauthn_register_displayname: 'key'}],
	['update_browser', {method: 'passkey', passkey_settings_register: SENTINELS.passkey}],
];

test('passwords, codes and registrations in update bodies never reach a report', async () => {
	const contract = await loadContract();
	const cases = [];
	for (const [id, body] of bodies) {
		const contractCase = caseById(id as 'update_password');
		// A broken server: a 500 that quotes the whole body back.
		const exchange = await recordExchange(contractCase, 'http://127.0.0.1:9/auth', {input: {flow: '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a', body}}, 1000, async (request) => {
			const sent = await request.text();
			return new Response(JSON.stringify({error: {code: 500, message: `could not save ${sent}`, reason: sent}}), {
				status: 500,
				headers: {'content-type': 'application/json'},
			});
		});
		const expect_ = {status: [200], truth: {}, publicUrl: 'http://127.0.0.1:9/auth'};
		cases.push({case: contractCase, outcome: 'failed' as const, exchange, expect: expect_, checks: judge(exchange, expect_, contractCase, contract, allChecks), durationMs: 1});
	}
	// The target knew none of these secrets: only redaction by field name can catch them.
	const run: ContractRun = {target: {name: 'broken', baseUrl: 'http://127.0.0.1:9/auth'}, ...(await runMeta(contract)), startedAt: new Date().toISOString(), durationMs: 1, cases, checkNames: ['not_a_server_error'], secrets: []};
	const written = [formatSummary(run), toJUnit(run), toHtml(run)].join('\n');
	expect(written).toContain("-X POST");
	expect(written).toContain('"password":"[REDACTED]"');
	for (const [name, value] of Object.entries(SENTINELS)) {
		expect(written.includes(value), `${name} leaked`).toBe(false);
		expect(written.includes(JSON.stringify(value).slice(1, -1)), `${name} leaked (JSON-escaped)`).toBe(false);
	}
});
