// One base class, one subclass per file, and guards that recognise an error from another copy of the package.
import {expect, test, vi} from 'vitest';
import * as errors from '../../src/index.js';

const made = [
	new errors.AbortError('https://a.example/x', 'stop'),
	new errors.InvalidRequestError('id must be a string'),
	new errors.InvalidResponseError(502, 'https://a.example/x', 'is not JSON but text/html'),
	new errors.MiddlewareError('https://a.example/x', new Error('the logger broke')),
	new errors.NetworkError('https://a.example/x', new TypeError('fetch failed', {cause: {code: 'ECONNREFUSED'}})),
	new errors.ResponseValidationError('https://a.example/x', 200, [{path: '/id', keyword: 'format', message: 'must match format "uuid"'}]),
	new errors.TimeoutError('https://a.example/x', 100),
];

const guards: Record<string, (error: unknown) => boolean> = {
	AbortError: errors.isAbortError,
	InvalidRequestError: errors.isInvalidRequestError,
	InvalidResponseError: errors.isInvalidResponseError,
	MiddlewareError: errors.isMiddlewareError,
	NetworkError: errors.isNetworkError,
	ResponseValidationError: errors.isResponseValidationError,
	TimeoutError: errors.isTimeoutError,
};

test('every error shares the base class, and exactly its own guard says yes', () => {
	for (const error of made) {
		expect(error).toBeInstanceOf(errors.KratosClientError);
		expect(error).toBeInstanceOf(Error);
		expect(errors.isKratosClientError(error)).toBe(true);
		for (const [name, guard] of Object.entries(guards)) expect(guard(error), `${name}(${error.name})`).toBe(name === error.name);
	}
	expect(Object.keys(guards).sort()).toEqual(made.map((error) => error.name).sort());
});

test('errors carry url and status as fields', () => {
	expect(made[2]).toMatchObject({url: 'https://a.example/x', status: 502});
	expect(made[6]).toMatchObject({url: 'https://a.example/x', status: undefined, timeoutMs: 100});
	expect(made[0]!.cause).toBe('stop');
});

test('JSON.stringify keeps name, message, url, status and the own fields, but not cause', () => {
	expect(JSON.parse(JSON.stringify(made[6]))).toEqual({name: 'TimeoutError', message: 'No complete answer from https://a.example/x within 100 ms', url: 'https://a.example/x', timeoutMs: 100});
	expect(JSON.parse(JSON.stringify(made[3]))).toEqual({name: 'MiddlewareError', message: 'A middleware failed on the request to https://a.example/x: the logger broke', url: 'https://a.example/x'});
});

test('the guards recognise an error made by another copy of the package, where instanceof cannot', async () => {
	vi.resetModules();
	const copy = (await import(`../../src/index.js?${'another-copy'}`)) as typeof errors;
	const foreign = new copy.TimeoutError('https://a.example/x', 5);
	expect(copy.TimeoutError).not.toBe(errors.TimeoutError);
	expect(foreign instanceof errors.TimeoutError).toBe(false);
	expect(errors.isTimeoutError(foreign)).toBe(true);
	expect(errors.isKratosClientError(foreign)).toBe(true);
	expect(errors.isNetworkError(foreign)).toBe(false);
});

test("the platform's own errors of the same name are not ours", () => {
	expect(errors.isTimeoutError(new DOMException('timed out', 'TimeoutError'))).toBe(false);
	expect(errors.isAbortError(new DOMException('aborted', 'AbortError'))).toBe(false);
	expect(errors.isKratosClientError({name: 'TimeoutError', message: 'x'})).toBe(false);
	expect(errors.isKratosClientError(null)).toBe(false);
});
