// A child process that cannot outlive the Node process that started it, however that process ends (SIGKILL, a crashed
// test worker): a small sh wrapper holds a pipe from us on its stdin and kills the server when the pipe closes.
// Node's own 'exit' handlers do not run on SIGKILL, so they alone would leave Kratos or Prism running.
import {type ChildProcess, type StdioOptions, spawn} from 'node:child_process';

// Background jobs of a non-interactive sh read /dev/null, so the pipe is handed to the watcher as fd 3.
const WRAPPER = `
exec 3<&0
"$@" </dev/null 3<&- &
child=$!
( cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null ) &
exec 3<&-
wait "$child"
`;

export interface TiedProcess {
	readonly child: ChildProcess;
	/** Resolves with the exit code (or 128 + signal) once the server and its wrapper are gone. */
	readonly exited: Promise<number>;
	/** Asks the server to stop (SIGTERM through the pipe), kills it after `graceMs`, resolves once it is gone. */
	stop(graceMs?: number): Promise<void>;
}

export function spawnTied(
	command: string,
	args: readonly string[],
	options: {cwd?: string; env?: NodeJS.ProcessEnv; stdout?: 'pipe' | number; stderr?: 'pipe' | number} = {},
): TiedProcess {
	const stdio: StdioOptions = ['pipe', options.stdout ?? 'pipe', options.stderr ?? 'pipe'];
	// detached: its own process group, so a stop that has to escalate kills the wrapper and the server together.
	const child = spawn('/bin/sh', ['-c', WRAPPER, 'tied', command, ...args], {cwd: options.cwd, env: options.env, stdio, detached: true});
	child.stdin!.on('error', () => undefined);
	const exited = new Promise<number>((resolve) => {
		child.once('exit', (code, signal) => {
			child.stdin!.destroy();
			resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15));
		});
		child.once('error', () => resolve(127));
	});
	return {
		child,
		exited,
		async stop(graceMs = 5000) {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.stdin!.end();
			const timer = setTimeout(() => {
				try {
					process.kill(-child.pid!, 'SIGKILL');
				} catch {
					// already gone
				}
			}, graceMs);
			await exited;
			clearTimeout(timer);
		},
	};
}
