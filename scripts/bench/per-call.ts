// Per-call overhead: sequential calls against a local server answering a 12-node flow (and real Kratos answers for the
// login calls and whoami), the contenders interleaved call by call (their order rotates each round), median of the
// rounds' per-call means. Each call checks it got the flow (or the session). The bare openapi-fetch call runs twice, as two
// contenders: how far two identical calls differ round by round is the run's own noise.
// 31 rounds of 200 calls (6,200 per contender) rather than 7 of 500: same work, the median far steadier.
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {Configuration, FrontendApi} from '@ory/client-fetch';
import {build} from 'esbuild';
import createClient, {type Middleware} from 'openapi-fetch';
import type {paths} from '../../generated/kratos-settings-flow.js';
import {isMain} from '../lib/is-main.js';

type Index = typeof import('../../src/index.js');
type Validate = typeof import('../../src/validate.js');

/**
 * The client as it ships: plain JavaScript, its dependencies imported as they are. Not this repository's TypeScript
 * through tsx, whose keepNames wraps every function the client makes per call in a `__name` call the package never has.
 */
async function shipped(): Promise<{index: Index; validate: Validate}> {
	const root = fileURLToPath(new URL('../..', import.meta.url));
	const outdir = join(root, 'node_modules/.cache/kratos-settings-flow-bench');
	await build({
		entryPoints: {index: join(root, 'src/index.ts'), validate: join(root, 'src/validate.ts')},
		bundle: true,
		packages: 'external',
		format: 'esm',
		platform: 'node',
		outdir,
		// Under node_modules no package.json says "module": the extension does.
		outExtension: {'.js': '.mjs'},
		logLevel: 'silent',
	});
	const load = (name: string) => import(pathToFileURL(join(outdir, `${name}.mjs`)).href);
	return {index: (await load('index')) as Index, validate: (await load('validate')) as Validate};
}

const FLOW_ID = '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a';
const LOGIN = JSON.parse(readFileSync(new URL('./login-answers.json', import.meta.url), 'utf8')) as {
	loginFlow: {id: string};
	session: {id: string};
	successfulNativeLogin: {session: {id: string}};
};
const LOGIN_BODY = {method: 'password', identifier: 'user@your-company.com', password: 'benchmark-password-not-a-secret'} as const;
/** The control: the bare call again, under another name. */
export const CONTROL = 'openapi-fetch (bare call), run again: the noise';
const TOKEN = 'ory_st_benchmark_token_not_a_secret';
const UPDATE_BODY = {method: 'profile', traits: {email: 'user@example.org'}} as const;

export interface PerCallRow {
	readonly name: string;
	/** Median over rounds of the mean wall µs per call. */
	readonly medianUs: number;
	/** Median over rounds of this process's CPU µs per call (user + system): the client's own cost, less noisy. */
	readonly cpuUs: number;
	readonly minUs: number;
	readonly maxUs: number;
	readonly ratio: number;
	/** Each round's mean wall µs per call, in round order (the same rounds for every contender). */
	readonly rounds: readonly number[];
}

export interface PerCallResult {
	readonly rows: PerCallRow[];
	/** Precompiled validator alone on the 12-node flow, µs per call. */
	readonly validatorUs: number;
	readonly rounds: number;
	readonly calls: number;
}

async function startServer(): Promise<{url: string; stop(): void}> {
	const child = spawn(process.execPath, [new URL('./flow-server.mjs', import.meta.url).pathname], {stdio: ['pipe', 'pipe', 'inherit']});
	const url = await new Promise<string>((resolve, reject) => {
		child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
		child.once('exit', () => reject(new Error('the benchmark server exited')));
	});
	return {url, stop: () => child.stdin.end()};
}

/** What an app's middleware does on every call: a header on the request, a look at the answer. */
const requestId = (): Middleware => {
	let last = 0;
	return {
		onRequest({request}) {
			request.headers.set('X-Request-Id', String(++last));
		},
		onResponse({response}) {
			if (response.status >= 500) throw new Error('the benchmark server failed');
		},
	};
};

