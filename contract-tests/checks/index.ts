// The registry of checks: every check file beside this one (one named check each; helpers live in support/), in the
// order each declares (the report's columns). A new check is its file: nothing here changes.
import {discover} from '../base/discover.js';
import type {Check} from '../base/model.js';

const isCheck = (value: unknown): value is Check =>
	typeof value === 'object' && value !== null && typeof (value as Check).name === 'string' && typeof (value as Check).order === 'number' && typeof (value as Check).run === 'function';

/** Every check, in report order: the answer and its shape, the session, the situation, a staging's promises, drift. */
export const checks: readonly Check[] = await discover(import.meta.url, isCheck);

/** The checks that can fail against a target of this kind (see Check.targets). */
export const checksFor = (kind: 'mock' | 'live', from: readonly Check[] = checks): Check[] =>
	from.filter((check) => !check.targets || check.targets.includes(kind));
