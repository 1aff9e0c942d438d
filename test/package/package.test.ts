// The package as a consumer gets it: `npm pack`, installed into an empty project, imported by both entry points,
// type-checked through its `exports`; the client imports nothing outside itself.
import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {afterAll, beforeAll, expect, test} from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'consumer-'));
	const {stdout} = await run('npm', ['pack', '--pack-destination', dir, '--silent'], {cwd: root});
	const tarball = join(dir, stdout.trim().split('\n').at(-1)!);
	await writeFile(join(dir, 'package.json'), JSON.stringify({name: 'consumer', private: true, type: 'module'}));
	await run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--silent'], {cwd: dir});
}, 180_000);

afterAll(async () => {
	if (dir) await rm(dir, {recursive: true, force: true});
});

test('both entry points import and work at run time', async () => {
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
	const {stdout} = await run(process.execPath, ['--input-type=module', '-e', script], {cwd: dir});
	expect(JSON.parse(stdout)).toEqual({client: 'function', error: true, valid: 0, invalid: 'format'});
});

test('the types resolve through exports for a TypeScript consumer', async () => {
	await writeFile(
		join(dir, 'consumer.ts'),
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
		join(dir, 'tsconfig.json'),
		JSON.stringify({compilerOptions: {strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2024', 'DOM'], noEmit: true, skipLibCheck: false}, files: ['consumer.ts']}),
	);
	await expect(run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], {cwd: dir})).resolves.toBeDefined();
});

test('the client entry points import nothing outside the package (no runtime dependency for a browser bundle)', async () => {
	const dist = join(dir, 'node_modules/kratos-settings-flow-contract/dist');
	for (const entry of ['src/index.js', 'src/validate.js']) {
		const seen = new Set<string>();
		const visit = async (file: string): Promise<void> => {
			if (seen.has(file)) return;
			seen.add(file);
			const code = await readFile(file, 'utf8');
			for (const [, specifier] of code.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) {
				expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\.?\//);
				await visit(join(file, '..', specifier!));
			}
		};
		await visit(join(dist, entry));
		expect(seen.size, entry).toBeGreaterThan(1);
	}
});
