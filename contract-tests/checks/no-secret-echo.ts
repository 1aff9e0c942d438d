import type {Check, Violation} from '../base/model.js';
import {flowIn, needsResponse} from './support/util.js';
import {holds} from './support/values.js';

/**
 * What an answer never carries: the session token or cookie values the request sent (a flow holds no session), the
 * identity's credentials or admin metadata (Kratos v1.3.1 identity/identity.go:332-341 drops them before encoding),
 * and a value in a password input (the flow's nodes never hold one). Set-Cookie is left aside: a browser update
 * re-issues the session cookie, as it should. So is the one place a token is handed out on purpose: a native login's
 * `session_token` (after a refresh or a second factor, the token that was sent: selfservice/flow/login/hook.go:233-236).
 */
export const noSecretEcho: Check = {
	name: 'no_secret_echo',
	order: 370,
	description: "The answer echoes no credential: not the session's token or cookies, the identity's credentials or a password",
	targets: ['live'],
	skip: needsResponse,
	run(context) {
		const {request, response} = context.exchange;
		const violations: Violation[] = [];
		// Never quote what was found: it is the secret.
		const add = (location: (string | number)[], message: string) =>
			violations.push({title: 'SECURITY: the answer echoes a secret', location, code: 'secret_echo', message, received: '(a secret, not shown)', expected: 'absent'});
		const sent = [
			request.headers['x-session-token'],
			...(request.headers.cookie ?? '').split(';').map((pair) => pair.slice(pair.indexOf('=') + 1).trim()),
		].filter((value): value is string => typeof value === 'string' && value.length >= 8);
		// A password the update sent (even one Kratos refuses) is never shown back, in any form.
		const password = passwordIn(request.body);
		// Each in any of its forms (URL-encoded, JSON- or HTML-escaped, …): the ones the redactor removes from every output.
		if (password !== undefined) {
			if (holds(response!.text, password)) add(['response', 'body'], 'the body contains the password the request sent');
			for (const [name, value] of Object.entries(response!.headers)) {
				if (holds(value, password)) add(['response', 'header', name], `the ${name} header contains the password the request sent`);
			}
		}
		const body = handedOut(context) ?? response!.text;
		for (const secret of sent) {
			if (holds(body, secret)) add(['response', 'body'], 'the body contains a session token or cookie value the request sent');
			for (const [name, value] of Object.entries(response!.headers)) {
				if (name !== 'set-cookie' && holds(value, secret)) add(['response', 'header', name], `the ${name} header contains a session token or cookie value the request sent`);
			}
		}
		const flow = flowIn(context);
		if (flow?.identity && typeof flow.identity === 'object') {
			for (const field of ['credentials', 'metadata_admin']) {
				if (flow.identity[field] !== undefined && flow.identity[field] !== null) add(['response', 'body', 'identity', field], `identity.${field} is in the answer`);
			}
		}
		for (const [index, node] of (Array.isArray(flow?.ui?.nodes) ? flow.ui.nodes : []).entries()) {
			const {attributes} = node ?? {};
			if (attributes?.node_type === 'input' && attributes.type === 'password' && attributes.value !== undefined && attributes.value !== '') {
				add(['response', 'body', 'ui', 'nodes', index, 'attributes', 'value'], `the password input ${JSON.stringify(attributes.name)} carries a value`);
			}
		}
		return violations;
	},
};

/** A native login's 200 without its `session_token` (the token it hands out on purpose), else undefined. */
function handedOut({exchange, case: contractCase}: Parameters<typeof noSecretEcho.run>[0]): string | undefined {
	const body = exchange.response!.body as {session_token?: unknown} | undefined;
	if (contractCase.operation.path !== '/self-service/login' || exchange.response!.status !== 200 || typeof body?.session_token !== 'string') return undefined;
	// Once: the token anywhere else in the answer is still an echo.
	return exchange.response!.text.replace(JSON.stringify(body.session_token), '""');
}

/** The `password` of a JSON request body, when it has one long enough to be told apart from other text. */
function passwordIn(body: string | undefined): string | undefined {
	try {
		const password = (JSON.parse(body ?? '') as {password?: unknown}).password;
		return typeof password === 'string' && password.length >= 5 ? password : undefined;
	} catch {
		return undefined;
	}
}
