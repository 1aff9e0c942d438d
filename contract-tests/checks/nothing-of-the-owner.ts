import type {Check, Violation} from '../base/model.js';
import {needsResponse} from './support/util.js';
import {holds, stringsIn} from './support/values.js';

// Shorter trait values (a country code, an initial) are in too many texts to say anything; so are short numbers
// (a year, an employee number: a Date or Content-Length header, a timestamp), unlike a phone number.
const MIN_TRAIT_LENGTH = 4;
const MIN_NUMBER_LENGTH = 8;
const telling = (value: string) => value.length >= (/\p{L}/u.test(value) ? MIN_TRAIT_LENGTH : MIN_NUMBER_LENGTH);

/**
 * Security (OWASP API1/API3, ASVS V8.3): another identity's session learns nothing of the flow's owner, anywhere in the
 * answer (body, every header, a redirect's Location): not the owner's identity id, not a value of its traits (a string
 * of 4 or more characters, 8 without a letter; raw, URL-encoded, JSON- or HTML-escaped, as a whole word).
 * flow_belongs_to_session judges the flows; this judges every answer, errors and redirects too. Kratos v1.3.1 refuses such a session before it writes
 * anything of the flow: 403 `security_identity_mismatch` (selfservice/flow/settings/handler.go:415-417 for a read,
 * flow.go:196-204 for an update). What was found is named by its trait path, never quoted.
 */
export const nothingOfTheOwner: Check = {
	name: 'nothing_of_the_owner',
	order: 450,
	description: "Security: an answer to another identity's session holds nothing of the flow's owner (id, traits)",
	targets: ['live'],
	skip: (context) => needsResponse(context) ?? (context.expect.truth.owner ? undefined : "not another identity's request"),
	run(context) {
		const {identityId, traits} = context.expect.truth.owner!;
		const {response} = context.exchange;
		const wanted: {what: string; value: string}[] = [{what: "the owner's identity id", value: identityId}];
		for (const [path, value] of stringsIn(traits, ['traits'])) {
			if (telling(value)) wanted.push({what: `a value of the owner's traits (${path.join('.')})`, value});
		}
		const places: [(string | number)[], string, string][] = [
			[['response', 'body'], 'the body', response!.text],
			...Object.entries(response!.headers).map(([name, value]): [(string | number)[], string, string] => [['response', 'header', name], `the ${name} header`, value]),
		];
		const violations: Violation[] = [];
		for (const {what, value} of wanted) {
			for (const [location, where, text] of places) {
				if (!holds(text, value, {wholeToken: true})) continue;
				violations.push({
					title: "SECURITY: the answer shows another identity's data",
					location,
					code: 'owner_disclosed',
					message: `${where} holds ${what}, in an answer to another identity's session`,
					received: `(${what}, not shown)`,
					expected: 'nothing of the owner',
				});
			}
		}
		return violations;
	},
};
