// cases × checks → results: runs every case a target can provoke, each through the real client (exchange.ts) and
// judged by every check that applies (judge.ts), with progress and interruption. The one place that joins a target,
// the client, the checks and a listener.
import {basename} from 'node:path';
import {type Contract, SPEC_FILE, loadContract} from '../../spec/index.js';
import {PACKAGE_NAME, PACKAGE_VERSION} from '../../spec/package.js';
import {UsageError} from '../base/errors.js';
import type {CaseResult, Check, ContractRun, Exchange, Expectation, Prepared, SpecUsed} from '../base/model.js';
import {type ContractCase, cases as allCases} from '../operations/index.js';
import {type RequestObserver, observingRequests} from '../targets/observe.js';
import {type Target, provokeCase} from '../targets/types.js';
import {recordExchange} from './exchange.js';
import {judge} from './judge.js';

export interface RunOptions {
	readonly target: Target;
	readonly cases?: readonly ContractCase[];
	readonly checks?: readonly Check[];
	readonly contract?: Contract;
	/** Per request. @default the target's timeoutMs, else 10000 */
	readonly timeoutMs?: number;
	readonly onCaseStart?: (contractCase: ContractCase, index: number, total: number) => void;
	readonly onCaseEnd?: (result: CaseResult, index: number, total: number) => void;
	/** The caller started the target and will stop it (to use it before or after the run). @default false */
	readonly targetStarted?: boolean;
	/**
	 * Stops the run when aborted (its reason, e.g. `SIGINT`, is recorded as `interrupted.by`): no further request is
	 * sent, the case in flight is abandoned, and the target is stopped. A case that writes (it has an `after` that puts
	 * the change back) is let finish first, so nothing stays changed. @default never
	 */
	readonly signal?: AbortSignal | undefined;
	/** Shown each request the target sends while it starts, and then what came of it (progress before the cases). */
	readonly onStartRequest?: RequestObserver | undefined;
	/** Called once when the run notices the abort: with the case it waits for (a write putting its change back), if any. */
	readonly onInterrupt?: (waitingFor: ContractCase | undefined) => void;
}

/** What a report says about the spec of a contract. */
export function specUsed(contract: Contract): SpecUsed {
	return {file: contract.file, sha256: contract.sha256, openapi: contract.openapi, bundled: contract.file === SPEC_FILE, uncheckedFormats: contract.uncheckedFormats};
}

/** The tool and the spec, as a run records them (for runs made without runContract: a version that did not build). */
export async function runMeta(contract?: Contract): Promise<Pick<ContractRun, 'tool' | 'spec'>> {
	return {tool: {name: PACKAGE_NAME, version: PACKAGE_VERSION}, spec: specUsed(contract ?? (await loadContract()))};
}

/**
 * Runs every case against the target and every check against every answer. Never throws for a failing server: an
 * unusable one is the run's `error`. A `UsageError` from the target's start (what the user gave is wrong) is thrown,
 * after the target is stopped: there is no run to report on.
 */
export async function runContract(options: RunOptions): Promise<ContractRun> {
	const {target, cases = allCases, signal} = options;
	const timeoutMs = options.timeoutMs ?? target.timeoutMs ?? 10_000;
	const started = performance.now();
	const startedAt = new Date().toISOString();
	const contract = options.contract ?? (await loadContract());
	const results: CaseResult[] = [];
	let error: string | undefined;
	// What is awaited while the run goes (the start, each case) is raced against the abort: an interruption does not
	// wait for an answer. Only a case that writes is waited for (see runCase's `mustFinish`).
	let mustFinish: ContractCase | undefined;
	const interrupted = new Promise<'interrupted'>((resolve) => {
		if (!signal) return;
		const stop = () => {
			options.onInterrupt?.(mustFinish);
			resolve('interrupted');
		};
		if (signal.aborted) stop();
		else signal.addEventListener('abort', stop, {once: true});
	});
	const unlessInterrupted = <T>(work: Promise<T>): Promise<T | 'interrupted'> =>
		Promise.race([work, interrupted.then<T | 'interrupted'>((it) => (mustFinish ? work : it))]);
	const start = () => (options.onStartRequest ? observingRequests(options.onStartRequest, () => target.start()) : target.start());
	const starting = signal?.aborted || options.targetStarted ? undefined : start();
	// A check runs only where it can fail: the mock's own checks not against a real server, and the checks of what a
	// real server promises beyond the schema not against the mock's canned examples. The registry is read from its
	// folder (some thirty modules): while the start's first request is under way, not before it.
	const loadingChecks = import('../checks/index.js').then((registry) => registry.checksFor(target.kind, options.checks));
	let checks: Check[] = [];
	try {
		if (signal?.aborted || (starting && (await unlessInterrupted(starting)) === 'interrupted')) throw INTERRUPTED;
		checks = await loadingChecks;
		for (const [index, contractCase] of cases.entries()) {
			if (signal?.aborted) break;
			options.onCaseStart?.(contractCase, index, cases.length);
			const running = runCase(target, contractCase, checks, contract, timeoutMs, {
				signal,
				mustFinish: () => {
					mustFinish = contractCase;
				},
			});
			const result = await unlessInterrupted(running);
			mustFinish = undefined;
			if (result === 'interrupted' || result === undefined) break;
			results.push(result);
			options.onCaseEnd?.(result, index, cases.length);
		}
	} catch (caught) {
		if (caught instanceof UsageError) {
			if (!options.targetStarted) await target.stop().catch(() => undefined);
			throw caught;
		}
		if (caught !== INTERRUPTED) error = caught instanceof Error ? caught.message : String(caught);
	} finally {
		if (!options.targetStarted) await target.stop().catch(() => undefined);
	}
	return {
		target: {name: target.name, baseUrl: target.baseUrl},
		tool: {name: PACKAGE_NAME, version: PACKAGE_VERSION},
		spec: specUsed(contract),
		startedAt,
		durationMs: performance.now() - started,
		cases: results,
		checkNames: (checks.length ? checks : await loadingChecks).map((check) => check.name),
		error,
		...(signal?.aborted && {interrupted: {by: String(signal.reason instanceof Error ? signal.reason.name : signal.reason), planned: cases.length}}),
		secrets: target.secrets,
	};
}

