// The command as a user runs it (in-process here; test/package/ runs the packed one): flags and variables, --help,
// exit codes 0/1/2, usage errors on stderr with no report, the reports' provenance, and secrets never echoed.
import {createHash} from 'node:crypto';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {type CommandSetup, LIVE_ENTRY, runCommand} from '../../contract-tests/cli/command.js';
import {HELP} from '../../contract-tests/cli/help.js';
import {PUBLISHED} from '../../contract-tests/cli/published.js';
import {SPEC_FILE} from '../../spec/index.js';
import {PACKAGE_VERSION} from '../../spec/package.js';
import {startServer} from '../helpers/server.js';
import {mutants, newerKratos} from '../mutation/faults.js';
import {type Fault, SECRETS, STAND_IN_IDS, type StandIn, standInVariables, startStandIn} from '../mutation/stand-in.js';
import {type Ran, command, work} from './run.js';

const variables = (standIn: StandIn) => standInVariables(standIn);

async function withStandIn<T>(fault: Fault | undefined, use: (standIn: StandIn) => Promise<T>): Promise<T> {
	const standIn = await startStandIn(fault);
	try {
		return await use(standIn);
	} finally {
		await standIn.close();
	}
}

/**
 * A usage error: exit 2, the message on stderr (first line), no report; nothing on stdout when it was found before any
 * request, else only the progress of what the start checked (`afterRequests`).
 */
function expectUsageError(ran: Ran, message: RegExp | string, {afterRequests = false} = {}) {
	expect(ran.code, ran.stdout + ran.stderr).toBe(2);
	if (afterRequests) {
		const [first, ...progress] = ran.stdout.trimEnd().split('\n');
		expect(first).toMatch(/^kratos-settings-flow-contract \S+: the contract suite against the live target/);
		for (const line of progress) expect(line).toMatch(/^(\[start\] .* …| {6}answered \d+ \d+ ms)$/);
	} else {
		expect(ran.stdout).toBe('');
	}
	expect(ran.reports).toEqual([]);
	const [first, hint] = ran.stderr.split('\n');
	if (typeof message === 'string') expect(first).toBe(`kratos-settings-flow-contract: ${message}`);
	else expect(first).toMatch(message);
	expect(hint).toBe('Run `kratos-settings-flow-contract --help` for the flags, variables and exit codes.');
}

describe('help and version', () => {
	test('--help prints the usage on stdout and exits 0; docs/command.md shows it whole, exit codes included', async () => {
		const ran = await command(['--help']);
		expect(ran).toMatchObject({code: 0, stdout: HELP, stderr: ''});
		const doc = await readFile(new URL('../../docs/command.md', import.meta.url), 'utf8');
		// The whole of --help, exit codes included, is in docs/command.md as it prints.
		expect(doc).toContain(`$ npx kratos-settings-flow-contract --help\n${HELP.trimEnd()}\n\`\`\``);
		// Every flag the parser knows is in the help.
		for (const flag of ['--url', '--settings-flow-id', '--expired-flow-id', '--aal1-flow-id', '--allow-writes', '--test-identity-id', '--advertised-url', '--allow-insecure-http', '--privileged-session-max-age', '--timeout', '--report-dir', '--spec', '--strict']) {
			expect(HELP).toContain(`  ${flag}`);
		}
	});

	test('--version prints the package version', async () => {
		expect(await command(['--version'])).toMatchObject({code: 0, stdout: `${PACKAGE_VERSION}\n`});
	});
});

