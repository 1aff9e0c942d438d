// The core every operation goes through. openapi-fetch sends each request: its URL and query building, body
// serialization, headers and middleware (an app's own, or its own openapi-fetch client). What this core adds is what
// openapi-fetch does not do: option checks, Accept: application/json, never following a redirect, the timeout and
// abort, the body limit, typed errors that name no secret, and the sorting of an answer into the result union.
// Operations (src/operations/) say what to send, typed by the spec's paths (generated/ by openapi-typescript), and
// the core knows no path: a request goes through four named steps, `guard` (the request that leaves), `receive` (the
// network's answer), `readWithin` (its body, within the limit) and `sort` (the answer as a result), or `failure`.
import createClient, {type Client, type ClientPathsWithMethod, type MaybeOptionalInit, type Middleware} from 'openapi-fetch';
import type {paths} from '../generated/kratos-settings-flow.js';
import {AbortError} from './errors/abort-error.js';
import {InvalidRequestError} from './errors/invalid-request-error.js';
import {InvalidResponseError} from './errors/invalid-response-error.js';
import {MiddlewareError} from './errors/middleware-error.js';
import {NetworkError} from './errors/network-error.js';
import {ResponseValidationError} from './errors/response-validation-error.js';
import {TimeoutError} from './errors/timeout-error.js';
import type {HttpError, KratosError, Sorted, TransportError, TransportFailure, Typed} from './result.js';
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
	 * Check each settings flow in an answer at run time; a violation comes back as a `ResponseValidationError`.
	 * Additions of a newer Kratos (new properties, new values of extensible enums) pass.
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
type Spec = Client<paths>;
/** The spec's paths that have this method. */
export type PathOf<M extends Method> = ClientPathsWithMethod<Spec, M>;
/** openapi-fetch's options of one operation: its parameters and its JSON body, typed by the spec. */
type InitOf<M extends Method, P extends PathOf<M>> = NonNullable<MaybeOptionalInit<paths[P], M>>;
/** Optional parameters may be given as undefined (openapi-fetch then leaves them out). */
type Loose<T> = {[K in keyof T]: T[K] | ({} extends Pick<T, K> ? undefined : never)};

/** What an operation sends, as openapi-fetch types it from the spec: its query parameters and its JSON body. */
export type Send<M extends Method, P extends PathOf<M>> = {
	readonly query?: Loose<NonNullable<NonNullable<InitOf<M, P>['params']>['query']>>;
	readonly body?: InitOf<M, P>['body'];
};

// The answers' types straight from generated/: openapi-fetch's own (`MethodResponse`) pass them through its
// `Readable`, which turns an open enum's `string & {}` into an object type.
type Responses<M extends Method, P extends PathOf<M>> = NonNullable<paths[P][M]> extends {responses: infer R} ? R : never;
type Json<R> = R extends {content: {'application/json': infer Body}} ? Body : never;
/** What the operation answers with 200, by the spec. */
export type BodyOf<M extends Method, P extends PathOf<M>> = Json<Responses<M, P> extends {200: infer R} ? R : never>;
/** The flow a 400 of the operation carries when it asks for corrections, by the spec; `never` when it has none. */
export type FlowOf<M extends Method, P extends PathOf<M>> = Extract<Json<Responses<M, P> extends {400: infer R} ? R : never>, {ui: unknown}>;

/** A client of one Kratos public API. Pass it to the operations (`getSettingsFlow(client, id)`, …). */
export interface KratosClient<Traits = unknown> {
	/** The openapi-fetch client every request goes through: yours, or the one made from `baseUrl`. */
	readonly client: Client<paths>;
	/** The session token a call with these options sends (its own, else the client's). For operations. */
	sessionToken(call?: CallOptions): string | undefined;
	/**
	 * Makes one request and sorts the answer, its bodies typed by the spec (identities with `Traits`). For operations;
	 * applications call those.
	 */
	request<M extends Method, P extends PathOf<M>>(
		method: M,
		path: P,
		send: Send<M, P>,
		call?: CallOptions,
		expect?: Expect,
	): Promise<Sorted<Typed<BodyOf<M, P>, Traits>, Typed<FlowOf<M, P>, Traits>>>;
}

