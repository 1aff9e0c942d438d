// npm run kratos:start [-- --provision]: a real Kratos on free loopback ports until stopped. Variables and flags:
// contract-tests/harness/kratos/start-command.ts (and `npm run kratos:start -- --help`).
//
// package.json runs this as `node --import tsx …`, not through tsx's launcher: the launcher would be one more process
// between npm and this one, and it stays alive when npm and its shell are killed, hiding that our parent is gone.
import {kratosStartCommand} from '../contract-tests/harness/kratos/start-command.js';

// Stopped because the terminal or pipe that started us is gone: writing there fails, and that must not crash us
// before Kratos is stopped and its folder removed.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

const code = await kratosStartCommand(process.argv.slice(2), {
	out: (text) => process.stdout.write(text),
	err: (text) => process.stderr.write(text),
	env: process.env,
});
process.exitCode = code;
// Everything we started is stopped; an idle keep-alive socket must not hold the exit up (pending output still drains).
setTimeout(() => process.exit(code), 200).unref();
