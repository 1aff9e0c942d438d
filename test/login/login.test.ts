// The login and session calls against a real local Kratos (v1.3.1, or the binary KRATOS_BINARY names, e.g. a v26.2.0
// build): a password login and its corrections, a refresh with the session's own password and with another
// identity's, a second factor after an AAL1 login, and a browser's refresh through forwarded cookies. Only the client
// talks to Kratos here; the identities are registered through Kratos's own registration flow first.
import * as OTPAuth from 'otpauth';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {type Account, register} from '../../contract-tests/harness/kratos/provision.js';
import {type LocalKratos, startLocalKratos} from '../../contract-tests/harness/kratos/local.js';
import {withSetCookies} from '../../contract-tests/targets/live.js';
import {
	type KratosClient,
	type LoginFlow,
	createBrowserLoginFlow,
	createKratosClient,
	createLoginFlow,
	createSettingsFlow,
	getSession,
	updateLoginFlow,
	updateSettingsFlow,
} from '../../src/index.js';

type Traits = {email: string};
let kratos: LocalKratos;
let alice: Account;
let bob: Account;
const native = (sessionToken?: string): KratosClient<Traits> => createKratosClient<Traits>({baseUrl: kratos.publicUrl, sessionToken});

beforeAll(async () => {
	kratos = await startLocalKratos({binary: process.env.KRATOS_BINARY});
	alice = await register(kratos.publicUrl, () => undefined);
	bob = await register(kratos.publicUrl, () => undefined);
}, 300_000);

afterAll(async () => {
	await kratos?.stop();
});

/** A new flow, which must be created. */
async function newFlow(created: Promise<Awaited<ReturnType<typeof createLoginFlow>>>): Promise<LoginFlow> {
	const result = await created;
	if (!result.ok) throw new Error(`creating the login flow: ${result.kind} ${JSON.stringify(result.kind === 'http-error' ? result.body : result.error.message)}`);
	return result.flow;
}

const identifierNode = (flow: LoginFlow) =>
	flow.ui.nodes.find((node) => node.type === 'input' && node.attributes.name === 'identifier')?.attributes;

describe('native apps', () => {
	test('a password login: wrong is corrections with its message, right is the session and its token; no call throws', async () => {
		const kratosClient = native();
		const flow = await newFlow(createLoginFlow(kratosClient));
		expect([flow.refresh, flow.requested_aal, flow.type]).toEqual([false, 'aal1', 'api']);
		const wrong = await updateLoginFlow(kratosClient, flow, {method: 'password', identifier: alice.identifier, password: 'not-the-password-1'});
		if (wrong.kind !== 'corrections') throw new Error(`expected corrections, got ${wrong.kind}`);
		expect(wrong.flow.ui.messages?.map((message) => message.id)).toEqual([4000006]);
		const right = await updateLoginFlow(kratosClient, wrong.flow, {method: 'password', identifier: alice.identifier, password: alice.password});
		if (right.kind !== 'success') throw new Error(`expected success, got ${right.kind}`);
		expect(right.sessionToken).toMatch(/^ory_st_/);
		expect(right.session.identity?.traits.email).toBe(alice.identifier);
		const whoami = await getSession(native(right.sessionToken));
		expect(whoami.ok && whoami.session.id).toBe(right.session.id);
	});

	test('with a session and nothing more asked for: 400 session_already_available; refresh without a session: a plain flow', async () => {
		expect(await createLoginFlow(native(alice.sessionToken))).toMatchObject({kind: 'http-error', status: 400, errorId: 'session_already_available'});
		expect((await newFlow(createLoginFlow(native(), {refresh: true}))).refresh).toBe(false);
		expect(await getSession(native())).toMatchObject({kind: 'http-error', status: 401, errorId: undefined});
		expect(await createLoginFlow(native(), {aal: 'aal2'})).toMatchObject({kind: 'http-error', status: 401, errorId: 'session_aal1_required'});
	});

	test("a refresh with the session's own password: the same token, a later authenticated_at", async () => {
		const client = native(alice.sessionToken);
		const before = await getSession(client);
		if (!before.ok) throw new Error('alice has no session');
		const flow = await newFlow(createLoginFlow(client, {refresh: true}));
		expect(flow.refresh).toBe(true);
		// The refresh flow pre-fills the session's own identifier.
		expect(identifierNode(flow)).toMatchObject({type: 'hidden', value: alice.identifier});
		expect((await updateLoginFlow(client, flow, {method: 'password', identifier: alice.identifier, password: 'not-the-password-1'})).kind).toBe('corrections');
		const refreshed = await updateLoginFlow(client, flow, {method: 'password', identifier: alice.identifier, password: alice.password});
		if (refreshed.kind !== 'success') throw new Error(`expected success, got ${refreshed.kind}`);
		expect(refreshed.sessionToken).toBe(alice.sessionToken);
		expect(refreshed.session.id).toBe(before.session.id);
		expect(Date.parse(refreshed.session.authenticated_at)).toBeGreaterThan(Date.parse(before.session.authenticated_at));
	});

	test("a refresh with another identity's password: other-identity, never success; the session that asked is untouched", async () => {
		const client = native(alice.sessionToken);
		const before = await getSession(client);
		if (!before.ok) throw new Error('alice has no session');
		const flow = await newFlow(createLoginFlow(client, {refresh: true}));
		const result = await updateLoginFlow(client, flow, {method: 'password', identifier: bob.identifier, password: bob.password});
		expect(result.ok).toBe(false);
		if (result.kind !== 'other-identity') throw new Error(`expected other-identity, got ${result.kind}`);
		// Kratos answered 200 with a brand-new session and token of the other identity.
		expect(result.status).toBe(200);
		expect(result.sessionToken).toMatch(/^ory_st_/);
		expect(result.sessionToken).not.toBe(alice.sessionToken);
		expect(result.session.identity?.traits.email).toBe(bob.identifier);
		const after = await getSession(client);
		if (!after.ok) throw new Error('alice lost her session');
		expect([after.session.id, after.session.identity?.traits.email, after.session.authenticated_at]).toEqual([before.session.id, alice.identifier, before.session.authenticated_at]);
	});
});

