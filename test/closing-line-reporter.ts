// Ends the test run with one plain line, "tests: N passed, N failed, N skipped", that any CI log reader understands.
import type {Reporter, TestModule} from 'vitest/node';

export default class ClosingLineReporter implements Reporter {
	onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
		const count = {passed: 0, failed: unhandledErrors.length, skipped: 0};
		for (const module of testModules) {
			const before = count.failed;
			for (const test of module.children.allTests()) {
				const state = test.result().state;
				if (state === 'passed') count.passed++;
				else if (state === 'failed') count.failed++;
				else count.skipped++;
			}
			// A file can fail outside its tests (a hook, an import): count it once.
			if (module.state() === 'failed' && count.failed === before) count.failed++;
		}
		process.stdout.write(`\ntests: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`);
	}
}
