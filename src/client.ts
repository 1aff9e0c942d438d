import createClient from 'openapi-fetch';
import type {paths} from '../generated/kratos-settings-flow.js';
import {AbortError} from './errors/abort-error.js';
import {InvalidRequestError} from './errors/invalid-request-error.js';
import {InvalidResponseError} from './errors/invalid-response-error.js';
import {NetworkError} from './errors/network-error.js';
import {ResponseValidationError} from './errors/response-validation-error.js';
import {TimeoutError} from './errors/timeout-error.js';
import type {GetSettingsFlowResult, KratosError, SettingsFlow, TransportError} from './result.js';
import type {SettingsFlowValidator} from './validator.js';

export interface SettingsFlowClientOptions {
	/**
	 * Kratos's public API URL. A path prefix is kept, as behind a reverse proxy.
	 * @example 'https://accounts.example.com/auth'
	 */
	readonly baseUrl: string;
	/**
	 * Native apps: the session token, sent as `X-Session-Token`.
	 * @default undefined
	 * @example 'ory_st_…'
	 */
	readonly sessionToken?: string | undefined;
	/**
	 * Server side: the `Cookie` header of the incoming browser request, forwarded so Kratos sees the session and
	 * CSRF cookies. Browsers ignore it (they send their own cookies, see `credentials`).
	 * @default undefined
	 * @example request.headers.cookie
	 */
	readonly cookie?: string | undefined;
	/**
	 * Browsers: `'include'` sends the browser's Kratos cookies when Kratos is on another origin.
	 * @default undefined (fetch's own default, 'same-origin')
	 * @example 'include'
	 */
	readonly credentials?: RequestCredentials | undefined;
	/**
	 * Give up when the whole answer, body included, has not arrived in this many milliseconds.
	 * @default 10000
	 * @example 3000
	 */
	readonly timeoutMs?: number | undefined;
	/**
	 * Refuse bodies larger than this many bytes instead of reading them into memory.
	 * @default 5000000
	 * @example 1000000
	 */
	readonly maxBodyBytes?: number | undefined;
	/**
	 * Check each 200 body at run time; a violation comes back as a `ResponseValidationError`.
	 * @default undefined (bodies are trusted to match the types)
	 * @example validateSettingsFlow // from 'kratos-settings-flow-contract/validate'
	 */
	readonly validate?: SettingsFlowValidator | undefined;
	/**
	 * The fetch to call.
	 * @default globalThis.fetch
	 * @example (input, init) => fetch(input, {...init, dispatcher})
	 */
	readonly fetch?: ((input: Request, init?: RequestInit) => Promise<Response>) | undefined;
}

/** Per-call options; `sessionToken` and `cookie` replace the client's for this call. */
export interface GetSettingsFlowOptions {
	readonly sessionToken?: string | undefined;
	readonly cookie?: string | undefined;
	/** Abort this call; it then resolves with an `AbortError`. @default undefined */
	readonly signal?: AbortSignal | undefined;
	/** @default the client's `timeoutMs` */
	readonly timeoutMs?: number | undefined;
}

export interface SettingsFlowClient {
	/**
	 * `GET /self-service/settings/flows?id=…`. Never rejects for anything the network or server does: every outcome
	 * is in the result. Rejects only with an `InvalidRequestError` for arguments that cannot be sent.
	 * @param id the settings flow id, as Kratos put it in the `?flow=` query parameter of your settings page
	 */
	getSettingsFlow(id: string, options?: GetSettingsFlowOptions): Promise<GetSettingsFlowResult>;
}

