import type {Check, Violation} from '../base/model.js';
import {excerpt, flowIn, needsFlow} from './support/util.js';

/**
 * The flow's type is how it was created, `api` by /self-service/settings/api and `browser` by
 * /self-service/settings/browser (Kratos v1.3.1 selfservice/flow/settings/handler.go:227, 316), and so is its CSRF
 * token: one `csrf_token` input, set for a browser flow (selfservice/flow/settings/hook.go:146-148) and for an API
 * flow empty, unless the request that created it sent the CSRF cookie. Real Kratos fills it from that cookie then:
 * the API endpoint is exempt from CSRF (handler.go:89) but ory/nosurf still reads a valid cookie on an ignored path
 * (nosurf handler.go, ServeHTTP), and the profile strategy sets the node from it (strategy/profile/strategy.go:108).
 */
export const flowType: Check = {
	name: 'flow_type',
	order: 310,
	description: 'The flow has the type it was created with, and the CSRF token that type carries',
	targets: ['live'],
	skip: needsFlow,
	run(context) {
		const flow = flowIn(context)!;
		const expected = context.expect.truth.flowType;
		const violations: Violation[] = [];
		const add = (location: (string | number)[], message: string, received: string, wanted: string) =>
			violations.push({title: 'The flow is not of the type it was created as', location: ['response', 'body', ...location], code: 'flow_type', message, received, expected: wanted});
		if (expected !== undefined && flow.type !== expected) add(['type'], `type is ${excerpt(flow.type)}, but the flow was created as "${expected}"`, excerpt(flow.type), JSON.stringify(expected));
		const nodes: {attributes?: {name?: unknown; node_type?: unknown; value?: unknown}}[] = Array.isArray(flow.ui?.nodes) ? flow.ui.nodes : [];
		const csrf = nodes.flatMap((node, index) => (node.attributes?.node_type === 'input' && node.attributes.name === 'csrf_token' ? [index] : []));
		if (csrf.length !== 1) {
			add(['ui', 'nodes'], `${csrf.length} csrf_token inputs, not one`, String(csrf.length), '1');
		} else if (flow.type === 'api' || flow.type === 'browser') {
			// The value is never quoted: a browser flow's token is a secret.
			const empty = nodes[csrf[0]!]!.attributes!.value === '';
			// An API flow created with the CSRF cookie may carry the token derived from it.
			const mayBeSet = flow.type === 'api' && context.expect.truth.csrfCookie !== false;
			if (!mayBeSet && empty !== (flow.type === 'api')) {
				add(['ui', 'nodes', csrf[0]!, 'attributes', 'value'], `the csrf_token of a${flow.type === 'api' ? 'n api flow is set' : ' browser flow is empty'}`, empty ? 'empty' : 'a token', flow.type === 'api' ? 'empty' : 'a token');
			}
		}
		return violations;
	},
};