describe('a second factor after an AAL1 login', () => {
	let carol: Account;
	let totp: OTPAuth.TOTP;

	beforeAll(async () => {
		carol = await register(kratos.publicUrl, () => undefined);
		const client = native(carol.sessionToken);
		const settings = await createSettingsFlow(client);
		if (!settings.ok) throw new Error('no settings flow for carol');
		const node = settings.flow.ui.nodes.find((item) => item.type === 'text' && item.attributes.id === 'totp_secret_key');
		const secret = node?.type === 'text' ? ((node.attributes.text.context as {secret?: string} | undefined)?.secret ?? node.attributes.text.text) : undefined;
		totp = new OTPAuth.TOTP({secret: OTPAuth.Secret.fromBase32(secret!), digits: 6, period: 30});
		const linked = await updateSettingsFlow(client, settings.flow, {method: 'totp', totp_code: totp.generate()});
		expect(linked.kind).toBe('success');
	}, 60_000);

	test('whoami and settings say session_aal2_required with the login flow to create; a wrong code is corrections, the right one aal2', async () => {
		const first = await newFlow(createLoginFlow(native()));
		const aal1 = await updateLoginFlow(native(), first, {method: 'password', identifier: carol.identifier, password: carol.password});
		if (aal1.kind !== 'success') throw new Error(`expected success, got ${aal1.kind}`);
		// Real Kratos: a first-factor login of an identity with a second factor answers without the identity.
		expect([aal1.session.authenticator_assurance_level, aal1.session.identity]).toEqual(['aal1', null]);
		const client = native(aal1.sessionToken);
		const whoami = await getSession(client);
		expect(whoami).toMatchObject({kind: 'http-error', status: 403, errorId: 'session_aal2_required', login: {aal: 'aal2'}});
		expect(whoami.kind === 'http-error' && whoami.redirectBrowserTo).toMatch(/\/self-service\/login\/browser\?aal=aal2/);
		const settings = await createSettingsFlow(client);
		if (settings.kind !== 'http-error' || !settings.login) throw new Error(`expected session_aal2_required, got ${settings.kind}`);
		const flow = await newFlow(createLoginFlow(client, settings.login));
		expect([flow.requested_aal, flow.refresh]).toEqual(['aal2', false]);
		const wrong = await updateLoginFlow(client, flow, {method: 'totp', totp_code: '000000'});
		if (wrong.kind !== 'corrections') throw new Error(`expected corrections, got ${wrong.kind}`);
		expect(wrong.flow.ui.messages?.map((message) => message.id)).toEqual([4000008]);
		expect((await getSession(client)).kind).toBe('http-error');
		const right = await updateLoginFlow(client, wrong.flow, {method: 'totp', totp_code: totp.generate()});
		if (right.kind !== 'success') throw new Error(`expected success, got ${right.kind}`);
		expect([right.sessionToken, right.session.authenticator_assurance_level, right.session.identity?.traits.email]).toEqual([aal1.sessionToken, 'aal2', carol.identifier]);
		expect((await getSession(client)).kind).toBe('success');
		expect((await createSettingsFlow(client)).kind).toBe('success');
	});
});

describe('browsers (server side, cookies forwarded)', () => {
	test("a browser login, then a refresh: another identifier is other-identity, the session's own is success", async () => {
		const client = native();
		let jar = '';
		const keep = (response: Response | undefined) => {
			if (response) jar = withSetCookies(jar, response);
		};
		const created = await createBrowserLoginFlow(client);
		keep(created.response);
		if (!created.ok) throw new Error('no browser flow');
		const signedIn = await updateLoginFlow(client, created.flow, {method: 'password', identifier: alice.identifier, password: alice.password}, {cookie: jar});
		keep(signedIn.response);
		if (signedIn.kind !== 'success') throw new Error(`expected success, got ${signedIn.kind}`);
		expect(signedIn.sessionToken).toBeUndefined();
		expect(signedIn.continueWith[0]?.action).toBe('redirect_browser_to');
		const refresh = await createBrowserLoginFlow(client, {refresh: true, cookie: jar});
		keep(refresh.response);
		if (!refresh.ok) throw new Error('no browser refresh flow');
		expect(identifierNode(refresh.flow)).toMatchObject({value: alice.identifier});
		const other = await updateLoginFlow(client, refresh.flow, {method: 'password', identifier: bob.identifier, password: bob.password}, {cookie: jar});
		expect([other.ok, other.kind]).toEqual([false, 'other-identity']);
		const again = await createBrowserLoginFlow(client, {refresh: true, cookie: jar});
		keep(again.response);
		if (!again.ok) throw new Error('no browser refresh flow');
		const own = await updateLoginFlow(client, again.flow, {method: 'password', identifier: alice.identifier, password: alice.password}, {cookie: jar});
		expect(own.kind).toBe('success');
	});
});
