// What every report says about a violation, built once (and redacted once) for the console, JUnit and HTML: grouped
// per case, de-duplicated, with one answer excerpt and one curl line per case, as Schemathesis prints them.
import type {Exchange, Severity} from '../base/model.js';
import {parseJson} from '../base/json.js';
import {type CaseResult, type ContractRun, type RecordedViolation} from '../base/model.js';
import {excerpt, truncate} from '../checks/support/util.js';
import {timeoutAdvice} from '../base/kratos-http.js';
import {type Redactor, createRedactor, secretsIn} from '../base/redact.js';

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

// A JSON body is redacted field by field (passwords, codes, CSRF tokens), anything else as text.
function redactBody(body: string, redactor: Redactor): string {
	try {
		return JSON.stringify(redactor.value(JSON.parse(body)));
	} catch {
		return redactor.text(body);
	}
}

const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

/** One violation as every report shows it, redacted; `count` times the same (check, location, message) in its case. */
export interface Finding {
	readonly check: string;
	readonly severity: Severity;
	readonly title: string;
	readonly message: string;
	readonly location: string;
	readonly received?: string | undefined;
	readonly documented?: string | undefined;
	readonly expected?: string | undefined;
	/** The JSON object that holds the violating value (its parent in the body), redacted. */
	readonly around?: string | undefined;
	readonly count: number;
}

/** A case's violations of one severity, with what is shown once per case: the answer and the curl line. */
export interface CaseFindings {
	readonly caseId: string;
	/** The operation's client function, e.g. getSettingsFlow. */
	readonly operation: string;
	readonly status?: number | undefined;
	/** The error id the answer carried (Kratos's `error.id`, e.g. session_refresh_required), redacted. */
	readonly errorId?: string | undefined;
	/** The variables or flags whose values decided what the case expects (Expectation.dependsOn). */
	readonly dependsOn?: readonly string[] | undefined;
	/** When the request timed out: the limit, and how to change it. */
	readonly timedOut?: string | undefined;
	readonly responseExcerpt?: string | undefined;
	readonly curl?: string | undefined;
	readonly findings: readonly Finding[];
}

/** Per case, the violations of one severity, de-duplicated in order of first appearance. Cases without any are left out. */
export function findingsOf(run: ContractRun, severity: Severity, redactor = redactorFor(run)): CaseFindings[] {
	return run.cases.flatMap((result): CaseFindings[] => {
		const unique = new Map<string, Finding>();
		for (const violation of result.checks.flatMap((check) => check.violations)) {
			if (violation.severity !== severity) continue;
			const finding = findingOf(result, violation, redactor);
			const key = JSON.stringify([finding.check, finding.location, finding.message]);
			const seen = unique.get(key);
			unique.set(key, seen ? {...seen, count: seen.count + 1} : finding);
		}
		if (!unique.size) return [];
		const {exchange} = result;
		const response = exchange?.response;
		return [
			{
				caseId: result.case.id,
				operation: result.case.operation.name,
				status: response?.status,
				errorId: errorIdOf(response, redactor),
				dependsOn: result.expect?.dependsOn?.length ? result.expect.dependsOn : undefined,
				timedOut: timedOut(exchange),
				responseExcerpt: response ? excerptOf(response, redactor) : undefined,
				curl: exchange ? curlFor(exchange, redactor) : undefined,
				findings: [...unique.values()],
			},
		];
	});
}

/** The `error.id` of an answer's body (Kratos's generic error), which says why where the status alone does not. */
export function errorIdOf(response: Exchange['response'], redactor: Redactor): string | undefined {
	const id = (response?.body as {error?: {id?: unknown}} | null | undefined)?.error?.id;
	return typeof id === 'string' && id ? truncate(redactor.text(id), 80) : undefined;
}

/** A case whose request got no answer in time: the limit and how to change it (the client's error knows the limit). */
export function timedOut(exchange: Exchange | undefined): string | undefined {
	const result = exchange?.result;
	if (result?.kind !== 'transport-error' || result.error.name !== 'TimeoutError') return undefined;
	return timeoutAdvice((result.error as {timeoutMs?: number}).timeoutMs);
}

/** The lines said once per case before its findings: what decided the expectation, and a timeout's limit. */
export const caseNotes = (group: Pick<CaseFindings, 'dependsOn' | 'timedOut'>): string[] => [
	...(dependsOnLine(group) ? [dependsOnLine(group)!] : []),
	...(group.timedOut ? [group.timedOut.charAt(0).toUpperCase() + group.timedOut.slice(1)] : []),
];

/** What a case's findings are about: `→ 403 session_refresh_required`, or `, no answer`. */
export const answerOf = (group: Pick<CaseFindings, 'status' | 'errorId'>) =>
	group.status === undefined ? ', no answer' : ` → ${group.status}${group.errorId ? ` ${group.errorId}` : ''}`;

/** The line naming what decided a case's expectation, when something the user gave did. */
export const dependsOnLine = (group: Pick<CaseFindings, 'dependsOn'>) =>
	group.dependsOn
		? `Depends on ${group.dependsOn.join(', ')}: what this case expects follows from ${group.dependsOn.length > 1 ? 'their values' : 'its value'} (given or default); if that is not how this Kratos is configured, correct the value rather than the server`
		: undefined;

function findingOf(result: CaseResult, violation: RecordedViolation, redactor: Redactor): Finding {
	return {
		check: violation.check,
		severity: violation.severity,
		title: redactor.text(violation.title),
		message: redactor.text(violation.message),
		location: violation.location.join(' › '),
		received: violation.received === undefined ? undefined : redactor.text(violation.received),
		documented: violation.documented === undefined ? undefined : redactor.text(violation.documented),
		expected: violation.expected === undefined ? undefined : redactor.text(violation.expected),
		around: aroundOf(result.exchange?.response?.body, violation.location, redactor),
		count: 1,
	};
}

/** A finding's detail lines (message, At, Received, Expected, Documented), as the console and JUnit print them. */
export function detailLines(finding: Finding): string[] {
	return [
		finding.message,
		...(finding.location ? [`At: ${finding.location}`] : []),
		...(finding.received !== undefined ? [`Received: ${finding.received}`] : []),
		...(finding.expected !== undefined ? [`Expected: ${finding.expected}`] : []),
		...(finding.documented !== undefined ? [`Documented: ${finding.documented}`] : []),
	];
}

/** `check: title`, with `(×n)` when the same violation came n times. */
export const headingOf = (finding: Finding) => `${finding.check}: ${finding.title}${finding.count > 1 ? ` (×${finding.count})` : ''}`;

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