/** What an operation's answers are, beyond their types (which the spec gives). */
export interface Expect {
	/** A 400 carrying a flow is the flow asking for corrections, not an error. */
	readonly corrections?: boolean | undefined;
	/** The flows it answers with are settings flows: the client's `validate` checks them. */
	readonly settingsFlow?: boolean | undefined;
}

// RFC 9110 field-value: visible ASCII, space, tab and obs-text. Above all no CR/LF (header injection) or NUL.
const HEADER_UNSAFE = /[^\t\x20-\x7e\x80-\xff]/;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Creates a client for one Kratos public API. Throws an `InvalidRequestError` for options that cannot work. `Traits`
 * types every identity's traits in the answers (Kratos validates them against the identity schema; this client does
 * not).
 * @example const kratos = createKratosClient<{email: string}>({baseUrl, sessionToken})
 */
export function createKratosClient<Traits = unknown>(options: KratosClientOptions): KratosClient<Traits> {
	const {client: own, timeoutMs = 10_000, maxBodyBytes = 5_000_000, middleware = []} = options;
	if (own && (options.baseUrl ?? options.fetch) !== undefined) throw new InvalidRequestError('client brings its own baseUrl and fetch: give them to createClient, not here');
	if (own && typeof own.request !== 'function') throw new InvalidRequestError('client is not an openapi-fetch client');
	const base = own ? '' : checkBase(options.baseUrl);
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
	const setup: Setup = {...options, base, timeoutMs, maxBodyBytes, middleware, unsure: Boolean(own || middleware.length || options.fetch)};
	// The one place a body becomes the spec's type: trusted, or checked by `validate`.
	return {
		client,
		sessionToken: (call) => call?.sessionToken ?? options.sessionToken,
		request: (method, path, send, call = {}, expect = {}) => request(client, setup, method, path, send, call, expect) as never,
	};
}

/** The client's options, checked, and what follows from them. */
interface Setup extends CommonOptions {
	readonly base: string;
	readonly timeoutMs: number;
	readonly maxBodyBytes: number;
	readonly middleware: readonly Middleware[];
	readonly client?: Client<paths> | undefined;
	readonly fetch?: ((request: Request) => Promise<Response>) | undefined;
	/** Whether code of the app's runs between the request and the network, which may not honour the abort signal. */
	readonly unsure: boolean;
}

/** One call in flight: what its steps learn, for the result and its messages. */
interface Exchange {
	/** Until a request exists (a middleware may throw before), the path. */
	url: string;
	readonly max: number;
	readonly signal: AbortSignal;
	/** The request has gone to fetch. */
	sent?: boolean;
	/** The network's answer, seen first (the guard is innermost); `read` is it with its body read here. */
	raw?: Response;
	read?: Response;
	/** Why its body could not be read: the connection broke. */
	broke?: unknown;
	/** The request handed to a fetch of the app's, held while the call lasts (`at` lives until the result). */
	held?: Request;
}

