// Bundle size of each call, and of the client with every operation, as a browser app would ship it: esbuild --bundle --minify --format=esm
// --platform=browser, then gzip -9. Every contender is rebuilt in the same run.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';
import {build} from 'esbuild';
import ts from 'typescript';
import {isMain} from '../lib/is-main.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = (file: string) => JSON.stringify(join(root, 'src', file));

export const OWN_CODE = 'this client: getSettingsFlow, its own code alone (openapi-fetch not bundled)';
export const GET_ROW = 'this client: getSettingsFlow';
export const BLANKED = 'this client: getSettingsFlow, every message text blanked (what the messages weigh)';
export const MAIN_ENTRY = 'this client: the whole main entry (every export, the login and session calls included)';
const GET_CALL = `import {createKratosClient, getSettingsFlow} from ${src('index.ts')};
export const call = (baseUrl, id, sessionToken) => getSettingsFlow(createKratosClient({baseUrl, sessionToken}), id);`;

/** Entry files: each exports a function making the one call, so nothing is tree-shaken away. */
export const entries: Record<string, string> = {
	'hand-written fetch': `export async function getSettingsFlow(baseUrl, id, token) {
	const response = await fetch(baseUrl + '/self-service/settings/flows?id=' + encodeURIComponent(id), {
		headers: {Accept: 'application/json', 'X-Session-Token': token},
	});
	return response.json();
}`,
	'openapi-fetch (bare call)': `import createClient from 'openapi-fetch';
export const getSettingsFlow = (baseUrl, id, token) =>
	createClient({baseUrl}).GET('/self-service/settings/flows', {params: {query: {id}, header: {'X-Session-Token': token}}});`,
	[GET_ROW]: GET_CALL,
	// What this client adds on top of openapi-fetch, alone: the other rows less this one is openapi-fetch's share.
	[OWN_CODE]: GET_CALL,
	'this client: createSettingsFlow': `import {createKratosClient, createSettingsFlow} from ${src('index.ts')};
export const call = (baseUrl, sessionToken) => createSettingsFlow(createKratosClient({baseUrl, sessionToken}));`,
	'this client: createBrowserSettingsFlow': `import {createKratosClient, createBrowserSettingsFlow} from ${src('index.ts')};
export const call = (baseUrl) => createBrowserSettingsFlow(createKratosClient({baseUrl, credentials: 'include'}));`,
	'this client: updateSettingsFlow': `import {createKratosClient, updateSettingsFlow} from ${src('index.ts')};
export const call = (baseUrl, flow, sessionToken) =>
	updateSettingsFlow(createKratosClient({baseUrl, sessionToken}), flow, {method: 'profile', traits: {email: 'a@example.org'}});`,
	'this client: createLoginFlow': `import {createKratosClient, createLoginFlow} from ${src('index.ts')};
export const call = (baseUrl, sessionToken) => createLoginFlow(createKratosClient({baseUrl, sessionToken}), {refresh: true});`,
	'this client: updateLoginFlow': `import {createKratosClient, updateLoginFlow} from ${src('index.ts')};
export const call = (baseUrl, flow, identifier, password) => updateLoginFlow(createKratosClient({baseUrl}), flow, {method: 'password', identifier, password});`,
	'this client: getSession': `import {createKratosClient, getSession} from ${src('index.ts')};
export const call = (baseUrl, sessionToken) => getSession(createKratosClient({baseUrl, sessionToken}));`,
	'this client: getSettingsFlow over an own openapi-fetch client': `import createClient from 'openapi-fetch';
import {createKratosClient, getSettingsFlow} from ${src('index.ts')};
export const call = (baseUrl, id, sessionToken) => getSettingsFlow(createKratosClient({client: createClient({baseUrl}), sessionToken}), id);`,
	'this client: every operation (createSettingsFlowClient)': `import {createSettingsFlowClient} from ${src('index.ts')};
export const client = (baseUrl, sessionToken) => createSettingsFlowClient({baseUrl, sessionToken});`,
	[MAIN_ENTRY]: `export * from ${src('index.ts')};`,
	'this client: getSettingsFlow + validate entry': `import {createKratosClient, getSettingsFlow} from ${src('index.ts')};
import {validateSettingsFlow} from ${src('validate.ts')};
export const call = (baseUrl, id, sessionToken) =>
	getSettingsFlow(createKratosClient({baseUrl, sessionToken, validate: validateSettingsFlow}), id);`,
	'@ory/client-fetch (FrontendApi)': `import {Configuration, FrontendApi} from '@ory/client-fetch';
export const getSettingsFlow = (basePath, id, xSessionToken) =>
	new FrontendApi(new Configuration({basePath})).getSettingsFlow({id, xSessionToken});`,
	'@ory/client (axios)': `import {Configuration, FrontendApi} from '@ory/client';
export const getSettingsFlow = (basePath, id, xSessionToken) =>
	new FrontendApi(new Configuration({basePath})).getSettingsFlow({id, xSessionToken});`,
};

export interface BundleRow {
	readonly name: string;
	readonly minifiedBytes: number;
	readonly gzipBytes: number;
}

export async function bundleSizes(): Promise<BundleRow[]> {
	const dir = await mkdtemp(join(tmpdir(), 'bundle-bench-'));
	try {
		const rows: BundleRow[] = [];
		for (const [name, contents] of Object.entries(entries)) {
			const result = await build({
				stdin: {contents, resolveDir: root, loader: 'js', sourcefile: 'entry.js'},
				bundle: true,
				minify: true,
				format: 'esm',
				platform: 'browser',
				write: false,
				logLevel: 'silent',
				legalComments: 'none',
				external: name === OWN_CODE ? ['openapi-fetch'] : [],
			});
			const code = result.outputFiles[0]!.contents;
			await writeFile(join(dir, `${rows.length}.js`), code);
			rows.push({name, minifiedBytes: code.length, gzipBytes: gzipSync(code, {level: 9}).length});
			if (name === GET_ROW) {
				const blanked = Buffer.from(withoutMessages(result.outputFiles[0]!.text));
				rows.push({name: BLANKED, minifiedBytes: blanked.length, gzipBytes: gzipSync(blanked, {level: 9}).length});
			}
		}
		return rows;
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

/** The bundle with the text of every message (a string or template part of more than a word) replaced by `x`. */
function withoutMessages(code: string): string {
	const file = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, true);
	const spans: [number, number][] = [];
	const visit = (node: ts.Node): void => {
		const isString = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
		const isPart = node.kind === ts.SyntaxKind.TemplateHead || node.kind === ts.SyntaxKind.TemplateMiddle || node.kind === ts.SyntaxKind.TemplateTail;
		if ((isString || isPart) && / /.test((node as ts.LiteralLikeNode).text)) {
			const end = node.kind === ts.SyntaxKind.TemplateHead || node.kind === ts.SyntaxKind.TemplateMiddle ? node.end - 2 : node.end - 1;
			spans.push([node.getStart(file) + 1, end]);
		}
		ts.forEachChild(node, visit);
	};
	visit(file);
	let out = code;
	for (const [start, end] of spans.sort((a, b) => b[0] - a[0])) out = `${out.slice(0, start)}x${out.slice(end)}`;
	return out;
}

if (await isMain(import.meta.url)) console.table(await bundleSizes());
