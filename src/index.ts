export {createSettingsFlowClient} from './client.js';
export type {GetSettingsFlowOptions, SettingsFlowClient, SettingsFlowClientOptions} from './client.js';
export type {
	DocumentedErrorStatus,
	GetSettingsFlowResult,
	KnownSettingsFlowErrorId,
	KratosError,
	SettingsFlow,
	SettingsFlowErrorId,
	SettingsFlowHttpError,
	SettingsFlowSuccess,
	SettingsFlowTransportError,
	TransportError,
} from './result.js';
export type {SettingsFlowValidator, ValidationIssue} from './validator.js';
export {AbortError, isAbortError} from './errors/abort-error.js';
export {InvalidRequestError, isInvalidRequestError} from './errors/invalid-request-error.js';
export {InvalidResponseError, isInvalidResponseError} from './errors/invalid-response-error.js';
export {NetworkError, isNetworkError} from './errors/network-error.js';
export {ResponseValidationError, isResponseValidationError} from './errors/response-validation-error.js';
export {TimeoutError, isTimeoutError} from './errors/timeout-error.js';
export type {components, paths} from '../generated/kratos-settings-flow.js';
