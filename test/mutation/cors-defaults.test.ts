// Kratos's own CORS defaults (CORS on, no allowed_origins, as Ory's quickstart configurations have it): v1.0.0 to
// v26.2.0 answer a foreign Origin with `*` and credentials, which browsers refuse. No exposure: the suite passes, with
// cors_credentials's warning saying what it breaks; with --strict the warning fails the run. (The reflected origin,
// master's answer, is a failing mutant: cors_reflects_origin in faults.ts.)
import {expect, test} from 'vitest';
import {formatSummary} from '../../contract-tests/report/console.js';
import {exitCodeOf} from '../../contract-tests/base/verdict.js';
import {runContract} from '../../contract-tests/runner/run.js';
import {liveTarget} from '../../contract-tests/targets/live.js';
import type {Fault} from './stand-in.js';
import {startStandIn} from './stand-in.js';

const wildcardWithCredentials: Fault = (answer, {request}) =>
	request.headers.origin ? {...answer, headers: {...answer.headers, 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true'}} : answer;

test("* with credentials on the read and the preflight: the run passes, cors_credentials warns on both, --strict fails", async () => {
	const standIn = await startStandIn(wildcardWithCredentials, {allowWrites: true});
	try {
		const run = await runContract({target: liveTarget(standIn.config)});
		const summary = formatSummary(run);
		expect(exitCodeOf(run), summary).toBe(0);
		expect(exitCodeOf(run, {strict: true})).toBe(1);
		const warned = run.cases.flatMap((result) => result.checks.filter((check) => check.outcome === 'warned').map((check) => `${result.case.id} ${check.check}`));
		expect(warned).toEqual(['foreign_origin cors_credentials', 'foreign_origin_preflight cors_credentials']);
		expect(summary).toContain('Credentialed CORS for any origin (*), which browsers refuse');
	} finally {
		await standIn.close();
	}
});
