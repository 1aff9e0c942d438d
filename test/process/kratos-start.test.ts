// `npm run kratos:start` as a user runs it (npm → sh → node → Kratos): it stops everything it started and removes its
// temporary folder however it is stopped (SIGTERM to npm, Ctrl-C, Kratos dying, a failed start), honours the user's
// config and binary, and its --provision lines are enough for `npm run contract:live` to run every case.
import {type ChildProcess, spawn} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeAll, expect, test} from 'vitest';
import {ensureKratosBinary} from '../../contract-tests/harness/kratos/build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const configDir = join(root, 'contract-tests/harness/kratos/config');

/** A process as /proc knows it: the pid and its start time, so a reused pid is never taken for it. */
interface Proc {
	readonly pid: number;
	readonly startTime: string;
	readonly command: string;
}

function procOf(pid: number): (Proc & {ppid: number}) | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name (which may contain spaces and parentheses): state ppid … starttime (22nd).
		const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (rest[0] === 'Z') return undefined; // a zombie runs nothing and listens on nothing
		const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
		return {pid, ppid: Number(rest[1]), startTime: rest[19]!, command};
	} catch {
		return undefined;
	}
}

/** Every live descendant of `pid`, read from /proc. */
function descendants(pid: number): Proc[] {
	const all = readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map((name) => procOf(Number(name)))
		.filter((proc): proc is Proc & {ppid: number} => proc !== undefined);
	const found: Proc[] = [];
	const walk = (parent: number) => {
		for (const proc of all.filter((item) => item.ppid === parent)) {
			found.push(proc);
			walk(proc.pid);
		}
	};
	walk(pid);
	return found;
}

const stillRunning = (procs: readonly Proc[]) => procs.filter((proc) => procOf(proc.pid)?.startTime === proc.startTime);

const answers = (url: string) =>
	fetch(`${url}/health/alive`, {signal: AbortSignal.timeout(1000)}).then(
		() => true,
		() => false,
	);

const eventually = async (condition: () => boolean | Promise<boolean>, ms = 15_000) => {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (await condition()) return true;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return condition();
};

interface Started {
	readonly npm: ChildProcess;
	readonly tmp: string;
	readonly output: () => {stdout: string; stderr: string};
	readonly exit: Promise<number | NodeJS.Signals>;
}

const started: {procs: Proc[]; npm?: ChildProcess; tmp?: string}[] = [];

