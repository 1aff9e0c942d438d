import {realpath} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';

/** Whether the module at `moduleUrl` is the script Node was started with (symlinks and relative paths resolved). */
export async function isMain(moduleUrl: string): Promise<boolean> {
	const entry = process.argv[1];
	if (!entry) return false;
	try {
		return (await realpath(entry)) === (await realpath(fileURLToPath(moduleUrl)));
	} catch {
		return false;
	}
}
