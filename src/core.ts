// The core every operation goes through. openapi-fetch sends each request: its URL and query building, body
// serialization, headers and middleware (an app's own, or its own openapi-fetch client). What this core adds is what
// openapi-fetch does not do: option checks, Accept: application/json, never following a redirect, the timeout and
// abort, the body limit, typed errors that name no secret, and the sorting of an answer into the result union.
// Operations (src/operations/) say what to send, typed by the spec's paths (generated/ by openapi-typescript).
import createClient, {type Client, type Middleware} from 'openapi-fetch';
import type {paths} from '../generated/kratos-settings-flow.js';
import {AbortError} from './errors/abort-error.js';
import {InvalidRequestError} from './errors/invalid-request-error.js';
import {InvalidResponseError} from './errors/invalid-response-error.js';
import {MiddlewareError} from './errors/middleware-error.js';
import {NetworkError} from './errors/network-error.js';
import {ResponseValidationError} from './errors/response-validation-error.js';
import {TimeoutError} from './errors/timeout-error.js';
import type {KratosError, SettingsFlow, TransportError} from './result.js';
import type {SettingsFlowValidator} from './validator.js';

interface CommonOptions {
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
	 * Browsers: `'include'` sends the browser's Kratos cookies when Kratos is on another origin of the same site.
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
	 * openapi-fetch middleware run on every operation's request, response and error, in order (after the `client`'s
	 * own). `schemaPath` is the spec's path. Whatever they do, a redirect is still refused and a throw comes back as a
	 * `MiddlewareError` result.
	 * @default []
	 * @example [{onRequest: ({request}) => void request.headers.set('X-Request-Id', crypto.randomUUID())}]
	 */
	readonly middleware?: readonly Middleware[] | undefined;
}

/** A client made from Kratos's public URL. */
export interface BaseUrlOptions extends CommonOptions {
	/**
	 * Kratos's public API URL. A path prefix is kept, as behind a reverse proxy. In a browser a path alone (`'/auth'`)
	 * means this page's origin.
	 * @example 'https://accounts.example.com/auth'
	 */
	readonly baseUrl: string;
	/**
	 * The fetch openapi-fetch calls, with a `Request`.
	 * @default globalThis.fetch, looked up on every call
	 * @example (request) => fetch(request, {dispatcher})
	 */
	readonly fetch?: ((request: Request) => Promise<Response>) | undefined;
	readonly client?: undefined;
}

/** A client over an openapi-fetch client the app made itself. */
export interface OwnClientOptions extends CommonOptions {
	/**
	 * Your own openapi-fetch client, used as it is: its `baseUrl`, headers, fetch and `.use()` middleware.
	 * @example createClient<paths>({baseUrl: 'https://accounts.example.com/auth'})
	 */
	readonly client: Client<paths>;
	readonly baseUrl?: undefined;
	readonly fetch?: undefined;
}

