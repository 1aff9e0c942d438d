import type {Check, Violation} from './types.js';
import {excerpt, flowIn, needsResponse} from './util.js';

/**
 * Security: a flow in an answer (a 200, or the update's 400) is the one asked for, and belongs to the identity of the
 * session that asked: no one sees another identity's flow, traits included.
 */
export const flowBelongsToSession: Check = {
	name: 'flow_belongs_to_session',
	description: "Security: the flow is the one asked for and belongs to the session's identity",
	skip: (context) =>
		needsResponse(context) ??
		(!flowIn(context)
			? 'no flow in the answer'
			: context.expect.truth.flowId === undefined && context.expect.truth.identityId === undefined
				? "the session's identity is not known for this target"
				: undefined),
	run({exchange, expect}) {
		const flow = exchange.response!.body as {id?: unknown; identity?: {id?: unknown}} | undefined;
		const violations: Violation[] = [];
		const add = (field: string[], expected: string, received: unknown) =>
			violations.push({
				check: 'flow_belongs_to_session',
				title: 'SECURITY: flow does not belong to this session',
				location: ['response', 'body', ...field],
				code: 'security',
				message: `${field.join('.')} is ${excerpt(received)}, expected ${expected}`,
				received: excerpt(received),
				expected,
			});
		const {flowId, identityId} = expect.truth;
		if (flowId !== undefined && flow?.id !== flowId) add(['id'], flowId, flow?.id);
		if (identityId !== undefined && flow?.identity?.id !== identityId) add(['identity', 'id'], identityId, flow?.identity?.id);
		return violations;
	},
};
