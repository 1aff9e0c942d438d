// How the package is released: `npm publish --dry-run` passes and would ship only what the package needs, the release
// workflow publishes the tag's version with provenance after CI and attaches the tarball to a GitHub release (the way
// to install it before it is on the registry), and the changelog has the version's section.
import {execFile} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {expect, test} from 'vitest';
import {parse} from 'yaml';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {name: string; version: string};

test('npm publish --dry-run passes, and would ship the built command, the client and the spec, nothing of the tests', async () => {
	const {stdout} = await run('npm', ['publish', '--dry-run', '--json'], {cwd: root, timeout: 180_000});
	// npm prints the prepack build's output before its JSON.
	// npm 11 keys its JSON by the package's name.
	const published = (JSON.parse(stdout.slice(stdout.indexOf('{'))) as Record<string, {id: string; files: {path: string}[]}>)[manifest.name]!;
	expect(published.id).toBe(`${manifest.name}@${manifest.version}`);
	const files = published.files.map((file) => file.path);
	expect(files).toEqual(expect.arrayContaining(['dist/contract-tests/cli/bin.js', 'dist/src/index.js', 'dist/src/validate.js', 'openapi/kratos-settings-flow.yaml', 'README.md', 'LICENSE']));
	expect(files.filter((file) => /^(test|scripts|contract-tests|src)\/|\.test\.|harness|targets\/(mock|kratos)\.js/.test(file))).toEqual([]);
}, 180_000);

test('the release workflow publishes the tag’s version with provenance, after CI as .ci/run runs it', async () => {
	const workflow = parse(await readFile(join(root, '.github/workflows/release.yml'), 'utf8')) as {
		on: {push: {tags: string[]}};
		permissions: Record<string, string>;
		jobs: {release: {steps: {run?: string}[]}};
	};
	expect(workflow.on.push.tags).toEqual(['v*']);
	expect(workflow.permissions['id-token']).toBe('write');
	const steps = workflow.jobs.release.steps.map((step) => step.run ?? '');
	const at = (text: string) => steps.findIndex((step) => step.includes(text));
	expect(at('bash .ci/run')).toBeGreaterThan(at('$GITHUB_REF_NAME'));
	expect(at('npm publish --provenance')).toBeGreaterThan(at('bash .ci/run'));
	expect(at('gh release create')).toBeGreaterThan(at('npm publish'));
	// package.json names no repository in a clone (none is known there); a release names the one it is made from, in
	// what it publishes and in the tarball it attaches.
	const repository = at('npm pkg set repository.url="git+https://github.com/${GITHUB_REPOSITORY}.git"');
	expect(repository).toBeGreaterThan(at('bash .ci/run'));
	expect(repository).toBeLessThan(at('npm publish'));
	expect(repository).toBeLessThan(at('npm pack'));
});

test('the changelog has a section for the package’s version', async () => {
	expect(await readFile(join(root, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^## \\[${manifest.version.replaceAll('.', '\\.')}\\]$`, 'm'));
});
