// npm run kratos:start: a real Kratos on free loopback ports, until Ctrl-C or SIGTERM.
import {startLocalKratos} from '../contract-tests/harness/kratos/local.js';

try {
	const started = Date.now();
	const server = await startLocalKratos();
	process.stdout.write(
		`Kratos ${server.version} ready in ${Date.now() - started} ms\n` +
			`public: ${server.publicUrl}\nadmin:  ${server.adminUrl}\nlog:    ${server.logFile} (removed on stop)\n` +
			'Ctrl-C stops it.\n',
	);
	let stopping = false;
	const shutdown = (): void => {
		stopping = true;
		void server.stop().then(() => process.exit(0));
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
	void server.exited.then(async (code) => {
		if (stopping) return;
		process.stderr.write(`Kratos exited on its own (code ${code})\n`);
		await server.stop();
		process.exit(1);
	});
} catch (error) {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
}
