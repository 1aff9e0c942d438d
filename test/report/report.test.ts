// Each redaction proven with a sentinel, and the JUnit and HTML reports checked on a real failing run.
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {formatSummary} from '../../contract-tests/report/console.js';
import {toHtml} from '../../contract-tests/report/html.js';
import {toJUnit} from '../../contract-tests/report/junit.js';
import {REDACTED, createRedactor, secretsIn} from '../../contract-tests/report/redact.js';
import {type ContractRun, runContract} from '../../contract-tests/runner.js';
import {liveTarget} from '../../contract-tests/targets/live.js';
import {mutants} from '../mutation/faults.js';
import {SECRETS, type StandIn, flowBody, startStandIn} from '../mutation/stand-in.js';

describe('the redactor', () => {
	const redactor = createRedactor(['ory_st_KNOWNSENTINEL']);

	test.each([
		['a known token', 'token ory_st_KNOWNSENTINEL here', 'token [REDACTED] here'],
		['a known token, URL-encoded', `?t=${encodeURIComponent('ory_st_KNOWNSENTINEL')}`, '?t=[REDACTED]'],
		['any Ory session token', 'X ory_st_UNKNOWNsentinel123 Y', 'X ory_st_[REDACTED] Y'],
		['session and CSRF cookies', 'ory_kratos_session=SENTINEL1; csrf_token_ab12=SENTINEL2', `ory_kratos_session=${REDACTED}; csrf_token_ab12=${REDACTED}`],
		['header lines', 'X-Session-Token: SENTINEL3\nCookie: a=SENTINEL4', `X-Session-Token: ${REDACTED}\nCookie: ${REDACTED}`],
		['an otpauth URI', 'otpauth://totp/ContractTests:jane?secret=SENTINEL5&issuer=x', `otpauth://${REDACTED}`],
	])('%s in text', (_, input, expected) => {
		expect(redactor.text(input)).toBe(expected);
	});

	test('secret fields of a flow: CSRF value, TOTP secret (text and context) and QR code', () => {
		const flow = flowBody('7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a', '2f1b6a3c-8d4e-4a5b-9c6d-7e8f9a0b1c2d', 'http://x');
		const out = JSON.stringify(redactor.value(flow));
		for (const secret of [SECRETS.csrfToken, SECRETS.totpSecret]) expect(out).not.toContain(secret);
		expect(out).toContain('"name":"csrf_token","type":"hidden","value":"[REDACTED]"');
		expect(out).toContain('"text":"[REDACTED]","type":"info","context":"[REDACTED]"');
		expect(out).toContain('"src":"[REDACTED]"');
		// …and what the redaction leaves alone stays readable.
		expect(out).toContain('"name":"traits.email"');
		expect(secretsIn(flow)).toEqual(expect.arrayContaining([SECRETS.csrfToken, SECRETS.totpSecret]));
	});

	test('lookup codes, continue_with session tokens, and secret-named keys', () => {
		const body = {
			continue_with: [{action: 'set_ory_session_token', ory_session_token: 'SENTINEL6'}],
			session_token: 'SENTINEL7',
			nodes: [{attributes: {id: 'lookup_secret_codes', node_type: 'text', text: {id: 1050015, text: 'SENTINEL8a, SENTINEL8b', type: 'info', context: {secrets: [{text: 'SENTINEL8a'}]}}}}],
		};
		const out = JSON.stringify(redactor.value(body));
		for (const secret of ['SENTINEL6', 'SENTINEL7', 'SENTINEL8a', 'SENTINEL8b']) expect(out).not.toContain(secret);
		const fromBody = createRedactor(secretsIn(body));
		expect(fromBody.text('raw body: SENTINEL8a SENTINEL6')).toBe('raw body: [REDACTED] [REDACTED]');
	});

	test('a CSRF node whose node_type a broken server changed is still redacted', () => {
		const node = {name: 'csrf_token', type: 'hidden', value: 'SENTINEL9', node_type: 'hidden-input'};
		expect(redactor.value(node).value).toBe(REDACTED);
		expect(secretsIn(node)).toEqual(['SENTINEL9']);
	});
});

describe('reports of a failing run', () => {
	let standIn: StandIn;
	let run: ContractRun;
	beforeAll(async () => {
		const fault = mutants.find((mutant) => mutant.name === 'enum_outside_spec')!.fault;
		standIn = await startStandIn(fault);
		run = await runContract({target: liveTarget(standIn.config)});
	});
	afterAll(() => standIn.close());

	test('JUnit: one testcase per case × check, failures with their details, skipped cases with their reason', () => {
		const xml = toJUnit(run);
		const executed = run.cases.filter((item) => item.outcome !== 'skipped');
		const skippedCases = run.cases.length - executed.length;
		expect(xml).toMatch(new RegExp(`<testsuite name="contract stand-in" tests="${executed.length * run.checkNames.length + skippedCases}" failures="2"`));
		expect(xml.match(/<failure /g)).toHaveLength(2);
		expect(xml).toContain('Received: &quot;warning&quot;');
		expect(xml).toContain("Reproduce with: curl -sS -i -H 'accept: application/json' -H 'x-session-token: [REDACTED]'");
		expect(xml).toContain('<skipped message="a live server cannot be made to fail on purpose"/>');
		for (const secret of Object.values(SECRETS)) expect(xml).not.toContain(secret);
	});

	test('HTML: self-contained, the table and each failure with request, status, excerpts and location', () => {
		const html = toHtml(run);
		expect(html).not.toMatch(/<script|<link|src="http/);
		expect(html).toContain('<span class="verdict failed">failed</span>');
		expect(html.match(/<section class="failure">/g)).toHaveLength(2);
		expect(html).toContain('<code>response › body › ui › nodes › 1 › meta › label › type</code>');
		expect(html).toContain('<dt>Around it</dt>');
		expect(html).toContain('<dt>Status</dt><dd>200</dd>');
		for (const secret of Object.values(SECRETS)) expect(html).not.toContain(secret);
	});

	test('console: the table, the failures and the closing counts', () => {
		const text = formatSummary(run);
		expect(text).toMatch(/^own_flow +200 +✔ +✔ +✔ +✔ +✔ +✘ /m);
		expect(text).toContain('1. own_flow › response_schema_conformance: Response violates schema');
		expect(text).toMatch(/\ncases: 7 passed, 2 failed, 1 skipped$/);
	});
});
