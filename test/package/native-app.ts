// A native app (a Node script standing for a React Native app) through what issue 25 calls done, with this package
// alone: node:crypto makes the TOTP codes, as an authenticator app would. test/package/package.test.ts copies it into an
// empty folder where the packed package was installed with --omit=dev, points its import at the package's name, and
// runs it against a real Kratos whose privileged session age is a few seconds. It signs in (a wrong password first),
// changes the password after the age has passed by signing in again (a wrong password first), enrols TOTP, signs in
// again at AAL1, gives a wrong code and then the right one, and loads the settings flow. It prints one JSON line per
// call: kinds, statuses, error ids, message ids, levels; never a password, a token or the TOTP secret. No call may
// throw: a throw ends the script with exit code 1.
import {createHmac} from 'node:crypto';
import {
	type CreateLoginFlowResult,
	type KratosClient,
	type LoginFlow,
	type LoginFor,
	type SettingsFlow,
	type UpdateSettingsFlowBody,
	createKratosClient,
	createLoginFlow,
	createSettingsFlow,
	getSession,
	updateLoginFlow,
	updateSettingsFlow,
} from '../../src/index.js';

const env = (name: string) => process.env[name] ?? '';
const baseUrl = env('KRATOS_PUBLIC_URL');
const email = env('APP_EMAIL');
let password = env('APP_PASSWORD');
const newPassword = env('APP_NEW_PASSWORD');
const privilegedMs = Number(env('APP_PRIVILEGED_MS'));

type Outcome = {kind: string; status?: number; errorId?: string | undefined; login?: unknown; flow?: {ui: {messages?: {id: number}[]}}};
/** One line per call: what came back, and the facts the test checks. No value of a secret. */
function record(name: string, result: Outcome, facts: Record<string, unknown> = {}): void {
	const messages = result.flow?.ui.messages?.map((message) => message.id);
	console.log(JSON.stringify({name, kind: result.kind, status: result.status, errorId: result.errorId, login: result.login, messages, ...facts}));
}

/** The flow of a created login flow, or a stop naming the step. */
function flowOf(step: string, result: CreateLoginFlowResult): LoginFlow {
	record(step, result, result.ok ? {refresh: result.flow.refresh, aal: result.flow.requested_aal} : {});
	if (!result.ok) throw new Error(`${step}: ${result.kind}`);
	return result.flow;
}

/** An authenticator app's code (RFC 6238: HMAC-SHA1 over the 30-second step, 6 digits) of a base32 secret. */
function totp(secret: string, step = Math.floor(Date.now() / 30_000)): string {
	let bits = '';
	for (const char of secret.replace(/=+$/, '')) bits += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(char).toString(2).padStart(5, '0');
	const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => Number.parseInt(byte, 2)));
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(step));
	const mac = createHmac('sha1', key).update(counter).digest();
	const offset = mac[mac.length - 1]! & 0xf;
	return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** The identifier a refresh flow pre-fills. */
function identifierOf(flow: LoginFlow): string {
	for (const node of flow.ui.nodes) if (node.type === 'input' && node.attributes.name === 'identifier') return String(node.attributes.value);
	return '';
}

/** Signs in again on the session's token for what `login` asks: a wrong password or code first when `wrongFirst`. */
async function resolve(kratos: KratosClient, token: string, login: LoginFor, secret: string | undefined, wrongFirst: boolean): Promise<void> {
	const refresh = 'refresh' in login;
	let flow = flowOf(refresh ? 'create refresh flow' : 'create second-factor flow', await createLoginFlow(kratos, login));
	const sent = (await getSession(kratos)).kind;
	for (const wrong of wrongFirst ? [true, false] : [false]) {
		// A code of no 30-second step Kratos may accept now (it allows one step either side).
		const valid = secret ? [-1, 0, 1].map((skew) => totp(secret, Math.floor(Date.now() / 30_000) + skew)) : [];
		const wrongCode = ['000000', '111111', '222222', '333333'].find((code) => !valid.includes(code))!;
		const result = await updateLoginFlow(
			kratos,
			flow,
			refresh
				? {method: 'password', identifier: identifierOf(flow), password: wrong ? `${password}-wrong` : password}
				: {method: 'totp', totp_code: wrong ? wrongCode : totp(secret!)},
		);
		record(`${refresh ? 'refresh' : 'second factor'} with the ${wrong ? 'wrong' : 'right'} ${refresh ? 'password' : 'code'}`, result, {
			sameToken: result.kind === 'success' ? result.sessionToken === token : undefined,
			aal: result.kind === 'success' ? result.session.authenticator_assurance_level : undefined,
			whoamiBefore: sent,
		});
		if (result.kind === 'corrections') flow = result.flow;
		else if (result.kind !== 'success') throw new Error(`${refresh ? 'refresh' : 'second factor'}: ${result.kind}`);
	}
}

