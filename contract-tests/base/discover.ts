// Registries built from a folder: every module in it is imported, and each export that is what the registry holds is
// taken, ordered by the `order` each declares. Adding a check or a report format is then one file in its folder,
// and the order of the report's columns (or of the formats' list) is what those files say.
import {readdir} from 'node:fs/promises';

/** What a registry holds: a name (unique) and a place in the order (unique). */
export interface Registered {
	readonly name: string;
	readonly order: number;
}

/**
 * Every `T` exported by the modules beside `registry` (the registry module's own `import.meta.url`, which is left
 * out), in ascending `order`. A clone runs the .ts sources (tsx, vitest), the package the .js that tsc made: the
 * registry's own extension says which files to read. Two entries with one name or one order are a bug, said at once.
 */
export async function discover<T extends Registered>(registry: string, is: (value: unknown) => value is T): Promise<T[]> {
	const extension = registry.slice(registry.lastIndexOf('.'));
	const self = registry.slice(registry.lastIndexOf('/') + 1);
	const folder = new URL('./', registry);
	const files = (await readdir(folder)).filter((file) => file.endsWith(extension) && file !== self && !/\.(d|test)\.[cm]?[jt]s$/.test(file)).sort();
	const modules = await Promise.all(files.map((file) => import(new URL(file, folder).href) as Promise<Record<string, unknown>>));
	const found = modules.flatMap((module) => Object.values(module).filter(is));
	for (const key of ['name', 'order'] as const) {
		const seen = new Map<unknown, string>();
		for (const item of found) {
			const other = seen.get(item[key]);
			if (other !== undefined) throw new Error(`${new URL('./', registry).pathname}: ${other} and ${item.name} have the same ${key} (${String(item[key])})`);
			seen.set(item[key], item.name);
		}
	}
	return found.sort((a, b) => a.order - b.order);
}
