// Finding a value (a secret, a trait) in what a server sent, in whichever encoding the server gave it (the forms of
// ../secret-forms.ts, which the redactor removes alike), and the secrets an exchange involves. A check that finds one
// says what it found and where, never the value itself.
import {encodedForms, readings} from '../../base/secret-forms.js';
import {cookiesSent} from './cookies.js';
import type {Exchange} from '../../base/model.js';
import {flowIn} from './util.js';import type {CheckContext} from '../../base/model.js';


/** Whether `text`, read as is or URL-decoded, holds `value` in any of its forms. */
export function holds(text: string, value: string, options: {wholeToken?: boolean} = {}): boolean {
	const forms = encodedForms(value);
	return readings(text).some((reading) => forms.some((form) => (options.wholeToken ? hasToken(reading, form) : reading.includes(form))));
}

const WORD = /[\p{L}\p{N}]/u;

/** `form` occurs in `text` not as part of a longer word or number (a trait `anna` is not in `Johanna`). */
function hasToken(text: string, form: string): boolean {
	for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
		const before = text[at - 1];
		const after = text[at + form.length];
		const edge = (char: string | undefined, inside: string | undefined) => char === undefined || !WORD.test(char) || !WORD.test(inside ?? '');
		if (edge(before, form[0]) && edge(after, form.at(-1))) return true;
	}
	return false;
}

/** A secret of an exchange, by what it is: never its value in any output. */
export interface Secret {
	readonly what: string;
	readonly value: string;
}

// Shorter values are not secrets a server generates (Kratos's tokens and cookies are 32+ characters).
const MIN_SECRET_LENGTH = 8;

/**
 * The secrets an exchange involves: the request's session token and each cookie value it sent, the CSRF token it
 * posted or the flow in the answer carries, a TOTP secret the flow shows while one is being linked, and a session
 * token continue_with hands over.
 */
export function secretsOf(context: CheckContext): Secret[] {
	const {request} = context.exchange;
	const found: Secret[] = [];
	const add = (what: string, value: unknown) => {
		if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH && !found.some((secret) => secret.value === value)) found.push({what, value});
	};
	add('the session token', request.headers['x-session-token']);
	for (const {name, value} of cookiesSent(request.headers.cookie)) add(`the value of the cookie ${name || '(unnamed)'}`, value);
	add('the CSRF token', (parse(request.body) as {csrf_token?: unknown} | undefined)?.csrf_token);
	const flow = flowIn(context);
	for (const node of Array.isArray(flow?.ui?.nodes) ? (flow.ui.nodes as Record<string, any>[]) : []) {
		const attributes = node?.attributes;
		if (attributes?.name === 'csrf_token') add("the flow's CSRF token", attributes.value);
		if (attributes?.node_type === 'text' && attributes.id === 'totp_secret_key') {
			add('the TOTP secret', attributes.text?.context?.secret);
			add('the TOTP secret', attributes.text?.text);
		}
	}
	const body = context.exchange.response?.body as {continue_with?: unknown} | undefined;
	for (const item of Array.isArray(body?.continue_with) ? (body.continue_with as Record<string, unknown>[]) : []) add('a session token in continue_with', item?.ory_session_token);
	return found;
}

function parse(text: string | undefined): unknown {
	try {
		return text ? JSON.parse(text) : undefined;
	} catch {
		return undefined;
	}
}

/** Every string in a JSON value, with its location. */
export function* stringsIn(value: unknown, location: (string | number)[] = []): Generator<[(string | number)[], string]> {
	if (typeof value === 'string') yield [location, value];
	else if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* stringsIn(item, [...location, index]);
	else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) yield* stringsIn(item, [...location, key]);
}

/** An absolute http(s) URL, or undefined. */
export function asUrl(value: unknown): URL | undefined {
	if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return undefined;
	try {
		return new URL(value);
	} catch {
		return undefined;
	}
}

/** Every absolute URL an answer holds, with where: the Location header and each URL string of the JSON body. */
export function urlsIn(response: NonNullable<Exchange['response']>): {location: (string | number)[]; url: string}[] {
	const found: {location: (string | number)[]; url: string}[] = [];
	if (response.headers.location) found.push({location: ['response', 'header', 'location'], url: response.headers.location});
	for (const [location, value] of stringsIn(response.body)) if (asUrl(value)) found.push({location: ['response', 'body', ...location], url: value});
	return found;
}
