// The stand-in issues a flow when it is created, as Kratos does (NewFlow sets IssuedAt to now, and the database keeps
// it): a stand-in started long after this module was loaded, as in a long test file on a busy machine, and one serving
// run after run, still pass flow_lifetime, which judges issued_at against the window in which the suite created the
// flow. The minutes of such a
// run are made here without waiting: only Date is moved ahead, the timers stay real.
import {afterEach, expect, test, vi} from 'vitest';
import {formatSummary} from '../../contract-tests/report/console.js';
import {exitCodeOf} from '../../contract-tests/base/verdict.js';
import {runContract} from '../../contract-tests/runner/run.js';
import {liveTarget} from '../../contract-tests/targets/live.js';
import {type StandIn, startStandIn} from './stand-in.js';

afterEach(() => {
	vi.useRealTimers();
});

/** One run of the whole suite: flow_lifetime judged the suite's own flow and the flows the creates made, and passed. */
async function expectLifetimesPass(standIn: StandIn) {
	const run = await runContract({target: liveTarget(standIn.config)});
	const lifetime = run.cases.flatMap((result) => result.checks.filter((check) => check.check === 'flow_lifetime' && check.outcome !== 'skipped'));
	expect(lifetime.length).toBeGreaterThan(3);
	expect(lifetime.filter((check) => check.outcome !== 'passed'), formatSummary(run)).toEqual([]);
	expect(exitCodeOf(run, {strict: true}), formatSummary(run)).toBe(0);
}

test.each([10, 90])('a faithful stand-in started %i minutes after this module was loaded passes flow_lifetime', async (minutes) => {
	vi.useFakeTimers({toFake: ['Date'], shouldAdvanceTime: true});
	vi.setSystemTime(Date.now() + minutes * 60_000);
	const standIn = await startStandIn(undefined, {allowWrites: true});
	try {
		await expectLifetimesPass(standIn);
	} finally {
		await standIn.close();
	}
});

test('a faithful stand-in that serves run after run, minutes apart, passes flow_lifetime in each', async () => {
	vi.useFakeTimers({toFake: ['Date'], shouldAdvanceTime: true});
	const standIn = await startStandIn(undefined, {allowWrites: true});
	try {
		await expectLifetimesPass(standIn);
		vi.setSystemTime(Date.now() + 10 * 60_000);
		await expectLifetimesPass(standIn);
	} finally {
		await standIn.close();
	}
});
