// A record of a run: per case, what was asked (operation, which kinds of credentials) and the shape of what the server
// answered (status, content type, error id, the headers that matter, the body's paths and types, enum values, message
// ids, ui nodes), for `diff` to compare with another run's. Generic over the run's cases: whatever a case sent and got
// is recorded the same way. It holds no value that could be a secret or personal data (no token, cookie value, CSRF
// token, TOTP secret, trait, email, identity or flow id, timestamp), so it is safe to commit; and two runs against
// the same server give the same record but for `date`.
import type {Contract} from '../../spec/index.js';
import type {CaseResult, ContractRun} from '../base/model.js';
import {type HeaderFacts, cookieName, headerFacts, splitSetCookie} from './headers.js';
import {type BodyShape, enumPathsOf, shapeOf} from './shape.js';

/** What a record says it is; `diff` reads only the format version it knows. */
export const RECORD_FORMAT = 'kratos-settings-flow-contract record';
/** Bumped when a record's meaning changes: a diff of records of two formats would report the tool's change as the server's. */
export const RECORD_VERSION = 1;

export interface RunRecord {
	readonly record: {readonly format: string; readonly version: number};
	/** The tool that recorded (name and version). */
	readonly tool: {readonly name: string; readonly version: string};
	/** The spec the run was judged by (it decides which paths count as enums). */
	readonly spec: {readonly sha256: string; readonly openapi: string; readonly bundled: boolean};
	/** The server's own version, where it tells it (the local Kratos: `kratos version`; a public API does not). */
	readonly server: {readonly version: string | null};
	/** When the run started: the one field two records of the same server differ in; `diff` ignores it. */
	readonly date: string;
	/** Per case id, in the run's order. */
	readonly cases: Readonly<Record<string, CaseRecord>>;
}

export type CaseRecord = SkippedCase | AnsweredCase;

export interface SkippedCase {
	readonly operation: string;
	/** Why the case did not run (the variable that would enable it). */
	readonly skipped: string;
}

export interface AnsweredCase {
	readonly operation: string;
	readonly request: RequestRecord;
	/** Null when no HTTP answer came (refused, timed out). */
	readonly response: ResponseRecord | null;
}

export interface RequestRecord {
	readonly method: string;
	/** The operation's path, without the server's base URL. */
	readonly path: string;
	/** Query parameter names. */
	readonly query: readonly string[];
	readonly accept: string | null;
	/** Which credentials went with it: `session token`, `cookie <name>` per cookie; never a value. */
	readonly credentials: readonly string[];
	/** A JSON body's top-level keys, and its `method` (the settings method it selects). */
	readonly body: {readonly method: string | null; readonly keys: readonly string[]} | null;
}

export interface ResponseRecord extends HeaderFacts {
	readonly status: number;
	readonly contentType: string | null;
	/** Kratos's `error.id`, when the body carries one. */
	readonly errorId: string | null;
	/** Null when the body is empty or not JSON. */
	readonly body: BodyShape | null;
}

export interface RecordOptions {
	/** The spec the run was judged by: its enums decide which values are kept. */
	readonly contract: Contract;
	/** The server's version, when the target knows it. @default null */
	readonly serverVersion?: string | null | undefined;
}

/** The record of a run (see the module comment). */
export function toRecord(run: ContractRun, {contract, serverVersion = null}: RecordOptions): RunRecord {
	const enumPaths = enumPathsFor(contract);
	return {
		record: {format: RECORD_FORMAT, version: RECORD_VERSION},
		tool: {name: run.tool.name, version: run.tool.version},
		spec: {sha256: run.spec.sha256, openapi: run.spec.openapi, bundled: run.spec.bundled},
		server: {version: serverVersion},
		date: run.startedAt,
		cases: Object.fromEntries(run.cases.map((result) => [result.case.id, caseRecord(result, run, enumPaths)])),
	};
}

/** The version a target says its server has (the kratos target's `version`), else null. */
export function serverVersionOf(target: object): string | null {
	const version = (target as {version?: unknown}).version;
	return typeof version === 'string' && version ? version : null;
}

function caseRecord(result: CaseResult, run: ContractRun, enumPaths: (method: string, path: string, status: number) => Set<string>): CaseRecord {
	const operation = result.case.operation.name;
	const {exchange} = result;
	if (!exchange) return {operation, skipped: result.reason ?? result.outcome};
	const {method, path} = result.case.operation;
	const answer = exchange.response;
	const bases = [run.target.baseUrl, result.expect?.publicUrl].filter((base): base is string => Boolean(base));
	return {
		operation,
		request: requestRecord(exchange.request, method, path),
		response: answer
			? {
					status: answer.status,
					contentType: answer.headers['content-type']?.toLowerCase().replace(/\s*;\s*/g, '; ') ?? null,
					errorId: errorIdOf(answer.body),
					...headerFacts(answer.headers, splitSetCookie(answer.headers['set-cookie']), bases, exchange.request.url),
					body: answer.body === undefined ? null : shapeOf(answer.body, enumPaths(method, path, answer.status)),
				}
			: null,
	};
}

function requestRecord(request: NonNullable<CaseResult['exchange']>['request'], method: string, path: string): RequestRecord {
	const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
	const credentials = [
		...(headers['x-session-token'] ? ['session token'] : []),
		...(headers.authorization ? [`authorization ${headers.authorization.split(' ')[0]!.toLowerCase()}`] : []),
		...(headers.cookie ?? '')
			.split(';')
			.map((pair) => pair.trim().split('=')[0]!.trim())
			.filter(Boolean)
			.map((name) => `cookie ${cookieName(name)}`),
	];
	return {
		method,
		path,
		query: [...new Set(new URL(request.url).searchParams.keys())].sort(),
		accept: headers.accept ?? null,
		credentials: [...new Set(credentials)].sort(),
		body: bodyKeys(request.body),
	};
}

function bodyKeys(body: string | undefined): RequestRecord['body'] {
	if (body === undefined) return null;
	try {
		const parsed = JSON.parse(body) as unknown;
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {method: null, keys: []};
		const object = parsed as Record<string, unknown>;
		return {method: typeof object.method === 'string' ? object.method : null, keys: Object.keys(object).sort()};
	} catch {
		return {method: null, keys: []};
	}
}

function errorIdOf(body: unknown): string | null {
	const id = (body as {error?: {id?: unknown}} | undefined)?.error?.id;
	return typeof id === 'string' && id ? id : null;
}

/** Per operation and status, the enum paths of the response schema the spec documents (cached). */
function enumPathsFor(contract: Contract): (method: string, path: string, status: number) => Set<string> {
	const cache = new Map<object, Set<string>>();
	return (method, path, status) => {
		if (!contract.documents(method, path)) return new Set();
		const schema = contract.operation(method, path).responseFor(status)?.schema;
		if (!schema) return new Set();
		return cache.get(schema) ?? cache.set(schema, enumPathsOf(schema)).get(schema)!;
	};
}
