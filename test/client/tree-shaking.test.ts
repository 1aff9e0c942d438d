// A browser app that imports only getSettingsFlow carries none of the other operations: bundled the way apps bundle
// (esbuild, ESM, minified), the get-only bundle names no other endpoint, while the all-operations client does.
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {expect, test} from 'vitest';

const src = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

async function bundle(contents: string): Promise<string> {
	const result = await build({
		stdin: {contents, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts'},
		bundle: true,
		minify: true,
		format: 'esm',
		platform: 'browser',
		write: false,
		logLevel: 'silent',
	});
	return result.outputFiles[0]!.text;
}

const OTHER_PATHS = ['/self-service/settings/api', '/self-service/settings/browser', '/self-service/login/api', '/self-service/login/browser', '/self-service/login/flows', '/sessions/whoami'];

test('importing only getSettingsFlow bundles no other operation', async () => {
	const code = await bundle(`import {createKratosClient, getSettingsFlow} from ${JSON.stringify(src)};
export const get = (baseUrl, id) => getSettingsFlow(createKratosClient({baseUrl}), id);`);
	expect(code).toContain('/self-service/settings/flows');
	for (const path of OTHER_PATHS) expect(code).not.toContain(path);
});

test('the all-operations client bundles every operation (the check above can fail)', async () => {
	const code = await bundle(`import {createSettingsFlowClient} from ${JSON.stringify(src)};
export const client = (baseUrl) => createSettingsFlowClient({baseUrl});`);
	for (const path of ['/self-service/settings/flows', ...OTHER_PATHS]) expect(code).toContain(path);
});
