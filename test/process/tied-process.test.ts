// A server started by a process that is then killed outright (SIGKILL: no exit handler runs) must not survive it.
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect, test} from 'vitest';
import {spawnTied} from '../../contract-tests/harness/tied-process.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};
const eventually = async (condition: () => boolean | Promise<boolean>, ms = 5000) => {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (await condition()) return true;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return false;
};

test('the Prism mock dies with the process that started it, even on SIGKILL', async () => {
	const script = `
		import {mockTarget} from ${JSON.stringify(join(root, 'contract-tests/targets/mock.ts'))};
		const target = mockTarget();
		await target.start();
		console.log(target.baseUrl);
		setInterval(() => {}, 1000);
	`;
	// One Node process (tsx as a loader, not its launcher, which would run the script in a second process).
	const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const baseUrl = await new Promise<string>((resolve, reject) => {
		parent.stdout!.on('data', (chunk: Buffer) => {
			const match = /http:\/\/127\.0\.0\.1:\d+/.exec(chunk.toString());
			if (match) resolve(match[0]);
		});
		parent.once('exit', () => reject(new Error('the parent exited before the mock started')));
	});
	const answering = () =>
		fetch(`${baseUrl}/self-service/settings/flows?id=x`, {signal: AbortSignal.timeout(1000)}).then(
			() => true,
			() => false,
		);
	expect(await answering()).toBe(true);
	parent.kill('SIGKILL');
	expect(await eventually(async () => !(await answering()))).toBe(true);
}, 30_000);

test('stop() ends the server and resolves with its exit; a server that exits by itself is noticed', async () => {
	const sleeper = spawnTied('sleep', ['300']);
	await new Promise((resolve) => setTimeout(resolve, 100));
	const pid = sleeper.child.pid!;
	expect(alive(pid)).toBe(true);
	await sleeper.stop(2000);
	expect(alive(pid)).toBe(false);

	const quitter = spawnTied('sh', ['-c', 'exit 3']);
	expect(await quitter.exited).toBe(3);
});
