// TOTP codes (RFC 6238: HMAC-SHA1 over 30-second steps, six digits, what Kratos's totp method uses) from a base32
// secret, with node:crypto: the shipped command carries no OTP library for two small functions.
import {createHmac} from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const STEP_MS = 30_000;

/** The secret's bytes; the secret is checked as base32 where the configuration is read. */
function base32Bytes(secret: string): Buffer {
	let bits = 0;
	let value = 0;
	const bytes: number[] = [];
	for (const char of secret.toUpperCase().replaceAll(/[\s=]/g, '')) {
		const index = BASE32.indexOf(char);
		if (index < 0) throw new Error('not a base32 secret');
		value = (value << 5) | index;
		bits += 5;
		if (bits >= 8) {
			bytes.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(bytes);
}

/** The code of the time step `offset` steps from the one `at` falls in (RFC 4226 dynamic truncation). */
export function totpCode(secret: string, at = Date.now(), offset = 0): string {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(at / STEP_MS) + offset));
	const mac = createHmac('sha1', base32Bytes(secret)).update(counter).digest();
	const start = mac[mac.length - 1]! & 0x0f;
	return String((mac.readUInt32BE(start) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * A six-digit code no authenticator app of this secret shows now or in the steps Kratos also accepts around it (one
 * either side, and one more for the time the request takes): certainly wrong, yet shaped like a right one.
 */
export function wrongTotpCode(secret: string | undefined, at = Date.now()): string {
	const near = secret === undefined ? new Set<string>() : new Set([-2, -1, 0, 1, 2].map((offset) => totpCode(secret, at, offset)));
	for (let candidate = 0; ; candidate++) {
		const code = String((candidate * 7_919 + 123_456) % 1_000_000).padStart(6, '0');
		if (!near.has(code)) return code;
	}
}
