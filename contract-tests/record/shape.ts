// The shape of a JSON answer, without its values: every path with its types, the values of the paths the spec makes
// enums (and discriminator tags), the ids of the ui texts (Kratos's message ids), and the ui nodes by group, type and
// name. What it keeps is what a client's code depends on; what it leaves out (every other string, number and boolean)
// is where secrets and personal data live: tokens, CSRF tokens, TOTP secrets, traits, ids, timestamps.

/** A JSON value's type as the record names it (no integer/number split: a value that happens to be whole would flip). */
export type JsonType = 'array' | 'boolean' | 'null' | 'number' | 'object' | 'string';

export interface BodyShape {
	/** Every path (`$.ui.nodes[].attributes.name`), with its types joined by `|`, sorted. */
	readonly paths: Readonly<Record<string, string>>;
	/** At the paths the spec gives an `enum` or `const`: the values seen, sorted. */
	readonly values: Readonly<Record<string, readonly (string | number | boolean | null)[]>>;
	/** At each path holding ui texts (`{id, text, type}`): their message ids, sorted. */
	readonly messages: Readonly<Record<string, readonly number[]>>;
	/** At each path holding ui nodes: the nodes as `group/type/name` (a text or image node by its id), sorted, each once. */
	readonly nodes: Readonly<Record<string, readonly string[]>>;
}

const typeOf = (value: unknown): JsonType =>
	value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as 'boolean' | 'number' | 'object' | 'string');

/** `$.a.b`, or `$.a["x.y"]` for a key that is not a plain name. */
export const childPath = (path: string, key: string) => (/^[A-Za-z_][\w-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);
/** Every item of an array shares one path: the record describes the kinds of items, not how many. */
export const itemsPath = (path: string) => `${path}[]`;

/** A ui text (uiText in the spec): its id is one of Kratos's message ids, a stable number per message. */
const isUiText = (value: Record<string, unknown>) => typeof value.id === 'number' && typeof value.text === 'string' && typeof value.type === 'string';

/** A ui node: a group, a type and attributes. */
const isUiNode = (value: Record<string, unknown>) =>
	typeof value.group === 'string' && typeof value.type === 'string' && typeof value.attributes === 'object' && value.attributes !== null;

// Inputs whose value names a choice, not a user's data: the method a submit button selects, the provider to link.
const NAMED_BY_VALUE = new Set(['method', 'link', 'unlink']);
const TOKEN = /^[\w.-]{1,40}$/;

/** `group/type/name`: an input by its name (a method or provider button also by its value), other nodes by id. */
export function nodeKey(node: Record<string, unknown>): string {
	const attributes = node.attributes as Record<string, unknown>;
	const name = typeof attributes.name === 'string' ? attributes.name : typeof attributes.id === 'string' ? attributes.id : '(unnamed)';
	const value = NAMED_BY_VALUE.has(name) && typeof attributes.value === 'string' && TOKEN.test(attributes.value) ? `=${attributes.value}` : '';
	return `${node.group as string}/${node.type as string}/${name}${value}`;
}

/** The shape of a parsed JSON body; `enumPaths` are the paths whose values may be kept (see `enumPathsOf`). */
export function shapeOf(body: unknown, enumPaths: ReadonlySet<string>): BodyShape {
	const paths = new Map<string, Set<string>>();
	const values = new Map<string, Set<string>>();
	const messages = new Map<string, Set<number>>();
	const nodes = new Map<string, Set<string>>();
	const add = <T>(map: Map<string, Set<T>>, key: string, value: T) => (map.get(key) ?? map.set(key, new Set()).get(key)!).add(value);

	const visit = (value: unknown, path: string): void => {
		const type = typeOf(value);
		add(paths, path, type);
		if (type !== 'object' && type !== 'array' && enumPaths.has(path)) add(values, path, JSON.stringify(value));
		if (type === 'array') for (const item of value as unknown[]) visit(item, itemsPath(path));
		if (type !== 'object') return;
		const object = value as Record<string, unknown>;
		if (isUiText(object)) add(messages, path, object.id as number);
		if (isUiNode(object)) add(nodes, path, nodeKey(object));
		for (const [key, child] of Object.entries(object)) visit(child, childPath(path, key));
	};
	visit(body, '$');

	return {
		paths: sortedRecord(paths, (types) => [...types].sort().join('|')),
		values: sortedRecord(values, (seen) => [...seen].sort().map((json) => JSON.parse(json) as string | number | boolean | null)),
		messages: sortedRecord(messages, (ids) => [...ids].sort((a, b) => a - b)),
		nodes: sortedRecord(nodes, (keys) => [...keys].sort()),
	};
}

function sortedRecord<T, R>(map: Map<string, T>, convert: (value: T) => R): Record<string, R> {
	return Object.fromEntries([...map.keys()].sort().map((key) => [key, convert(map.get(key)!)]));
}

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema => Boolean(value) && typeof value === 'object' && !Array.isArray(value);
// Deep enough for every schema of Kratos's; a recursive schema stops here instead of growing paths forever.
const MAX_DEPTH = 24;

/**
 * The paths of a (dereferenced) response schema where the spec lists the values: `enum` (closed or extensible) and
 * `const` (a discriminated union's tag). The union branches (`allOf`, `anyOf`, `oneOf`) share their parent's path.
 */
export function enumPathsOf(schema: unknown): Set<string> {
	const found = new Set<string>();
	const seen = new Map<object, Set<string>>();
	const visit = (node: unknown, path: string, depth: number): void => {
		if (!isSchema(node) || depth > MAX_DEPTH) return;
		const at = seen.get(node) ?? seen.set(node, new Set()).get(node)!;
		if (at.has(path)) return;
		at.add(path);
		if (Array.isArray(node.enum) || 'const' in node) found.add(path);
		for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
			if (Array.isArray(node[key])) for (const branch of node[key] as unknown[]) visit(branch, path, depth + 1);
		}
		if (isSchema(node.properties)) for (const [name, property] of Object.entries(node.properties)) visit(property, childPath(path, name), depth + 1);
		if (node.items !== undefined) visit(node.items, itemsPath(path), depth + 1);
	};
	visit(schema, '$', 0);
	return found;
}
