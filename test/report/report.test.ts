// Each redaction proven with a sentinel, and the JUnit and HTML reports checked on a real failing run.
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {checksFor} from '../../contract-tests/checks/index.js';
import {cases} from '../../contract-tests/operations/index.js';
import {formatSummary, progressPrinter} from '../../contract-tests/report/console.js';
import {toHtml} from '../../contract-tests/report/html.js';
import {toJUnit} from '../../contract-tests/report/junit.js';
import {REDACTED, createRedactor, secretsIn} from '../../contract-tests/base/redact.js';
import {runContract, runMeta} from '../../contract-tests/runner/run.js';
import {recordExchange} from '../../contract-tests/runner/exchange.js';
import {judge} from '../../contract-tests/runner/judge.js';
import {type ContractRun} from '../../contract-tests/base/model.js';
import {liveTarget} from '../../contract-tests/targets/live.js';
import {loadContract} from '../../spec/index.js';
import {example} from '../helpers/fixtures.js';
import {mutants, newerKratos} from '../mutation/faults.js';
import {SECRETS, type StandIn, flowBody, startStandIn} from '../mutation/stand-in.js';

describe('the redactor', () => {
	const redactor = createRedactor(['ory_st_KNOWNSENTINEL']);

	test.each([
		['a known token', 'token ory_st_KNOWNSENTINEL here', 'token [REDACTED] here'],
		['a known token, URL-encoded', `?t=${encodeURIComponent('ory_st_KNOWNSENTINEL')}`, '?t=[REDACTED]'],
		['any Ory session token', 'X ory_st_UNKNOWNsentinel123 Y', 'X ory_st_[REDACTED] Y'],
		['session and CSRF cookies', 'ory_kratos_session=SENTINEL1; csrf_token_ab12=SENTINEL2', `ory_kratos_session=${REDACTED}; csrf_token_ab12=${REDACTED}`],
		// Ory Network's session cookie names the project's slug, hyphens and all.
		['an Ory Network session cookie', 'Cookie was ory_session_quirky-lamport-4xw2n8kq1z=SENTINEL1a; x', `Cookie was ory_session_quirky-lamport-4xw2n8kq1z=${REDACTED}; x`],
		['header lines', 'X-Session-Token: SENTINEL3\nCookie: a=SENTINEL4', `X-Session-Token: ${REDACTED}\nCookie: ${REDACTED}`],
		['an otpauth URI', 'otpauth://totp/ContractTests:jane?secret=SENTINEL5&issuer=x', `otpauth://${REDACTED}`],
	])('%s in text', (_, input, expected) => {
		expect(redactor.text(input)).toBe(expected);
	});

	test('secret fields of a flow: CSRF value, TOTP secret (text and context) and QR code', () => {
		const flow = flowBody('7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a', '2f1b6a3c-8d4e-4a5b-9c6d-7e8f9a0b1c2d', 'http://x', 'browser');
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

	test("each cookie's value on its own, and every secret's URL-encoded, JSON-escaped and HTML-escaped forms", () => {
		const value = 'SENTINEL&cookie<value>"1+/=';
		const cookies = createRedactor([`ory_kratos_session=${value}; csrf_token_ab12=SENTINELcsrf`]);
		for (const form of [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;'), 'SENTINELcsrf']) {
			expect(cookies.text(`a page quoting it bare: ${form} (end)`), form).toBe(`a page quoting it bare: ${REDACTED} (end)`);
		}
		expect(createRedactor(["it's-a-secret"]).text('it&#39;s-a-secret it&#x27;s-a-secret')).toBe(`${REDACTED} ${REDACTED}`);
	});

	test('what is no secret stays: a sentence about a cookie, and the message type of a secret node', () => {
		expect(redactor.text("the owner's valid cookie: the token decides")).toBe("the owner's valid cookie: the token decides");
		const codes = {attributes: {id: 'lookup_secret_codes', node_type: 'text', text: {id: 1050015, text: 'SENTINELa, SENTINELb', type: 'info', context: {secrets: [{id: 1050009, text: 'SENTINELa', type: 'info'}]}}}};
		expect(secretsIn(codes)).not.toContain('info');
		expect(createRedactor(secretsIn(codes)).text('an info message; SENTINELa')).toBe(`an info message; ${REDACTED}`);
	});

	test("a server that quotes the session cookie's bare value in a redirect's page: no form of it in the HTML report", async () => {
		const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
		const standIn = await startStandIn((answer, {path}) =>
			path === '/self-service/settings/flows'
				? {status: 302, headers: {location: 'https://accounts.example/login', 'content-type': 'text/html'}, body: `<a href="/login?v=${escape(SECRETS.cookieValue)}">Found</a> ${SECRETS.cookieValue}`}
				: answer,
		);
		try {
			const html = toHtml(await runContract({target: liveTarget(standIn.config)}));
			expect(html).toContain('Found');
			for (const form of [SECRETS.cookieValue, escape(SECRETS.cookieValue), escape(escape(SECRETS.cookieValue))]) expect(html.includes(form), form).toBe(false);
		} finally {
			await standIn.close();
		}
	});

	test('a CSRF node whose node_type a broken server changed is still redacted', () => {
		const node = {name: 'csrf_token', type: 'hidden', value: 'SENTINEL9', node_type: 'hidden-input'};
		expect(redactor.value(node).value).toBe(REDACTED);
		expect(secretsIn(node)).toEqual(['SENTINEL9']);
	});
});

describe('reports of a failing run with warnings', () => {
	let standIn: StandIn;
	let run: ContractRun;
	beforeAll(async () => {
		// A newer Kratos (drift: warnings) that also breaks a closed enum (a failure) on both 200s.
		const broken = mutants.find((mutant) => mutant.name === 'enum_outside_spec')!.fault;
		standIn = await startStandIn((answer, asked) => {
			const newer = newerKratos(answer, asked);
			return newer === 'hang' ? newer : broken(newer, asked);
		});
		run = await runContract({target: liveTarget(standIn.config)});
		// Each error of the GET carries Ory-Error-Id; each 200 of the GET its new nodes and properties.
		warnedCases = run.cases.filter((item) => item.checks.some((check) => check.outcome === 'warned')).length;
		warnings = run.cases.flatMap((item) => item.checks.flatMap((check) => check.violations)).filter((violation) => violation.severity === 'warning').length;
		expect(warnedCases).toBeGreaterThanOrEqual(8);
	});
	afterAll(() => standIn.close());
	// The GET's 200s break the closed enum: the owner's token, its cookie, and the read with a foreign Origin.
	const FAILED_CASES = ['own_flow', 'own_flow_cookie', 'foreign_origin'];
	test('the failing cases are the 200s of the GET', () => {
		expect(run.cases.filter((item) => item.outcome === 'failed').map((item) => item.case.id)).toEqual(FAILED_CASES);
	});
	let warnedCases = 0;
	let warnings = 0;

	test('JUnit: the contract suite fails, the drift suite passes with its warnings in system-out', () => {
		const xml = toJUnit(run);
		const executed = run.cases.filter((item) => item.outcome !== 'skipped');
		const skippedCases = run.cases.length - executed.length;
		// One test case per check a case ran (a probe runs only its own), one per skipped case.
		const ran = (severity: string) => executed.reduce((total, item) => total + item.checks.filter((check) => check.severity === severity).length, 0);
		expect(xml).toMatch(new RegExp(`<testsuite name="contract stand-in" tests="${ran('error') + skippedCases}" failures="${FAILED_CASES.length}"`));
		expect(xml).toMatch(new RegExp(`<testsuite name="contract stand-in drift" tests="${ran('warning')}" failures="0"`));
		expect(xml.match(/<failure /g)).toHaveLength(FAILED_CASES.length);
		expect(xml).toContain('Received: &quot;warning&quot;');
		expect(xml).toContain("Reproduce with: curl -sS -i -H 'accept: application/json' -H 'x-session-token: [REDACTED]'");
		expect(xml).toContain('<skipped message="a live server cannot be made to fail on purpose"/>');
		expect(xml).toMatch(/<testcase classname="contract stand-in drift.own_flow" name="schema_drift">\n {6}<system-out>WARNING \(drift, not a failure\): own_flow — getSettingsFlow → 200\n\nschema_drift: Undocumented property/);
		expect(xml.match(/<system-out>WARNING/g)).toHaveLength(warnedCases);
		// Beside the warnings, only what a check that ran could not judge (the stand-in's privileged age is not known).
		const partly = executed.flatMap((item) => item.checks.filter((check) => check.partly));
		expect(partly.length).toBeGreaterThan(0);
		expect(xml.match(/<system-out>/g)).toHaveLength(warnedCases + partly.length);
		expect(xml.match(/<system-out>partly judged: the change before and after was not judged: /g)).toHaveLength(partly.length);
		for (const secret of Object.values(SECRETS)) expect(xml).not.toContain(secret);
	});

	test('JUnit with strict: the warnings are failures of the drift suite', () => {
		const xml = toJUnit(run, {strict: true});
		expect(xml).toMatch(new RegExp(`<testsuite name="contract stand-in drift" tests="\\d+" failures="${warnedCases}"`));
		expect(xml).toContain('<failure type="warning" message="Undocumented response header (--strict)">');
		expect(xml).not.toContain('<system-out>WARNING');
	});

	test('HTML: self-contained, the table and per case its failures, its warnings, the answer and one curl line', () => {
		const html = toHtml(run);
		expect(html).not.toMatch(/<script|<link|src="http/);
		expect(html).toContain('<span class="verdict failed">failed</span>');
		expect(html.match(/<section class="failure">/g)).toHaveLength(FAILED_CASES.length);
		expect(html.match(/<section class="warning">/g)).toHaveLength(warnedCases);
		expect(html).toContain('<td class="warned" title=');
		expect(html).toContain('<code>response › body › ui › nodes › 1 › meta › label › type</code>');
		expect(html).toContain('<dt>Around it</dt>');
		expect(html).toContain('<dt>Status</dt><dd>200</dd>');
		// One curl line per case section, not per violation.
		expect(html.match(/<dt>Reproduce<\/dt>/g)).toHaveLength(warnedCases + FAILED_CASES.length);
		for (const secret of Object.values(SECRETS)) expect(html).not.toContain(secret);
	});

	test('console: the table marks warnings apart, then failures and warnings per case, and the closing counts', () => {
		const text = formatSummary(run);
		// One mark per check, in the order of the legend: the row says which check failed, warned or passed.
		const marks = (id: string, status: number) => {
			const row = new RegExp(`^${id} +${status} +(.*)$`, 'm').exec(text)?.[1]?.trim().split(/ +/) ?? [];
			expect(row).toHaveLength(run.checkNames.length);
			return Object.fromEntries(run.checkNames.map((name, index) => [name, row[index]]));
		};
		expect(marks('own_flow', 200)).toMatchObject({response_schema_conformance: '✘', schema_drift: '⚠', flow_belongs_to_session: '✔', flow_urls: '✔'});
		const noSession = marks('no_session', 401);
		expect(noSession).toMatchObject({undocumented_header: '⚠', expected_status: '✔'});
		expect(Object.values(noSession).filter((mark) => mark === '✘')).toEqual([]);
		expect(text).toContain('⚠ warning (drift)');
		const failures = text.slice(text.indexOf('\nFailures\n'), text.indexOf('\nWarnings'));
		expect(failures).toContain('own_flow — getSettingsFlow → 200\n  1. response_schema_conformance: Response violates schema');
		expect(failures.match(/Reproduce with:/g)).toHaveLength(FAILED_CASES.length);
		const warningsText = text.slice(text.indexOf('\nWarnings'));
		expect(warningsText).toContain('  3. schema_drift: Undocumented enum value\n     /ui/nodes/7/group "captcha" is not a documented value');
		expect(warningsText.match(/Reproduce with:/g)).toHaveLength(warnedCases);
		const skipped = run.cases.filter((item) => item.outcome === 'skipped').length;
		expect(text).toMatch(
			new RegExp(`\\n\\d+ checks run: \\d+ passed, ${warnedCases} with warnings, ${FAILED_CASES.length} failed, in [\\d.]+ s\\ncases: ${run.cases.length - FAILED_CASES.length - skipped} passed, ${FAILED_CASES.length} failed, ${skipped} skipped\\nwarnings: ${warnings} in ${warnedCases} cases, not failing the run`),
		);
	});

	test('the same violation twice in a case is shown once, with a count', () => {
		const twice: ContractRun = {
			...run,
			cases: run.cases.map((item) =>
				item.case.id !== 'own_flow'
					? item
					: {...item, checks: item.checks.map((check) => (check.check === 'response_schema_conformance' ? {...check, violations: [...check.violations, ...check.violations]} : check))},
			),
		};
		const text = formatSummary(twice);
		expect(text).toContain('own_flow — getSettingsFlow → 200\n  1. response_schema_conformance: Response violates schema (×2)\n');
		expect(text.match(/^ {2}\d\. response_schema_conformance/gm)).toHaveLength(FAILED_CASES.length);
	});
});

describe('a check that ran but could not judge all of itself says so, in every report', () => {
	test('the progress line, JUnit and the HTML cell name the check and what was not judged', async () => {
		const contract = await loadContract();
		const contractCase = cases.find((item) => item.id === 'own_flow')!;
		const flow = flowBody('7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a', '2f1b6a3c-8d4e-4a5b-9c6d-7e8f9a0b1c2d', 'http://127.0.0.1:9/auth');
		const ok = () => Promise.resolve(new Response(JSON.stringify(flow), {status: 200, headers: {'content-type': 'application/json'}}));
		const exchange = await recordExchange(contractCase, 'http://127.0.0.1:9/auth', {input: {id: '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a'}, sessionToken: SECRETS.owner}, 5000, ok);
		const expectation = {status: contractCase.status, result: contractCase.result, truth: {}, publicUrl: 'http://127.0.0.1:9/auth'};
		const partly = {check: 'session_after_login', severity: 'error' as const, outcome: 'passed' as const, partly: 'the change before and after was not judged: the machine was too busy', violations: []};
		const result = {case: contractCase, outcome: 'passed' as const, exchange, expect: expectation, checks: [partly], durationMs: 3};
		const run: ContractRun = {...(await runMeta(contract)), target: {name: 'live', baseUrl: 'http://127.0.0.1:9/auth'}, startedAt: new Date().toISOString(), durationMs: 3, cases: [result], checkNames: ['session_after_login'], secrets: [SECRETS.owner]};
		const lines: string[] = [];
		progressPrinter((line) => lines.push(line)).onCaseEnd(result);
		expect(lines[0]).toMatch(/✔ passed \(200\) 3 ms; partly judged: session_after_login: the change before and after was not judged: the machine was too busy$/);
		expect(toJUnit(run)).toContain('name="session_after_login">\n      <system-out>partly judged: the change before and after was not judged: the machine was too busy</system-out>');
		expect(toHtml(run)).toContain('title="partly judged: the change before and after was not judged: the machine was too busy">✔</td>');
	});
});

describe('a failure says what the answer was and, when the user gave it, what decided the expectation', () => {
	// A hand-made exchange: a password Kratos should judge too short (400 corrections) is refused for the session's age
	// instead (403 session_refresh_required), the expectation having followed from KRATOS_PRIVILEGED_SESSION_MAX_AGE.
	let run: ContractRun;
	const dependsOn = ['KRATOS_PRIVILEGED_SESSION_MAX_AGE'];
	beforeAll(async () => {
		const contract = await loadContract();
		const contractCase = cases.find((item) => item.id === 'update_password_rejected')!;
		const flow = flowBody('7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a', '2f1b6a3c-8d4e-4a5b-9c6d-7e8f9a0b1c2d', 'http://127.0.0.1:9/auth');
		const refused = () => Promise.resolve(new Response(JSON.stringify(example('refreshRequired')), {status: 403, headers: {'content-type': 'application/json'}}));
		const prepared = {input: {flow, body: {method: 'password', password: 'short'}}, sessionToken: SECRETS.owner};
		const exchange = await recordExchange(contractCase, 'http://127.0.0.1:9/auth', prepared, 5000, refused);
		const expectation = {status: contractCase.status, result: contractCase.result, truth: {}, publicUrl: 'http://127.0.0.1:9/auth', dependsOn};
		const checks = judge(exchange, expectation, contractCase, contract, checksFor('live'));
		const result = {case: contractCase, outcome: 'failed' as const, exchange, expect: expectation, checks, durationMs: 3};
		// The same answer without dependsOn: a case whose expectation nothing the user gave decided.
		const plain = {...result, case: cases.find((item) => item.id === 'update_corrections')!, expect: {...expectation, dependsOn: undefined}};
		run = {...(await runMeta(contract)), target: {name: 'live', baseUrl: 'http://127.0.0.1:9/auth'}, startedAt: new Date().toISOString(), durationMs: 3, cases: [result, plain], checkNames: checks.map((check) => check.check), secrets: [SECRETS.owner]};
		expect(checks.find((check) => check.check === 'expected_status')?.outcome).toBe('failed');
	});
	const DEPENDS =
		'Depends on KRATOS_PRIVILEGED_SESSION_MAX_AGE: what this case expects follows from its value (given or default); if that is not how this Kratos is configured, correct the value rather than the server';

	test('console: the heading carries the error id, the next line what decided the expectation; the progress line the error id', () => {
		const text = formatSummary(run);
		expect(text).toContain(`\nupdate_password_rejected — updateSettingsFlow → 403 session_refresh_required\n  ${DEPENDS}\n  1. `);
		expect(text).toContain('\nupdate_corrections — updateSettingsFlow → 403 session_refresh_required\n  1. ');
		expect(text.match(/Depends on/g)).toHaveLength(1);
		const lines: string[] = [];
		progressPrinter((line) => lines.push(line)).onCaseEnd(run.cases[0]!);
		expect(lines[0]).toMatch(/^ {6}✘ failed \(403 session_refresh_required\): .*expected_status/);
	});

	test('JUnit: each failure of the case starts with the answer and what decided the expectation', () => {
		const xml = toJUnit(run);
		expect(xml).toContain(`<testcase classname="contract live.update_password_rejected" name="expected_status">`);
		expect(xml).toMatch(new RegExp(`name="expected_status">\\n\\s+<failure message="[^"]+">update_password_rejected — updateSettingsFlow → 403 session_refresh_required\\n${DEPENDS.replace(/[()]/g, '\\$&')}\\n\\nexpected_status: `));
		expect(xml.match(/Depends on/g)?.length).toBe(run.cases[0]!.checks.filter((check) => check.outcome === 'failed').length);
	});

	test('HTML: the section heading carries the error id, then what decided the expectation', () => {
		const html = toHtml(run);
		expect(html).toContain(`<h3>update_password_rejected — updateSettingsFlow → 403 session_refresh_required</h3>\n<p class="note">${DEPENDS}</p>`);
		expect(html).toContain('<dt>Status</dt><dd>403 <code>session_refresh_required</code></dd>');
		expect(html.match(/class="note"/g)).toHaveLength(1);
	});
});
