// npm run kratos:build [-- --version v1.0.0] [--force]: builds (or finds cached) a Kratos binary and prints its path.
// Without --version: the v1.3.1 the kratos target runs (or KRATOS_BINARY when set).
import {parseArgs} from 'node:util';
import {KRATOS_VERSIONS, ensureKratosBinary, isKratosVersion} from '../contract-tests/harness/kratos/build.js';

let values: {version?: string | undefined; force?: boolean | undefined};
try {
	({values} = parseArgs({options: {version: {type: 'string'}, force: {type: 'boolean'}}}));
} catch (error) {
	process.stderr.write(`kratos:build: ${(error as Error).message}\n`);
	process.exit(2);
}
if (values.version !== undefined && !isKratosVersion(values.version)) {
	process.stderr.write(`kratos:build: --version must be one of ${KRATOS_VERSIONS.join(', ')}, not "${values.version}"\n`);
	process.exit(2);
}
try {
	const version = values.version !== undefined && isKratosVersion(values.version) ? values.version : undefined;
	process.stdout.write(`${await ensureKratosBinary({...(version && {version}), force: values.force === true})}\n`);
} catch (error) {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
}