export type KratosClientOptions = BaseUrlOptions | OwnClientOptions;

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
	/** The openapi-fetch client every request goes through: yours, or the one made from `baseUrl`. */
	readonly client: Client<paths>;
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
	const {client: own, credentials, validate, timeoutMs = 10_000, maxBodyBytes = 5_000_000, middleware = []} = options;
	if (own && (options.baseUrl ?? options.fetch) !== undefined) throw new InvalidRequestError('client brings its own baseUrl and fetch: give them to createClient, not here');
	if (own && typeof own.request !== 'function') throw new InvalidRequestError('client is not an openapi-fetch client');
	const base = own ? '' : absoluteBase(options.baseUrl);
	checkHeader('sessionToken', options.sessionToken);
	checkHeader('cookie', options.cookie);
	checkPositive('timeoutMs', timeoutMs);
	checkPositive('maxBodyBytes', maxBodyBytes);
	const client = own ?? createClient<paths>({baseUrl: base});
	try {
		// openapi-fetch checks each middleware. An app's own client is left as it is: there they run per request.
		(own ? createClient() : client).use(...middleware);
	} catch (error) {
		throw new InvalidRequestError(`middleware: ${(error as Error).message}`);
	}
	/** Whether code of the app's runs between the request and the network, which may not honour the abort signal. */
	const unsure = Boolean(own || middleware.length || options.fetch);

	return {
		client,
		async request({path, method, query, body}, call = {}, corrections) {
			// The client-wide values were checked once, at creation; only per-call ones are new here.
			checkHeader('sessionToken', call.sessionToken);
			checkHeader('cookie', call.cookie);
			if (call.timeoutMs !== undefined) checkPositive('timeoutMs', call.timeoutMs);
			const sessionToken = call.sessionToken ?? options.sessionToken;
			const cookie = call.cookie ?? options.cookie;
			const ms = call.timeoutMs ?? timeoutMs;
			// Until a request exists (a middleware may throw before), messages name the path.
			let url: string = base + path;

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
			// Ends the call even when a middleware (or a fetch of the app's) drops the signal or never returns; the
			// platform's fetch honours it, so without either nothing more is needed.
			const stopped = unsure ? new Promise<never>((_, reject) => controller.signal.addEventListener('abort', reject)) : undefined;

			/** The network's answer, seen first (the guard is innermost); a body without Content-Length read here. */
			let raw: Response | undefined;
			let substitute: Response | undefined;
			let readFailed: unknown;
			let sent = false;
			/** The answer openapi-fetch hands back: the network's, or one a middleware made. */
			let final: Response | undefined;
			const tooLarge = (status: number) => new InvalidResponseError(status, url, `is over ${maxBodyBytes} bytes`);
			/** The request handed to a fetch of the app's, held until the call ends (below). */
			let held: Request | undefined;
			/** What every request sent carries, whoever made it: our signal, and no redirect followed. */
			const guarded = {redirect: 'manual', signal: controller.signal} as const;
			// Innermost, whatever other middleware did: no redirect followed, and no body over the limit read. `copy`:
			// the request goes to a fetch of the app's (its own client's, or the fetch option), which takes a Request.
			const send = (request: Request, copy?: boolean) => {
				url = request.url;
				sent = true;
				// A signal of a middleware's own still aborts the call.
				if (unsure) {
					if (request.signal.aborted) controller.abort(request.signal.reason);
					else request.signal.addEventListener('abort', () => controller.abort(request.signal.reason), {once: true});
				}
				// A middleware's copy (new Request(request, …)) follows our signal through the requests before it, which
				// undici links only weakly: once a garbage collection takes them, the timeout no longer reaches the
				// connection, which then stays open for ever (nodejs/undici#4068). So the request sent follows our signal
				// itself: the platform's fetch is given it beside the request, an app's fetch a copy held while the call lasts.
				return copy ? (held = new Request(request, guarded)) : request;
			};
			const receive = async (response: Response) => {
				raw = response;
				const length = response.headers.get('content-length');
				if (length !== null && Number(length) > maxBodyBytes) {
					void response.body?.cancel();
					throw tooLarge(response.status);
				}
				// A body of known length within the limit is openapi-fetch's to read; any other is read here.
				if (length !== null || !response.body) return response;
				const text = await (inPage() ? readWhole(response, maxBodyBytes) : readChunks(response.body, maxBodyBytes)).catch((error: unknown) => {
					throw error === TOO_LARGE ? tooLarge(response.status) : (readFailed = error);
				});
				return (substitute = new Response(text, response));
			};

			/** The answer a result shows: a middleware's own response (a retry), else what the network sent. */
			const shown = () => (final && final !== substitute ? final : raw);
			const fail = (error: TransportError): Sorted => {
				error.message = hide(error.message, sessionToken, cookie);
				return {ok: false, kind: 'transport-error', error, response: shown()};
			};
			let text: unknown;
			try {
				const work = client.request(method, path as never, {
					params: {query},
					body,
					// Without Accept, Kratos treats the call as a browser navigation: a 302 to the login UI, not a 401.
					headers: {Accept: 'application/json', 'X-Session-Token': sessionToken, Cookie: cookie},
					// Never follow a redirect: undici drops Cookie on a cross-origin hop, but not X-Session-Token.
					redirect: 'manual',
					// Where app code sees the request, it carries our signal; otherwise fetch is given it directly,
					// which spares undici one signal link (an AbortController, a WeakRef, a finalizer) per call.
					signal: unsure ? controller.signal : undefined,
					parseAs: 'text',
					credentials,
					// On an app's own client the guard is the last middleware; on ours it wraps fetch, inside them all.
					...(own
						? {middleware: [...middleware, {onRequest: ({request}) => send(request, true), onResponse: ({response}) => receive(response)} satisfies Middleware]}
						: {fetch: async (request: Request) => receive(await (options.fetch ? options.fetch(send(request, true)) : fetch(send(request), guarded)))}),
				} as never) as Promise<{data?: unknown; error?: unknown; response: Response}>;
				work.catch(() => undefined);
				const out = stopped ? await Promise.race([work, stopped]) : await work;
				final = out.response;
				text = final.ok ? out.data : out.error;
				// A middleware's own answer was read by openapi-fetch, whole: refused after the fact.
				if (final !== raw && final !== substitute && typeof text === 'string' && new TextEncoder().encode(text).length > maxBodyBytes) return fail(tooLarge(final.status));
			} catch (error) {
				if (call.signal?.aborted) return fail(new AbortError(url, call.signal.reason));
				if (timedOut) return fail(new TimeoutError(url, ms));
				if (error instanceof InvalidResponseError) return fail(error);
				// The body broke off while it was read (here, or by openapi-fetch); fetch itself failed (the error passed
				// the middleware's onError); or a middleware threw.
				if (readFailed !== undefined || (raw?.bodyUsed && !substitute)) return fail(new NetworkError(url, readFailed ?? error, raw!.status));
				return fail(sent && !raw ? new NetworkError(url, error) : new MiddlewareError(url, error));
			} finally {
				clearTimeout(timer);
				call.signal?.removeEventListener('abort', abort);
				void held;
			}

			const response = shown()!;
			// A redirect the network sent stays refused, also when a middleware followed it and handed back the end.
			const hop = [raw, response].find((item) => item && ((item.status > 299 && item.status < 400) || item.type === 'opaqueredirect'));
			if (hop || response.redirected) {
				return fail(new InvalidResponseError((hop ?? response).status, url, `is a redirect to ${(hop ?? response).headers.get('location') ?? response.url}, not followed (credentials stay here)`));
			}
			const {status} = response;
			const bad = (problem: string) => fail(new InvalidResponseError(status, url, problem));
			const type = response.headers.get('content-type');
			if (!JSON_TYPE.test(type ?? '')) return bad(`is not JSON but ${type}`);
			// fetch never hands over a 1xx: below 300 is 2xx.
			if (status < 300 && status !== 200) return bad('has an undocumented success status');
			// openapi-fetch hands a success over as text, and an error already parsed when it is JSON.
			let answer = text;
			if (typeof text === 'string' || text === undefined) {
				try {
					answer = JSON.parse(text!);
				} catch {
					return bad(`is ${text ? 'invalid or truncated' : 'empty'} JSON`);
				}
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

/** The page's origin, where there is one (a browser, a worker). */
const pageOrigin = (): string | undefined => (globalThis as {location?: {origin?: unknown}}).location?.origin as string | undefined;

/** The base URL, absolute (a browser's path-only base resolved against the page), or an InvalidRequestError. */
function absoluteBase(baseUrl: unknown): string {
	const origin = pageOrigin();
	// A path alone is the page's own origin, the usual same-origin set-up behind a proxy; `//host` is not a path.
	const pathOnly = typeof baseUrl === 'string' && /^\/(?!\/)/.test(baseUrl);
	let url: URL | undefined;
	try {
		url = new URL(baseUrl as string, pathOnly ? origin : undefined);
	} catch {
		// reported below
	}
	// Each way it can be wrong, named; the value itself is never echoed (it could carry credentials).
	const wrong =
		pathOnly && !url
			? 'is a path, which needs the origin of a page (a browser); give an absolute URL'
			: !url
				? 'is not an absolute URL'
				: !/^https?:$/.test(url.protocol)
					? `has the scheme ${url.protocol}`
					: url.username || url.password
						? 'carries credentials'
						: url.search || url.hash
							? 'has a query or fragment'
							: '';
	if (wrong) throw new InvalidRequestError(`baseUrl ${wrong}; expected an http(s) URL like https://accounts.example.com/auth`);
	return (pathOnly ? url!.origin + baseUrl : (baseUrl as string)).replace(/\/+$/, '');
}

/** Throws for a header value HTTP cannot carry; names the option and the position, never the value (a secret). */
export function checkHeader(name: string, value: unknown): void {
	const at = typeof value === 'string' ? value.search(HEADER_UNSAFE) : value === undefined ? -1 : 0;
	if (at >= 0) throw new InvalidRequestError(`${name} has a character HTTP forbids in a header, at index ${at}`);
}

function checkPositive(name: string, value: unknown): void {
	if (!((value as number) > 0 && (value as number) < Infinity)) throw new InvalidRequestError(`${name} must be a positive number`);
}

/** A message with the call's secrets (the token, the cookie header and each cookie's value) taken out, in any encoding. */
function hide(message: string, sessionToken: string | undefined, cookie: string | undefined): string {
	const secrets = [sessionToken, cookie, ...(cookie?.split(';').map((pair) => pair.slice(pair.indexOf('=') + 1).trim()) ?? [])];
	for (const secret of secrets) {
		if (!secret || secret.length < 4) continue;
		for (const form of [secret, encodeURIComponent(secret)]) message = message.replaceAll(form, '[REDACTED]');
	}
	return message;
}

const TOO_LARGE = Symbol();

/** A page or a worker: where Chromium reports a body read through its stream as an aborted request. */
const inPage = () => pageOrigin() !== undefined;

// Outside a page: chunk by chunk, cancelled once past the limit, so an oversized body is never held whole.
async function readChunks(body: ReadableStream<Uint8Array>, max: number): Promise<string> {
	const reader = body.getReader();
	const decoder = new TextDecoder();
	let seen = 0;
	let text = '';
	for (;;) {
		const {done, value} = await reader.read();
		if (done) return text + decoder.decode();
		seen += value.byteLength;
		if (seen > max) {
			void reader.cancel();
			throw TOO_LARGE;
		}
		text += decoder.decode(value, {stream: true});
	}
}

// In a page: read by the browser itself, then measured. Read through its stream (a reader, or a TransformStream),
// Chromium's DevTools report the request as net::ERR_ABORTED although all of it arrived (5 to 8 of 8 calls against
// a real Kratos here, 0 of 8 this way); the timeout still bounds how long a body may grow.
async function readWhole(response: Response, max: number): Promise<string> {
	const bytes = await response.arrayBuffer();
	if (bytes.byteLength > max) throw TOO_LARGE;
	return new TextDecoder().decode(bytes);
}
