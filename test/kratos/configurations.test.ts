// A healthy Kratos passes however a team configures it. The real local Kratos (v1.3.1, or KRATOS_BINARY) started with
// configurations shaped like the ones teams run (contract-tests/harness/kratos/config/teams/), each provisioned through
// its own self-service flows, and the suite run the three ways a staging runs it (the token alone; every variable;
// every variable with --allow-writes and no privileged age) and as the kratos target (the credential changes too,
// the configuration's privileged age known). Every run must exit 0, and each configuration's own difference must show
// where it should: a warning, a case skipped for a method the configuration does not offer, the refusal a short
// privileged age gives, the phone number a schema without email breaks. Kratos behind a front proxy with its own
// base_url, reached directly, is the user's to say (exit 2 naming KRATOS_ADVERTISED_URL) and passes once said.
import {execFile} from 'node:child_process';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {type LocalKratos, startLocalKratos} from '../../contract-tests/harness/kratos/local.js';
import {type Provisioned, liveVariables, provisionKratos} from '../../contract-tests/harness/kratos/provision.js';
import {formatSummary} from '../../contract-tests/report/console.js';
import {exitCodeOf} from '../../contract-tests/base/verdict.js';
import {runContract} from '../../contract-tests/runner/run.js';
import {type CaseResult, type ContractRun} from '../../contract-tests/base/model.js';
import {kratosTarget} from '../../contract-tests/targets/kratos.js';
import {type LiveConfig, liveTarget} from '../../contract-tests/targets/live.js';
import {notOffered} from '../../contract-tests/targets/live/inputs.js';
import {FOREIGN_ORIGIN} from '../../contract-tests/targets/live/provocations.js';
import {provisionedKratos} from '../helpers/kratos.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEAMS = join(ROOT, 'contract-tests/harness/kratos/config/teams');

type Mode = 'token' | 'every variable' | 'allow writes' | 'kratos target';
const MODES: readonly Mode[] = ['token', 'every variable', 'allow writes', 'kratos target'];

/** Each way a staging runs the suite, from what provisioning made. */
function configFor(mode: Exclude<Mode, 'kratos target'>, provisioned: Provisioned): LiveConfig {
	// What a staging cannot give (no variable reads them): another identity's password, a login of the AAL1 identity.
	const {settingsFlowId: _, flowsExpireAt: __, identityId, otherLogin: ___, aal1Login: ____, ...every} = provisioned;
	if (mode === 'token') return {publicUrl: provisioned.publicUrl, sessionToken: provisioned.sessionToken};
	// KRATOS_TEST_PASSWORD's refresh makes the session recent for the runs after it (a 1s privileged age then judges the
	// short password instead of refusing it for the session's age): only the last of the three gives it.
	if (mode === 'every variable') return {...every, testPassword: undefined};
	return {...every, allowWrites: true, testIdentityId: identityId};
}

const item = (run: ContractRun, id: string): CaseResult => run.cases.find((result) => result.case.id === id)!;
const failedChecks = (run: ContractRun) => run.cases.flatMap((result) => result.checks.filter((check) => check.outcome === 'failed').map((check) => `${result.case.id} › ${check.check}`));

/**
 * The one real fault these configurations meet: Kratos master, CORS on with its default origins, grants the foreign
 * origin itself with credentials (oryx configx/cors.go since d027980ec), and cors_credentials must fail it. Releases up to
 * v26.2.0 answer `*` (a warning). Any other failure is a false alarm.
 */
const reflects = (run: ContractRun) => item(run, 'foreign_origin').exchange?.response?.headers['access-control-allow-origin'] === FOREIGN_ORIGIN;
const falseAlarms = (run: ContractRun) => failedChecks(run).filter((failure) => !(reflects(run) && /^foreign_origin(_preflight)? › cors_credentials$/.test(failure)));

/** A team's configuration: started once for the three staging runs; the kratos target starts its own. */
function configuration(file: string, expectations: (runs: Readonly<Record<Mode, ContractRun>>) => void): void {
	const configFile = join(TEAMS, file);
	const runs = {} as Record<Mode, ContractRun>;
	let kratos: LocalKratos | undefined;
	beforeAll(async () => {
		kratos = await startLocalKratos({configFile, prefix: '/auth'});
		const provisioned = await provisionKratos(kratos, () => undefined);
		for (const mode of MODES) {
			runs[mode] = await runContract({target: mode === 'kratos target' ? kratosTarget({configFile}) : liveTarget(configFor(mode, provisioned))});
		}
	}, 600_000);
	afterAll(async () => {
		await kratos?.stop();
	});
	test.each(MODES)('%s: no check fails (exit 0), but for a reflected CORS origin', (mode) => {
		const run = runs[mode];
		expect(run.error, formatSummary(run)).toBeUndefined();
		expect(falseAlarms(run), formatSummary(run)).toEqual([]);
		expect(exitCodeOf(run)).toBe(reflects(run) ? 1 : 0);
	});
	test("what sets this configuration apart shows where it should", () => expectations(runs));
}

