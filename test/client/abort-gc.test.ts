// The timeout closes the connection to a server that never answers, also when a middleware copied the request
// (`new Request(request, …)`, as openapi-fetch's middleware do) and a garbage collection came in between: undici links
// a copy's signal to the one it was made from only weakly (nodejs/undici#4068), and the contract suite's recorder is
// such a middleware, so a run against a Kratos that never answered could end its cases and then never exit. Each
// client runs in its own Node, collecting garbage every few milliseconds; the process must end on its own.
import {execFile} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterAll, beforeAll, expect, test} from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'abort-gc-'));
});
afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

/** A client with these middleware against a server that never answers; prints the result's error and how many calls. */
const script = (middleware: string) => `
import {createServer} from 'node:http';
import {createSettingsFlowClient} from ${JSON.stringify(pathToFileURL(join(root, 'src/index.ts')).href)};
const server = createServer(() => {}).listen(0, '127.0.0.1');
await new Promise((resolve) => server.on('listening', resolve));
setInterval(() => globalThis.gc(), 2).unref();
const client = createSettingsFlowClient({baseUrl: 'http://127.0.0.1:' + server.address().port, timeoutMs: 150, middleware: ${middleware}});
const names = [];
for (let call = 0; call < 5; call++) {
	const result = await client.getSettingsFlow('7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a');
	names.push(result.kind === 'transport-error' ? result.error.name : result.kind);
}
console.log(names.join(' '));
// Waits for every connection to close: one the timeout did not reach keeps the process alive.
server.close();
`;

/** Runs a script in a Node of its own; it must end by itself, well before the kill. */
function ends(name: string, source: string): Promise<{code: number | null; killed: boolean; stdout: string}> {
	const file = join(dir, name);
	return writeFile(file, source).then(
		() =>
			new Promise((resolve) => {
				execFile(process.execPath, ['--expose-gc', '--import', 'tsx', file], {cwd: root, timeout: 20_000}, (error, stdout) =>
					resolve({code: error ? ((error as {code?: number}).code ?? null) : 0, killed: Boolean(error?.killed), stdout}),
				);
			}),
	);
}

test.each([
	['no middleware', '[]'],
	['a middleware that copies the request to add a header', "[{onRequest: ({request}) => new Request(request, {headers: {'x-added': '1'}})}]"],
	['two copying middleware', "[{onRequest: ({request}) => new Request(request)}, {onRequest: ({request}) => new Request(request, {headers: {'x-added': '1'}})}]"],
	// Not the timeout: a signal of the middleware's own, which ends each call at once.
	['a middleware that sets a signal of its own, already aborted', "[{onRequest: ({request}) => new Request(request, {signal: AbortSignal.abort()})}]", 'NetworkError'],
])('with %s: every call ends, and the connection is closed', async (_, middleware, error = 'TimeoutError') => {
	const ran = await ends(`${middleware.length}.mts`, script(middleware));
	expect(ran.killed, 'the process did not end: a connection stayed open').toBe(false);
	expect(ran).toMatchObject({code: 0, stdout: `${Array(5).fill(error).join(' ')}\n`});
}, 30_000);
