import type {Check, CheckContext} from '../base/model.js';
import {flowIn, needsResponse} from './support/util.js';
import {stringsIn} from './support/values.js';

/**
 * What a server's internals look like in a text: SQL (the ORM's statements are upper case, so English prose such as
 * "select a value from the list" is not taken for it), database driver errors, a Go panic or stack trace, a source
 * position.
 */
const INTERNALS: readonly (readonly [label: string, pattern: RegExp])[] = [
	['an SQL statement (SELECT … FROM)', /\bSELECT\s[\s\S]{0,300}?\sFROM\s/],
	['an SQL statement (INSERT INTO)', /\bINSERT\s+INTO\b/],
	['an SQL statement (UPDATE … SET)', /\bUPDATE\s+["`]?\w+["`]?\s+SET\b/],
	['an SQL statement (DELETE FROM)', /\bDELETE\s+FROM\b/],
	['an SQL error state (SQLSTATE)', /SQLSTATE/],
	['a database error (sqlite)', /\bsqlite/i],
	['a database error (pq:)', /\bpq: /],
	['a database error (mysql)', /\bError \d{4}(?: \(\w+\))?: /],
	['a database error (constraint)', /\bviolates (?:unique|foreign key|not-null|check) constraint\b/],
	['a Go stack trace (goroutine)', /\bgoroutine \d+ \[/],
	['a Go panic', /\bpanic: /],
	['a Go runtime frame', /\bruntime\/(?:debug\b|[a-z_]+\.go\b)|\bruntime\.(?:gopanic|goexit|main)\b/],
	['a source position (.go:line)', /\.go:\d+\b/],
];

/** The texts of an answer that describe an error: every string of an error body, a flow's messages, an error page. */
function errorTexts(context: CheckContext): [(string | number)[], string][] {
	const response = context.exchange.response!;
	const body = response.body as Record<string, any> | undefined;
	if (body && typeof body === 'object' && !Array.isArray(body) && 'error' in body) return [...stringsIn(body, ['response', 'body'])];
	const flow = flowIn(context);
	if (flow) {
		const texts: [(string | number)[], string][] = [];
		for (const [index, message] of (Array.isArray(flow.ui?.messages) ? flow.ui.messages : []).entries()) {
			if (typeof message?.text === 'string') texts.push([['response', 'body', 'ui', 'messages', index, 'text'], message.text]);
		}
		for (const [index, node] of (Array.isArray(flow.ui?.nodes) ? flow.ui.nodes : []).entries()) {
			for (const [at, message] of (Array.isArray(node?.messages) ? node.messages : []).entries()) {
				if (typeof message?.text === 'string') texts.push([['response', 'body', 'ui', 'nodes', index, 'messages', at, 'text'], message.text]);
			}
		}
		return texts;
	}
	// An error page that is not JSON (a proxy's, or a crash's).
	return response.status >= 400 && response.text ? [[['response', 'body'], response.text]] : [];
}

/**
 * Security (OWASP API8, ASVS V7.4 / V14.3): an error tells the client what went wrong, never how the server is built:
 * no SQL, database driver error, stack trace or source position in any field of an error body (`message`, `reason`,
 * `details`, `debug`, …), in a flow's messages or on an error page, at any status. Kratos writes its own texts, but an
 * error it does not know becomes a 500 whose message is the error's own text (herodot error_default.go:327-333, as
 * Kratos v1.3.1 uses it): a database error passes straight through. What was found is named, not quoted (an SQL
 * statement may carry someone's data).
 */
export const noInternals: Check = {
	name: 'no_internals',
	order: 440,
	description: 'Security: no SQL, database error, stack trace or source position in an error',
	targets: ['live'],
	skip: (context) => needsResponse(context) ?? (errorTexts(context).length ? undefined : 'no error text in the answer'),
	run(context) {
		return errorTexts(context).flatMap(([location, text]) =>
			INTERNALS.filter(([, pattern]) => pattern.test(text)).map(([label]) => ({
				title: 'SECURITY: an error shows the server’s internals',
				location,
				code: 'internals',
				message: `${location.slice(1).join('.')} holds ${label}: an error must not show how the server is built (log it, answer a generic message)`,
				received: `(${label}, not shown)`,
				expected: "Kratos's own error texts, without internals",
			})),
		);
	},
};
