import type {Check} from '../base/model.js';
import {answerKind, flowIn, needsResponse} from './support/util.js';

/**
 * A flow sent back for corrections (the update's 400) names what to correct: at least one message of type `error`, on
 * the field at fault or in `ui.messages`; without one, a UI can only show the form again, unexplained. Kratos v1.3.1
 * puts the error into the flow before it writes the 400: selfservice/flow/settings/error.go:211 (ParseError: a
 * validation error on its field, ui/container/container.go:167-196, anything else in ui.messages) and :250. Runs on
 * the mock too: there it judges the spec's own examples.
 */
export const correctionsSayWhat: Check = {
	name: 'corrections_say_what',
	order: 460,
	description: 'A flow asking for corrections has at least one error message, on a field or in ui.messages',
	skip: (context) => needsResponse(context) ?? (answerKind(context) === 'corrections' ? undefined : 'not a flow asking for corrections'),
	run(context) {
		const flow = flowIn(context)!;
		const messages = [
			...(Array.isArray(flow.ui?.messages) ? flow.ui.messages : []),
			...(Array.isArray(flow.ui?.nodes) ? flow.ui.nodes : []).flatMap((node: Record<string, any>) => (Array.isArray(node?.messages) ? node.messages : [])),
		] as {type?: unknown}[];
		if (messages.some((message) => message?.type === 'error')) return [];
		const types = messages.map((message) => String(message?.type));
		return [
			{
				title: 'A flow asks for corrections without saying what',
				location: ['response', 'body', 'ui'],
				code: 'no_error_message',
				message: `The ${context.exchange.response!.status} sends the flow back for corrections, but no field and no ui.messages carries a message of type error`,
				received: types.length ? `messages of type ${[...new Set(types)].join(', ')} only` : 'no messages',
				expected: 'at least one message of type error',
			},
		];
	},
};