const PATH = '/self-service/settings/flows';
// RFC 9110 field-value: visible ASCII, space, tab and obs-text. Above all no CR/LF (header injection) or NUL.
const HEADER_UNSAFE = /[^\t\x20-\x7e\x80-\xff]/;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Creates a client for one Kratos public API. Throws an `InvalidRequestError` for options that cannot work. */
export function createSettingsFlowClient(options: SettingsFlowClientOptions): SettingsFlowClient {
	const {baseUrl, credentials, validate, timeoutMs = 10_000, maxBodyBytes = 5_000_000} = options;
	const where = checkBaseUrl(baseUrl) + PATH;
	checkHeader('sessionToken', options.sessionToken);
	checkHeader('cookie', options.cookie);
	checkPositive('timeoutMs', timeoutMs);
	checkPositive('maxBodyBytes', maxBodyBytes);
	const api = createClient<paths>({
		baseUrl,
		// Never follow a redirect: undici drops Cookie on a cross-origin hop, but not X-Session-Token.
		redirect: 'manual',
		// Without it Kratos treats the call as a browser navigation: a 302 to the login UI instead of a 401.
		headers: {Accept: 'application/json'},
		...(credentials && {credentials}),
		// The one query parameter, encoded; cheaper than openapi-fetch's generic serializer.
		querySerializer: (query) => `id=${encodeURIComponent(query.id as string)}`,
	});
	const baseFetch = options.fetch;

	return {
		async getSettingsFlow(id, call = {}) {
			if (typeof id !== 'string' || !id.isWellFormed()) {
				throw new InvalidRequestError('id must be a string of well-formed Unicode (the flow id from ?flow=)');
			}
			const sessionToken = call.sessionToken ?? options.sessionToken;
			const cookie = call.cookie ?? options.cookie;
			checkHeader('sessionToken', sessionToken);
			checkHeader('cookie', cookie);
			const ms = call.timeoutMs ?? timeoutMs;
			checkPositive('timeoutMs', ms);

			const timeout = AbortSignal.timeout(ms);
			const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
			let response: Response | undefined;
			const fail = (error: TransportError) =>
				({ok: false, kind: 'transport-error', error, response}) as const;
			let result;
			try {
				result = await api.GET(PATH, {
					params: {
						query: {id},
						header: {
							...(sessionToken && {'X-Session-Token': sessionToken}),
							...(cookie && {Cookie: cookie}),
						},
					},
					parseAs: 'text',
					signal,
					// Keep the Response, and refuse oversized bodies before they are read into memory.
					fetch: async (request: Request) => {
						response = await (baseFetch ?? fetch)(request);
						return limitBody(response, maxBodyBytes, where);
					},
				});
			} catch (error) {
				if (call.signal?.aborted) return fail(new AbortError(where, call.signal.reason));
				if (timeout.aborted) return fail(new TimeoutError(where, ms));
				if (error instanceof InvalidResponseError) return fail(error);
				return fail(new NetworkError(where, error, response !== undefined));
			}

			// The Response as the server sent it (url, headers), not the size-limited copy openapi-fetch read.
			const answer = response ?? result.response;
			const {status} = answer;
			const bad = (problem: string) => fail(new InvalidResponseError(status, where, problem));
			if ((status >= 300 && status < 400) || answer.type === 'opaqueredirect') {
				return bad(
					`is a redirect (${answer.headers.get('location') ?? 'no location'}); it is not followed so credentials never go elsewhere`,
				);
			}
			const type = answer.headers.get('content-type') ?? '';
			if (!JSON_TYPE.test(type)) return bad(`is not JSON (content-type: ${type || 'none'})`);

			if (status >= 200 && status < 300) {
				if (status !== 200) return bad('has a success status the endpoint does not document');
				const text = result.data;
				if (!text) return bad('has an empty body');
				let flow: unknown;
				try {
					flow = JSON.parse(text);
				} catch (error) {
					return bad(`is not valid JSON (${(error as Error).message}); was it truncated?`);
				}
				if (!isObject(flow)) return bad('is not a JSON object');
				const issues = validate?.(flow);
				if (issues?.length) return fail(new ResponseValidationError(where, issues));
				return {ok: true, kind: 'success', status: 200, flow: flow as SettingsFlow, response: answer};
			}

			// openapi-fetch hands over error bodies JSON-parsed when they parse, as text when not.
			const body: unknown = result.error;
			if (typeof body === 'string' || body === undefined) {
				return bad(body ? 'is not valid JSON; was it truncated?' : 'has an empty body');
			}
			if (!isObject(body) || !isObject(body.error)) return bad('is not a Kratos error body (no "error" object)');
			const error = body.error as KratosError;
			return {
				ok: false,
				kind: 'http-error',
				status,
				errorId: typeof error.id === 'string' ? error.id : undefined,
				error,
				response: answer,
			};
		},
	};
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function checkBaseUrl(baseUrl: unknown): string {
	const example = 'an absolute http(s) URL such as https://accounts.example.com/auth';
	if (typeof baseUrl !== 'string' || !baseUrl) throw new InvalidRequestError(`baseUrl must be ${example}`);
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		throw new InvalidRequestError(`baseUrl must be ${example}; "${baseUrl}" has no scheme or is malformed`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new InvalidRequestError(`baseUrl must be ${example}; its scheme is ${url.protocol}`);
	}
	if (url.username || url.password) throw new InvalidRequestError('baseUrl must not carry credentials (user:password@)');
	if (url.search || url.hash) throw new InvalidRequestError('baseUrl must not have a query or fragment');
	return baseUrl.replace(/\/+$/, '');
}

function checkHeader(name: string, value: unknown): void {
	if (value === undefined || value === '') return;
	if (typeof value !== 'string') throw new InvalidRequestError(`${name} must be a string`);
	const at = value.search(HEADER_UNSAFE);
	// Name the option and the position, never the value: it is a secret.
	if (at >= 0) {
		throw new InvalidRequestError(
			`${name} contains a character HTTP forbids in a header (code ${value.charCodeAt(at)} at index ${at}); refusing to send it`,
		);
	}
}

function checkPositive(name: string, value: unknown): void {
	if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
		throw new InvalidRequestError(`${name} must be a positive finite number`);
	}
}

// Bodies with a Content-Length over the limit are refused unread; chunked ones are cut off once they pass it.
function limitBody(response: Response, max: number, where: string): Response {
	const tooLarge = () => new InvalidResponseError(response.status, where, `body is larger than ${max} bytes`);
	const length = response.headers.get('content-length');
	if (length !== null) {
		if (Number(length) > max) {
			void response.body?.cancel();
			throw tooLarge();
		}
		return response;
	}
	if (!response.body) return response;
	let seen = 0;
	const limited = response.body.pipeThrough(
		new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, controller) {
				seen += chunk.byteLength;
				if (seen > max) controller.error(tooLarge());
				else controller.enqueue(chunk);
			},
		}),
	);
	return new Response(limited, response);
}
