// npm run kratos:build [-- --force]: builds (or finds cached) the Kratos binary the kratos target runs; prints its path.
import {ensureKratosBinary} from '../contract-tests/harness/kratos/build.js';

try {
	process.stdout.write(`${await ensureKratosBinary({force: process.argv.includes('--force')})}\n`);
} catch (error) {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
}
