// One case's request sent through the real client, the raw request and answer recorded on the way.
import {type Middleware, createKratosClient} from '../../src/index.js';
import {parseJson} from '../base/json.js';
import type {Exchange, Prepared} from '../base/model.js';
import type {ContractCase, SuiteOperation} from '../operations/index.js';

/**
 * Sends one case's request through the real client, recording the raw request and answer on the way: an openapi-fetch
 * middleware, the same kind an app plugs in, which also adds the case's own headers (a navigation's Accept).
 */
export async function recordExchange(
	contractCase: ContractCase,
	baseUrl: string,
	prepared: Prepared<unknown>,
	timeoutMs: number,
	fetchImpl?: (request: Request) => Promise<Response>,
): Promise<Exchange> {
	let request: Exchange['request'] | undefined;
	let answer: Promise<Exchange['response']> | undefined;
	const recorder: Middleware = {
		async onRequest({request: sent}) {
			const headers = new Headers(sent.headers);
			for (const [name, value] of Object.entries(prepared.headers ?? {})) headers.set(name, value);
			// A probe (a CORS preflight) goes out with its own method, and no body.
			const outgoing = contractCase.probe ? new Request(sent.url, {method: contractCase.probe.method, headers, redirect: 'manual', signal: sent.signal}) : new Request(sent, {headers});
			request = {
				method: outgoing.method,
				url: outgoing.url,
				headers: Object.fromEntries(headers),
				body: outgoing.body ? await outgoing.clone().text() : undefined,
				authenticated: Boolean(prepared.sessionToken || prepared.cookie),
			};
			return outgoing;
		},
		onResponse({response}) {
			// Read a copy alongside the client, so the checks see the bytes the server sent.
			const {status} = response;
			const headers = Object.fromEntries(response.headers);
			// Headers iterates each Set-Cookie line on its own, so fromEntries would keep only the last: keep them all,
			// one by one, and joined in `headers` as Headers.get joins them (what the record splits).
			const setCookies = response.headers.getSetCookie();
			if (setCookies.length > 1) headers['set-cookie'] = setCookies.join(', ');
			answer = response.clone().text().then(
				(text) => ({status, headers, setCookies, text, body: parseJson(text)}),
				() => ({status, headers, setCookies, text: '', body: undefined}),
			);
			return undefined;
		},
	};
	const client = createKratosClient({baseUrl, timeoutMs, middleware: [recorder], ...(fetchImpl && {fetch: fetchImpl})});
	const operation = contractCase.operation as SuiteOperation<unknown>;
	const sentAt = Date.now();
	const result = await operation.call(client, prepared.input, {sessionToken: prepared.sessionToken, cookie: prepared.cookie});
	return {
		request: request ?? {method: contractCase.operation.method, url: baseUrl, headers: {}, authenticated: false},
		response: await answer,
		result,
		sentAt,
		receivedAt: Date.now(),
	};
}
