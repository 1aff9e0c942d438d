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
	 * The fetch to call, with the URL and a RequestInit.
	 * @default globalThis.fetch
	 * @example (url, init) => fetch(url, {...init, dispatcher})
	 */
	readonly fetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
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
		// openapi-fetch's documented `Request` option: a plain holder of the URL instead of a real Request, so that
		// fetch() builds the only one. Headers and the rest of the init are ours (below), built once as plain values.
		Request: UrlHolder as unknown as typeof Request,
		// The one query parameter, encoded; cheaper than openapi-fetch's generic serializer.
		querySerializer: (query) => `id=${encodeURIComponent(query.id as string)}`,
	});
	const fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));

	return {
		async getSettingsFlow(id, call = {}) {
			if (typeof id !== 'string' || !id.isWellFormed()) {
				throw new InvalidRequestError('id must be a string of well-formed Unicode');
			}
			// The client-wide values were checked once, at creation; only per-call ones are new here.
			checkHeader('sessionToken', call.sessionToken);
			checkHeader('cookie', call.cookie);
			if (call.timeoutMs !== undefined) checkPositive('timeoutMs', call.timeoutMs);
			const sessionToken = call.sessionToken ?? options.sessionToken;
			const cookie = call.cookie ?? options.cookie;
			const ms = call.timeoutMs ?? timeoutMs;

			const init: RequestInit = {
				method: 'GET',
				// Without it Kratos treats the call as a browser navigation: a 302 to the login UI instead of a 401.
				headers: {
					Accept: 'application/json',
					...(sessionToken && {'X-Session-Token': sessionToken}),
					...(cookie && {Cookie: cookie}),
				},
				// Never follow a redirect: undici drops Cookie on a cross-origin hop, but not X-Session-Token.
				redirect: 'manual',
				...(credentials && {credentials}),
			};
			// One controller for the timeout and the caller's signal, its timer cleared as soon as the answer is read
			// (AbortSignal.timeout would keep each response reachable until the timeout fires).
			const controller = new AbortController();
			init.signal = controller.signal;
			let timedOut = false;
			const timer = setTimeout(() => {
				timedOut = true;
				controller.abort();
			}, ms);
			const abort = () => controller.abort(call.signal!.reason);
			if (call.signal?.aborted) abort();
			call.signal?.addEventListener('abort', abort);

			let response: Response | undefined;
			const fail = (error: TransportError) =>
				({ok: false, kind: 'transport-error', error, response}) as const;
			let result;
			try {
				result = await api.GET(PATH, {
					params: {query: {id}},
					parseAs: 'text',
					// Keep the Response, and refuse oversized bodies before they are read into memory.
					fetch: async (holder: Request) => limitBody((response = await fetchImpl(holder.url, init)), maxBodyBytes, where),
				});
			} catch (error) {
				if (call.signal?.aborted) return fail(new AbortError(where, call.signal.reason));
				if (timedOut) return fail(new TimeoutError(where, ms));
				if (error instanceof InvalidResponseError) return fail(error);
				return fail(new NetworkError(where, error, response !== undefined));
			} finally {
				clearTimeout(timer);
				call.signal?.removeEventListener('abort', abort);
			}

			// The Response as the server sent it (url, headers), not the size-limited copy openapi-fetch read.
			const answer = response ?? result.response;
			const {status} = answer;
			const bad = (problem: string) => fail(new InvalidResponseError(status, where, problem));
			const type = answer.headers.get('content-type');
			// openapi-fetch hands over the 200 body as text, error bodies JSON-parsed when they parse.
			let body: unknown = status === 200 ? result.data : result.error;
			if ((status > 299 && status < 400) || answer.type === 'opaqueredirect') {
				return bad(`is a redirect to ${answer.headers.get('location')}, not followed (credentials stay here)`);
			}
			if (!JSON_TYPE.test(type ?? '')) return bad(`is not JSON but ${type}`);
			if (status > 199 && status < 300) {
				if (status !== 200) return bad('has an undocumented success status');
				try {
					body = JSON.parse(body as string);
				} catch {
					// stays the text: reported below as invalid (or empty) JSON
				}
			}
			if (typeof body === 'string' || body === undefined) return bad(`is ${body ? 'invalid or truncated' : 'empty'} JSON`);
			if (!isObject(body)) return bad('is not a JSON object');
			if (status === 200) {
				const issues = validate?.(body);
				if (issues?.length) return fail(new ResponseValidationError(where, issues));
				return {ok: true, kind: 'success', status: 200, flow: body as SettingsFlow, response: answer};
			}
			const error = body.error as KratosError;
			if (!isObject(error)) return bad('is not a Kratos error (no "error" object)');
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

class UrlHolder {
	constructor(readonly url: string) {}
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function checkBaseUrl(baseUrl: unknown): string {
	let url: URL | undefined;
	try {
		url = new URL(baseUrl as string);
	} catch {
		// reported below
	}
	// Each way it can be wrong, named; the value itself is never echoed (it could carry credentials).
	const wrong = !url
		? 'is not an absolute URL'
		: !/^https?:$/.test(url.protocol)
			? `has the scheme ${url.protocol}`
			: url.username || url.password
				? 'carries credentials'
				: url.search || url.hash
					? 'has a query or fragment'
					: '';
	if (wrong) throw new InvalidRequestError(`baseUrl ${wrong}; expected an http(s) URL like https://accounts.example.com/auth`);
	return (baseUrl as string).replace(/\/+$/, '');
}

function checkHeader(name: string, value: unknown): void {
	// Name the option and the position, never the value: it is a secret.
	const at = typeof value === 'string' ? value.search(HEADER_UNSAFE) : value === undefined ? -1 : 0;
	if (at >= 0) throw new InvalidRequestError(`${name} has a character HTTP forbids in a header, at index ${at}`);
}

function checkPositive(name: string, value: unknown): void {
	if (!((value as number) > 0 && (value as number) < Infinity)) throw new InvalidRequestError(`${name} must be a positive number`);
}

// Bodies with a Content-Length over the limit are refused unread; chunked ones are cut off once they pass it.
function limitBody(response: Response, max: number, where: string): Response {
	const tooLarge = () => new InvalidResponseError(response.status, where, `is over ${max} bytes`);
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
