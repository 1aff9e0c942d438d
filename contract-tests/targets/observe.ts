// The requests a target sends while it starts (a live target checks the session and each input it was given, then
// creates its flow), observed from outside through the diagnostics channels of Node's fetch (undici publishes each
// request's creation, its answer's headers, or its error), so that a slow server shows progress from the first
// request without the target having to report it.
import {subscribe, unsubscribe} from 'node:diagnostics_channel';

/** A request as it left: method, absolute URL, headers (lower-case names; values may be secrets). */
export interface ObservedRequest {
	readonly method: string;
	readonly url: string;
	readonly headers: Readonly<Record<string, string>>;
}

/** What came of it: a status, or the error's name. */
export type ObservedAnswer = {readonly status: number} | {readonly error: string};

/** Called for each request; what it returns is called once with what came of it. */
export type RequestObserver = (request: ObservedRequest) => ((answer: ObservedAnswer) => void) | undefined;

// undici's request object, as far as used here (its headers are a flat [name, value, …] array since undici 6, Node 20.19+).
interface UndiciRequest {
	readonly method: string;
	readonly origin: string | URL;
	readonly path: string;
	readonly headers: readonly string[] | string;
}

function headersOf(raw: UndiciRequest['headers']): Record<string, string> {
	const pairs: [string, string][] = [];
	if (typeof raw === 'string') {
		for (const line of raw.split('\r\n')) if (line.includes(':')) pairs.push([line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]);
	} else {
		for (let index = 0; index + 1 < raw.length; index += 2) pairs.push([raw[index]!, raw[index + 1]!]);
	}
	return Object.fromEntries(pairs.map(([name, value]) => [name.toLowerCase(), value]));
}

/** Runs `work` with every fetch it makes (and anything else this process fetches meanwhile) shown to `observer`. */
export async function observingRequests<T>(observer: RequestObserver, work: () => Promise<T>): Promise<T> {
	const pending = new WeakMap<object, (answer: ObservedAnswer) => void>();
	const created = (message: unknown) => {
		const {request} = message as {request: UndiciRequest};
		const url = new URL(request.path, request.origin).href;
		const done = observer({method: request.method, url, headers: headersOf(request.headers)});
		if (done) pending.set(request, done);
	};
	const settle = (request: object, answer: ObservedAnswer) => {
		const done = pending.get(request);
		pending.delete(request);
		done?.(answer);
	};
	const answered = (message: unknown) => {
		const {request, response} = message as {request: object; response: {statusCode: number}};
		settle(request, {status: response.statusCode});
	};
	const failed = (message: unknown) => {
		const {request, error} = message as {request: object; error: Error};
		settle(request, {error: error?.name ?? 'Error'});
	};
	const channels = [
		['undici:request:create', created],
		['undici:request:headers', answered],
		['undici:request:error', failed],
	] as const;
	for (const [name, listener] of channels) subscribe(name, listener);
	try {
		return await work();
	} finally {
		for (const [name, listener] of channels) unsubscribe(name, listener);
	}
}
