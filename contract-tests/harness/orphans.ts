// What a process killed outright (SIGKILL runs no cleanup) leaves behind is named with its pid, so the next start on
// this machine can tell it from what a running process still uses, and remove it.
import {readdir, rm} from 'node:fs/promises';
import {join} from 'node:path';

/** Whether a process of this pid runs (one of another user's counts: it cannot be signalled, but it is there). */
export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Removes the entries of `folder` whose name matches `pattern` (its first group: the owner's pid) and whose owner is
 * gone. Entries of running processes, this one included, and any other name are left alone; never throws.
 */
export async function removeOrphans(folder: string, pattern: RegExp): Promise<void> {
	let names: string[];
	try {
		names = await readdir(folder);
	} catch {
		return;
	}
	await Promise.all(
		names.map(async (name) => {
			const pid = Number(pattern.exec(name)?.[1]);
			if (pid && pid !== process.pid && !isAlive(pid)) await rm(join(folder, name), {recursive: true, force: true}).catch(() => undefined);
		}),
	);
}
