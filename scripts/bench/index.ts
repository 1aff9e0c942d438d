// npm run bench             prints one table: bundle size, per-call cost, suite wall time, generate, footprint and the
//                           installed command's start
// npm run bench -- --write  also writes it to docs/benchmarks.md with the date, the machine and the command
// Every peer is rebuilt or rerun in the same run; nothing here is typed in by hand.
import {execFileSync} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import {cpus, freemem, totalmem} from 'node:os';
import {fileURLToPath} from 'node:url';
import {OWN_CODE, bundleSizes} from './bundle.js';
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
			? `≤ ${limit} B: ${verdict(row.gzipBytes <= limit, row.gzipBytes > limit ? `by ${row.gzipBytes - limit} B; openapi-fetch alone is ${size('openapi-fetch')} B, this client's own code alone ${size(OWN_CODE)} B` : '')}`
			: row.name.includes('validate')
				? 'separate entry, reported'
				: '';
	rows.push(['bundle (gzip -9)', row.name, `${row.gzipBytes} B`, `${Math.round((row.gzipBytes / ory) * 100)}% of @ory/client-fetch`, target]);
}

log('per-call cost (200 sequential calls × 31 interleaved rounds against a local server, 12-node flow)…');
const calls = await perCall({log});
const median = (name: string) => calls.rows.find((row) => row.name === name)!;
const FLOOR = 'openapi-fetch + Accept, a timeout and no redirect';
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
	if (row.name === FLOOR) target = `${(row.medianUs / median('openapi-fetch (bare call)').medianUs).toFixed(2)}× openapi-fetch (bare call): what the guarantees alone cost, no target`;
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

/** Why the client's size and per-call targets (issue 16) are missed, with this run's figures. */
const CLIENT_NOTES = (size: (name: string) => number, row: (name: string) => {medianUs: number}) => {
	const bare = size('openapi-fetch');
	const ratio = (name: string) => (row(name).medianUs / row('openapi-fetch (bare call)').medianUs).toFixed(2);
	return `## The client's size and per-call targets

- **Size.** One \`getSettingsFlow\` bundles to ${size('this client: getSettingsFlow')} B: openapi-fetch is ${bare} B of it, and this
  client's own code alone is ${size(OWN_CODE)} B. The 3,700 B target leaves ${3700 - bare} B beside openapi-fetch for what issue 16
  asks of the client on top of it: the result union, Accept, no redirect followed (also one a middleware
  follows), the timeout and abort (also when app code drops the signal), the body limit (chunk by chunk in Node, read
  whole in a page, where Chromium reports a streamed read as aborted), the option checks, a path-only base in a page,
  typed errors with their brand, secrets taken out of messages, the CORS wording. The messages are not most of it:
  with every message text blanked, the own code came to 2,508 B of 3,190 B (measured by hand on 2026-12-02). Meeting
  3,700 B would mean dropping guarantees the issue asks for; the yardstick of 3,679 B it names came before several
  of them (the middleware guards, the page's path-only base and body read, the redaction, the CORS wording).
- **Per call.** The row "${FLOOR}" is openapi-fetch with only the least this client
  adds to every call: it came to ${ratio(FLOOR)}× the bare call in this run, this client to ${ratio('this client')}×. On this
  2-core machine these ratios move by about ±0.04 from run to run (by hand on 2026-12-02, 5 runs of the per-call
  part: this client 1.07–1.12× the bare call; with a middleware 1.10–1.21× openapi-fetch with the same middleware), so 1.05× is within the noise of
  what the guarantees alone cost, not a margin the client can be held to. A CPU profile of this client against the
  bare call showed no part of its own work beside undici's, JSON.parse aside. The client now hands fetch its signal
  beside the request instead of on openapi-fetch's Request (one signal link less in undici per call, one Request
  copy less with a middleware): 1.18–1.21× became 1.10–1.16× with a middleware; without one no change showed.
`;
};

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

How each figure is made: \`scripts/bench/\` (bundle.ts, per-call.ts, suite.ts, generate.ts, footprint.ts) in the repository (not in the package).
The client's rows run it as it ships, plain JavaScript (esbuild's build of src/), not through tsx.

${CLIENT_NOTES(size, median)}

${START_NOTES}`;
	await writeFile(fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url)), document);
	log('wrote docs/benchmarks.md');
}
