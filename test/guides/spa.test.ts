// The SPA guide's example (docs/guides/spa.md), bundled as an app would bundle it, run in headless Chromium on the same
// origin as a real Kratos behind /auth: a path-only baseUrl, fetch's default credentials, the CSRF token from the flow.
// In the same real browser, what the client promises there: no request reported failed although Kratos's flows arrive
// chunked (the body limit reads them chunk by chunk), and a cross-origin read the browser refuses (Kratos's CORS is
// off) is a transport-error whose message says it may be CORS.
import type {IncomingMessage, ServerResponse} from 'node:http';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import type {Browser, BrowserContext, Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {type LocalKratos, startLocalKratos} from '../../contract-tests/harness/kratos/local.js';
import {type Provisioned, provisionKratos} from '../../contract-tests/harness/kratos/provision.js';
import {readmeExample} from '../helpers/readme.js';
import {startServer, type TestServer} from '../helpers/server.js';
import {canHaveChromium, launchChromium} from './chromium.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const available = await canHaveChromium();
if (!available) process.stderr.write('[browser] no Chromium here and none can be installed (apt-get as root): the browser tests are skipped\n');

/** The guide's example, its package import pointed at this clone's client, bundled for a browser with a tiny glue. */
async function bundleGuide(): Promise<string> {
	const guide = await readFile(join(root, 'docs/guides/spa.md'), 'utf8');
	const {imports, body} = readmeExample(guide, '<!-- example: spa');
	const dir = await mkdtemp(join(tmpdir(), 'spa-guide-'));
	try {
		const example = join(dir, 'settings.ts');
		await writeFile(example, [...imports.map((line) => line.replace("'kratos-settings-flow-contract'", JSON.stringify(join(root, 'src/index.ts')))), ...body].join('\n'));
		const entry = join(dir, 'app.ts');
		await writeFile(entry, `import * as settings from ${JSON.stringify(example)};\n(globalThis as any).settings = settings;\n`);
		const result = await build({entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent'});
		return result.outputFiles[0]!.text;
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

const page = (script: string) => `<!doctype html><meta charset="utf-8"><title>Settings</title><script type="module">${script}</script>`;

/** The app's own pages beside Kratos: /settings (the guide's example) and a page of a script given by the test. */
function site(app: string): (incoming: IncomingMessage, outgoing: ServerResponse) => void {
	return (incoming, outgoing) => {
		const path = new URL(incoming.url ?? '/', 'http://x').pathname;
		if (path === '/settings') outgoing.writeHead(200, {'content-type': 'text/html'}).end(page(`${app}\nglobalThis.ready = true;`));
		else outgoing.writeHead(404, {'content-type': 'text/plain'}).end('not found');
	};
}

describe.skipIf(!available)('the SPA guide, in Chromium, against a real Kratos behind /auth', () => {
	let kratos: LocalKratos;
	let provisioned: Provisioned;
	let browser: Browser;
	let context: BrowserContext;
	let origin: string;
	/** Every request the browser reported failed, as DevTools would show it. */
	const failed: string[] = [];

	beforeAll(async () => {
		const app = await bundleGuide();
		[kratos, browser] = await Promise.all([startLocalKratos({prefix: '/auth', site: site(app)}), launchChromium()]);
		provisioned = await provisionKratos(kratos, () => undefined);
		origin = new URL(kratos.publicUrl).origin;
		context = await browser.newContext();
		// The browser signed in: the session and CSRF cookies Kratos set at the browser login (host-only, as Kratos sets them).
		await context.addCookies(
			provisioned.cookie.split('; ').map((pair) => ({name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1), url: origin})),
		);
		context.on('requestfailed', (request) => failed.push(`${request.method()} ${new URL(request.url()).pathname} ${request.failure()?.errorText}`));
	}, 600_000);

	afterAll(async () => {
		await browser?.close();
		await kratos?.stop();
	});

	const open = async (path: string): Promise<Page> => {
		const tab = await context.newPage();
		await tab.goto(`${origin}${path}`);
		await tab.waitForFunction(() => (globalThis as {ready?: boolean}).ready === true);
		return tab;
	};

	test('loads a new browser flow with baseUrl "/auth" and fetch\'s default credentials, and saves a name with its CSRF token', async () => {
		const tab = await open('/settings');
		const outcome = await tab.evaluate(async () => {
			const {loadSettings, saveName} = (globalThis as any).settings;
			const loaded = await loadSettings();
			const saved = await saveName(loaded.flow, 'Jane Roe');
			return {type: loaded.flow?.type, problem: loaded.problem, state: saved.flow?.state, name: saved.flow?.identity.traits.name, messages: saved.messages};
		});
		expect(outcome).toEqual({type: 'browser', problem: undefined, state: 'success', name: 'Jane Roe', messages: ['Your changes have been saved!']});
		await tab.close();
	});

	test('a flow Kratos sent the browser to (?flow=) is read back; corrections come back as corrections, whatever its state says', async () => {
		const tab = await open('/settings');
		const flowId = await tab.evaluate(async () => (await (globalThis as any).settings.loadSettings()).flow.id as string);
		await tab.close();
		const again = await open(`/settings?flow=${flowId}`);
		const outcome = await again.evaluate(async () => {
			const {loadSettings, saveName} = (globalThis as any).settings;
			const loaded = await loadSettings();
			const saved = await saveName(loaded.flow, 'J. Roe');
			// The schema allows 100 characters: Kratos asks for a correction, and the flow still says its last save.
			const corrected = await saveName(saved.flow, 'x'.repeat(101));
			return {id: loaded.flow.id, state: corrected.flow?.state, messages: corrected.messages.length};
		});
		expect(outcome.id).toBe(flowId);
		expect(outcome.messages).toBeGreaterThan(0);
		expect(outcome.state).toBe('success');
		await again.close();
	});

	test('no request was reported failed: the chunked flows were read to their end', () => {
		expect(failed).toEqual([]);
	});

	describe('from another origin, with Kratos\'s CORS off', () => {
		let other: TestServer;
		beforeAll(async () => {
			other = await startServer();
		});
		afterAll(() => other.close());

		test('the browser refuses the read, and the error says it may be CORS, not only that the server is down', async () => {
			// The client as an app on this other origin bundles it, pointed at Kratos's absolute URL.
			const script = await build({
				stdin: {
					contents: `import {createBrowserSettingsFlow, createKratosClient} from './src/index.ts';
						globalThis.tryIt = async () => {
							const result = await createBrowserSettingsFlow(createKratosClient({baseUrl: ${JSON.stringify(kratos.publicUrl)}, credentials: 'include'}));
							return {kind: result.kind, name: result.error?.name, message: result.error?.message};
						};
						globalThis.ready = true;`,
					resolveDir: root,
					loader: 'ts',
				},
				bundle: true,
				format: 'esm',
				platform: 'browser',
				write: false,
				logLevel: 'silent',
			});
			other.handle((_, response) => {
				response.writeHead(200, {'content-type': 'text/html'});
				response.end(page(script.outputFiles[0]!.text));
			});
			const tab = await context.newPage();
			await tab.goto(other.url);
			await tab.waitForFunction(() => (globalThis as {ready?: boolean}).ready === true);
			const outcome = await tab.evaluate(() => (globalThis as any).tryIt());
			expect(outcome).toMatchObject({kind: 'transport-error', name: 'NetworkError'});
			expect(outcome.message).toMatch(/^The request to http:\/\/127\.0\.0\.1:\d+\/auth\/self-service\/settings\/browser failed \(.+\): the server may be down, or the browser blocked it by CORS/);
			await tab.close();
		});
	});
});
