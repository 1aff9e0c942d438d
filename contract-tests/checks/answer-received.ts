import type {Check} from '../base/model.js';

/** The server answered at all: a refused connection, a reset or a timeout fails here, with the client's reason. */
export const answerReceived: Check = {
	name: 'answer_received',
	order: 100,
	description: 'The server sent an HTTP answer in time',
	run({exchange}) {
		if (exchange.response) return [];
		const reason = exchange.result.kind === 'transport-error' ? exchange.result.error.message : 'no answer';
		return [
			{
				title: 'No HTTP answer',
				location: ['response'],
				code: exchange.result.kind === 'transport-error' ? exchange.result.error.name : 'no_answer',
				message: reason,
			},
		];
	},
};
