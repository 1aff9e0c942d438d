import type {Check} from '../base/model.js';
import {needsResponse} from './support/util.js';

/** Security: a flow must never be handed out to a request that carries no session token and no cookie. */
export const sessionRequired: Check = {
	name: 'session_required',
	order: 200,
	description: 'Security: no flow is returned without a session',
	skip: (context) =>
		needsResponse(context) ?? (context.exchange.request.authenticated ? 'request carried a session' : undefined),
	run: ({exchange}) =>
		exchange.response!.status >= 200 && exchange.response!.status < 300
			? [
					{
						title: 'SECURITY: flow returned without a session',
						location: ['response', 'status'],
						code: 'security',
						message: `The server answered ${exchange.response!.status} to a request with no session token and no cookie`,
						received: String(exchange.response!.status),
						expected: 'no flow: 401',
					},
				]
			: [],
};
