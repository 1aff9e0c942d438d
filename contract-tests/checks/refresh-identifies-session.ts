import type {Check, Violation} from '../base/model.js';
import {flowIn, needsFlow} from './support/util.js';

/** The same value as a user types it: Kratos trims and lower-cases an email identifier (its schema may say so). */
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * A refresh login flow is for the session that asked: it says `refresh: true`, and its `identifier` input is pre-filled
 * with that session's identity's identifier (one of its traits), never another identity's (Kratos v1.3.1
 * selfservice/flowhelpers/login.go:20-33: the first password identifier of the session's own identity;
 * strategy/password/login.go:163-175 sets it as a hidden input). A flow that pre-filled someone else's identifier would
 * have the user sign in as them. Values are personal data: never quoted.
 */
export const refreshIdentifiesSession: Check = {
	name: 'refresh_identifies_session',
	order: 220,
	description: "A refresh login flow pre-fills the session's own identifier, no one else's",
	targets: ['live'],
	skip: (context) => needsFlow(context) ?? (context.expect.truth.login?.identifier ? undefined : 'not a refresh flow of a known session'),
	run(context) {
		const flow = flowIn(context)!;
		const {own, others} = context.expect.truth.login!.identifier!;
		const violations: Violation[] = [];
		const add = (location: (string | number)[], title: string, message: string, received: string, expected: string) =>
			violations.push({title, location: ['response', 'body', ...location], code: 'refresh_identity', message, received, expected});
		if (flow.refresh !== true) add(['refresh'], 'The login flow is not a refresh', `refresh is ${JSON.stringify(flow.refresh)}, though a session asked for a refresh`, JSON.stringify(flow.refresh), 'true');
		const nodes: Record<string, any>[] = Array.isArray(flow.ui?.nodes) ? flow.ui.nodes : [];
		const index = nodes.findIndex((node) => node?.attributes?.node_type === 'input' && node.attributes.name === 'identifier');
		const value: unknown = nodes[index]?.attributes?.value;
		if (typeof value !== 'string' || !value) {
			// A warning, not a failure: Kratos v1.3.1 to master do so themselves with passwordless one-time codes on (the code
			// strategy upserts an empty identifier input over the one the password strategy pre-filled,
			// strategy/code/strategy.go:296 in v1.3.1). Another identity's credentials then make a new session of theirs,
			// never this one privileged (login_answers_session judges that).
			violations.push({
				severity: 'warning',
				title: 'A refresh flow names no identifier',
				location: ['response', 'body', 'ui', 'nodes', ...(index >= 0 ? [index, 'attributes', 'value'] : [])],
				code: 'refresh_identity',
				message:
					'the refresh flow pre-fills no identifier: the user types whom to sign in again (what Kratos does with selfservice.methods.code.passwordless_enabled: its code strategy replaces the pre-filled identifier with an empty one)',
				received: index >= 0 ? 'empty' : 'no identifier input',
				expected: "the session identity's identifier",
			});
			return violations;
		}
		if (others.some((other) => same(other, value))) {
			add(['ui', 'nodes', index, 'attributes', 'value'], "SECURITY: a refresh flow pre-fills another identity's identifier", "the identifier pre-filled is a trait of another identity (KRATOS_OTHER_SESSION_TOKEN's), not of the session that asked", '(another identity\'s value, not shown)', "the session identity's identifier");
		} else if (!own.some((mine) => same(mine, value))) {
			add(['ui', 'nodes', index, 'attributes', 'value'], "A refresh flow pre-fills an identifier that is not the session's", "the identifier pre-filled is none of the session identity's traits (as whoami answers them)", '(a value, not shown)', "the session identity's identifier");
		}
		return violations;
	},
};