describe("quickstart.yml: CORS on with Kratos's defaults (no allowed_origins), codes, a second factor, 15m privileged age", () => {
	configuration('quickstart.yml', (runs) => {
		for (const mode of MODES) {
			// v1.0.0 to v26.2.0 answer * with credentials: a warning saying browsers refuse it, on the read and the preflight;
			// master reflects the origin: a failure.
			const [outcome, code] = reflects(runs[mode]) ? ['failed', 'cors_credentials'] : ['warned', 'cors_wildcard_credentials'];
			for (const id of ['foreign_origin', 'foreign_origin_preflight']) {
				const cors = item(runs[mode], id).checks.find((check) => check.check === 'cors_credentials')!;
				expect([mode, id, cors.outcome, cors.violations[0]?.code]).toEqual([mode, id, outcome, code]);
			}
		}
		// The kratos target knows the config's 15m: the short password is judged strictly, and says what decided that.
		const rejected = item(runs['kratos target'], 'update_password_rejected');
		expect([rejected.outcome, rejected.exchange?.response?.status, rejected.expect?.dependsOn]).toEqual(['passed', 400, ['KRATOS_PRIVILEGED_SESSION_MAX_AGE']]);
	});
});

describe('passkey.yml: passwords off (passkeys, security keys), AAL1 for settings and whoami, privileged age left unset', () => {
	configuration('passkey.yml', (runs) => {
		// Nothing is sent for a method the configuration does not offer: each password case says why it did not run.
		for (const id of ['update_password_rejected', 'update_refresh_required']) expect(item(runs['allow writes'], id).reason).toBe(notOffered('password').skip);
		for (const id of ['update_password', 'update_password_rejected', 'update_refresh_required']) expect(item(runs['kratos target'], id).reason).toBe(notOffered('password').skip);
		// The second factors are offered: linking an authenticator app runs, and passes.
		expect(item(runs['kratos target'], 'update_totp').outcome).toBe('passed');
		// The refresh logins with a password are not sent; with AAL1 enough for settings, there is no AAL1 session to step up.
		for (const id of ['login_refresh_flow', 'login_refresh_wrong_password', 'login_refresh_password', 'login_refresh_other_identity', 'login_after_refresh_required', 'login_csrf_missing']) {
			expect(item(runs['kratos target'], id).reason, id).toBe(notOffered('password').skip);
		}
		expect(item(runs['kratos target'], 'login_step_up').reason).toMatch(/^set KRATOS_AAL1_SESSION_TOKEN/);
	});
});

describe('phone-username.yml: no email address (a username and a phone number to sign in with), a nested name', () => {
	configuration('phone-username.yml', (runs) => {
		// The invalid value goes into a trait the form offers: the phone number, there being no email.
		const corrections = item(runs['allow writes'], 'update_corrections');
		expect(corrections.outcome).toBe('passed');
		expect(JSON.parse(corrections.exchange!.request.body!).traits.phone).toBe('not-a-phone-number');
		// The profile write changes a trait the schema leaves free (a part of the nested name), and puts it back.
		const write = item(runs['kratos target'], 'update_profile');
		expect([write.outcome, write.expect?.truth.write?.path]).toEqual(['passed', expect.stringMatching(/^name\.(first|last)$/)]);
		// Privileged age unset: a staging run accepts either refusal of the short password, and says it cannot tell.
		expect(item(runs['allow writes'], 'update_refresh_required').reason).toMatch(/^the privileged age is not known: set KRATOS_PRIVILEGED_SESSION_MAX_AGE/);
		expect(item(runs['allow writes'], 'update_password_rejected').outcome).toBe('passed');
	});
});

