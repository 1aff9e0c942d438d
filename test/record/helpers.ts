// Runs and records made by hand, small enough to read in a test: an exchange per case, as the runner records them.
import type {Exchange} from '../../contract-tests/base/model.js';
import {type CaseId, type ContractCase, caseById} from '../../contract-tests/operations/index.js';
import type {AnsweredCase, CaseRecord, ResponseRecord, RunRecord} from '../../contract-tests/record/record.js';
import {RECORD_FORMAT, RECORD_VERSION} from '../../contract-tests/record/record.js';
import type {CaseResult, ContractRun} from '../../contract-tests/base/model.js';
import {SPEC_FILE} from '../../spec/index.js';

export interface Sent {
	readonly url: string;
	readonly method?: string;
	readonly headers?: Record<string, string>;
	readonly body?: unknown;
}

export interface Got {
	readonly status: number;
	readonly headers?: Record<string, string>;
	readonly body?: unknown;
}

/** An exchange as runner.recordExchange makes it (headers lower-cased, the JSON body parsed). */
export function exchangeOf(sent: Sent, got: Got | undefined): Exchange {
	const text = got?.body === undefined ? '' : typeof got.body === 'string' ? got.body : JSON.stringify(got.body);
	return {
		request: {
			method: sent.method ?? 'GET',
			url: sent.url,
			headers: {accept: 'application/json', ...sent.headers},
			body: sent.body === undefined ? undefined : JSON.stringify(sent.body),
			authenticated: Boolean(sent.headers?.['x-session-token'] || sent.headers?.cookie),
		},
		response: got && {
			status: got.status,
			headers: got.headers ?? {},
			text,
			body: typeof got.body === 'string' || got.body === undefined ? undefined : got.body,
		},
		result: {kind: 'transport-error'} as unknown as Exchange['result'],
		sentAt: 0,
		receivedAt: 0,
	};
}

/** A case's result with this exchange (or skipped, with a reason). */
export function resultOf(contractCase: ContractCase | CaseId, exchange: Exchange | {skip: string}, publicUrl: string): CaseResult {
	const item = typeof contractCase === 'string' ? caseById(contractCase) : contractCase;
	if ('skip' in exchange) return {case: item, outcome: 'skipped', reason: exchange.skip, checks: [], durationMs: 1};
	return {case: item, outcome: 'passed', exchange, expect: {status: item.status, truth: {}, publicUrl}, checks: [], durationMs: 1};
}

export function runOf(results: readonly CaseResult[], baseUrl: string, startedAt = '2026-11-25T10:00:00.000Z'): ContractRun {
	return {
		target: {name: 'live', baseUrl},
		tool: {name: 'kratos-settings-flow-contract', version: '0.1.0'},
		spec: {file: SPEC_FILE, sha256: 'a'.repeat(64), openapi: '3.1.0', bundled: true, uncheckedFormats: []},
		startedAt,
		durationMs: 5,
		cases: results,
		checkNames: [],
		secrets: [],
	};
}

/** A response record with nothing in it but its status, for the diff's tests. */
export const response = (status: number, more: Partial<ResponseRecord> = {}): ResponseRecord => ({
	status,
	contentType: 'application/json',
	errorId: null,
	headers: {},
	cookies: {},
	otherHeaders: [],
	body: null,
	...more,
});

/** An answered case of a get. */
export const answered = (answer: ResponseRecord | null, request: Partial<AnsweredCase['request']> = {}): AnsweredCase => ({
	operation: 'getSettingsFlow',
	request: {method: 'GET', path: '/self-service/settings/flows', query: ['id'], accept: 'application/json', credentials: ['session token'], body: null, ...request},
	response: answer,
});

/** A record of these cases. */
export function recordOf(cases: Record<string, CaseRecord>, more: Partial<RunRecord> = {}): RunRecord {
	return {
		record: {format: RECORD_FORMAT, version: RECORD_VERSION},
		tool: {name: 'kratos-settings-flow-contract', version: '0.1.0'},
		spec: {sha256: 'a'.repeat(64), openapi: '3.1.0', bundled: true},
		server: {version: null},
		date: '2026-11-25T10:00:00.000Z',
		cases,
		...more,
	};
}
