export {createSettingsFlowClient} from './client.js';
export type {SettingsFlowClient, SettingsFlowClientOptions} from './client.js';
export {createKratosClient} from './core.js';
export type {BaseUrlOptions, BodyOf, CallOptions, Expect, FlowOf, KratosClient, KratosClientOptions, OwnClientOptions, PathOf, Send} from './core.js';
export type {Client, Middleware} from 'openapi-fetch';
export {getSettingsFlow} from './operations/get-settings-flow.js';
export {createSettingsFlow} from './operations/create-settings-flow.js';
export type {
	CreateSettingsFlowErrorId,
	CreateSettingsFlowErrorStatus,
	CreateSettingsFlowOptions,
	CreateSettingsFlowResult,
} from './operations/create-settings-flow.js';
export {createBrowserSettingsFlow} from './operations/create-browser-settings-flow.js';
export {csrfToken, updateSettingsFlow} from './operations/update-settings-flow.js';
export type {
	UpdateSettingsFlowBody,
	UpdateSettingsFlowErrorId,
	UpdateSettingsFlowErrorStatus,
	UpdateSettingsFlowHttpError,
	UpdateSettingsFlowOptions,
	UpdateSettingsFlowResult,
} from './operations/update-settings-flow.js';
export type {
	GetSettingsFlowErrorId,
	GetSettingsFlowErrorStatus,
	GetSettingsFlowOptions,
	GetSettingsFlowResult,
} from './operations/get-settings-flow.js';
export {createLoginFlow} from './operations/create-login-flow.js';
export type {CreateLoginFlowErrorId, CreateLoginFlowErrorStatus, CreateLoginFlowOptions, CreateLoginFlowResult} from './operations/create-login-flow.js';
export {createBrowserLoginFlow} from './operations/create-browser-login-flow.js';
export {getLoginFlow} from './operations/get-login-flow.js';
export type {GetLoginFlowErrorId, GetLoginFlowErrorStatus, GetLoginFlowResult} from './operations/get-login-flow.js';
export {updateLoginFlow} from './operations/update-login-flow.js';
export type {
	LoginOtherIdentity,
	LoginSuccess,
	UpdateLoginFlowBody,
	UpdateLoginFlowErrorId,
	UpdateLoginFlowErrorStatus,
	UpdateLoginFlowResult,
} from './operations/update-login-flow.js';
export {getSession} from './operations/get-session.js';
export type {GetSessionResult, SessionSuccess} from './operations/get-session.js';
export type {
	ContinueWith,
	Corrections,
	HttpError,
	Identity,
	KratosError,
	LoginFlow,
	LoginFor,
	Session,
	SettingsFlow,
	SettingsFlowCorrections,
	SettingsFlowHttpError,
	SettingsFlowSuccess,
	SettingsFlowTransportError,
	Sorted,
	Success,
	TransportError,
	TransportFailure,
	Typed,
	UiContainer,
	UiNode,
} from './result.js';
export type {SettingsFlowValidator, ValidationIssue} from './validator.js';
export {KratosClientError, isKratosClientError} from './errors/kratos-client-error.js';
export {AbortError, isAbortError} from './errors/abort-error.js';
export {InvalidRequestError, isInvalidRequestError} from './errors/invalid-request-error.js';
export {InvalidResponseError, isInvalidResponseError} from './errors/invalid-response-error.js';
export {MiddlewareError, isMiddlewareError} from './errors/middleware-error.js';
export {NetworkError, isNetworkError} from './errors/network-error.js';
export {ResponseValidationError, isResponseValidationError} from './errors/response-validation-error.js';
export {TimeoutError, isTimeoutError} from './errors/timeout-error.js';
export type {components, paths} from '../generated/kratos-settings-flow.js';