/** A settings update, after signing in again as often as Kratos asks (a slow machine may outlive the age twice). */
async function privileged(kratos: KratosClient, token: string, flow: SettingsFlow, body: UpdateSettingsFlowBody, name: string, wrongFirst: boolean): Promise<void> {
	for (let attempt = 0; attempt < 4; attempt++) {
		const result = await updateSettingsFlow(kratos, flow, body);
		record(name, result);
		if (result.kind === 'success') return;
		if (result.kind !== 'http-error' || result.errorId !== 'session_refresh_required' || !result.login) throw new Error(`${name}: ${result.kind}`);
		await resolve(kratos, token, result.login, undefined, wrongFirst && attempt === 0);
	}
	throw new Error(`${name}: still refused`);
}

async function signIn(step: string, secretPassword: string, wrongFirst: boolean): Promise<string> {
	const anonymous = createKratosClient({baseUrl});
	let flow = flowOf(`create login flow (${step})`, await createLoginFlow(anonymous));
	for (const wrong of wrongFirst ? [true, false] : [false]) {
		const result = await updateLoginFlow(anonymous, flow, {method: 'password', identifier: email, password: wrong ? `${secretPassword}-wrong` : secretPassword});
		record(`${step} with the ${wrong ? 'wrong' : 'right'} password`, result, {
			aal: result.kind === 'success' ? result.session.authenticator_assurance_level : undefined,
			identity: result.kind === 'success' ? (result.session.identity === null ? null : 'present') : undefined,
			token: result.kind === 'success' ? typeof result.sessionToken : undefined,
		});
		if (result.kind === 'corrections') flow = result.flow;
		else if (result.kind === 'success' && result.sessionToken) return result.sessionToken;
		else throw new Error(`${step}: ${result.kind}`);
	}
	throw new Error(`${step}: no token`);
}

const settingsOf = async (kratos: KratosClient, name: string): Promise<SettingsFlow> => {
	const result = await createSettingsFlow(kratos);
	record(name, result);
	if (!result.ok) throw new Error(`${name}: ${result.kind}`);
	return result.flow;
};

try {
	// 1. Sign in.
	const token = await signIn('sign in', password, true);
	const kratos = createKratosClient({baseUrl, sessionToken: token});
	// 2. The password change, once the session is older than the privileged age: sign in again, then it is saved.
	await new Promise((resolve) => setTimeout(resolve, privilegedMs + 500));
	const passwordFlow = await settingsOf(kratos, 'settings flow for the password');
	await privileged(kratos, token, passwordFlow, {method: 'password', password: newPassword}, 'change the password', true);
	password = newPassword;
	// 3. TOTP: the secret the flow shows, a code made from it (past the age, a sign-in again first).
	await new Promise((resolve) => setTimeout(resolve, privilegedMs + 500));
	const totpFlow = await settingsOf(kratos, 'settings flow for TOTP');
	let secret = '';
	for (const node of totpFlow.ui.nodes) if (node.type === 'text' && node.attributes.id === 'totp_secret_key') secret = node.attributes.text.text;
	await privileged(kratos, token, totpFlow, {method: 'totp', totp_code: totp(secret)}, 'enrol TOTP', false);
	// 4. The next sign-in is AAL1: the settings flow asks for the second factor; a wrong code, then the right one.
	const aal1Token = await signIn('sign in again', password, false);
	const aal1 = createKratosClient({baseUrl, sessionToken: aal1Token});
	record('whoami at AAL1', await getSession(aal1));
	const blocked = await createSettingsFlow(aal1);
	record('settings flow at AAL1', blocked);
	if (blocked.kind !== 'http-error' || !blocked.login) throw new Error('settings flow at AAL1: not refused');
	await resolve(aal1, aal1Token, blocked.login, secret, true);
	// 5. The settings flow loads.
	await settingsOf(aal1, 'settings flow at AAL2');
	const whoami = await getSession(aal1);
	record('whoami at AAL2', whoami, {aal: whoami.ok ? whoami.session.authenticator_assurance_level : undefined});
} catch (error) {
	console.log(JSON.stringify({stopped: (error as Error).message}));
	process.exitCode = 1;
}