async function request(
	client: Client<paths>,
	setup: Setup,
	method: Method,
	path: string,
	{query, body}: {query?: object | undefined; body?: unknown},
	call: CallOptions,
	expect: Expect,
): Promise<Sorted<unknown, unknown>> {
	// The client-wide values were checked once, at creation; only per-call ones are new here.
	checkHeader('sessionToken', call.sessionToken);
	checkHeader('cookie', call.cookie);
	if (call.timeoutMs !== undefined) checkPositive('timeoutMs', call.timeoutMs);
	const sessionToken = call.sessionToken ?? setup.sessionToken;
	const cookie = call.cookie ?? setup.cookie;
	const ms = call.timeoutMs ?? setup.timeoutMs;
	const timeout = AbortSignal.timeout(ms);
	const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
	const at: Exchange = {url: setup.base + path, max: setup.maxBodyBytes, signal};
	const {unsure} = setup;
	let result: Sorted<unknown, unknown>;
	try {
		// What every request sent carries, whoever made it: our signal, and no redirect followed.
		const guarded = (request: Request) => ({redirect: 'manual', signal: guard(at, request, unsure)}) as const;
		const work = client.request(method, path as never, {
			params: {query},
			body,
			// Without Accept, Kratos treats the call as a browser navigation: a 302 to the login UI, not a 401.
			headers: {Accept: 'application/json', 'X-Session-Token': sessionToken, Cookie: cookie},
			// Never follow a redirect: undici drops Cookie on a cross-origin hop, but not X-Session-Token.
			redirect: 'manual',
			// Where app code sees the request, it carries our signal; otherwise fetch is given it directly.
			signal: unsure ? signal : undefined,
			parseAs: 'text',
			credentials: setup.credentials,
			// On an app's own client the guard is the last middleware; on ours it wraps fetch, inside them all.
			...(setup.client
				? {
						middleware: [
							...setup.middleware,
							{onRequest: ({request}) => (at.held = new Request(request, guarded(request))), onResponse: ({response}) => receive(at, response)} satisfies Middleware,
						],
					}
				: {
						fetch: async (request: Request) =>
							receive(at, await (setup.fetch ? setup.fetch((at.held = new Request(request, guarded(request)))) : fetch(request, guarded(request)))),
					}),
		} as never) as Promise<{data?: unknown; error?: unknown; response: Response}>;
		work.catch(() => undefined);
		// Ends the call even when a middleware (or a fetch of the app's) drops the signal or never returns; the
		// platform's fetch honours it, so without either nothing more is needed.
		const out = await (unsure ? Promise.race([work, new Promise<never>((_, reject) => signal.addEventListener('abort', reject))]) : work);
		const text = out.response.ok ? out.data : out.error;
		// A middleware's own answer (a retry) was read by openapi-fetch, whole: refused after the fact.
		if (out.response !== at.raw && out.response !== at.read && typeof text === 'string' && new TextEncoder().encode(text).length > at.max) throw tooLarge(at, out.response.status);
		result = sort(at, out.response, text, expect.corrections, expect.settingsFlow ? setup.validate : undefined);
	} catch (error) {
		result = failure(at, error, call.signal, timeout, ms);
	}
	if (result.kind === 'transport-error') result.error.message = hide(result.error.message, sessionToken, cookie);
	return result;
}

/**
 * The request that leaves, as fetch gets it: the signal it must follow. A middleware's copy (`new Request(request,
 * …)`) follows our signal through the requests before it, which undici links only weakly: once a garbage collection
 * takes them, the timeout no longer reaches the connection, which then stays open for ever (nodejs/undici#4068). So
 * the request sent follows our signal itself, and where app code ran, the request's own signal too (a middleware's).
 */
function guard(at: Exchange, request: Request, unsure: boolean): AbortSignal {
	at.url = request.url;
	at.sent = true;
	return unsure ? AbortSignal.any([at.signal, request.signal]) : at.signal;
}

/** The network's answer, seen before any middleware: a body over the limit refused, one of unknown length read here. */
async function receive(at: Exchange, response: Response): Promise<Response> {
	at.raw = response;
	const length = response.headers.get('content-length');
	if (length !== null && Number(length) > at.max) {
		void response.body?.cancel();
		throw tooLarge(at, response.status);
	}
	// A body of known length within the limit is openapi-fetch's to read; any other is read here.
	if (length !== null || !response.body) return response;
	const text = await readWithin(response, at.max).catch((error: unknown) => {
		throw error === TOO_LARGE ? tooLarge(at, response.status) : (at.broke = error);
	});
	return (at.read = new Response(text, response));
}

const tooLarge = (at: Exchange, status: number) => new InvalidResponseError(status, at.url, `is over ${at.max} bytes`);

const TOO_LARGE = Symbol();

/**
 * A body, within the limit. Outside a page: chunk by chunk, cancelled once past the limit, so an oversized body is
 * never held whole. In a page: read by the browser itself, then measured. Read through its stream (a reader, or a
 * TransformStream), Chromium's DevTools report the request as net::ERR_ABORTED although all of it arrived (5 to 8 of
 * 8 calls against a real Kratos here, 0 of 8 this way); the timeout still bounds how long a body may grow.
 */
