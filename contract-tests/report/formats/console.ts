// The console: a run's table of case × check with its failures and warnings, and a diff's breaks and additions.
import {formatDiff} from '../diff-console.js';
import {formatSummary} from '../console.js';
import type {ReportFormat} from './index.js';

export const consoleFormat: ReportFormat = {
	name: 'console',
	order: 10,
	run: formatSummary,
	diff: (diff, verdict) => `${formatDiff(diff, verdict)}\n`,
};
