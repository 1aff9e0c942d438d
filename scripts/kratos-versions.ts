// npm run kratos:versions [-- --binary PATH --label NAME … --records DIR]: the contract suite's kratos target against
// Kratos v1.0.0 and v1.3.1 (built from the Go module proxy) and any binary given, then one table of what each answered;
// with --records, each version's record (kratos-<label>.record.json) for `npm run contract:diff`. Exit 0 when every
// version passed, 1 when one did not, 2 on a usage error.
// The logic is in contract-tests/cli/versions.ts.
import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import {resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {DEFAULT_VERSIONS, type VersionEntry, formatVersions, runVersions} from '../contract-tests/cli/versions.js';

const usage = 'Usage: npm run kratos:versions [-- --binary PATH --label NAME ... --records DIR]';

async function entriesFrom(argv: string[]): Promise<{entries: VersionEntry[]; recordsDir: string | undefined}> {
	const {values} = parseArgs({args: argv, options: {binary: {type: 'string', multiple: true}, label: {type: 'string', multiple: true}, records: {type: 'string'}}});
	const binaries = values.binary ?? [];
	const labels = values.label ?? [];
	if (binaries.length !== labels.length) throw new Error('give each --binary its --label (in pairs, in order)');
	const entries: VersionEntry[] = [...DEFAULT_VERSIONS];
	for (const [index, given] of binaries.entries()) {
		const label = labels[index]!.trim();
		if (!label || entries.some((entry) => entry.label === label)) throw new Error(`--label "${label}" is empty or already used`);
		const binary = resolve(given);
		const isExecutable = await stat(binary).then(
			(info) => info.isFile() && access(binary, constants.X_OK).then(() => true),
			() => false,
		);
		if (!isExecutable) throw new Error(`--binary ${given} is not an executable file`);
		entries.push({label, binary});
	}
	return {entries, recordsDir: values.records === undefined ? undefined : resolve(values.records)};
}

let entries: VersionEntry[];
let recordsDir: string | undefined;
try {
	({entries, recordsDir} = await entriesFrom(process.argv.slice(2)));
} catch (error) {
	process.stderr.write(`kratos:versions: ${(error as Error).message}\n${usage}\n`);
	process.exit(2);
}
const results = await runVersions(entries, {
	log: (line) => process.stderr.write(`[versions] ${line}\n`),
	reportsDir: process.env.CONTRACT_REPORT_DIR || fileURLToPath(new URL('../reports/', import.meta.url)),
	...(recordsDir && {recordsDir}),
});
process.stdout.write(`\n${formatVersions(results)}\n`);
process.exitCode = Math.max(...results.map((result) => result.exitCode));
