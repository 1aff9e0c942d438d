import type {Check} from '../base/model.js';
import {excerpt, flowIn, needsFlow} from './support/util.js';

/**
 * The flow is in the state the suite knows: `show_form` from its creation (Kratos v1.3.1
 * selfservice/flow/settings/flow.go:163) until an update succeeds, `success` after one (it stays so on later reads).
 */
export const flowState: Check = {
	name: 'flow_state',
	order: 300,
	description: 'The flow is in the state the suite knows it is in (show_form until an update succeeded)',
	targets: ['live'],
	skip: (context) => needsFlow(context) ?? (context.expect.truth.state === undefined ? "the flow's state is not known here" : undefined),
	run(context) {
		const {state} = flowIn(context)!;
		const expected = context.expect.truth.state!;
		if (state === expected) return [];
		return [
			{
				title: 'The flow is not in the state it must be in',
				location: ['response', 'body', 'state'],
				code: 'state',
				message: `state is ${excerpt(state)}, expected "${expected}"`,
				received: excerpt(state),
				expected: JSON.stringify(expected),
			},
		];
	},
};
