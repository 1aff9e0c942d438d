// One list of the forms a secret takes (contract-tests/secret-forms.ts): the checks find a secret in each of them, and
// the redactor removes each of them, so nothing a check finds reaches an output.
import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {holds} from '../../contract-tests/checks/support/values.js';
import {REDACTED, createRedactor} from '../../contract-tests/base/redact.js';
import {encodedForms} from '../../contract-tests/base/secret-forms.js';
import {SECRETS} from '../mutation/stand-in.js';

describe('the forms of a secret', () => {
	test('as is, URL-encoded once and twice, form-encoded, JSON- and Go-JSON-escaped, and each HTML-escaped', () => {
		expect(encodedForms(`a&b<c>"d' +/`)).toEqual([
			`a&b<c>"d' +/`,
			`a&b<c>\\"d' +/`,
			`a\\u0026b\\u003cc\\u003e\\"d' +/`,
			'a%26b%3Cc%3E%22d\'%20%2B%2F',
			'a%2526b%253Cc%253E%2522d\'%2520%252B%252F',
			'a%26b%3Cc%3E%22d%27+%2B%2F',
			`a&amp;b&lt;c&gt;&quot;d' +/`,
			'a&amp;b&lt;c&gt;&quot;d&#39; +/',
			'a&amp;b&lt;c&gt;&quot;d&#x27; +/',
			`a&amp;b&lt;c&gt;&#34;d' +/`,
			'a&amp;b&lt;c&gt;&#34;d&#39; +/',
			'a&amp;b&lt;c&gt;&#34;d&#x27; +/',
			`a&amp;b&lt;c&gt;\\&quot;d' +/`,
			'a&amp;b&lt;c&gt;\\&quot;d&#39; +/',
			'a&amp;b&lt;c&gt;\\&quot;d&#x27; +/',
			`a&amp;b&lt;c&gt;\\&#34;d' +/`,
			'a&amp;b&lt;c&gt;\\&#34;d&#39; +/',
			'a&amp;b&lt;c&gt;\\&#34;d&#x27; +/',
			`a\\u0026b\\u003cc\\u003e\\&quot;d' +/`,
			'a\\u0026b\\u003cc\\u003e\\&quot;d&#39; +/',
			'a\\u0026b\\u003cc\\u003e\\&quot;d&#x27; +/',
			`a\\u0026b\\u003cc\\u003e\\&#34;d' +/`,
			'a\\u0026b\\u003cc\\u003e\\&#34;d&#39; +/',
			'a\\u0026b\\u003cc\\u003e\\&#34;d&#x27; +/',
		]);
		// Go's encoding/json also escapes the two line separators JavaScript's JSON.stringify leaves as they are.
		expect(encodedForms('line\u2028sep\u2029')).toContain('line\\u2028sep\\u2029');
	});

	test.each(Object.entries(SECRETS))('every form of the %s sentinel is found by the checks and removed by the redactor', (_, value) => {
		const redactor = createRedactor([value]);
		for (const form of encodedForms(value)) {
			const text = `a server's answer: ${form} (end)`;
			expect(holds(text, value), form).toBe(true);
			expect(redactor.text(text), form).toBe(`a server's answer: ${REDACTED} (end)`);
		}
	});

	test('a secret percent-encoded in a way no form foresees: the checks find it by decoding, the redactor removes its run', () => {
		const odd = [...SECRETS.owner].map((char) => `%${char.charCodeAt(0).toString(16)}`).join('');
		const text = `Location: https://accounts.example/login?return_to=https%3a%2f%2fapp.example%2f%3ft%3d${odd} and more`;
		expect(holds(text, SECRETS.owner)).toBe(true);
		const redacted = createRedactor([SECRETS.owner]).text(text);
		expect(redacted).toBe(`Location: ${REDACTED} and more`);
		expect(holds(redacted, SECRETS.owner)).toBe(false);
	});

	test('property: whatever form of a value the checks find in a text, the redacted text no longer holds', () => {
		const char = fc.constantFrom(...'abcXYZ019&<>"\' +/%=;é\u2028'.split(''));
		const value = fc.string({unit: char, minLength: 8, maxLength: 24}).filter((text) => /[a-zA-Z0-9]/.test(text));
		fc.assert(
			fc.property(value, fc.nat(), (secret, pick) => {
				const forms = encodedForms(secret);
				const text = `before ${forms[pick % forms.length]} after`;
				expect(holds(text, secret)).toBe(true);
				expect(holds(createRedactor([secret]).text(text), secret)).toBe(false);
			}),
		);
	});
});