describe('usage errors: exit 2, on stderr, naming the flag or variable, no report', () => {
	test('no target, an unknown target, an unknown flag, an extra argument', async () => {
		expectUsageError(await command([]), 'name the target: live');
		expectUsageError(await command(['staging']), 'unknown target "staging": use live, mock, kratos');
		expectUsageError(await command(['live', '--bogus']), 'unknown option --bogus');
		expectUsageError(await command(['live', '--url', 'https://a.example', 'again']), 'unexpected argument "again" after the target');
		expectUsageError(await command(['live', '--url']), "Option '--url <value>' argument missing");
		expectUsageError(await command(['live', '--strict=yes']), /^kratos-settings-flow-contract: Option '--strict' does not take an argument/);
	});

	test('mock and kratos are not in the published command, and say where they are', async () => {
		expectUsageError(await command(['mock']), /the mock target .* runs in a clone of the repository only \(`npm run contract`\)/);
		expectUsageError(await command(['kratos']), /the kratos target .* runs in a clone of the repository only \(`npm run contract:kratos`\)/);
	});

	test('a secret given as a flag or argument is refused and never echoed', async () => {
		const secret = SECRETS.owner;
		for (const argv of [['live', `--session-token=${secret}`], ['live', '--session-token', secret], ['live', '--cookie', 'ory_kratos_session=x'], [secret], ['live', secret], ['live', `--${secret}`]]) {
			const ran = await command(argv, {KRATOS_PUBLIC_URL: 'https://a.example'});
			expect(ran.code).toBe(2);
			expect(ran.stderr + ran.stdout).not.toContain(secret.slice(7));
		}
		expectUsageError(
			await command(['live', `--session-token=${secret}`]),
			'--session-token is not an option: secrets are read from the environment only (KRATOS_SESSION_TOKEN), never from the command line, which ps and shell history show',
		);
		// The password and the TOTP secret, under whatever name a user may try.
		for (const [flag, variable] of [
			['test-password', 'KRATOS_TEST_PASSWORD'],
			['password', 'KRATOS_TEST_PASSWORD'],
			['aal1-totp-secret', 'KRATOS_AAL1_TOTP_SECRET'],
			['totp-secret', 'KRATOS_AAL1_TOTP_SECRET'],
		]) {
			const ran = await command(['live', `--${flag}=${SECRETS.testPassword}`], {KRATOS_PUBLIC_URL: 'https://a.example'});
			expectUsageError(ran, `--${flag} is not an option: secrets are read from the environment only (${variable}), never from the command line, which ps and shell history show`);
			expect(ran.stderr + ran.stdout).not.toContain('SENTINEL');
		}
	});

	test('a TOTP secret that is not base32 is named, never quoted; the password is taken as given', async () => {
		const ran = await command(['live'], {KRATOS_PUBLIC_URL: 'https://a.example', KRATOS_SESSION_TOKEN: 'a', KRATOS_AAL1_SESSION_TOKEN: 'b', KRATOS_AAL1_TOTP_SECRET: SECRETS.testPassword});
		expectUsageError(ran, 'KRATOS_AAL1_TOTP_SECRET is not a TOTP secret (base32, as an authenticator app is given it: at least 16 of A–Z and 2–7)');
		expect(ran.stderr).not.toContain('SENTINEL');
		expectUsageError(await command(['live'], {KRATOS_PUBLIC_URL: 'https://a.example', KRATOS_SESSION_TOKEN: 'a', KRATOS_AAL1_TOTP_SECRET: SECRETS.aal1TotpSecret}), 'KRATOS_AAL1_TOTP_SECRET needs KRATOS_AAL1_SESSION_TOKEN: the AAL1 session whose identity the secret is of');
	});

	test('a missing token or cookie: exit 2 and no failure report (it used to exit 1 with reports)', async () => {
		expectUsageError(await command(['live'], {KRATOS_PUBLIC_URL: 'https://accounts.example.com'}), 'Set KRATOS_SESSION_TOKEN (or KRATOS_COOKIE): the suite needs one active session of the Kratos it tests');
	});

	test('a mistyped variable is named, with the closest one the command reads (it used to be silently unread)', async () => {
		const ran = await command(['live'], {KRATOS_PUBLIC_ULR: 'https://accounts.example.com', KRATOS_SESSION_TOKEN: 'a', KRATOS_ADMIN_URL: 'https://admin.example.com'});
		expect(ran.code).toBe(2);
		expect(ran.stderr.split('\n').slice(0, 3)).toEqual([
			'kratos-settings-flow-contract: KRATOS_ADMIN_URL is set, but it is no variable of this command (it reads KRATOS_PUBLIC_URL, KRATOS_SESSION_TOKEN, KRATOS_COOKIE, KRATOS_SETTINGS_FLOW_ID, KRATOS_OTHER_SESSION_TOKEN, KRATOS_EXPIRED_FLOW_ID, KRATOS_AAL1_SESSION_TOKEN, KRATOS_AAL1_FLOW_ID, KRATOS_TEST_PASSWORD, KRATOS_AAL1_TOTP_SECRET, KRATOS_ALLOW_WRITES, KRATOS_TEST_IDENTITY_ID, KRATOS_ADVERTISED_URL, KRATOS_ALLOW_INSECURE_HTTP, KRATOS_PRIVILEGED_SESSION_MAX_AGE, KRATOS_TIMEOUT_MS and CONTRACT_REPORT_DIR)',
			'kratos-settings-flow-contract: KRATOS_PUBLIC_ULR is set, but it is no variable of this command: did you mean KRATOS_PUBLIC_URL?',
			'kratos-settings-flow-contract: KRATOS_PUBLIC_URL is not set (or --url): the public URL of the Kratos to test, e.g. https://accounts.example.com/auth',
		]);
		// Never the value: it may be a secret in the wrong variable.
		const secret = await command(['live'], {KRATOS_PUBLIC_URL: 'https://accounts.example.com', KRATOS_SESION_TOKEN: 'ory_st_SENTINEL'});
		expect(secret.stderr).toContain('KRATOS_SESION_TOKEN is set, but it is no variable of this command: did you mean KRATOS_SESSION_TOKEN?');
		expect(secret.stderr).not.toContain('SENTINEL');
	});

	test('plain http off loopback without the opt-in, named by the flag that gave the URL', async () => {
		expectUsageError(await command(['live', '--url', 'http://kratos.internal'], {KRATOS_SESSION_TOKEN: 'a'}), /^kratos-settings-flow-contract: Refusing to send session tokens over plain http to kratos\.internal \(--url\)/);
	});

	test('an unknown KRATOS_SETTINGS_FLOW_ID is the user’s, not "Expected 200, got 404"', async () => {
		await withStandIn(undefined, async (standIn) => {
			const ran = await command(['live'], {...variables(standIn), KRATOS_SETTINGS_FLOW_ID: '00000000-0000-4000-8000-000000000000'});
			expectUsageError(ran, 'KRATOS_SETTINGS_FLOW_ID is not a settings flow this Kratos knows: GET /self-service/settings/flows answered 404', {afterRequests: true});
			expect(ran.stdout).toContain('[start] KRATOS_SETTINGS_FLOW_ID: a flow of the session (GET /self-service/settings/flows?id=…) …\n      answered 404 ');
		});
	});

	test('a report folder that cannot be one', async () => {
		const file = join(work(), 'a-file');
		await writeFile(file, '');
		await withStandIn(undefined, async (standIn) => {
			expectUsageError(await command(['live', '--report-dir', file], variables(standIn)), `--report-dir: cannot write reports to ${file}`);
			expectUsageError(await command(['live'], {...variables(standIn), CONTRACT_REPORT_DIR: file}), `CONTRACT_REPORT_DIR: cannot write reports to ${file}`);
		});
	});
});