function contenders(baseUrl: string, {createSettingsFlowClient}: Index, {validateSettingsFlow}: Validate): [string, () => Promise<void>][] {
	const ours = createSettingsFlowClient({baseUrl, sessionToken: TOKEN});
	const oursValidated = createSettingsFlowClient({baseUrl, sessionToken: TOKEN, validate: validateSettingsFlow});
	const oursWithMiddleware = createSettingsFlowClient({baseUrl, sessionToken: TOKEN, middleware: [requestId()]});
	const ownClient = createClient<paths>({baseUrl});
	ownClient.use(requestId());
	const oursOverOwn = createSettingsFlowClient({client: ownClient, sessionToken: TOKEN});
	const bare = createClient<paths>({baseUrl});
	const bareWithMiddleware = createClient<paths>({baseUrl});
	bareWithMiddleware.use(requestId());
	const ory = new FrontendApi(new Configuration({basePath: baseUrl}));
	const check = (id: unknown, expected: string = FLOW_ID) => {
		if (id !== expected) throw new Error('the benchmark call did not return what the server answered');
	};
	// A login flow as an app holds it (not a refresh: the answer's token need not be the one sent).
	const loginFlow = LOGIN.loginFlow as unknown as Parameters<typeof ours.updateLoginFlow>[0];
	return [
		[
			'raw fetch',
			async () => {
				const response = await fetch(`${baseUrl}/self-service/settings/flows?id=${encodeURIComponent(FLOW_ID)}`, {
					headers: {Accept: 'application/json', 'X-Session-Token': TOKEN},
				});
				check(((await response.json()) as {id: string}).id);
			},
		],
		[
			// What a timeout costs by itself: the same call with an abort signal and a cleared timer, as this client has.
			'raw fetch + timeout',
			async () => {
				const controller = new AbortController();
				const timer = setTimeout(() => controller.abort(), 10_000);
				try {
					const response = await fetch(`${baseUrl}/self-service/settings/flows?id=${encodeURIComponent(FLOW_ID)}`, {
						headers: {Accept: 'application/json', 'X-Session-Token': TOKEN},
						signal: controller.signal,
					});
					check(((await response.json()) as {id: string}).id);
				} finally {
					clearTimeout(timer);
				}
			},
		],
		[
			// The update's peer: the same POST with the same JSON body (a GET is no yardstick for a POST).
			'raw fetch: POST the update',
			async () => {
				const response = await fetch(`${baseUrl}/self-service/settings?flow=${encodeURIComponent(FLOW_ID)}`, {
					method: 'POST',
					headers: {Accept: 'application/json', 'Content-Type': 'application/json', 'X-Session-Token': TOKEN},
					body: JSON.stringify(UPDATE_BODY),
				});
				check(((await response.json()) as {id: string}).id);
			},
		],
		[
			'openapi-fetch (bare call)',
			async () => {
				const {data} = await bare.GET('/self-service/settings/flows', {
					params: {query: {id: FLOW_ID}, header: {'X-Session-Token': TOKEN}},
				});
				check(data?.id);
			},
		],
		[
			// The least this client must add to every call (Accept: application/json, a timeout, no redirect followed,
			// the body parsed by itself after its type is checked): how near 1.05× the guarantees alone come.
			'openapi-fetch + Accept, a timeout and no redirect',
			async () => {
				const controller = new AbortController();
				const timer = setTimeout(() => controller.abort(), 10_000);
				try {
					const {data, response} = await bare.GET('/self-service/settings/flows', {
						params: {query: {id: FLOW_ID}},
						headers: {Accept: 'application/json', 'X-Session-Token': TOKEN},
						parseAs: 'text',
						fetch: (request: Request) => fetch(request, {redirect: 'manual', signal: controller.signal}),
					});
					if (!response.headers.get('content-type')?.startsWith('application/json')) throw new Error('not JSON');
					check((JSON.parse(data!) as {id: string}).id);
				} finally {
					clearTimeout(timer);
				}
			},
		],
		[
			CONTROL,
			async () => {
				const {data} = await bare.GET('/self-service/settings/flows', {
					params: {query: {id: FLOW_ID}, header: {'X-Session-Token': TOKEN}},
				});
				check(data?.id);
			},
		],
		[
			'openapi-fetch + a middleware',
			async () => {
				const {data} = await bareWithMiddleware.GET('/self-service/settings/flows', {
					params: {query: {id: FLOW_ID}, header: {'X-Session-Token': TOKEN}},
				});
				check(data?.id);
			},
		],
		[
			// The update's openapi-fetch peer: the same POST with the same body.
			'openapi-fetch: POST the update',
			async () => {
				const {data} = await bare.POST('/self-service/settings', {
					params: {query: {flow: FLOW_ID}, header: {'X-Session-Token': TOKEN}},
					body: UPDATE_BODY,
				});
				check(data?.id);
			},
		],
		[
			'openapi-fetch: create a refresh login flow',
			async () => {
				const {data} = await bare.GET('/self-service/login/api', {params: {query: {refresh: true}, header: {'X-Session-Token': TOKEN}}});
				check(data?.id, LOGIN.loginFlow.id);
			},
		],
		[
			'openapi-fetch: POST a login',
			async () => {
				const {data} = await bare.POST('/self-service/login', {params: {query: {flow: LOGIN.loginFlow.id}, header: {'X-Session-Token': TOKEN}}, body: LOGIN_BODY});
				check(data?.session.id, LOGIN.successfulNativeLogin.session.id);
			},
		],
		[
			'openapi-fetch: whoami',
			async () => {
				const {data} = await bare.GET('/sessions/whoami', {params: {header: {'X-Session-Token': TOKEN}}});
				check(data?.id, LOGIN.session.id);
			},
		],
		[
			'this client',
			async () => {
				const result = await ours.getSettingsFlow(FLOW_ID);
				check(result.ok && result.flow.id);
			},
		],
		[
			'this client + a middleware',
			async () => {
				const result = await oursWithMiddleware.getSettingsFlow(FLOW_ID);
				check(result.ok && result.flow.id);
			},
		],
		[
			"this client over the app's own openapi-fetch client (with a middleware)",
			async () => {
				const result = await oursOverOwn.getSettingsFlow(FLOW_ID);
				check(result.ok && result.flow.id);
			},
		],
		[
			'this client: createSettingsFlow',
			async () => {
				const result = await ours.createSettingsFlow();
				check(result.ok && result.flow.id);
			},
		],
		[
			'this client: createBrowserSettingsFlow',
			async () => {
				const result = await ours.createBrowserSettingsFlow();
				check(result.ok && result.flow.id);
			},
		],
		[
			'this client: updateSettingsFlow',
			async () => {
				const result = await ours.updateSettingsFlow(FLOW_ID, UPDATE_BODY);
				check(result.ok && result.flow.id);
			},
		],
		[
			'this client: createLoginFlow',
			async () => {
				const result = await ours.createLoginFlow({refresh: true});
				check(result.ok && result.flow.id, LOGIN.loginFlow.id);
			},
		],
		[
			'this client: updateLoginFlow',
			async () => {
				const result = await ours.updateLoginFlow(loginFlow, LOGIN_BODY);
				check(result.ok && result.session.id, LOGIN.successfulNativeLogin.session.id);
			},
		],
		[
			'this client: getSession',
			async () => {
				const result = await ours.getSession();
				check(result.ok && result.session.id, LOGIN.session.id);
			},
		],
		[
			'this client + validate',
			async () => {
				const result = await oursValidated.getSettingsFlow(FLOW_ID);
				check(result.ok && result.flow.id);
			},
		],
		[
			'@ory/client-fetch',
			async () => {
				check((await ory.getSettingsFlow({id: FLOW_ID, xSessionToken: TOKEN})).id);
			},
		],
		[
			'@ory/client-fetch: createNativeLoginFlow',
			async () => {
				check((await ory.createNativeLoginFlow({refresh: true, xSessionToken: TOKEN})).id, LOGIN.loginFlow.id);
			},
		],
		[
			'@ory/client-fetch: updateLoginFlow',
			async () => {
				const done = await ory.updateLoginFlow({flow: LOGIN.loginFlow.id, xSessionToken: TOKEN, updateLoginFlowBody: LOGIN_BODY});
				check(done.session.id, LOGIN.successfulNativeLogin.session.id);
			},
		],
		[
			'@ory/client-fetch: toSession',
			async () => {
				check((await ory.toSession({xSessionToken: TOKEN})).id, LOGIN.session.id);
			},
		],
	];
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function perCall({rounds = 31, calls = 200, log = (_: string) => {}} = {}): Promise<PerCallResult> {
	const client = await shipped();
	const server = await startServer();
	try {
		const all = contenders(server.url, client.index, client.validate);
		const samples = new Map<string, number[]>(all.map(([name]) => [name, []]));
		const cpu = new Map<string, number[]>(all.map(([name]) => [name, []]));
		for (const [, call] of all) for (let i = 0; i < 200; i++) await call(); // warm-up: JIT, keep-alive sockets
		// Call by call, every contender in turn: each round's mean of every contender spans the same stretch of time, so
		// what else the machine does weighs on all of them alike and their ratios pair round by round.
		for (let round = 0; round < rounds; round++) {
			const order = [...all.slice(round % all.length), ...all.slice(0, round % all.length)];
			const wall = new Map<string, number>();
			const used = new Map<string, number>();
			for (let i = 0; i < calls; i++) {
				for (const [name, call] of order) {
					const started = performance.now();
					const cpuStarted = process.cpuUsage();
					await call();
					const cpuUsed = process.cpuUsage(cpuStarted);
					wall.set(name, (wall.get(name) ?? 0) + performance.now() - started);
					used.set(name, (used.get(name) ?? 0) + cpuUsed.user + cpuUsed.system);
				}
			}
			for (const [name] of all) {
				samples.get(name)!.push((wall.get(name)! * 1000) / calls);
				cpu.get(name)!.push(used.get(name)! / calls);
			}
			log(`per-call round ${round + 1}/${rounds} done`);
		}
		const raw = median(samples.get('raw fetch')!);
		const rows = all.map(([name]) => {
			const values = samples.get(name)!;
			return {
				name,
				medianUs: median(values),
				cpuUs: median(cpu.get(name)!),
				minUs: Math.min(...values),
				maxUs: Math.max(...values),
				ratio: median(values) / raw,
				rounds: values,
			};
		});
		return {rows, validatorUs: validatorCost(client.validate), rounds, calls};
	} finally {
		server.stop();
	}
}

/** The precompiled validator alone, on the same 12-node flow. */
function validatorCost({validateSettingsFlow}: Validate, iterations = 5000): number {
	const flow: unknown = JSON.parse(readFileSync(new URL('./settings-flow-12-nodes.json', import.meta.url), 'utf8'));
	if (validateSettingsFlow(flow).length) throw new Error('the benchmark flow does not conform to the spec');
	for (let i = 0; i < 500; i++) validateSettingsFlow(flow);
	const started = performance.now();
	for (let i = 0; i < iterations; i++) validateSettingsFlow(flow);
	return ((performance.now() - started) * 1000) / iterations;
}

if (await isMain(import.meta.url)) {
	const result = await perCall({log: (line) => process.stderr.write(`${line}\n`)});
	console.table(result.rows.map((row) => ({...row, medianUs: row.medianUs.toFixed(1), ratio: row.ratio.toFixed(2)})));
	console.log(`validator alone: ${result.validatorUs.toFixed(1)} µs`);
}
