// The forms a secret takes in what a server sends and in what the suite writes: one list, used by the checks that
// look for a secret in an answer (checks/support/values.ts) and by the redaction every output goes through (base/redact.ts),
// so that no form one of them finds is missed by the other. It imports nothing: both layers can stand on it.

/** Inside a JSON string, as JSON.stringify writes it. */
const jsonEscaped = (value: string) => JSON.stringify(value).slice(1, -1);

/** Inside a JSON string, as Go's encoding/json writes it: it also escapes `<`, `>`, `&`, U+2028 and U+2029. */
const goJsonEscaped = (value: string) =>
	jsonEscaped(value)
		.replaceAll('<', '\\u003c')
		.replaceAll('>', '\\u003e')
		.replaceAll('&', '\\u0026')
		.replaceAll('\u2028', '\\u2028')
		.replaceAll('\u2029', '\\u2029');

/**
 * HTML-escaped, with each spelling of the quotes in use: Go's html.EscapeString (`&#34;`, `&#39;`), this package's
 * reports and most template engines (`&quot;`, the apostrophe as is or `&#x27;`).
 */
const htmlEscaped = (value: string): string[] => {
	const base = value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
	return ['&quot;', '&#34;'].flatMap((quote) => ["'", '&#39;', '&#x27;'].map((apostrophe) => base.replaceAll('"', quote).replaceAll("'", apostrophe)));
};

/**
 * Every form of a value: as is; URL-encoded once and twice (a URL inside a URL's query); as a form query encodes it
 * (`+` for a space); inside a JSON string as JSON.stringify and as Go's encoding/json write it (`\u0026`, `\u003c`,
 * `\u003e`); and each of those HTML-escaped (Go's http.Redirect writes the Location into an HTML body, an error page
 * may quote a JSON body). Without duplicates; the value itself first.
 */
export function encodedForms(value: string): string[] {
	const once = encodeURIComponent(value);
	const inStrings = [value, jsonEscaped(value), goJsonEscaped(value)];
	return [...new Set([...inStrings, once, encodeURIComponent(once), new URLSearchParams({v: value}).toString().slice(2), ...inStrings.flatMap(htmlEscaped)])];
}

/** Each run of %XX escapes decoded on its own, so one stray `%` elsewhere in a text does not stop the rest. */
const decoded = (text: string): string =>
	text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
		try {
			return decodeURIComponent(run);
		} catch {
			return run;
		}
	});

/**
 * A text as a server may have encoded it: as is, and URL-decoded once and twice. Decoding also finds a value
 * percent-encoded in a way no list of forms foresees (`%6Fry_st_…`, lower-case hex).
 */
export const readings = (text: string): string[] => [...new Set([text, decoded(text), decoded(decoded(text))])];
