// Child processes a target starts (Prism): output kept in memory for error messages, never printed as it comes, and
// always stopped: on stop(), and when this process ends, however it ends (see tied-process.ts).
import type {ChildProcess} from 'node:child_process';
import {spawnTied} from './tied-process.js';

export interface ManagedProcess {
	readonly child: ChildProcess;
	/** The last lines the process printed (stdout and stderr), for error messages. */
	tail(lines?: number): string;
	/** Resolves with the first regex match in the output; rejects on exit or after `timeoutMs`. */
	waitFor(pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpMatchArray>;
	stop(): Promise<void>;
}

export function startProcess(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): ManagedProcess {
	const tied = spawnTied(command, args, {env: env ?? process.env});
	const {child} = tied;
	const exited = tied.exited;
	let output = '';
	const listeners = new Set<() => void>();
	const collect = (chunk: Buffer) => {
		// Keep the end only: a chatty process must not grow memory without bound.
		output = (output + chunk.toString('utf8')).slice(-64_000);
		for (const listener of listeners) listener();
	};
	child.stdout!.on('data', collect);
	child.stderr!.on('data', collect);

	return {
		child,
		tail: (lines = 30) => output.trimEnd().split('\n').slice(-lines).join('\n'),
		waitFor(pattern, timeoutMs, what) {
			return new Promise((resolve, reject) => {
				const finish = (error?: Error, match?: RegExpMatchArray) => {
					clearTimeout(timer);
					listeners.delete(check);
					if (error) reject(error);
					else resolve(match!);
				};
				const check = () => {
					const match = output.match(pattern);
					if (match) finish(undefined, match);
				};
				const timer = setTimeout(() => finish(new Error(`${what} not ready within ${timeoutMs} ms`)), timeoutMs);
				child.once('error', (error) => finish(new Error(`${what} could not start: ${error.message}`)));
				void exited.then(() => finish(new Error(`${what} exited (code ${child.exitCode ?? child.signalCode})`)));
				listeners.add(check);
				check();
			});
		},
		stop: () => tied.stop(3000),
	};
}
