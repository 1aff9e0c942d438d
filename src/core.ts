// The core every operation goes through. It knows no path: option checks, headers, timeout and abort, the body
// limit, the redirect refusal, and the sorting of an answer into the result union. Operations (src/operations/) say
// what to send, typed by the spec's paths (generated/ by openapi-typescript).
//
// openapi-fetch's style, not its runtime: that is 2.7 KB gzipped of a 3.7 KB budget for one call, and every part of
// it this client needs (the Request, the query serializer, the body reading, fetch) was replaced anyway. See
// BENCHMARKS.md for the measured bundles.
import type {paths} from '../generated/kratos-settings-flow.js';
import {AbortError} from './errors/abort-error.js';
import {InvalidRequestError} from './errors/invalid-request-error.js';
import {InvalidResponseError} from './errors/invalid-response-error.js';
import {NetworkError} from './errors/network-error.js';
import {ResponseValidationError} from './errors/response-validation-error.js';
import {TimeoutError} from './errors/timeout-error.js';
import type {KratosError, SettingsFlow, TransportError} from './result.js';
import type {SettingsFlowValidator} from './validator.js';

export interface KratosClientOptions {
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
	 * Check each flow in an answer at run time; a violation comes back as a `ResponseValidationError`. Additions of a
	 * newer Kratos (new properties, new values of extensible enums) pass.
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
export interface CallOptions {
	/** @default the client's `sessionToken` */
	readonly sessionToken?: string | undefined;
	/** @default the client's `cookie` */
	readonly cookie?: string | undefined;
	/** Abort this call; it then resolves with an `AbortError`. @default undefined */
	readonly signal?: AbortSignal | undefined;
	/** @default the client's `timeoutMs` */
	readonly timeoutMs?: number | undefined;
}

type Method = 'get' | 'post';
/** The methods the spec documents on a path. */
type MethodOf<P extends keyof paths> = {[M in Method]-?: [NonNullable<paths[P][M]>] extends [never] ? never : M}[Method];
type OperationAt<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type QueryOf<O> = O extends {parameters: {query?: infer Q}} ? Q : never;
/** Optional parameters may be given as undefined (then they are not sent). */
type Loose<T> = {[K in keyof T]: T[K] | ({} extends Pick<T, K> ? undefined : never)};
type BodyOf<O> = O extends {requestBody?: {content: {'application/json': infer B}}} ? B : never;

/** One request, typed by the spec: an operation's path and method, its query parameters and its JSON body. */
export type Send<P extends keyof paths = keyof paths, M extends MethodOf<P> = MethodOf<P>> = {
	readonly path: P;
	readonly method: M;
	readonly query?: Loose<QueryOf<OperationAt<P, M>>>;
	readonly body?: BodyOf<OperationAt<P, M>>;
};

/** Any answer, sorted; each operation narrows it to its own result type. */
export type Sorted =
	| {ok: true; kind: 'success'; status: 200; flow: SettingsFlow; response: Response}
	| {ok: false; kind: 'corrections'; status: 400; flow: SettingsFlow; response: Response}
	| {
			ok: false;
			kind: 'http-error';
			status: number;
			errorId: string | undefined;
			error: KratosError;
			redirectBrowserTo: string | undefined;
			body: Record<string, unknown>;
			response: Response;
	  }
	| {ok: false; kind: 'transport-error'; error: TransportError; response: Response | undefined};

/** A client of one Kratos public API. Pass it to the operations (`getSettingsFlow(client, id)`, …). */
export interface KratosClient {
	/**
	 * Makes one request and sorts the answer. `corrections` says a 400 carrying a flow is the flow asking for
	 * corrections, not an error. For operations; applications call those.
	 */
	request<P extends keyof paths, M extends MethodOf<P>>(send: Send<P, M>, call?: CallOptions, corrections?: boolean): Promise<Sorted>;
}

// RFC 9110 field-value: visible ASCII, space, tab and obs-text. Above all no CR/LF (header injection) or NUL.
const HEADER_UNSAFE = /[^\t\x20-\x7e\x80-\xff]/;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Creates a client for one Kratos public API. Throws an `InvalidRequestError` for options that cannot work. */
export function createKratosClient(options: KratosClientOptions): KratosClient {
	const {baseUrl, credentials, validate, timeoutMs = 10_000, maxBodyBytes = 5_000_000} = options;
	checkBaseUrl(baseUrl);
	checkHeader('sessionToken', options.sessionToken);
	checkHeader('cookie', options.cookie);
	checkPositive('timeoutMs', timeoutMs);
	checkPositive('maxBodyBytes', maxBodyBytes);
	const base = baseUrl.replace(/\/+$/, '');
	const fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));

	return {
		async request({path, method, query, body}, call = {}, corrections) {
			// The client-wide values were checked once, at creation; only per-call ones are new here.
			checkHeader('sessionToken', call.sessionToken);
			checkHeader('cookie', call.cookie);
			if (call.timeoutMs !== undefined) checkPositive('timeoutMs', call.timeoutMs);
			const sessionToken = call.sessionToken ?? options.sessionToken;
			const cookie = call.cookie ?? options.cookie;
			const ms = call.timeoutMs ?? timeoutMs;
			let search = '';
			for (const [name, value] of Object.entries(query ?? {})) {
				if (value !== undefined) search += `${search ? '&' : '?'}${name}=${encodeURIComponent(value as string)}`;
			}
			const url = base + path + search;
			const json = body === undefined ? undefined : JSON.stringify(body);

			// One controller for the timeout and the caller's signal, its timer cleared as soon as the answer is read
			// (AbortSignal.timeout would keep each response reachable until the timeout fires).
			const controller = new AbortController();
			let timedOut = false;
			const timer = setTimeout(() => {
				timedOut = true;
				controller.abort();
			}, ms);
			const abort = () => controller.abort(call.signal!.reason);
			if (call.signal?.aborted) abort();
			call.signal?.addEventListener('abort', abort);

			let response: Response | undefined;
			const fail = (error: TransportError): Sorted => ({ok: false, kind: 'transport-error', error, response});
			let text: string;
			try {
				response = await fetchImpl(url, {
					method: method.toUpperCase(),
					// Without Accept, Kratos treats the call as a browser navigation: a 302 to the login UI, not a 401.
					headers: {
						Accept: 'application/json',
						...(json && {'Content-Type': 'application/json'}),
						...(sessionToken && {'X-Session-Token': sessionToken}),
						...(cookie && {Cookie: cookie}),
					},
					...(json && {body: json}),
					// Never follow a redirect: undici drops Cookie on a cross-origin hop, but not X-Session-Token.
					redirect: 'manual',
					signal: controller.signal,
					...(credentials && {credentials}),
				});
				// Refuse oversized bodies before they are read into memory.
				text = await limitBody(response, maxBodyBytes, url).text();
			} catch (error) {
				if (call.signal?.aborted) return fail(new AbortError(url, call.signal.reason));
				if (timedOut) return fail(new TimeoutError(url, ms));
				if (error instanceof InvalidResponseError) return fail(error);
				return fail(new NetworkError(url, error, response?.status));
			} finally {
				clearTimeout(timer);
				call.signal?.removeEventListener('abort', abort);
			}

			const {status} = response;
			const bad = (problem: string) => fail(new InvalidResponseError(status, url, problem));
			const type = response.headers.get('content-type');
			if ((status > 299 && status < 400) || response.type === 'opaqueredirect') {
				return bad(`is a redirect to ${response.headers.get('location')}, not followed (credentials stay here)`);
			}
			if (!JSON_TYPE.test(type ?? '')) return bad(`is not JSON but ${type}`);
			// fetch never hands over a 1xx: below 300 is 2xx.
			if (status < 300 && status !== 200) return bad('has an undocumented success status');
			let answer: unknown;
			try {
				answer = JSON.parse(text);
			} catch {
				return bad(`is ${text ? 'invalid or truncated' : 'empty'} JSON`);
			}
			if (!isObject(answer)) return bad('is not a JSON object');
			const {error} = answer;
			if (status === 200 || (corrections && status === 400 && !isObject(error) && isObject(answer.ui))) {
				const issues = validate?.(answer);
				if (issues?.length) return fail(new ResponseValidationError(url, status, issues));
				const flow = answer as SettingsFlow;
				return status === 200
					? {ok: true, kind: 'success', status, flow, response}
					: {ok: false, kind: 'corrections', status: 400, flow, response};
			}
			if (!isObject(error)) return bad('is not a Kratos error (no "error" object)');
			const redirect = answer.redirect_browser_to ?? (error.details as {redirect_browser_to?: unknown} | undefined)?.redirect_browser_to;
			return {
				ok: false,
				kind: 'http-error',
				status,
				errorId: typeof error.id === 'string' ? error.id : undefined,
				error: error as KratosError,
				redirectBrowserTo: typeof redirect === 'string' ? redirect : undefined,
				body: answer,
				response,
			};
		},
	};
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function checkBaseUrl(baseUrl: unknown): void {
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
}

/** Throws for a header value HTTP cannot carry; names the option and the position, never the value (a secret). */
export function checkHeader(name: string, value: unknown): void {
	const at = typeof value === 'string' ? value.search(HEADER_UNSAFE) : value === undefined ? -1 : 0;
	if (at >= 0) throw new InvalidRequestError(`${name} has a character HTTP forbids in a header, at index ${at}`);
}

function checkPositive(name: string, value: unknown): void {
	if (!((value as number) > 0 && (value as number) < Infinity)) throw new InvalidRequestError(`${name} must be a positive number`);
}

// Bodies with a Content-Length over the limit are refused unread; chunked ones are cut off once they pass it.
function limitBody(response: Response, max: number, url: string): Response {
	const tooLarge = () => new InvalidResponseError(response.status, url, `is over ${max} bytes`);
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
