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
			add(['ui', 'nodes', ...(index >= 0 ? [index, 'attributes', 'value'] : [])], 'A refresh flow names no identifier', 'the refresh flow pre-fills no identifier: whom it signs in again is left to whoever types one', index >= 0 ? 'empty' : 'no identifier input', "the session identity's identifier");
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
