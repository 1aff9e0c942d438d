// A refresh privileges the session for privileged_session_max_age; on a machine too busy to make the change within that
// age, the change's refusal is the age again and says nothing of the refresh. Only then is it not judged.
import {describe, expect, test} from 'vitest';
import {refusedForAgeAgain} from '../../contract-tests/targets/live/logins.js';
import type {KratosAnswer} from '../../contract-tests/base/kratos-http.js';

/** An answer as kratosRequest gives it: Kratos's JSON error with its id, or a JSON body. */
const answer = (status: number, id?: string): KratosAnswer => ({
	status,
	body: id ? {error: {code: status, id}} : {},
	response: new Response(null, {status, headers: {'content-type': 'application/json; charset=utf-8'}}),
});
const AGE = 15_000;

describe('a change refused after a refresh', () => {
	test('is the server’s when it came within the privileged age of the refresh', () => {
		expect(refusedForAgeAgain(answer(403, 'session_refresh_required'), 1_000, 1_000 + AGE - 1, AGE)).toBeUndefined();
		expect(refusedForAgeAgain(answer(403, 'session_refresh_required'), 1_000, 1_500, AGE)).toBeUndefined();
	});

	test('cannot be told from the age when it came the privileged age or later after the refresh, and says so with the figures', () => {
		const why = refusedForAgeAgain(answer(403, 'session_refresh_required'), 1_000, 1_000 + AGE, AGE);
		expect(why).toMatch(/answered 15\.0 s after the refresh was sent, past the privileged age \(15 s\)/);
		expect(refusedForAgeAgain(answer(403, 'session_refresh_required'), 1_000, 1_000 + 3 * AGE, AGE)).toBeDefined();
	});

	test('any other answer is judged, however late', () => {
		for (const late of [answer(200), answer(403, 'session_aal2_required'), answer(400), undefined]) {
			expect(refusedForAgeAgain(late, 1_000, 1_000 + 10 * AGE, AGE)).toBeUndefined();
		}
	});

	test('an unknown age never excuses a refusal', () => {
		expect(refusedForAgeAgain(answer(403, 'session_refresh_required'), 1_000, 1_000 + 10 * AGE, Number.POSITIVE_INFINITY)).toBeUndefined();
	});
});
