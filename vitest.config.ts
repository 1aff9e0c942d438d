import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts', 'contract-tests/**/*.test.ts'],
		reporters: ['default', './test/closing-line-reporter.ts'],
		// Real servers (Prism, Kratos) start in some suites; their own timeouts say what failed.
		testTimeout: 30_000,
		hookTimeout: 300_000,
		// Any promise rejection nobody handled fails the run: the client promises never to leave one behind.
		dangerouslyIgnoreUnhandledErrors: false,
	},
});
