// JUnit XML, for CI: a run's cases as test cases, or a diff's cases.
import {toDiffJUnit} from '../diff-junit.js';
import {toJUnit} from '../junit.js';
import type {ReportFormat} from './index.js';

export const junitFormat: ReportFormat = {name: 'junit', order: 30, extension: 'xml', run: toJUnit, diff: toDiffJUnit};
