// npm run contract            → against the embedded Prism mock
// npm run contract:live       → against KRATOS_PUBLIC_URL (a user's staging), see README
// npm run contract:kratos     → builds and starts a real Kratos locally, runs against it, stops it
// --strict                  → warnings (drift of a newer Kratos: new enum values, undocumented properties or headers)
//                             fail the run too
// Prints progress and a summary on stdout, writes reports/contract-<target>.{xml,html}; exit 0 when no check failed
// (warnings allowed unless --strict), 1 on any failure or an unusable target, 2 on a usage error.
import {mkdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {exitCodeOf, formatSummary, progressPrinter} from './report/console.js';
import {toHtml} from './report/html.js';
import {toJUnit} from './report/junit.js';
import {runContract} from './runner.js';
import {kratosTarget} from './targets/kratos.js';
import {liveConfigFromEnv, liveTarget} from './targets/live.js';
import {mockTarget} from './targets/mock.js';
import type {Target} from './targets/types.js';

// CONTRACT_REPORT_DIR moves the reports (CI artifacts, tests); default reports/ in the project.
const reportsDir = process.env.CONTRACT_REPORT_DIR || fileURLToPath(new URL('../reports/', import.meta.url));

async function targetFor(name: string | undefined): Promise<Target> {
	switch (name ?? 'mock') {
		case 'mock':
			return mockTarget();
		case 'live':
			return liveTarget(liveConfigFromEnv());
		case 'kratos':
			return kratosTarget();
		default:
			throw new Error(`unknown target "${name}": use mock, live or kratos`);
	}
}

async function main(): Promise<number> {
	const args = process.argv.slice(2);
	const strict = args.includes('--strict');
	const [name, ...extra] = args.filter((arg) => arg !== '--strict');
	const unknown = [name, ...extra].find((arg) => arg?.startsWith('-'));
	if (unknown !== undefined || extra.length) {
		process.stderr.write(`contract suite: unknown argument "${unknown ?? extra[0]}": use [mock|live|kratos] [--strict]\n`);
		return 2;
	}
	let target: Target;
	try {
		target = await targetFor(name);
	} catch (error) {
		process.stderr.write(`contract suite: ${(error as Error).message}\n`);
		return 2;
	}
	const write = (line: string) => process.stdout.write(`${line}\n`);
	write(`Running the contract suite against the ${target.name} target…`);
	const run = await runContract({target, ...progressPrinter(write)});
	write(formatSummary(run, {strict}));
	await mkdir(reportsDir, {recursive: true});
	const junit = join(reportsDir, `contract-${run.target.name}.xml`);
	const html = join(reportsDir, `contract-${run.target.name}.html`);
	await Promise.all([writeFile(junit, toJUnit(run, {strict})), writeFile(html, toHtml(run, {strict}))]);
	write(`Reports: ${junit}, ${html}`);
	return exitCodeOf(run, {strict});
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`contract suite: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 2;
	},
);
