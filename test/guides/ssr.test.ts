// The server-side rendering guide's example (docs/guides/ssr.md), run as written against a real Kratos: a browser's
// cookie jar gets the form, keeps the cookies the page passed back, and submits it. Without the CSRF cookie that came
// back with the page, the same submit is refused: the reload complaint the guide explains.
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {type LocalKratos, startLocalKratos} from '../../contract-tests/harness/kratos/local.js';
import {type Provisioned, provisionKratos} from '../../contract-tests/harness/kratos/provision.js';
import {withSetCookies} from '../../contract-tests/base/kratos-http.js';
import {readmeExample} from '../helpers/readme.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const folder = join(root, '.scratch', `ssr-guide-${process.pid}`);

let kratos: LocalKratos;
let provisioned: Provisioned;
let server: Server;
let page: string;

beforeAll(async () => {
	kratos = await startLocalKratos({prefix: '/auth'});
	provisioned = await provisionKratos(kratos, () => undefined);
	// The example reads Kratos's URL from the environment when it loads, as a server would.
	process.env.KRATOS_PUBLIC_URL = kratos.publicUrl;
	const guide = await readFile(join(root, 'docs/guides/ssr.md'), 'utf8');
	const {imports, body} = readmeExample(guide, '<!-- example: ssr');
	await mkdir(folder, {recursive: true});
	const file = join(folder, 'example.ts');
	await writeFile(file, [...imports.map((line) => line.replace("'kratos-settings-flow-contract'", JSON.stringify(join(root, 'src/index.ts')))), ...body].join('\n'));
	({server} = (await import(file)) as {server: Server});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	page = `http://127.0.0.1:${(server.address() as AddressInfo).port}/settings`;
}, 300_000);

afterAll(async () => {
	delete process.env.KRATOS_PUBLIC_URL;
	await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
	await kratos?.stop();
	await rm(folder, {recursive: true, force: true});
});

/** A browser signed in, that has no CSRF cookie for this Kratos yet: the session cookie alone. */
const sessionOnly = () => provisioned.cookie.split('; ').filter((pair) => pair.startsWith('ory_kratos_session=')).join('; ');

async function getForm(jar: string): Promise<{html: string; response: Response}> {
	const response = await fetch(page, {headers: {Cookie: jar}});
	expect(response.status).toBe(200);
	return {html: await response.text(), response};
}

async function submit(html: string, jar: string, name: string): Promise<string> {
	const action = /action="([^"]+)"/.exec(html)![1]!;
	const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replaceAll('&quot;', '"').replaceAll('&amp;', '&') ?? '';
	const form = new URLSearchParams({csrf_token: field('csrf_token'), email: field('email'), name});
	const response = await fetch(new URL(action, page), {method: 'POST', headers: {Cookie: jar, 'Content-Type': 'application/x-www-form-urlencoded'}, body: form});
	return `${response.status} ${await response.text()}`;
}

test('the page forwards the cookies and passes Kratos\'s back: the form, with its CSRF cookie, saves', async () => {
	const {html, response} = await getForm(sessionOnly());
	// Kratos set the CSRF cookie of this flow's token, and the page passed it on.
	expect(response.headers.getSetCookie().some((line) => line.startsWith('csrf_token'))).toBe(true);
	const jar = withSetCookies(sessionOnly(), response);
	expect(await submit(html, jar, 'Jane Roe')).toBe('200 success');
});

test('a browser that did not keep the cookie the page passed back: the same submit is a CSRF violation', async () => {
	const {html} = await getForm(sessionOnly());
	expect(await submit(html, sessionOnly(), 'Jane Roe')).toBe('400 http-error security_csrf_violation');
});