describe('runs: exit 0 or 1, reports written, each naming the tool, the spec and the date', () => {
	test('a faithful staging: exit 0, JUnit and HTML, provenance in all three outputs', async () => {
		await withStandIn(undefined, async (standIn) => {
			const ran = await command(['live'], variables(standIn));
			expect(ran.code, ran.stdout).toBe(0);
			expect(ran.stderr).toBe('');
			expect(ran.reports).toEqual(['contract-live.html', 'contract-live.xml']);
			const sha256 = createHash('sha256').update(await readFile(SPEC_FILE)).digest('hex');
			expect(ran.stdout).toContain(`  tool: kratos-settings-flow-contract ${PACKAGE_VERSION}`);
			expect(ran.stdout).toContain(`  spec: ${SPEC_FILE} (bundled; OpenAPI 3.1.0; sha256 ${sha256})`);
			expect(ran.stdout).toMatch(/^ {2}date: \d{4}-\d\d-\d\dT[\d:.]+Z$/m);
			expect(ran.junit).toContain(`<property name="spec.sha256" value="${sha256}"/>`);
			expect(ran.junit).toContain(`<property name="spec" value="${SPEC_FILE}"/>`);
			expect(ran.junit).toContain(`<property name="tool.version" value="${PACKAGE_VERSION}"/>`);
			expect(ran.junit).toMatch(/<property name="date" value="\d{4}-[^"]+Z"\/>/);
			expect(ran.junit).toContain(`<property name="target.url" value="${standIn.url}"/>`);
			expect(ran.html).toContain(`<dt>spec</dt><dd><code>${SPEC_FILE} (bundled; OpenAPI 3.1.0; sha256 ${sha256})</code></dd>`);
			expect(ran.html).toContain(`<dt>tool</dt><dd><code>kratos-settings-flow-contract ${PACKAGE_VERSION}</code></dd>`);
		});
	});

	test('a flag wins over its variable', async () => {
		await withStandIn(undefined, async (standIn) => {
			const gone = await startServer();
			await gone.close();
			const ran = await command(['live', '--url', standIn.url, '--timeout', '4000'], {...variables(standIn), KRATOS_PUBLIC_URL: gone.url, KRATOS_TIMEOUT_MS: 'never'});
			expect(ran.code, ran.stdout + ran.stderr).toBe(0);
			expect(ran.stdout).toContain(`target live (${standIn.url})`);
		});
	});

	test('a server that breaks the contract: exit 1', async () => {
		await withStandIn(mutants.find((mutant) => mutant.name === 'expires_at_not_date_time')!.fault, async (standIn) => {
			const ran = await command(['live'], variables(standIn));
			expect(ran.code).toBe(1);
			expect(ran.stdout).toContain('/expires_at must match format "date-time"');
			expect(ran.junit).toMatch(/<failure message="Response violates schema">/);
		});
	});

	test('an unreachable server: exit 1, with a report that says so', async () => {
		const gone = await startServer();
		await gone.close();
		const ran = await command(['live', '--url', gone.url], {KRATOS_SESSION_TOKEN: SECRETS.owner});
		expect(ran.code).toBe(1);
		expect(ran.stdout).toMatch(/✘ The run could not start: the target could not be used: Cannot reach http:\/\/127\.0\.0\.1:\d+ \(GET \/sessions\/whoami\): ECONNREFUSED\n {2}No case ran, so nothing was checked\./);
		// On stderr too (it used to say nothing there), and the HTML does not also say "No violations".
		expect(ran.stderr).toMatch(/^kratos-settings-flow-contract: the run could not start: Cannot reach http:\/\/127\.0\.0\.1:\d+ \(GET \/sessions\/whoami\): ECONNREFUSED\n$/);
		expect(ran.html).toContain('<h3>The run could not start: the target could not be used</h3>');
		expect(ran.html).not.toContain('No violations');
		expect(ran.junit).toMatch(/<testcase classname="contract live" name="target">\n\s+<failure message="Cannot reach/);
	});

	test('a slow server: progress from the first request (what the start checks), before the second is answered', async () => {
		// Each answer is held a while; the order of events is what counts: a line printed, a request answered.
		const events: string[] = [];
		let answered = 0;
		const standIn = await startStandIn(undefined, {
			slow: {
				before: () => new Promise((resolve) => setTimeout(resolve, 100)),
				sent: ({path}) => events.push(`answered ${++answered}: ${path}`),
			},
		});
		try {
			const cwd = join(work(), 'slow');
			const code = await runCommand(['live'], {out: (text) => events.push(...text.split('\n').filter(Boolean).map((line) => `line: ${line}`)), err: (text) => events.push(`err: ${text}`), env: variables(standIn), cwd}, PUBLISHED);
			expect(code, events.join('\n')).toBe(0);
		} finally {
			await standIn.close();
		}
		const second = events.findIndex((event) => event.startsWith('answered 2:'));
		const before = events.slice(0, second);
		expect(before, events.slice(0, 12).join('\n')).toEqual([
			expect.stringMatching(/^line: kratos-settings-flow-contract \S+: the contract suite against the live target/),
			'line: [start] the session of KRATOS_SESSION_TOKEN (GET /sessions/whoami) …',
			'answered 1: /sessions/whoami',
			'line:       answered 200 ' + before[3]?.replace(/^.* (\d+ ms)$/, '$1'),
			'line: [start] KRATOS_COOKIE: a session of the same identity (GET /sessions/whoami) …',
		]);
		// Each input given, then the flow for the cases, each before the cases start.
		const lines = events.filter((event) => event.startsWith('line: [')).map((event) => event.slice(6).replace(/ \(GET .*$/, ''));
		expect(lines.slice(0, 8)).toEqual([
			'[start] the session of KRATOS_SESSION_TOKEN',
			'[start] KRATOS_COOKIE: a session of the same identity',
			"[start] KRATOS_OTHER_SESSION_TOKEN: another identity's session",
			'[start] KRATOS_AAL1_SESSION_TOKEN: an AAL1 session',
			"[start] KRATOS_EXPIRED_FLOW_ID: an expired flow of the session's identity",
			"[start] KRATOS_AAL1_FLOW_ID: a flow of the AAL1 session's identity",
			'[start] a settings flow for the cases',
			'[1/64] own_flow: a fresh flow fetched with its owner\'s session token …',
		]);
	});

	test('a timeout names the limit and how to change it: at the start, and in a case (it used to say "no answer in time")', async () => {
		const advice = (ms: number) => `no answer within ${ms} ms, the limit per request: raise it with --timeout MS or KRATOS_TIMEOUT_MS if this server is just slow`;
		// At the start: whoami never answers.
		await withStandIn((answer, {path}) => (path === '/sessions/whoami' ? 'hang' : answer), async (standIn) => {
			const ran = await command(['live', '--timeout', '300'], variables(standIn));
			expect(ran.code).toBe(1);
			expect(ran.stderr).toBe(`kratos-settings-flow-contract: the run could not start: Cannot reach ${standIn.url} (GET /sessions/whoami): ${advice(300)}\n`);
			expect(ran.html).toContain(advice(300));
			expect(ran.junit).toContain(advice(300));
		});
		// In a case: only a flow id the stand-in does not know is never answered (unknown_flow and its kin).
		const known = new Set<string | null>(Object.values(STAND_IN_IDS));
		await withStandIn((answer, {path, flowId}) => (path === '/self-service/settings/flows' && flowId && !known.has(flowId) ? 'hang' : answer), async (standIn) => {
			const ran = await command(['live'], {...variables(standIn), KRATOS_TIMEOUT_MS: '2000'});
			expect(ran.code).toBe(1);
			expect(ran.stdout).toMatch(new RegExp(`^ {6}✘ failed \\(${advice(2000)}\\): answer_received`, 'm'));
			const [advised] = advice(2000).split(':');
			expect(ran.stdout).toContain(`\nunknown_flow — getSettingsFlow, no answer\n  N${advice(2000).slice(1)}\n  1. answer_received: No HTTP answer`);
			expect(ran.junit).toContain(`unknown_flow — getSettingsFlow, no answer\nN${advised!.slice(1)}`);
			expect(ran.html).toContain(`<p class="note">N${advised!.slice(1)}`);
		});
	});

	test('https:// to a server that speaks plain HTTP is the user\'s mistake (exit 2), said so, not ERR_SSL_WRONG_VERSION_NUMBER', async () => {
		await withStandIn(undefined, async (standIn) => {
			const url = standIn.url.replace('http://', 'https://');
			const ran = await command(['live', '--url', url], variables(standIn));
			// The URL's mistake, not the server's: a usage error naming the flag that gave it.
			expect(ran.code).toBe(2);
			expect(ran.stderr).toContain(
				`kratos-settings-flow-contract: --url (${url}): the server answered in plain HTTP, not TLS: the URL says https:// to a port that speaks http:// (for a Kratos on this machine use http://; otherwise correct the URL: its port, or the scheme)\n`,
			);
			expect(ran.stdout + ran.stderr).not.toContain('ERR_SSL');
		});
	});

	test('drift of a newer Kratos: exit 0, and 1 with --strict', async () => {
		await withStandIn(newerKratos, async (standIn) => {
			expect((await command(['live'], variables(standIn))).code).toBe(0);
			expect((await command(['live', '--strict'], variables(standIn))).code).toBe(1);
		});
	});

	test('--allow-writes and --test-identity-id run the update cases', async () => {
		await withStandIn(undefined, async (standIn) => {
			const ran = await command(['live', '--allow-writes', '--test-identity-id', STAND_IN_IDS.owner], variables(standIn));
			expect(ran.code, ran.stdout).toBe(0);
			expect(ran.stdout).toMatch(/^update_profile +200 /m);
		});
	});
});

describe('the clone’s command (npm run contract*)', () => {
	test('refuses live flags for the mock target, and --spec for it', async () => {
		const clone: CommandSetup = {defaultTarget: 'mock', targets: {mock: {create: () => Promise.reject(new Error('not started in this test'))}, live: LIVE_ENTRY}};
		expectUsageError(await command(['--url', 'https://a.example'], {}, clone), '--url is for the live target, not mock');
		expectUsageError(await command(['--spec', SPEC_FILE], {}, clone), '--spec is for the live and kratos targets: the mock target serves the bundled spec');
	});
});
