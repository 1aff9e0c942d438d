// Mutation testing of the contract suite: it runs, exactly as `npm run contract:live` does, against a faithful Kratos
// stand-in (no alarm allowed) and against one broken stand-in per fault (the named check must fail, the exit code
// must be non-zero). The detection rate is computed here and must match the README's testing section.
import {readFileSync} from 'node:fs';
import {afterAll, describe, expect, test} from 'vitest';
import {exitCodeOf, formatSummary} from '../../contract-tests/report/console.js';
import {runContract} from '../../contract-tests/runner.js';
import {liveTarget} from '../../contract-tests/targets/live.js';
import {mutants} from './faults.js';
import {startStandIn} from './stand-in.js';

const caught: string[] = [];

test('a faithful stand-in passes: no false alarm', async () => {
	const standIn = await startStandIn(undefined, {allowWrites: true});
	try {
		const run = await runContract({target: liveTarget(standIn.config)});
		expect(exitCodeOf(run), formatSummary(run)).toBe(0);
		// Every case runs but the 5xx ones and the updates that change credentials (the local Kratos runs those).
		expect(run.cases.filter((result) => result.outcome === 'skipped').map((result) => result.case.id)).toEqual([
			'server_error',
			'create_native_server_error',
			'create_browser_server_error',
			'update_password',
			'update_totp',
			'update_lookup_secret',
			'update_refresh_required',
			'update_browser_location_change',
			'update_server_error',
		]);
	} finally {
		await standIn.close();
	}
});

describe.each(mutants)('mutant $name ($description)', (mutant) => {
	test(`is caught by ${mutant.caughtBy.join(' or ')}`, async () => {
		const standIn = await startStandIn(mutant.fault, {timeoutMs: mutant.timeoutMs ?? 5000, allowWrites: true});
		try {
			const run = await runContract({target: liveTarget(standIn.config)});
			const failed = new Set(run.cases.flatMap((result) => result.checks.filter((check) => check.outcome === 'failed').map((check) => check.check)));
			expect(exitCodeOf(run)).toBe(1);
			expect(mutant.caughtBy.some((name) => failed.has(name)), `failed checks: ${[...failed].join(', ') || 'none'}\n${formatSummary(run)}`).toBe(true);
			caught.push(mutant.name);
		} finally {
			await standIn.close();
		}
	});
});

afterAll(() => {
	// Only meaningful when the whole file ran (a filtered run skips the README comparison).
	if (caught.length === 0) return;
	const rate = `${caught.length}/${mutants.length} (${Math.round((caught.length / mutants.length) * 100)}%)`;
	const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
	expect(readme, `README.md must state the measured rate: "Mutation detection rate: ${rate}"`).toContain(
		`Mutation detection rate: ${rate}`,
	);
});
