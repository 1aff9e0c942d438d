// A record as a file: pretty-printed JSON in the key order the record was built in (sorted where it is a set), short
// lists of values on one line, so that committing records gives small, stable diffs. Reading one back checks that it
// is a record, of the format this version reads; anything else is the user's to fix (a UsageError, named).
import {readFile} from 'node:fs/promises';
import {PACKAGE_NAME, PACKAGE_VERSION} from '../../spec/package.js';
import {type Redactor, createRedactor, secretsIn} from '../base/redact.js';
import {parseJson} from '../base/json.js';
import {type ContractRun} from '../base/model.js';
import {UsageError} from '../base/errors.js';
import {RECORD_FORMAT, RECORD_VERSION, type RunRecord} from './record.js';

// A list of values longer than this is one value per line: a change to one of them is then one line of a git diff.
const INLINE_WIDTH = 100;

/** JSON, two-space indented, keys in their order, lists of scalars on one line when they fit. */
export function recordJson(value: unknown, indent = ''): string {
	const inner = `${indent}  `;
	if (Array.isArray(value)) {
		if (!value.length) return '[]';
		const scalars = value.every((item) => item === null || typeof item !== 'object');
		const inline = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
		if (scalars && inline.length + indent.length <= INLINE_WIDTH) return inline;
		return `[\n${value.map((item) => `${inner}${recordJson(item, inner)}`).join(',\n')}\n${indent}]`;
	}
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value).filter(([, item]) => item !== undefined);
		if (!entries.length) return '{}';
		return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${recordJson(item, inner)}`).join(',\n')}\n${indent}}`;
	}
	return JSON.stringify(value);
}

/**
 * The run's redactor, as report/details.ts's redactorFor makes it (the target's secrets and those its answers carry),
 * but for the strings of fewer than 8 characters found in the answers: secretsIn takes every string in the context of
 * a lookup-codes node for a secret, its ui texts' `type` ("info") too, and "info" is a value every record holds.
 * Kratos's secrets are longer (lookup codes 8 characters, TOTP secrets 32, CSRF tokens 44).
 */
export function recordRedactor(run: ContractRun): Redactor {
	const found = run.cases.flatMap((result) => [...secretsIn(parseJson(result.exchange?.request.body)), ...secretsIn(result.exchange?.response?.body)]);
	return createRedactor([...run.secrets, ...found.filter((secret) => secret.length >= 8)]);
}

/** A record as its file holds it: `recordJson`, through the run's redaction (the record holds no value, by design; this is the net under it). */
export function recordText(record: RunRecord, run: ContractRun): string {
	return recordRedactor(run).text(`${recordJson(record)}\n`);
}

/**
 * Reads a record written by `live --record`. `name` says how messages name it (`BEFORE`, `--baseline`). Throws a
 * UsageError for a missing or unreadable file, a file that is not a record, or a record of another format version.
 */
export async function readRecord(file: string, name: string): Promise<RunRecord> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new UsageError(`${name} (${file}): ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a record' : 'cannot be read'}`);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new UsageError(`${name} (${file}) is not JSON: give a record written by \`${PACKAGE_NAME} live --record FILE\``);
	}
	const header = (parsed as Partial<RunRecord> | null)?.record;
	if (!header || header.format !== RECORD_FORMAT) {
		throw new UsageError(`${name} (${file}) is not a record of ${PACKAGE_NAME}: give one written by \`${PACKAGE_NAME} live --record FILE\``);
	}
	const record = parsed as RunRecord;
	if (header.version !== RECORD_VERSION) {
		const by = typeof record.tool?.version === 'string' ? `, written by ${PACKAGE_NAME} ${record.tool.version}` : '';
		throw new UsageError(
			`${name} (${file}) is a record of format ${String(header.version)}${by}; this version (${PACKAGE_VERSION}) reads format ${RECORD_VERSION}: record both runs with the same version`,
		);
	}
	if (!record.cases || typeof record.cases !== 'object' || Array.isArray(record.cases)) {
		throw new UsageError(`${name} (${file}) is a damaged record: it has no cases`);
	}
	return record;
}
