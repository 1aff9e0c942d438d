// The native app guide's example (docs/guides/native.md), run as written against a real Kratos (v1.3.1, or the binary
// KRATOS_BINARY names) whose privileged session age is 3 seconds: a twin of the local Kratos on the same database. A
// scripted prompt stands for the user. It signs in, changes the password after the age has passed by signing in again,
// takes another account's password in that refresh as wrong credentials, enrols TOTP, signs in again at AAL1 and gives
// the code. (A refresh that signs in another identity, `other-identity`, is run in test/login/login.test.ts.)
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import * as OTPAuth from 'otpauth';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {type Account, register} from '../../contract-tests/harness/kratos/provision.js';
import {type LocalKratos, startLocalKratos} from '../../contract-tests/harness/kratos/local.js';
import {createKratosClient, getSession} from '../../src/index.js';
import {readmeExample} from '../helpers/readme.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const folder = join(root, '.scratch', `native-guide-${process.pid}`);
const PRIVILEGED_MAX_AGE_MS = 3000;

interface Prompt {
	password(why: string): Promise<string>;
	totpCode(): Promise<string>;
	totpSecret(secret: string): void;
	show(message: string): void;
}
type Example = {
	signIn(identifier: string, password: string, prompt: Prompt): Promise<string | undefined>;
	settingsFlow(sessionToken: string, prompt: Prompt): Promise<{id: string; identity: {traits: {email: string}}} | undefined>;
	saveSettings(sessionToken: string, body: object, prompt: Prompt): Promise<{state: string} | undefined>;
	enrolTotp(sessionToken: string, prompt: Prompt): Promise<boolean>;
};

let kratos: LocalKratos;
let app: Example;
let alice: Account;
let bob: Account;
let token: string;
let secret: string | undefined;

/** The user: answers from a script, and what the app showed and asked. */
function user(passwords: string[], codes: (() => string)[] = []) {
	const asked: string[] = [];
	const shown: string[] = [];
	const prompt: Prompt = {
		password: async (why) => (asked.push(`password: ${why}`), passwords.shift() ?? 'out-of-answers'),
		totpCode: async () => (asked.push('totp code'), (codes.shift() ?? (() => 'out-of-answers'))()),
		totpSecret: (value) => void (secret = value),
		show: (message) => void shown.push(message),
	};
	return {prompt, asked, shown};
}

const code = () => new OTPAuth.TOTP({secret: OTPAuth.Secret.fromBase32(secret!), digits: 6, period: 30}).generate();
/** Past the privileged age of a session authenticated before now. */
const ageing = () => new Promise((resolve) => setTimeout(resolve, PRIVILEGED_MAX_AGE_MS + 500));

beforeAll(async () => {
	kratos = await startLocalKratos({binary: process.env.KRATOS_BINARY});
	const twin = await kratos.startTwin({SELFSERVICE_FLOWS_SETTINGS_PRIVILEGED_SESSION_MAX_AGE: `${PRIVILEGED_MAX_AGE_MS / 1000}s`});
	alice = await register(kratos.publicUrl, () => undefined);
	bob = await register(kratos.publicUrl, () => undefined);
	// The example reads Kratos's URL from the environment when it loads.
	process.env.KRATOS_PUBLIC_URL = twin.publicUrl;
	const {imports, body} = readmeExample(await readFile(join(root, 'docs/guides/native.md'), 'utf8'), '<!-- example: native');
	await mkdir(folder, {recursive: true});
	const file = join(folder, 'example.ts');
	await writeFile(file, [...imports, ...body].join('\n').replace("from 'kratos-settings-flow-contract'", `from ${JSON.stringify(join(root, 'src/index.ts'))}`));
	app = (await import(file)) as Example;
}, 300_000);

afterAll(async () => {
	delete process.env.KRATOS_PUBLIC_URL;
	await kratos?.stop();
	await rm(folder, {recursive: true, force: true});
});

test('signs in with a password; a wrong one is shown, not thrown', async () => {
	const wrong = user([]);
	expect(await app.signIn(alice.identifier, 'not-the-password-1', wrong.prompt)).toBeUndefined();
	expect(wrong.shown).toEqual([expect.stringMatching(/credentials are invalid/)]);
	token = (await app.signIn(alice.identifier, alice.password, user([]).prompt))!;
	expect(token).toMatch(/^ory_st_/);
});

test('after the privileged age a password change asks for the password again (a wrong one is shown), then saves', async () => {
	await ageing();
	const {prompt, asked, shown} = user(['not-the-password-1', alice.password, alice.password]);
	const changed = `${alice.password}-changed`;
	const saved = await app.saveSettings(token, {method: 'password', password: changed}, prompt);
	expect(saved?.state).toBe('success');
	// The wrong password first, then the right one; a machine slow enough may need one more refresh.
	expect(asked.slice(0, 2)).toEqual(['password: Confirm it is you', 'password: Confirm it is you']);
	expect(shown[0]).toMatch(/credentials are invalid/);
	// The same token, and the new password is the password now.
	const session = await getSession(createKratosClient({baseUrl: kratos.publicUrl, sessionToken: token}));
	expect(session.ok && session.session.identity?.id).toBe(alice.identityId);
	alice = {...alice, password: changed};
	expect(await app.signIn(alice.identifier, alice.password, user([]).prompt)).toMatch(/^ory_st_/);
});

test("another account's password in the refresh: the pre-filled identifier makes it wrong credentials; nothing changes", async () => {
	await ageing();
	const {prompt, asked, shown} = user([bob.password, bob.password, bob.password]);
	expect(await app.saveSettings(token, {method: 'password', password: `${alice.password}-not-saved`}, prompt)).toBeUndefined();
	expect(asked).toHaveLength(3);
	expect(shown).toEqual(Array(3).fill(expect.stringMatching(/credentials are invalid/)));
	const session = await getSession(createKratosClient({baseUrl: kratos.publicUrl, sessionToken: token}));
	expect(session.ok && session.session.identity?.traits).toMatchObject({email: alice.identifier});
	// Nothing was changed: the password is still the one set before.
	expect(await app.signIn(alice.identifier, alice.password, user([]).prompt)).toMatch(/^ory_st_/);
});

test('enrols TOTP past the privileged age: the password first, then a code of the secret it showed', async () => {
	await ageing();
	const {prompt, asked} = user([alice.password, alice.password], [code, code]);
	expect(await app.enrolTotp(token, prompt)).toBe(true);
	expect(secret).toMatch(/^[A-Z2-7]+$/);
	expect(asked[0]).toBe('totp code');
	expect(asked).toContain('password: Confirm it is you');
});

test('the next sign-in is AAL1: the settings flow asks for the code (a wrong one is shown), then loads', async () => {
	const aal1 = (await app.signIn(alice.identifier, alice.password, user([]).prompt))!;
	const kratosClient = createKratosClient({baseUrl: kratos.publicUrl, sessionToken: aal1});
	expect(await getSession(kratosClient)).toMatchObject({kind: 'http-error', status: 403, errorId: 'session_aal2_required'});
	const {prompt, asked, shown} = user([], [() => '000000', code]);
	const flow = await app.settingsFlow(aal1, prompt);
	expect(flow?.identity.traits.email).toBe(alice.identifier);
	expect(asked).toEqual(['totp code', 'totp code']);
	expect(shown).toEqual([expect.stringMatching(/authentication code is invalid/)]);
	const session = await getSession(kratosClient);
	expect(session.ok && session.session.authenticator_assurance_level).toBe('aal2');
});
