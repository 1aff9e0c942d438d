// What a command reads and writes: its output streams, environment, working folder and interruption, and the exit
// status of an interruption. The live command and the diff command share it.
import {constants as osConstants} from 'node:os';

export interface CommandIo {
	readonly out: (text: string) => void;
	readonly err: (text: string) => void;
	readonly env: NodeJS.ProcessEnv;
	readonly cwd: string;
	/** Aborted (with the signal's name as its reason) when the user interrupts the run: Ctrl-C, SIGTERM. */
	readonly signal?: AbortSignal | undefined;
}

/** The exit status of a run interrupted by a signal, as shells report one: 128 + its number (SIGINT 130, SIGTERM 143). */
export const interruptedExitCode = (signal: string) => 128 + (osConstants.signals[signal as NodeJS.Signals] ?? 2);
