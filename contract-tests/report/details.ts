// What every report says about a failure, built once (and redacted once) for the console, JUnit and HTML.
import type {Exchange, Violation} from '../checks/index.js';
import type {CaseResult, ContractRun} from '../runner.js';
import {excerpt, truncate} from '../checks/util.js';
import {type Redactor, createRedactor, secretsIn} from './redact.js';

/** The run's redactor: the target's secrets plus every secret found inside the requests' and answers' bodies. */
export function redactorFor(run: ContractRun): Redactor {
	const found = run.cases.flatMap((result) => [
		...secretsIn(parseJson(result.exchange?.request.body)),
		...secretsIn(result.exchange?.response?.body),
	]);
	return createRedactor([...run.secrets, ...found]);
}

/** Headers worth repeating in a curl line: what the client sent (minus fetch's defaults), secrets redacted. */
export function curlFor(exchange: Exchange, redactor: Redactor): string {
	const headers = Object.entries(redactor.value(exchange.request.headers))
		// Accept stays: without it Kratos answers a browser navigation (302) instead of 401.
		.filter(([name]) => !['accept-encoding', 'accept-language', 'sec-fetch-mode', 'user-agent'].includes(name))
		.map(([name, value]) => ` -H ${quote(`${name}: ${value}`)}`)
		.join('');
	const method = exchange.request.method === 'GET' ? '' : ` -X ${exchange.request.method}`;
	const body = exchange.request.body === undefined ? '' : ` --data-raw ${quote(redactBody(exchange.request.body, redactor))}`;
	return redactor.text(`curl -sS -i${method}${headers}${body} ${quote(exchange.request.url)}`);
}

function parseJson(text: string | undefined): unknown {
	try {
		return text === undefined ? undefined : JSON.parse(text);
	} catch {
		return undefined;
	}
}

// A JSON body is redacted field by field (passwords, codes, CSRF tokens), anything else as text.
function redactBody(body: string, redactor: Redactor): string {
	try {
		return JSON.stringify(redactor.value(JSON.parse(body)));
	} catch {
		return redactor.text(body);
	}
}

const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

export interface FailureDetail {
	readonly caseId: string;
	readonly check: string;
	readonly title: string;
	readonly message: string;
	readonly location: string;
	readonly received?: string | undefined;
	readonly documented?: string | undefined;
	readonly expected?: string | undefined;
	readonly status?: number | undefined;
	readonly responseExcerpt?: string | undefined;
	/** The JSON object that holds the violating value (its parent in the body), redacted. */
	readonly around?: string | undefined;
	readonly curl?: string | undefined;
}

export function failuresOf(run: ContractRun, redactor = redactorFor(run)): FailureDetail[] {
	return run.cases.flatMap((result) =>
		result.checks.flatMap((check) => check.violations.map((violation) => detail(result, violation, redactor))),
	);
}

function detail(result: CaseResult, violation: Violation, redactor: Redactor): FailureDetail {
	const {exchange} = result;
	const response = exchange?.response;
	return {
		caseId: result.case.id,
		check: violation.check,
		title: redactor.text(violation.title),
		message: redactor.text(violation.message),
		location: violation.location.join(' › '),
		received: violation.received === undefined ? undefined : redactor.text(violation.received),
		documented: violation.documented === undefined ? undefined : redactor.text(violation.documented),
		expected: violation.expected === undefined ? undefined : redactor.text(violation.expected),
		status: response?.status,
		responseExcerpt: response ? excerptOf(response, redactor) : undefined,
		around: aroundOf(response?.body, violation.location, redactor),
		curl: exchange ? curlFor(exchange, redactor) : undefined,
	};
}

function aroundOf(body: unknown, location: readonly (string | number)[], redactor: Redactor): string | undefined {
	if (location[0] !== 'response' || location[1] !== 'body' || location.length < 4) return undefined;
	let value: unknown = body;
	for (const segment of location.slice(2, -1)) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string | number, unknown>)[segment];
	}
	return value === undefined ? undefined : excerpt(redactor.value(value), 600);
}

function excerptOf(response: NonNullable<Exchange['response']>, redactor: Redactor, max = 600): string {
	// A parsed body is redacted field by field; raw text only by value and pattern.
	return response.body === undefined ? truncate(redactor.text(response.text), max) : excerpt(redactor.value(response.body), max);
}
