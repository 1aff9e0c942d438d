// Separate entry point (`…/validate`): a browser bundle that does not import it carries none of the validator.
import {validateSettingsFlow as compiled} from '../generated/settings-flow-validator.js';
import type {SettingsFlowValidator, ValidationIssue} from './validator.js';

/**
 * Checks a 200 body against the spec's `settingsFlow` schema with a validator compiled at build time.
 * @example createSettingsFlowClient({baseUrl, validate: validateSettingsFlow})
 */
export const validateSettingsFlow: SettingsFlowValidator = (body) =>
	compiled(body)
		? []
		: (compiled.errors ?? []).map(
				(error): ValidationIssue => ({
					path: error.instancePath,
					keyword: error.keyword,
					message: error.message ?? 'is invalid',
				}),
			);

export type {SettingsFlowValidator, ValidationIssue} from './validator.js';
