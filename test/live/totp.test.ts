// The suite's own TOTP codes (node:crypto, so the shipped command carries no OTP library) against otpauth, a library
// made for the job: the same code for any secret and any moment, and a "wrong" code that is never one Kratos accepts.
import fc from 'fast-check';
import * as OTPAuth from 'otpauth';
import {describe, expect, test} from 'vitest';
import {totpCode, wrongTotpCode} from '../../contract-tests/targets/live/totp.js';

const secrets = fc.uint8Array({minLength: 10, maxLength: 40}).map((bytes) => new OTPAuth.Secret({buffer: bytes.buffer as ArrayBuffer}).base32);
// From 2000 to 2100: a clock is never within two steps of the epoch, where a step before it has no counter.
const moments = fc.integer({min: 946_684_800_000, max: 4_102_444_800_000});
const otpauth = (secret: string, timestamp: number) => OTPAuth.TOTP.generate({secret: OTPAuth.Secret.fromBase32(secret), timestamp});

describe('TOTP codes', () => {
	test('the same code as otpauth for any secret and moment, and for the steps either side', () => {
		fc.assert(
			fc.property(secrets, moments, fc.integer({min: -2, max: 2}), (secret, at, offset) => {
				expect(totpCode(secret, at, offset)).toBe(otpauth(secret, at + offset * 30_000));
			}),
		);
	});

	test('a secret as an app shows it (lower case, spaces, padding) gives the same code', () => {
		const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
		const shown = secret.toLowerCase().replace(/(.{4})/g, '$1 ') + '==';
		expect(totpCode(shown, 1_700_000_000_000)).toBe(otpauth(secret, 1_700_000_000_000));
	});

	test('the wrong code is six digits and none of the codes of the five steps around the moment', () => {
		fc.assert(
			fc.property(secrets, moments, (secret, at) => {
				const wrong = wrongTotpCode(secret, at);
				expect(wrong).toMatch(/^\d{6}$/);
				for (const offset of [-2, -1, 0, 1, 2]) expect(wrong).not.toBe(otpauth(secret, at + offset * 30_000));
			}),
		);
	});

	test("the wrong code passes over a candidate that is the moment's code (found once by search: 123456 at this moment)", () => {
		const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
		const at = 1_701_766_160_000;
		expect(otpauth(secret, at)).toBe('123456');
		expect(wrongTotpCode(secret, at)).not.toBe('123456');
		expect(wrongTotpCode(undefined, at), 'without a secret nothing is known to avoid').toBe('123456');
	});

	test('a secret that is not base32 is refused, never turned into a code', () => {
		expect(() => totpCode('not-base32!', 0)).toThrow('not a base32 secret');
	});
});
