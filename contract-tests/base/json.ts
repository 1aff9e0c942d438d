// JSON as the suite reads what servers send: parsed without throwing, and compared whatever the key order.

/** A body parsed as JSON, or undefined when it is empty or not JSON. */
export function parseJson(text: string | undefined): unknown {
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** A JSON value with object keys in order, for comparing traits whatever order Kratos writes them in. */
export function sorted(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sorted);
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
}