describe('code.yml: one-time codes beside passwords, AAL highest_available with TOTP and lookup codes, a 1s privileged age', () => {
	configuration('code.yml', (runs) => {
		// A staging run that does not know the age: the session is refused for its age (403), which is right too.
		const rejected = item(runs['allow writes'], 'update_password_rejected');
		expect([rejected.outcome, rejected.exchange?.response?.status, rejected.expect?.errorId]).toEqual(['passed', 403, 'session_refresh_required']);
		// The kratos target knows it: the refusal for the session's age is checked, the credential changes cannot run.
		const kratos = runs['kratos target'];
		expect([item(kratos, 'update_refresh_required').outcome, item(kratos, 'update_refresh_required').exchange?.response?.status]).toEqual(['passed', 403]);
		for (const id of ['update_password', 'update_totp', 'update_lookup_secret']) expect(item(kratos, id).reason).toMatch(/^privileged_session_max_age is 1s: too short/);
		// The second-factor cases run: an identity with TOTP and lookup codes is held to AAL2.
		expect(item(kratos, 'aal2_required').outcome).toBe('passed');
		// Passwordless codes on: Kratos's refresh flow pre-fills no identifier (its code strategy replaces the password
		// strategy's), a warning; the refresh with the password still runs, with the identifier the identity schema names.
		for (const mode of MODES) {
			const refresh = item(runs[mode], 'login_refresh_flow').checks.find((check) => check.check === 'refresh_identifies_session')!;
			expect([mode, refresh.outcome, refresh.violations[0]?.title]).toEqual([mode, 'warned', 'A refresh flow names no identifier']);
		}
		expect(item(kratos, 'login_refresh_password').outcome).toBe('passed');
		// Every login case ran and passed but the 5xx ones and a social sign-in provider's, which code.yml has none of.
		expect(kratos.cases.filter((result) => result.case.id.startsWith('login_') && result.outcome !== 'passed').map((result) => `${result.case.id}: ${result.reason}`)).toEqual([
			'login_server_error: a live server cannot be made to fail on purpose',
			'login_browser_server_error: a live server cannot be made to fail on purpose',
			`login_browser_location_change: ${notOffered('oidc').skip}`,
			'login_submit_server_error: a live server cannot be made to fail on purpose',
		]);
	});
});

describe("behind a front proxy with its own base_url (Kratos's URLs name the proxy), reached directly", () => {
	const local = provisionedKratos();

	test('the token alone: exit 2 before any case, naming KRATOS_ADVERTISED_URL and both URLs', async () => {
		const env = {PATH: process.env.PATH, HOME: process.env.HOME, KRATOS_PUBLIC_URL: local.kratos.kratosUrl, KRATOS_SESSION_TOKEN: local.provisioned.sessionToken};
		const ran = await new Promise<{code: number; stdout: string; stderr: string}>((resolve) => {
			execFile(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'contract-tests/cli/clone.ts'), 'live'], {env, cwd: ROOT}, (error, stdout, stderr) =>
				resolve({code: error ? ((error as {code?: number}).code ?? 1) : 0, stdout, stderr}),
			);
		});
		expect(ran.code, ran.stderr).toBe(2);
		expect(ran.stderr).toContain(`whoami's identity.schema_url is on ${local.kratos.publicUrl}, while KRATOS_PUBLIC_URL is ${local.kratos.kratosUrl}`);
		expect(ran.stderr).toContain(`set KRATOS_ADVERTISED_URL=${local.kratos.publicUrl} (or --advertised-url)`);
		// Only the start's own progress came before it: no case ran, no report was written.
		expect(ran.stdout).not.toMatch(/^\[1\/\d+\] /m);
		expect(ran.stdout).not.toContain('Reports:');
		expect(ran.stderr).not.toContain(local.provisioned.sessionToken);
	});

	test('with KRATOS_ADVERTISED_URL, every variable and writes: exit 0, the URLs judged against the proxy', async () => {
		const variables = Object.fromEntries(liveVariables(local.provisioned));
		const run = await runContract({
			target: liveTarget({
				...configFor('allow writes', local.provisioned),
				publicUrl: local.kratos.kratosUrl,
				advertisedUrl: local.kratos.publicUrl,
				settingsFlowId: variables.KRATOS_SETTINGS_FLOW_ID,
			}),
		});
		expect(falseAlarms(run), formatSummary(run)).toEqual([]);
		expect(item(run, 'own_flow').checks.find((check) => check.check === 'flow_urls')?.outcome).toBe('passed');
		expect(item(run, 'own_flow').exchange?.request.url.startsWith(`${local.kratos.kratosUrl}/`)).toBe(true);
	});
});