/** `npm run kratos:start [-- args]` in its own process group, with a TMPDIR of its own to look into afterwards. */
async function kratosStart(args: readonly string[] = [], env: Record<string, string> = {}): Promise<Started> {
	const tmp = await mkdtemp(join(tmpdir(), 'kratos-start-test-'));
	const npm = spawn('npm', ['run', 'kratos:start', ...(args.length ? ['--', ...args] : [])], {
		cwd: root,
		env: {...process.env, KRATOS_BINARY: '', KRATOS_CONFIG: '', TMPDIR: tmp, ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const record = {procs: [] as Proc[], npm, tmp};
	started.push(record);
	let stdout = '';
	let stderr = '';
	npm.stdout!.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
		// Remember everything it started as soon as it is there, for the assertions and the clean-up.
		for (const proc of descendants(npm.pid!)) if (!record.procs.some((known) => known.pid === proc.pid)) record.procs.push(proc);
	});
	npm.stderr!.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const exit = new Promise<number | NodeJS.Signals>((resolve) => npm.once('exit', (code, signal) => resolve(code ?? signal!)));
	return {npm, tmp, exit, output: () => ({stdout, stderr})};
}

async function ready(run: Started): Promise<{publicUrl: string; adminUrl: string; procs: Proc[]}> {
	const ok = await eventually(() => run.output().stdout.includes('stops it.'), 60_000);
	expect(ok, `${run.output().stdout}\n${run.output().stderr}`).toBe(true);
	const {stdout} = run.output();
	const procs = started.find((item) => item.npm === run.npm)!.procs;
	procs.push(...descendants(run.npm.pid!).filter((proc) => !procs.some((known) => known.pid === proc.pid)));
	return {publicUrl: /^public: +(\S+)/m.exec(stdout)![1]!, adminUrl: /^admin: +(\S+)/m.exec(stdout)![1]!, procs};
}

const workDirsIn = (tmp: string) => readdirSync(tmp).filter((name) => name.startsWith('kratos-contract-'));

let kratosBinary: string;
beforeAll(async () => {
	kratosBinary = await ensureKratosBinary({log: () => undefined});
}, 600_000);

afterEach(async () => {
	// Whatever a failed assertion left behind: only the processes these tests started, by pid and start time.
	for (const record of started.splice(0)) {
		for (const proc of stillRunning(record.procs)) {
			try {
				process.kill(proc.pid, 'SIGKILL');
			} catch {
				// gone meanwhile
			}
		}
		if (record.tmp) await rm(record.tmp, {recursive: true, force: true});
	}
});

test('SIGTERM to the npm process stops Kratos and everything else it started, and removes the temporary folder', async () => {
	const run = await kratosStart();
	const {publicUrl, adminUrl, procs} = await ready(run);
	// The chain a user gets: npm, its shell, node, and Kratos (with the wrapper that ties it to node).
	expect(procs.some((proc) => /node .*scripts\/kratos-start\.ts/.test(proc.command)), procs.map((proc) => proc.command).join('\n')).toBe(true);
	expect(procs.some((proc) => / serve --config /.test(proc.command))).toBe(true);
	expect(workDirsIn(run.tmp)).toHaveLength(1);
	expect(await answers(publicUrl)).toBe(true);

	process.kill(run.npm.pid!, 'SIGTERM');

	expect(await eventually(() => stillRunning(procs).length === 0), stillRunning(procs).map((proc) => proc.command).join('\n')).toBe(true);
	expect(await answers(publicUrl)).toBe(false);
	expect(await answers(adminUrl)).toBe(false);
	expect(workDirsIn(run.tmp)).toEqual([]);
}, 90_000);

test('Ctrl-C (SIGINT to the terminal’s process group) stops it cleanly; the banner names the binary’s own version', async () => {
	// A KRATOS_BINARY that says it is another version: the banner must report what the binary says.
	const tmpBin = await mkdtemp(join(tmpdir(), 'kratos-start-bin-'));
	started.push({procs: [], tmp: tmpBin});
	const wrapper = join(tmpBin, 'kratos');
	writeFileSync(wrapper, `#!/bin/sh\nif [ "$1" = version ]; then echo 'Version:\t\t\tv9.8.7-test'; exit 0; fi\nexec '${kratosBinary}' "$@"\n`);
	chmodSync(wrapper, 0o755);

	const run = await kratosStart([], {KRATOS_BINARY: wrapper});
	const {publicUrl, procs} = await ready(run);
	const {stdout} = run.output();
	expect(stdout).toMatch(/^Kratos v9\.8\.7-test ready in \d+ ms$/m);
	expect(stdout).toContain(`binary:   ${wrapper}`);
	expect(stdout).toMatch(/^config: +contract-tests\/harness\/kratos\/config\/kratos\.yml \(the project's/m);

	process.kill(-run.npm.pid!, 'SIGINT');

	// npm itself then ends by the signal it got; what matters is that our command stopped what it started.
	await run.exit;
	expect(run.output().stderr).toContain('Stopping Kratos (SIGINT).');
	expect(await eventually(() => stillRunning(procs).length === 0)).toBe(true);
	expect(await answers(publicUrl)).toBe(false);
	expect(workDirsIn(run.tmp)).toEqual([]);
}, 90_000);

test('Kratos dying on its own ends the command with 1 and the log’s tail; nothing is left', async () => {
	const run = await kratosStart();
	const {procs} = await ready(run);
	const kratos = procs.find((proc) => / serve --config /.test(proc.command))!;
	process.kill(kratos.pid, 'SIGKILL');

	expect(await run.exit).toBe(1);
	expect(run.output().stderr).toMatch(/Kratos exited on its own \(code 137\)\. Last lines of its log:\n.*level=/s);
	expect(await eventually(() => stillRunning(procs).length === 0)).toBe(true);
	expect(workDirsIn(run.tmp)).toEqual([]);
}, 90_000);

test('a folder left by a run that was killed outright is removed by the next start; others are left alone', async () => {
	const run = await kratosStart();
	// Made while npm and tsx load, well before Kratos starts: a dead owner's folder, a live one's, and another name.
	const dead = spawn('true');
	await new Promise((resolve) => dead.once('exit', resolve));
	const abandoned = join(run.tmp, `kratos-contract-${dead.pid}-AbC123`);
	const live = join(run.tmp, `kratos-contract-${process.pid}-XyZ789`);
	const other = join(run.tmp, 'kratos-contract-Q1w2E3');
	for (const dir of [abandoned, live, other]) mkdirSync(dir);
	writeFileSync(join(abandoned, 'kratos.log'), 'left behind');

	const {procs} = await ready(run);
	const own = workDirsIn(run.tmp).filter((name) => ![basename(live), basename(other)].includes(name));
	expect(own).toEqual([expect.stringMatching(/^kratos-contract-\d+-\w{6}$/)]);
	expect(workDirsIn(run.tmp)).toHaveLength(3);
	expect(existsSync(abandoned)).toBe(false);
	process.kill(run.npm.pid!, 'SIGTERM');
	expect(await eventually(() => stillRunning(procs).length === 0)).toBe(true);
	expect(workDirsIn(run.tmp).sort()).toEqual([basename(live), basename(other)].sort());
}, 90_000);

test('a failed start quotes Kratos’s own words and leaves no temporary folder', async () => {
	const userDir = await mkdtemp(join(tmpdir(), 'kratos-start-config-'));
	started.push({procs: [], tmp: userDir});
	copyFileSync(join(configDir, 'identity.schema.json'), join(userDir, 'identity.schema.json'));
	const config = readFileSync(join(configDir, 'kratos.yml'), 'utf8').replace('lifespan: 1h', 'lifespan: not-a-duration');
	expect(config).toContain('not-a-duration');
	writeFileSync(join(userDir, 'kratos.yml'), config);

	const run = await kratosStart([], {KRATOS_CONFIG: join(userDir, 'kratos.yml')});
	expect(await run.exit).toBe(1);
	const {stdout, stderr} = run.output();
	expect(stdout).not.toContain('ready in');
	// The log itself is removed with the folder, so its last lines are in the message, not its path.
	expect(stderr).toContain(`could not start Kratos with ${join(userDir, 'kratos.yml')} (KRATOS_CONFIG).\n`);
	expect(stderr).toMatch(/Kratos exited with code 1 before it was ready\. Last lines of its log:\n/);
	expect(stderr).toContain('not-a-duration');
	expect(stderr).not.toMatch(/kratos-contract-/);
	expect(workDirsIn(run.tmp)).toEqual([]);
}, 90_000);

test('usage errors exit 2 and name the variable or flag', async () => {
	const missing = await kratosStart([], {KRATOS_CONFIG: '/nonexistent/kratos.yml'});
	expect(await missing.exit).toBe(2);
	expect(missing.output().stderr).toContain('KRATOS_CONFIG=/nonexistent/kratos.yml is not a readable file');

	const flag = await kratosStart(['--provison']);
	expect(await flag.exit).toBe(2);
	expect(flag.output().stderr).toMatch(/--provison/);
	for (const run of [missing, flag]) expect(workDirsIn(run.tmp)).toEqual([]);
}, 60_000);

test('--provision with the user’s own config: the export lines run every case of `npm run contract:live`, and pass', async () => {
	// The user's config in a folder of its own, with its own settings lifespan: the schema is found next to it, and
	// the flows it hands out live that long.
	const userDir = await mkdtemp(join(tmpdir(), 'kratos-start-config-'));
	started.push({procs: [], tmp: userDir});
	copyFileSync(join(configDir, 'identity.schema.json'), join(userDir, 'identity.schema.json'));
	writeFileSync(
		join(userDir, 'kratos.yml'),
		readFileSync(join(configDir, 'kratos.yml'), 'utf8').replace('lifespan: 1h', 'lifespan: 2h').replace('privileged_session_max_age: 15m', 'privileged_session_max_age: 20m'),
	);

	const run = await kratosStart(['--provision'], {KRATOS_CONFIG: join(userDir, 'kratos.yml')});
	const {procs} = await ready(run);
	const {stdout} = run.output();
	expect(stdout).toContain(`config:   ${join(userDir, 'kratos.yml')} (KRATOS_CONFIG)`);
	expect(stdout).toMatch(/test secrets of\nthis throwaway local Kratos/);
	const expiresAt = Date.parse(/flows expire at (\S+)/.exec(stdout)![1]!);
	expect(Math.abs(expiresAt - Date.now() - 2 * 3600_000)).toBeLessThan(5 * 60_000);

	const exports = stdout.split('\n').filter((line) => line.startsWith('export '));
	expect(exports.map((line) => /^export (\w+)=/.exec(line)?.[1])).toEqual([
		'KRATOS_PUBLIC_URL',
		'KRATOS_SESSION_TOKEN',
		'KRATOS_SETTINGS_FLOW_ID',
		'KRATOS_OTHER_SESSION_TOKEN',
		'KRATOS_EXPIRED_FLOW_ID',
		'KRATOS_COOKIE',
		'KRATOS_AAL1_SESSION_TOKEN',
		'KRATOS_AAL1_FLOW_ID',
		'KRATOS_AAL1_TOTP_SECRET',
		'KRATOS_TEST_PASSWORD',
		'KRATOS_TEST_IDENTITY_ID',
		'KRATOS_PRIVILEGED_SESSION_MAX_AGE',
	]);
	// The privileged age the config started with, so the password cases are judged by it.
	expect(exports.at(-1)).toBe("export KRATOS_PRIVILEGED_SESSION_MAX_AGE='20m'");

	// docs/local-kratos.md shows this output as it prints: each value whole (no token cut short with …), the public
	// URL without a prefix (no proxy in front of kratos:start), each line of the same shape as the real one's.
	const shapes: Record<string, RegExp> = {
		KRATOS_PUBLIC_URL: /^http:\/\/127\.0\.0\.1:\d+$/,
		KRATOS_SESSION_TOKEN: /^ory_st_[A-Za-z0-9]{32}$/,
		KRATOS_OTHER_SESSION_TOKEN: /^ory_st_[A-Za-z0-9]{32}$/,
		KRATOS_AAL1_SESSION_TOKEN: /^ory_st_[A-Za-z0-9]{32}$/,
		KRATOS_COOKIE: /^csrf_token_[0-9a-f]{64}=[A-Za-z0-9+/]{43}=; ory_kratos_session=[A-Za-z0-9_-]{100,}={0,2}$/,
		KRATOS_PRIVILEGED_SESSION_MAX_AGE: /^(?:\d+(?:h|ms|m|s))+$/,
		// As Kratos shows it to an authenticator app (base32), and the password provisioning made up.
		KRATOS_AAL1_TOTP_SECRET: /^[A-Z2-7]{32}$/,
		KRATOS_TEST_PASSWORD: /^[A-Za-z0-9_-]{24}-Aa1!$/,
	};
	const valuesOf = (lines: string[]) => Object.fromEntries(lines.map((line) => /^export (\w+)='([^']*)'$/.exec(line)!.slice(1)));
	const doc = readFileSync(join(root, 'docs/local-kratos.md'), 'utf8');
	const shown = doc.slice(doc.indexOf('$ npm run kratos:start -- --provision'));
	const docExports = valuesOf(shown.split('\n').filter((line) => line.startsWith('export ')));
	const realExports = valuesOf(exports);
	expect(Object.keys(docExports)).toEqual(Object.keys(realExports));
	for (const [name, value] of Object.entries(realExports)) {
		const shape = shapes[name] ?? /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
		expect(value, `${name} as printed`).toMatch(shape);
		expect(docExports[name], `${name} in docs/local-kratos.md`).toMatch(shape);
	}
	expect(/^public: +(\S+)$/m.exec(shown)?.[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	expect(/^public: +(\S+)$/m.exec(stdout)?.[1]).toBe(realExports.KRATOS_PUBLIC_URL);

	// Pasted into a shell as they are, in an environment with no KRATOS_* of its own.
	const reports = await mkdtemp(join(tmpdir(), 'kratos-start-reports-'));
	started.push({procs: [], tmp: reports});
	const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KRATOS_')));
	const live = spawn('sh', ['-c', `${exports.join('\n')}\nexec npm run contract:live`], {
		cwd: root,
		env: {...cleanEnv, CONTRACT_REPORT_DIR: reports},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let liveOut = '';
	live.stdout!.on('data', (chunk: Buffer) => (liveOut += chunk.toString()));
	live.stderr!.on('data', (chunk: Buffer) => (liveOut += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => live.once('exit', resolve));
	expect(code, liveOut).toBe(0);
	// Every case a live server can be brought into ran: none is skipped for want of a variable (the updates, the
	// password change around a refresh and the step-up with the right code wait for the opt-in, KRATOS_ALLOW_WRITES=1,
	// which the export lines leave to the user; another identity's password, an expired login flow and a social sign-in
	// provider to sign in with are the local Kratos's own).
	const skipped = liveOut.split('\n').filter((line) => / skipped: /.test(line) && !line.startsWith('['));
	expect(skipped.every((line) => /cannot be made to fail on purpose|set KRATOS_ALLOW_WRITES=1|another identity's password|runs against the local Kratos/.test(line)), skipped.join('\n')).toBe(true);
	expect(liveOut).toMatch(/login_refresh_password +200 /);
	expect(liveOut).toMatch(/expired_flow +410 /);
	expect(liveOut).toMatch(/cases: \d+ passed, 0 failed, \d+ skipped/);

	process.kill(run.npm.pid!, 'SIGTERM');
	expect(await eventually(() => stillRunning(procs).length === 0)).toBe(true);
	expect(workDirsIn(run.tmp)).toEqual([]);
}, 120_000);
