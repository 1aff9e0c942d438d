// What an Ory Network project does differently from a self-hosted Kratos, as far as a stand-in can have it (nothing
// here ran against Ory Network itself): its session cookie is `ory_session_<slug>` (re-issued with a new value on a
// saved browser update), it is reached by a domain of its own with a path in front of the API (here
// http://localhost:<port>/.ory, as Ory's proxy mounts it), and it has CORS of its own (rs/cors, a list of allowed
// origins). The suite must pass it with a token only, a cookie only and both, without a false alarm (no failure, no
// warning), and no cookie value may reach any output in any encoding.
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {command, work} from '../command/run.js';
import {SECRETS, STAND_IN_IDS, type StandIn, startStandIn} from './stand-in.js';

/** A project slug as Ory Network makes them (words and a random part, with hyphens). */
const SLUG = 'quirky-lamport-4xw2n8kq1z';
const APP = 'https://app.example.com';

let network: StandIn;
beforeAll(async () => {
	network = await startStandIn(undefined, {allowWrites: true, serve: {host: 'localhost', basePath: '/.ory', sessionCookie: `ory_session_${SLUG}`, corsOrigins: [APP]}});
});
afterAll(() => network?.close());

const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
const forms = (value: string) => [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), escapeHtml(value), escapeHtml(escapeHtml(value))];

describe('a stand-in of an Ory Network project: ory_session_<slug>, a domain and path of its own, CORS of its own', () => {
	test('it is what it stands for: the cookie names the slug, the flows name its URL, a listed origin is granted, another is not', async () => {
		expect(network.url).toMatch(/^http:\/\/localhost:\d+\/\.ory$/);
		expect(network.config.cookie).toContain(`ory_session_${SLUG}=`);
		const preflight = (origin: string) =>
			fetch(`${network.url}/self-service/settings/flows`, {method: 'OPTIONS', headers: {Origin: origin, 'Access-Control-Request-Method': 'GET'}});
		const [listed, foreign] = await Promise.all([preflight(APP), preflight('https://elsewhere.example')]);
		expect([listed.status, listed.headers.get('access-control-allow-origin'), listed.headers.get('access-control-allow-credentials')]).toEqual([204, APP, 'true']);
		expect([foreign.status, foreign.headers.get('access-control-allow-origin')]).toEqual([204, null]);
		const flow = await (await fetch(`${network.url}/self-service/settings/api`, {headers: {'X-Session-Token': SECRETS.owner, Accept: 'application/json'}})).json();
		expect(flow.ui.action).toBe(`${network.url}/self-service/settings?flow=${flow.id}`);
	});

	const all = () => ({
		KRATOS_PUBLIC_URL: network.url,
		KRATOS_SESSION_TOKEN: SECRETS.owner,
		KRATOS_COOKIE: network.config.cookie!,
		KRATOS_OTHER_SESSION_TOKEN: SECRETS.other,
		KRATOS_EXPIRED_FLOW_ID: STAND_IN_IDS.expired,
		KRATOS_AAL1_SESSION_TOKEN: SECRETS.aal1,
		KRATOS_AAL1_FLOW_ID: STAND_IN_IDS.aal1Flow,
		KRATOS_ALLOW_WRITES: '1',
		KRATOS_TEST_IDENTITY_ID: STAND_IN_IDS.owner,
	});
	test.each([
		['a token only', {KRATOS_COOKIE: undefined}, ['own_flow', 'update_profile'], ['own_flow_cookie', 'update_browser']],
		['a cookie only', {KRATOS_SESSION_TOKEN: undefined}, ['own_flow_cookie', 'create_browser', 'update_browser', 'update_profile'], []],
		['a token and a cookie', {}, ['own_flow', 'own_flow_cookie', 'update_browser', 'update_profile', 'foreign_origin', 'foreign_origin_preflight'], []],
	] as const)('with %s: exit 0, no failure and no warning, the cases of each credential run; no cookie value in any output', async (_, change, passed, skipped) => {
		const record = join(work(), `ory-network-${Object.keys(change).join('-') || 'both'}.json`);
		const ran = await command(['live', '--record', record], {...all(), ...change});
		expect(ran.code, ran.stdout + ran.stderr).toBe(0);
		expect(ran.stderr).toBe('');
		expect(ran.stdout).toMatch(/\d+ checks run: \d+ passed, 0 with warnings, 0 failed/);
		expect(ran.stdout).not.toContain('\nWarnings');
		for (const id of passed) expect(ran.stdout, id).toMatch(new RegExp(`^${id} +(200|204|401|403) +[✔– ]+$`, 'm'));
		for (const id of skipped) expect(ran.stdout, id).toMatch(new RegExp(`^${id} +– .*skipped: set KRATOS_COOKIE`, 'm'));
		// Nothing of a cookie (the one given, the one re-issued, the CSRF cookie) or a token, anywhere it wrote.
		const written = [ran.stdout, ran.stderr, ran.junit!, ran.html!, await readFile(record, 'utf8')].join('\n');
		for (const secret of [SECRETS.cookieValue, SECRETS.reissuedCookieValue, SECRETS.csrfCookieValue, SECRETS.csrfToken, SECRETS.owner, SECRETS.other, SECRETS.aal1]) {
			for (const form of forms(secret)) expect(written.includes(form), `${secret} as ${form}`).toBe(false);
		}
	});
});
