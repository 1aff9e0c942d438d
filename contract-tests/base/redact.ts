// The one redaction step every report, log line and error message goes through. Two layers: the secrets the run
// knows (tokens, cookies it sent), and what a Kratos answer itself carries that must not be shown (CSRF token values,
// the TOTP secret while enrolling an authenticator app, lookup codes, session tokens in continue_with).

import {encodedForms, readings} from './secret-forms.js';

export const REDACTED = '[REDACTED]';

/** A run of characters up to a space, a quote or an angle bracket (one pass: no backtracking on a long body). */
const RUN = /[^\s"'<>]+/g;

const PATTERNS: readonly [RegExp, string][] = [
	// Ory session tokens and cookies, wherever they appear (curl lines, messages, bodies).
	[/ory_st_[A-Za-z0-9_-]+/g, `ory_st_${REDACTED}`],
	[/\b((?:ory_kratos_session|ory_session_[A-Za-z0-9_-]*|csrf_token[A-Za-z0-9_]*)=)[^;\s"',]+/g, `$1${REDACTED}`],
	// A header line: at the start of a text, a line or a quoted curl argument (not "a cookie: …" in a sentence).
	[/(?<=^|[\r\n'"])(X-Session-Token|Cookie|Set-Cookie|Authorization)(:\s*)[^\r\n"']+/gi, `$1$2${REDACTED}`],
	// An otpauth:// URI carries the TOTP secret in its query.
	[/otpauth:\/\/[^\s"']+/g, `otpauth://${REDACTED}`],
];

// Headers and JSON fields whose value is a secret: credentials, and what an update sends to change them.
const SECRET_KEYS =
	/^(x-session-token|cookie|set-cookie|authorization|session_token|ory_session_token|csrf_token|password|totp_code|webauthn_register|passkey_settings_register|passkey_register)$/i;
// ui text/img nodes whose content is a secret (Kratos's own node ids).
const SECRET_NODE_IDS = new Set(['totp_secret_key', 'totp_qr', 'lookup_secret_codes']);

export interface Redactor {
	/** A string with every known secret and secret-shaped value replaced. */
	text(value: string): string;
	/** A deep copy of a JSON-like value with secret fields replaced, then every string through `text`. */
	value<T>(value: T): T;
}

export function createRedactor(secrets: readonly (string | undefined)[] = []): Redactor {
	// A Cookie header is also each of its cookies' values on its own: a server may quote one without its name.
	const values = secrets.flatMap((secret) => (secret ? [secret, ...cookieValues(secret)] : []));
	// Every form the checks look for (URL-encoded once or twice, JSON- and Go-JSON-escaped, HTML-escaped: a server may
	// quote a request body inside a JSON string, or in an HTML page), longest first, so a cookie header is replaced
	// whole before the token inside it.
	const known = [...new Set(values.filter((secret) => secret.length >= 4).flatMap(encodedForms))].sort((a, b) => b.length - a.length);

	const text = (input: string): string => {
		let output = input;
		for (const secret of known) output = output.replaceAll(secret, REDACTED);
		for (const [pattern, replacement] of PATTERNS) output = output.replace(pattern, replacement);
		// What the checks find only by URL-decoding (a value percent-encoded in a way no form foresees): the whole run
		// of characters it sits in, since its bounds inside the run cannot be told.
		if (!known.length || !output.includes('%')) return output;
		return output.replace(RUN, (run) => (run.includes('%') && readings(run).some((reading) => known.some((form) => reading.includes(form))) ? REDACTED : run));
	};

	const walk = (input: unknown, key?: string): unknown => {
		if (typeof input === 'string') return key !== undefined && SECRET_KEYS.test(key) ? REDACTED : text(input);
		if (Array.isArray(input)) return input.map((item) => walk(item));
		if (input === null || typeof input !== 'object') return input;
		const object = input as Record<string, unknown>;
		const output: Record<string, unknown> = {};
		for (const [name, value] of Object.entries(object)) {
			output[name] = SECRET_KEYS.test(name) && value !== null && typeof value !== 'object' ? REDACTED : walk(value, name);
		}
		// ui node attributes: the CSRF input's value, and the secret text/image nodes. Matched by name and id only,
		// not node_type: a broken server's node is exactly the one a violation quotes.
		if (object.name === 'csrf_token' && 'value' in object) output.value = REDACTED;
		if (typeof object.id === 'string' && SECRET_NODE_IDS.has(object.id)) {
			if ('src' in output) output.src = REDACTED;
			if (output.text && typeof output.text === 'object') {
				output.text = {...(output.text as object), text: REDACTED, ...('context' in (output.text as object) && {context: REDACTED})};
			}
		}
		return output;
	};

	return {text, value: <T>(value: T) => walk(value) as T};
}

/**
 * The secret values a JSON body carries in the places `value()` redacts, so `text()` can also remove them from raw
 * bodies, excerpts and messages that quote them.
 */
export function secretsIn(input: unknown, key?: string, found: string[] = []): string[] {
	if (typeof input === 'string') {
		if (key !== undefined && SECRET_KEYS.test(key)) found.push(input);
		return found;
	}
	if (Array.isArray(input)) {
		for (const item of input) secretsIn(item, undefined, found);
		return found;
	}
	if (input === null || typeof input !== 'object') return found;
	const object = input as Record<string, unknown>;
	if (object.name === 'csrf_token' && typeof object.value === 'string') found.push(object.value);
	if (typeof object.id === 'string' && SECRET_NODE_IDS.has(object.id)) {
		if (typeof object.src === 'string') found.push(object.src);
		const inner = object.text as {text?: unknown; context?: unknown} | undefined;
		if (typeof inner?.text === 'string') found.push(inner.text);
		collectStrings(inner?.context, found);
	}
	for (const [name, value] of Object.entries(object)) secretsIn(value, name, found);
	return found;
}

/**
 * The secrets in a secret node's `context`: the TOTP secret (`secret`) and each lookup code (`secrets[].text`); not
 * their message `type` ("info"), which would then be redacted everywhere.
 */
function collectStrings(input: unknown, found: string[], key?: string): void {
	if (typeof input === 'string') {
		if (key === undefined || key === 'secret' || key === 'text') found.push(input);
	} else if (Array.isArray(input)) {
		for (const value of input) collectStrings(value, found, key);
	} else if (input && typeof input === 'object') {
		for (const [name, value] of Object.entries(input)) collectStrings(value, found, name === 'secrets' ? undefined : name);
	}
}

/** The values of `name=value` pairs in a Cookie header (6 characters or more: a shorter one is no secret to find). */
function cookieValues(header: string): string[] {
	if (!/^[^=;\s]+=/.test(header)) return [];
	return header
		.split(';')
		.map((pair) => pair.slice(pair.indexOf('=') + 1).trim())
		.filter((value) => value.length >= 6);
}

