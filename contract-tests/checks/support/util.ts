import type {CheckContext} from '../../base/model.js';

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

/**
 * The kind of answer the server gave, read from the answer itself and never from the client's sorting of it (the
 * suite judges the server, not this package's client): a flow in a 200 is `success`, in an operation's 400 that
 * carries the flow back `corrections`, a Kratos error body `http-error`; anything else (HTML, no JSON) is no kind.
 */
export function answerKind(context: CheckContext): 'success' | 'corrections' | 'http-error' | undefined {
	if (flowIn(context)) return context.exchange.response!.status === 200 ? 'success' : context.case.operation.corrections ? 'corrections' : undefined;
	return kratosErrorIn(context) ? 'http-error' : undefined;
}

/** Shared `skip` for the schema checks: an answer whose status documents a JSON schema. */
export const needsJsonSchema = (context: CheckContext): string | undefined => {
	const why = needsResponse(context);
	if (why) return why;
	const documented = context.operation.responseFor(context.exchange.response!.status);
	return documented?.schema ? undefined : 'no schema documented for this status';
};

/** A JSON Pointer as location segments: `/ui/nodes/3` → ['ui', 'nodes', 3]. */
export function pointerSegments(pointer: string): (string | number)[] {
	if (!pointer) return [];
	return pointer
		.slice(1)
		.split('/')
		.map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
		.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The ajv error parameters worth a message: the allowed values, the extra property. */
export function describeParams(params: Record<string, unknown>): string {
	if ('allowedValues' in params) return ` (${excerpt(params.allowedValues)})`;
	if ('additionalProperty' in params) return ` (${String(params.additionalProperty)})`;
	return '';
}

// The excerpt shows what the schema demands; descriptions and examples only push it out of the line.
const ANNOTATIONS = new Set(['description', 'title', 'example', 'examples', 'deprecated', 'x-extensible-enum']);

/** A schema as a `Documented:` line: its constraints, one level of properties deep, without annotations. */
export function schemaExcerpt(schema: unknown, max = 300): string {
	return excerpt(withoutAnnotations(schema), max);
}

function withoutAnnotations(schema: unknown): unknown {
	if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
	return Object.fromEntries(
		Object.entries(schema)
			.filter(([key]) => !ANNOTATIONS.has(key))
			.map(([key, value]) => [key, key === 'properties' && value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, withoutAnnotations(sub)])) : value]),
	);
}
