// npm run contract            → against the embedded Prism mock
// npm run contract:live       → against KRATOS_PUBLIC_URL (a user's staging), see README
// npm run contract:kratos     → builds and starts a real Kratos locally, runs against it, stops it
// Prints progress and a summary on stdout, writes reports/contract-<target>.{xml,html}; exit 0 only when every check
// passed, 1 on any violation or an unusable target, 2 on a usage error.
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
	let target: Target;
	try {
		target = await targetFor(process.argv[2]);
	} catch (error) {
		process.stderr.write(`contract suite: ${(error as Error).message}\n`);
		return 2;
	}
	const write = (line: string) => process.stdout.write(`${line}\n`);
	write(`Running the contract suite against the ${target.name} target…`);
	const run = await runContract({target, ...progressPrinter(write)});
	write(formatSummary(run));
	await mkdir(reportsDir, {recursive: true});
	const junit = join(reportsDir, `contract-${run.target.name}.xml`);
	const html = join(reportsDir, `contract-${run.target.name}.html`);
	await Promise.all([writeFile(junit, toJUnit(run)), writeFile(html, toHtml(run))]);
	write(`Reports: ${junit}, ${html}`);
	return exitCodeOf(run);
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