async function readWithin(response: Response, max: number): Promise<string> {
	const decoder = new TextDecoder();
	if (pageOrigin() !== undefined) {
		const bytes = await response.arrayBuffer();
		if (bytes.byteLength > max) throw TOO_LARGE;
		return decoder.decode(bytes);
	}
	const reader = response.body!.getReader();
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

/** The answer as a result. `final` is what openapi-fetch handed back: the network's, or one a middleware made. */
function sort(at: Exchange, final: Response, text: unknown, corrections: boolean | undefined, validate: SettingsFlowValidator | undefined): Sorted<unknown, unknown> {
	// The answer a result shows: a middleware's own response (a retry), else what the network sent.
	const response = final === at.read ? at.raw! : final;
	// A redirect the network sent stays refused, also when a middleware followed it and handed back the end.
	const hop = [at.raw, response].find((item) => item && ((item.status > 299 && item.status < 400) || item.type === 'opaqueredirect')) ?? (response.redirected ? response : undefined);
	if (hop) return transport(new InvalidResponseError(hop.status, at.url, `is a redirect to ${hop.headers.get('location') ?? hop.url}, not followed (credentials stay here)`), response);
	const {status} = response;
	const bad = (problem: string) => transport(new InvalidResponseError(status, at.url, problem), response);
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
		if (issues?.length) return transport(new ResponseValidationError(at.url, status, issues), response);
		return {ok: status === 200, kind: status === 200 ? 'success' : 'corrections', status, flow: answer, response} as Sorted<unknown, unknown>;
	}
	if (!isObject(error)) return bad('is not a Kratos error (no "error" object)');
	const id = typeof error.id === 'string' ? error.id : undefined;
	const redirect = answer.redirect_browser_to ?? (error.details as {redirect_browser_to?: unknown} | undefined)?.redirect_browser_to;
	return {
		ok: false,
		kind: 'http-error',
		status,
		errorId: id,
		error: error as KratosError,
		redirectBrowserTo: typeof redirect === 'string' ? redirect : undefined,
		login: id === 'session_refresh_required' ? {refresh: true} : id === 'session_aal2_required' ? {aal: 'aal2'} : undefined,
		useFlowId: typeof answer.use_flow_id === 'string' ? answer.use_flow_id : undefined,
		body: answer,
		response,
	} satisfies HttpError;
}

const transport = (error: TransportError, response: Response | undefined): TransportFailure => ({ok: false, kind: 'transport-error', error, response});

/** Why no answer could be sorted: the caller's abort, the timeout, a body that broke off, the network, a middleware. */
function failure(at: Exchange, error: unknown, caller: AbortSignal | undefined, timeout: AbortSignal, ms: number): TransportFailure {
	const response = at.raw;
	if (caller?.aborted) return transport(new AbortError(at.url, caller.reason), response);
	if (timeout.aborted) return transport(new TimeoutError(at.url, ms), response);
	if (error instanceof InvalidResponseError) return transport(error, response);
	// The body broke off while it was read (here, or by openapi-fetch); fetch itself failed (the error passed the
	// middleware's onError); or a middleware threw.
	if (at.broke !== undefined || (response?.bodyUsed && !at.read)) return transport(new NetworkError(at.url, at.broke ?? error, response!.status), response);
	return transport(at.sent && !response ? new NetworkError(at.url, error) : new MiddlewareError(at.url, error), response);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The page's origin, where there is one (a browser, a worker). */
const pageOrigin = (): string | undefined => (globalThis as {location?: {origin?: unknown}}).location?.origin as string | undefined;

/**
 * The base URL, or an InvalidRequestError. A path alone is the page's own origin, the usual same-origin set-up behind
 * a proxy: the page's Request resolves it; outside a page there is none. `//host` is not a path.
 */
function checkBase(baseUrl: unknown): string {
	const pathOnly = typeof baseUrl === 'string' && /^\/(?!\/)/.test(baseUrl);
	let url: URL | undefined;
	try {
		url = new URL(baseUrl as string, pathOnly ? pageOrigin() : undefined);
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
	return (baseUrl as string).replace(/\/+$/, '');
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
