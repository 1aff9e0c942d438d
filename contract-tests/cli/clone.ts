// The command in a clone of the repository (the published one is bin.ts), with the targets that need the repository:
//   npm run contract            → against the embedded Prism mock (the default)
//   npm run contract:live       → against KRATOS_PUBLIC_URL (a user's staging), see README or `-- --help`
//   npm run contract:kratos     → builds and starts a real Kratos locally, runs against it, stops it
// Flags after `--` (e.g. `npm run contract -- --strict`); exit 0, 1 or 2 as the command's --help says.
// The mock and kratos targets are imported only when chosen: they pull in Prism's and Kratos's harness.
import {LIVE_ENTRY, main} from './command.js';

main({
	defaultTarget: 'mock',
	targets: {
		mock: {create: async () => (await import('../targets/mock.js')).mockTarget()},
		live: LIVE_ENTRY,
		kratos: {spec: true, create: async ({timeoutMs}) => (await import('../targets/kratos.js')).kratosTarget({timeoutMs})},
	},
});
