import type {Check, Violation} from '../base/model.js';
import {excerpt, flowIn, needsFlow} from './support/util.js';
import {asUrl} from './support/values.js';

/**
 * A login flow is what its creation asked for: `refresh` as the request's `refresh=true` (with a session; Kratos v1.3.1
 * selfservice/flow/login/flow.go:185, handler.go:169-181), `requested_aal` as its `aal` (flow.go:201-203), and
 * `return_to` the request's own, which Kratos accepted as allowed (flow.go:169-178, 269-276). Where an interruption sent
 * the browser there (its redirect_browser_to), that return_to leads back to the settings flow that was interrupted
 * (its id in `?flow=`: the settings endpoint for a refresh, settings/error.go:93-104, or the settings UI for the second
 * factor, settings/handler.go:422-423), on the public API's origin or the settings UI's (what Kratos's own navigation
 * names): the user lands where they were.
 */
export const loginFlowAsAsked: Check = {
	name: 'login_flow_as_asked',
	order: 335,
	description: 'A login flow asks for what its creation asked (refresh, aal) and returns to the settings flow it was sent from',
	targets: ['live'],
	skip: (context) => needsFlow(context) ?? (context.expect.truth.login?.asked ? undefined : 'not a login flow the suite asked for'),
	run(context) {
		const flow = flowIn(context)!;
		const {asked, returnsToFlow} = context.expect.truth.login!;
		const violations: Violation[] = [];
		const add = (field: string, title: string, message: string, received: unknown, expected: string) =>
			violations.push({title, location: ['response', 'body', field], code: 'login_flow', message, received: excerpt(received), expected});
		if (flow.refresh !== asked!.refresh) add('refresh', 'The login flow is not what was asked for', `refresh is ${excerpt(flow.refresh)}, the flow was asked ${asked!.refresh ? 'to refresh the session' : 'for no refresh'}`, flow.refresh, JSON.stringify(asked!.refresh));
		if (flow.requested_aal !== asked!.aal) add('requested_aal', 'The login flow is not what was asked for', `requested_aal is ${excerpt(flow.requested_aal)}, the flow was asked for ${asked!.aal}`, flow.requested_aal, JSON.stringify(asked!.aal));
		if (asked!.returnTo !== undefined && flow.return_to !== asked!.returnTo) {
			add('return_to', 'The login flow returns elsewhere', 'return_to is not the one the request gave (the URL the interruption named)', flow.return_to, excerpt(asked!.returnTo));
		}
		if (returnsToFlow !== undefined) {
			const target = asUrl(flow.return_to);
			const home = new Set([asUrl(context.expect.publicUrl)?.origin, ...(context.expect.truth.uiOrigins ?? [])]);
			if (target?.searchParams.get('flow') !== returnsToFlow) {
				add('return_to', 'The login does not lead back to the settings flow', `after the login the browser goes to ${target ? target.origin + target.pathname : 'nowhere (no return_to)'}, not back to the settings flow ${returnsToFlow} that asked for it`, flow.return_to, `a URL with ?flow=${returnsToFlow}`);
			} else if (!home.has(target.origin)) {
				add('return_to', 'The login returns to another origin', `return_to is on ${target.origin}, not the public API or the settings UI`, target.origin, [...home].filter(Boolean).join(', '));
			}
		}
		return violations;
	},
};
