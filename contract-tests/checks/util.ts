import type {CheckContext} from './types.js';

/** Shared `skip` for checks that need an HTTP answer. */
export const needsResponse = ({exchange}: CheckContext): string | undefined =>
	exchange.response ? undefined : 'no HTTP answer to check';

/** A short, single-line JSON rendering for `Received:` / `Documented:` lines. */
export function excerpt(value: unknown, max = 200): string {
	let text: string;
	try {
		text = value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value);
	} catch {
		text = String(value);
	}
	return truncate(text, max);
}

export const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A flow in the answer (a 200, or the update's 400 asking for corrections), or undefined. */
export function flowIn({exchange}: CheckContext): Record<string, any> | undefined {
	const body = exchange.response?.body as Record<string, any> | undefined;
	const {status} = exchange.response ?? {};
	if ((status !== 200 && status !== 400) || typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	return typeof body.ui === 'object' && body.ui !== null && !('error' in body) ? body : undefined;
}

/** Shared `skip` for checks about a flow in the answer. */
export const needsFlow = (context: CheckContext): string | undefined =>
	needsResponse(context) ?? (flowIn(context) ? undefined : 'no flow in the answer');

/** The `error` object of a Kratos error answer, or undefined. */
export function kratosErrorIn({exchange}: CheckContext): Record<string, any> | undefined {
	const error = (exchange.response?.body as {error?: unknown} | undefined)?.error;
	return exchange.response && exchange.response.status >= 400 && typeof error === 'object' && error !== null ? (error as Record<string, any>) : undefined;
}
