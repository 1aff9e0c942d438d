// Markdown, for a pull request comment: a diff of two records.
import {toDiffMarkdown} from '../diff-markdown.js';
import type {ReportFormat} from './index.js';

export const markdownFormat: ReportFormat = {name: 'markdown', order: 20, extension: 'md', diff: toDiffMarkdown};
