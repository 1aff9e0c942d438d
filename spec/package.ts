// Where this package lives and which version it is, whether it runs from a clone (spec/package.ts under tsx) or
// installed (dist/spec/package.js in node_modules): the nearest folder above with its own package.json.
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const PACKAGE_NAME = 'kratos-settings-flow-contract';

function packageRoot(): string {
	const here = dirname(fileURLToPath(import.meta.url));
	for (let dir = here; ; dir = dirname(dir)) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as {name?: string}).name === PACKAGE_NAME) return dir;
		if (dirname(dir) === dir) throw new Error(`${PACKAGE_NAME}: no package.json of its own above ${here}`);
	}
}

/** The package's folder: the clone, or node_modules/kratos-settings-flow-contract. */
export const PACKAGE_ROOT = packageRoot();
export const PACKAGE_VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {version: string}).version;
