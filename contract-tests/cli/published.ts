// What the published command offers (bin.ts runs it): the live target only. The mock needs Prism (tens of MB, for a
// self-test of the suite against the spec's own examples) and the local Kratos needs Go and the repository, so both
// stay in a clone, and the command says where to find them.
import {type CommandSetup, LIVE_ENTRY} from './command.js';

const inAClone = (what: string, script: string) => ({
	unavailable: `the ${what} runs in a clone of the repository only (\`${script}\`); this package ships the live target: \`kratos-settings-flow-contract live\``,
});

export const PUBLISHED: CommandSetup = {
	targets: {
		live: LIVE_ENTRY,
		mock: inAClone('mock target (a Prism mock of the spec, the suite testing itself)', 'npm run contract'),
		kratos: inAClone('kratos target (a real Kratos built with Go and started locally)', 'npm run contract:kratos'),
	},
};
