// One HTML page of a run: the table, the failures with their answers, the warnings.
import {toHtml} from '../html.js';
import type {ReportFormat} from './index.js';

export const htmlFormat: ReportFormat = {name: 'html', order: 40, extension: 'html', run: toHtml};
