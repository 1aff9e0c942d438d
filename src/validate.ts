// Separate entry point (`…/validate`): a browser bundle that does not import it carries none of the validator.
import {validateSettingsFlow as compiled} from '../generated/settings-flow-validator.js';
import type {SettingsFlowValidator, ValidationIssue} from './validator.js';

/**
 * Checks a 200 body against the spec's `settingsFlow` schema with a validator compiled at build time. Lenient where
 * Kratos grows: a value an extensible enum does not list yet (a new node group, node type, autocomplete token, …) and
 * properties the spec does not name pass; a missing required field or a wrong type does not.
 * @example createSettingsFlowClient({baseUrl, validate: validateSettingsFlow})
 */
export const validateSettingsFlow: SettingsFlowValidator = (body) =>
	compiled(body)
		? []
		: (compiled.errors ?? [])
				// An `if` error only says its `then` failed (a known node type's attributes), which is listed itself.
				.filter((error) => error.keyword !== 'if')
				.map(
				(error): ValidationIssue => ({
					path: error.instancePath,
					keyword: error.keyword,
					message: error.message ?? 'is invalid',
				}),
			);

export type {SettingsFlowValidator, ValidationIssue} from './validator.js';
