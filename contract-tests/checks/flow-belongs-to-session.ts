import type {Check, Violation} from '../base/model.js';
import {excerpt, flowIn, needsResponse} from './support/util.js';
import {sorted} from '../base/json.js';

/**
 * Security: a flow in an answer (a 200, or the update's 400) is the one asked for, and belongs to the identity of the
 * session that asked: no one sees another identity's flow, traits included. And it tells the truth about that
 * identity: its traits are the session's as GET /sessions/whoami answered them (or as the update just saved them).
 * Kratos v1.3.1 loads the flow's identity with the session's (selfservice/flow/settings/handler.go:415-417).
 */
export const flowBelongsToSession: Check = {
	name: 'flow_belongs_to_session',
	order: 210,
	description: "Security: the flow is the one asked for and belongs to the session's identity",
	skip: (context) =>
		needsResponse(context) ??
		(!flowIn(context)
			? 'no flow in the answer'
			: context.expect.truth.flowId === undefined && context.expect.truth.identityId === undefined
				? "the session's identity is not known for this target"
				: undefined),
	run({exchange, expect}) {
		const flow = exchange.response!.body as {id?: unknown; identity?: {id?: unknown; traits?: unknown}} | undefined;
		const violations: Violation[] = [];
		const {flowId, identityId, traits, owner} = expect.truth;
		// Another identity's session was given the owner's flow: the owner's id is not repeated (nothing_of_the_owner).
		const shown = (received: unknown) => (owner && received === owner.identityId ? "the owner's identity id (not shown)" : excerpt(received));
		const add = (field: string[], expected: string, received: unknown) =>
			violations.push({
				title: 'SECURITY: flow does not belong to this session',
				location: ['response', 'body', ...field],
				code: 'security',
				message: `${field.join('.')} is ${shown(received)}, expected ${expected}`,
				received: shown(received),
				expected,
			});
		if (flowId !== undefined && flow?.id !== flowId) add(['id'], flowId, flow?.id);
		if (identityId !== undefined && flow?.identity?.id !== identityId) add(['identity', 'id'], identityId, flow?.identity?.id);
		// Only where the flow is the session's own: the update's corrections show what was submitted, not what is saved.
		const ownFlow = exchange.response!.status === 200;
		if (ownFlow && traits !== undefined && flow?.identity?.id === identityId && JSON.stringify(sorted(flow?.identity?.traits)) !== JSON.stringify(sorted(traits))) {
			// Trait values are personal data: named, not quoted.
			violations.push({
				title: "The flow's identity is not the session's as whoami answers it",
				location: ['response', 'body', 'identity', 'traits'],
				code: 'identity_truth',
				message: `identity.traits differ from the session's identity (keys ${Object.keys((flow?.identity?.traits as object | undefined) ?? {}).sort().join(', ') || 'none'}; the session's: ${Object.keys(traits).sort().join(', ')})`,
				received: '(traits, not shown)',
				expected: "the session's traits",
			});
		}
		return violations;
	},
};
