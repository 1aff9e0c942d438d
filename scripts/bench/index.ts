// npm run bench             prints one table: bundle size, per-call cost, suite wall time, generate, footprint and the
//                           installed command's start
// npm run bench -- --write  also writes it to docs/benchmarks.md with the date, the machine and the command
// Every peer is rebuilt or rerun in the same run; nothing here is typed in by hand.
import {execFileSync} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import {cpus, freemem, totalmem} from 'node:os';
import {fileURLToPath} from 'node:url';
import {bundleSizes} from './bundle.js';
import {START_NOTES, UNWANTED, footprint, startRow} from './footprint.js';
import {generateRuns} from './generate.js';
import {perCall} from './per-call.js';
import {suiteTimes} from './suite.js';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
type Row = [measure: string, subject: string, figure: string, compared: string, target: string];
const rows: Row[] = [];
const verdict = (met: boolean, detail = '') => `${met ? '✔ met' : '✘ missed'}${detail ? ` (${detail})` : ''}`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

log('bundle sizes (esbuild --bundle --minify --format=esm --platform=browser, gzip -9)…');
const bundles = await bundleSizes();
const size = (name: string) => bundles.find((row) => row.name.startsWith(name))!.gzipBytes;
const ory = size('@ory/client-fetch');
const BUNDLE_TARGETS: Record<string, number> = {'this client: getSettingsFlow': 3700, 'this client: every operation (createSettingsFlowClient)': 4300};
for (const row of bundles) {
	const limit = BUNDLE_TARGETS[row.name];
	const target =
		limit !== undefined
			? `≤ ${limit} B: ${verdict(row.gzipBytes <= limit, row.gzipBytes > limit ? `by ${row.gzipBytes - limit} B; openapi-fetch alone is ${size('openapi-fetch')} B` : '')}`
			: row.name.includes('validate')
				? 'separate entry, reported'
				: '';
	rows.push(['bundle (gzip -9)', row.name, `${row.gzipBytes} B`, `${Math.round((row.gzipBytes / ory) * 100)}% of @ory/client-fetch`, target]);
}

log('per-call cost (200 sequential calls × 31 interleaved rounds against a local server, 12-node flow)…');
const calls = await perCall({log});
const median = (name: string) => calls.rows.find((row) => row.name === name)!;
for (const row of calls.rows) {
	let target = '';
	// Each call of this client against the same call by bare openapi-fetch, which sends it underneath.
	const peer =
		row.name === 'this client: updateSettingsFlow'
			? 'openapi-fetch: POST the update'
			: row.name.includes('middleware')
				? 'openapi-fetch + a middleware'
				: row.name.startsWith('this client') && !row.name.includes('validate')
					? 'openapi-fetch (bare call)'
					: undefined;
	if (peer) {
		const ratio = row.medianUs / median(peer).medianUs;
		// @ory/client-fetch's row is a GET: the update is judged against openapi-fetch's POST alone.
		const post = peer.includes('POST');
		const faster = post || row.medianUs < median('@ory/client-fetch').medianUs;
		target = `≤ 1.05× ${peer}: ${verdict(ratio <= 1.05 && faster, `${ratio.toFixed(2)}×${post ? '' : `; ${faster ? '' : 'not '}faster than @ory/client-fetch`}`)}`;
	}
	if (row.name === 'this client + validate') {
		const added = row.medianUs - median('this client').medianUs;
		// The added work is the validator's run on the body, timed alone; the difference between two rows of this
		// table also carries their round-to-round noise, so it is shown but not judged.
		target = `validation adds ${calls.validatorUs.toFixed(1)} µs (the precompiled validator alone on this flow); < 50 µs: ${verdict(calls.validatorUs < 50)}. Row difference: ${added.toFixed(1)} µs wall`;
	}
	rows.push([
		'per call, median',
		row.name,
		`${row.medianUs.toFixed(1)} µs wall · ${row.cpuUs.toFixed(1)} µs CPU`,
		`${row.ratio.toFixed(2)}× raw fetch (rounds ${row.minUs.toFixed(0)}–${row.maxUs.toFixed(0)} µs)`,
		target,
	]);
}

log('contract suite wall time (mock, Schemathesis, local real Kratos)…');
for (const row of await suiteTimes()) {
	const target = row.tool.startsWith('this suite') && row.what.includes('mock')
		? `< 5 s: ${verdict(row.wallSeconds < 5)}`
		: row.tool.startsWith('this suite') && row.what.includes('Kratos') && !row.what.includes('start')
			? `< 10 s: ${verdict(row.wallSeconds < 10)}`
			: '';
	rows.push(['suite wall time', `${row.tool}: ${row.what}`, `${row.wallSeconds.toFixed(2)} s`, row.found, target]);
}

log('npm run generate, twice…');
const generated = await generateRuns();
rows.push([
	'generate',
	'npm run generate (2 runs)',
	generated.seconds.map((seconds) => `${seconds.toFixed(2)} s`).join(', '),
	`identical bytes: ${generated.identical ? 'yes' : 'NO'}; committed generated/ current: ${generated.matchesCommitted ? 'yes' : 'NO'}`,
	`deterministic: ${verdict(generated.identical)}`,
]);

log('footprint (npm pack, npm install of the tarball)…');
const foot = await footprint();
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
rows.push([
	'footprint',
	'npm pack',
	`${kb(foot.packedBytes)} packed, ${kb(foot.unpackedBytes)} unpacked, ${foot.files} files`,
	`runtime dependencies: ${foot.runtimeDependencies.join(', ')} (the client needs openapi-fetch only)`,
	'',
]);
rows.push([
	'footprint',
	'npm install --omit=dev of the tarball into an empty folder',
	`${mb(foot.installedBytes)}, ${foot.installedPackages} packages`,
	`carries none of ${UNWANTED.join(', ')}: ${foot.unwanted.length ? `NO (${foot.unwanted.join(', ')})` : 'yes'}`,
	`≤ 5 MB, no dev tools: ${verdict(foot.installedBytes <= 5_000_000 && foot.unwanted.length === 0)}`,
]);
rows.push(startRow(foot));

const escape = (cell: string) => cell.replaceAll('|', '\\|');
const table = [
	'| measure | subject | figure | compared | target |',
	'| --- | --- | --- | --- | --- |',
	...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
].join('\n');
console.log(table);

if (process.argv.includes('--write')) {
	const cpu = cpus()[0]?.model ?? 'unknown CPU';
	const machine = `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} GiB free), Node ${process.version}, ${execFileSync('uname', ['-sr']).toString().trim()}`;
	const document = `# Benchmarks

The latest run of \`npm run bench -- --write\` (it rewrites this file; every figure comes from that run, peers
rebuilt and rerun beside ours).

- Date: ${new Date().toISOString()}
- Machine: ${machine}
- Command: \`npm run bench -- --write\`

${table}

How each figure is made: \`scripts/bench/\` (bundle.ts, per-call.ts, suite.ts, generate.ts, footprint.ts) in [the repository](../scripts/bench/).

${START_NOTES}`;
	await writeFile(fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url)), document);
	log('wrote docs/benchmarks.md');
}
