// npm run kratos:start [-- --provision]: a real Ory Kratos on free loopback ports, with a throwaway SQLite database,
// until Ctrl-C, SIGTERM or SIGHUP, or until the process that started it is gone (`kill <npm pid>` included). The
// banner names the version `kratos version` reports, the binary, the config and the URLs.
//
//   --provision       also provision it through its own self-service flows, exactly as the kratos target does, and
//                     print `export KRATOS_…=…` lines for every variable `npm run contract:live` reads (test secrets
//                     of this throwaway server, printed on purpose)
//   --help            usage
//
// Environment:
//   KRATOS_CONFIG     Kratos's config file; default contract-tests/harness/kratos/config/kratos.yml. Relative
//                     file:// URLs in it (the identity schema) resolve against its folder; its settings (lifespans,
//                     methods, required AAL) are kept. Its dsn is replaced by the throwaway SQLite file, and
//                     serve.{public,admin}.{host,port,base_url} by free loopback ports.
//   KRATOS_BINARY     run this kratos binary instead of building Kratos v1.3.1
//   KRATOS_CACHE_DIR  where the built binary is cached (contract-tests/harness/kratos/build.ts)
//
// Exit status: 0 once stopped; 1 when Kratos could not start (the message quotes its log: the log is removed with the
// temporary folder), could not be provisioned, or exited on its own; 2 on a usage error naming the flag or variable.
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
