// Every kind of credential a CI may hold, against the real local Kratos, with every other variable set and writes
// allowed: a session token alone, the browser's Cookie header alone (session cookie and CSRF cookie, as a browser
// sends them), the session cookie alone, and a token with the cookie. A healthy Kratos passes each; an API flow
// created with the CSRF cookie carrying a token once failed flow_type here, and a cookie session's submit of a native
// flow once failed update_profile (Kratos refuses it: a cookie session writes through a browser flow).
import {describe, expect, test} from 'vitest';
import {formatSummary} from '../../contract-tests/report/console.js';
import {exitCodeOf} from '../../contract-tests/base/verdict.js';
import {runContract} from '../../contract-tests/runner/run.js';
import {type LiveConfig, liveTarget} from '../../contract-tests/targets/live.js';
import {provisionedKratos} from '../helpers/kratos.js';

const local = provisionedKratos();

const sessionCookieOnly = () => local.provisioned.cookie.split('; ').filter((pair) => pair.startsWith('ory_kratos_session=')).join('; ');

const CREDENTIALS: [string, () => Pick<LiveConfig, 'sessionToken' | 'cookie'>][] = [
	["the browser's Cookie header alone (session and CSRF cookie)", () => ({cookie: local.provisioned.cookie})],
	['the session cookie alone', () => ({cookie: sessionCookieOnly()})],
	['a session token alone', () => ({sessionToken: local.provisioned.sessionToken})],
	['a token and the Cookie header', () => ({sessionToken: local.provisioned.sessionToken, cookie: local.provisioned.cookie})],
];

describe.each(CREDENTIALS)('with %s', (_, credentials) => {
	test('a healthy Kratos passes: no check fails, the write is made and put back', async () => {
		expect(local.provisioned.cookie).toMatch(/(^|; )csrf_token[^=]*=/);
		const run = await runContract({
			target: liveTarget({
				name: 'credentials',
				publicUrl: local.kratos.publicUrl,
				...credentials(),
				otherSessionToken: local.provisioned.otherSessionToken,
				expiredFlowId: local.provisioned.expiredFlowId,
				aal1SessionToken: local.provisioned.aal1SessionToken,
				aal1FlowId: local.provisioned.aal1FlowId,
				// The refresh logins run with this credential too (a cookie's through browser flows, with their CSRF token);
				// the step-up logs the AAL1 identity in anew each run, so the runs after it still have an AAL1 session.
				testPassword: local.provisioned.testPassword,
				aal1TotpSecret: local.provisioned.aal1TotpSecret,
				aal1Login: local.provisioned.aal1Login,
				allowWrites: true,
				testIdentityId: local.provisioned.identityId,
			}),
		});
		const summary = formatSummary(run);
		expect(run.error, summary).toBeUndefined();
		expect(exitCodeOf(run), summary).toBe(0);
		const outcome = (id: string) => run.cases.find((item) => item.case.id === id)?.outcome;
		// The native flow created with this credential, read back, and the profile change written and put back.
		expect([outcome('create_native'), outcome('update_profile'), outcome('update_corrections')], summary).toEqual(['passed', 'passed', 'passed']);
		const write = run.cases.find((item) => item.case.id === 'update_profile')!;
		expect(write.checks.find((check) => check.check === 'write_took_effect')?.outcome, summary).toBe('passed');
		if (credentials().cookie) expect(outcome('own_flow_cookie')).toBe('passed');
		// The session's own refresh flow, with a wrong password and with its own.
		expect([outcome('login_refresh_flow'), outcome('login_refresh_wrong_password'), outcome('login_refresh_password')], summary).toEqual(['passed', 'passed', 'passed']);
		const refresh = run.cases.find((item) => item.case.id === 'login_refresh_password')!;
		expect(refresh.exchange?.request.url).toContain('/self-service/login?flow=');
		if (!credentials().sessionToken) expect((refresh.exchange?.request.body && JSON.parse(refresh.exchange.request.body).csrf_token)?.length, 'a browser flow, with its CSRF token').toBeGreaterThan(0);
	});
});