/** Thrown inside runContract when the target's start is interrupted: no case runs. */
const INTERRUPTED = Symbol('interrupted');

async function runCase(
	target: Target,
	contractCase: ContractCase,
	checks: readonly Check[],
	contract: Contract,
	timeoutMs: number,
	interruption: {readonly signal?: AbortSignal | undefined; readonly mustFinish: () => void},
): Promise<CaseResult | undefined> {
	const started = performance.now();
	const {method, path} = contractCase.operation;
	if (!contract.documents(method, path)) {
		// A user's --spec may not have every operation (an older Kratos's, or a subset): nothing to judge by, nothing sent.
		const reason = `the spec (${basename(contract.file)}) does not document ${method} ${path}`;
		return {case: contractCase, outcome: 'skipped', reason, checks: [], durationMs: performance.now() - started};
	}
	const prepared = await provokeCase(target, contractCase);
	if ('skip' in prepared) {
		return {case: contractCase, outcome: 'skipped', reason: prepared.skip, checks: [], durationMs: performance.now() - started};
	}
	// Interrupted while the case was being prepared: its request is not sent. A write, once sent, is seen through to
	// its put-back (nothing can interrupt between this check and the request: no await in between).
	if (interruption.signal?.aborted) return undefined;
	if (prepared.after) interruption.mustFinish();
	const baseUrl = prepared.baseUrl ?? target.baseUrl;
	const sent = await recordExchange(contractCase, baseUrl, prepared, timeoutMs);
	const exchange: Exchange = prepared.after ? {...sent, afterwards: await prepared.after(sent)} : sent;
	const expect: Expectation = {
		...expected(contractCase, prepared, exchange.response?.status),
		truth: prepared.truth ?? {},
		// Kratos's public URL is the target's, whichever instance answered (a twin names the main one in its URLs).
		publicUrl: target.advertisedUrl ?? target.baseUrl,
		...(prepared.dependsOn?.length && {dependsOn: prepared.dependsOn}),
	};
	// A probe outside the spec's operations (a CORS preflight) is judged by its own checks only.
	const applicable = contractCase.probe ? checks.filter((check) => contractCase.probe!.checks.includes(check.name)) : checks;
	const results = judge(exchange, expect, contractCase, contract, applicable);
	return {
		case: contractCase,
		outcome: results.some((result) => result.outcome === 'failed') ? 'failed' : 'passed',
		exchange,
		expect,
		checks: results,
		durationMs: performance.now() - started,
	};
}

/**
 * The answer a case expects: its own, or, where the target gave alternatives, the one the received status belongs to
 * (judged by that alternative's promises); when none does, every alternative's status, so expected_status lists them.
 */
function expected(contractCase: ContractCase, prepared: Prepared<unknown>, status: number | undefined): Pick<Expectation, 'status' | 'errorId' | 'result'> {
	const {alternatives} = prepared;
	if (!alternatives?.length) return {status: contractCase.status, errorId: contractCase.errorId, result: contractCase.result};
	const chosen = alternatives.find((alternative) => status !== undefined && alternative.status.includes(status));
	if (chosen) return {status: chosen.status, errorId: chosen.errorId, result: chosen.result};
	return {status: [...new Set(alternatives.flatMap((alternative) => alternative.status))]};
}

