// npm run kratos:start: a real Kratos on free loopback ports, until Ctrl-C or SIGTERM.
import {startKratos} from '../contract-tests/harness/kratos/server.js';

try {
	const started = Date.now();
	const server = await startKratos();
	process.stdout.write(
		`Kratos v1.3.1 ready in ${Date.now() - started} ms\n` +
			`public: ${server.publicUrl}\nadmin:  ${server.adminUrl}\nlog:    ${server.logFile}\n` +
			'Ctrl-C stops it.\n',
	);
	const shutdown = (): void => {
		void server.stop().then(() => process.exit(0));
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
	// Kratos's own exit (a crash) keeps no handle open, so this process ends too; say why.
	process.once('beforeExit', () => {
		process.stderr.write(`Kratos exited on its own; see ${server.logFile}\n`);
		process.exitCode = 1;
	});
} catch (error) {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
}
