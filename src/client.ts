// Every operation on one object, for applications that use them all. A browser app that wants only some imports the
// operations themselves (`getSettingsFlow(client, id)`), so its bundle carries nothing else.
import {type CallOptions, type KratosClientOptions, createKratosClient} from './core.js';
import {createBrowserSettingsFlow} from './operations/create-browser-settings-flow.js';
import {type CreateSettingsFlowOptions, type CreateSettingsFlowResult, createSettingsFlow} from './operations/create-settings-flow.js';
import {type GetSettingsFlowResult, getSettingsFlow} from './operations/get-settings-flow.js';
import {type UpdateSettingsFlowBody, type UpdateSettingsFlowResult, updateSettingsFlow} from './operations/update-settings-flow.js';
import {createBrowserLoginFlow} from './operations/create-browser-login-flow.js';
import {type CreateLoginFlowOptions, type CreateLoginFlowResult, createLoginFlow} from './operations/create-login-flow.js';
import {type GetLoginFlowResult, getLoginFlow} from './operations/get-login-flow.js';
import {type GetSessionResult, getSession} from './operations/get-session.js';
import {type UpdateLoginFlowBody, type UpdateLoginFlowResult, updateLoginFlow} from './operations/update-login-flow.js';
import type {LoginFlow, SettingsFlow} from './result.js';

export type SettingsFlowClientOptions = KratosClientOptions;

export interface SettingsFlowClient<Traits = unknown> {
	/** See {@link getSettingsFlow}. */
	getSettingsFlow(id: string, options?: CallOptions): Promise<GetSettingsFlowResult<Traits>>;
	/** See {@link createSettingsFlow}: a new flow for a native app. */
	createSettingsFlow(options?: CreateSettingsFlowOptions): Promise<CreateSettingsFlowResult<Traits>>;
	/** See {@link createBrowserSettingsFlow}: a new flow for a browser, as JSON. */
	createBrowserSettingsFlow(options?: CreateSettingsFlowOptions): Promise<CreateSettingsFlowResult<Traits>>;
	/** See {@link updateSettingsFlow}: submit the flow's form. */
	updateSettingsFlow(flow: SettingsFlow<Traits> | string, body: UpdateSettingsFlowBody, options?: CallOptions): Promise<UpdateSettingsFlowResult<Traits>>;
	/** See {@link createLoginFlow}: a login flow for a native app (`{refresh: true}`, `{aal: 'aal2'}` for an interruption). */
	createLoginFlow(options?: CreateLoginFlowOptions): Promise<CreateLoginFlowResult>;
	/** See {@link createBrowserLoginFlow}: a login flow for a browser, as JSON. */
	createBrowserLoginFlow(options?: CreateLoginFlowOptions): Promise<CreateLoginFlowResult>;
	/** See {@link getLoginFlow}. */
	getLoginFlow(id: string, options?: CallOptions): Promise<GetLoginFlowResult>;
	/** See {@link updateLoginFlow}: sign in, refresh the session or give its second factor. */
	updateLoginFlow(flow: LoginFlow, body: UpdateLoginFlowBody, options?: CallOptions): Promise<UpdateLoginFlowResult<Traits>>;
	/** See {@link getSession}: the session of the client's token or cookie. */
	getSession(options?: CallOptions): Promise<GetSessionResult<Traits>>;
}

/** Creates a client with every operation: the settings flow's, and the login flow and session it hands a user to. Throws an `InvalidRequestError` for options that cannot work. */
export function createSettingsFlowClient<Traits = unknown>(options: SettingsFlowClientOptions): SettingsFlowClient<Traits> {
	const client = createKratosClient<Traits>(options);
	return {
		getSettingsFlow: (id, call) => getSettingsFlow(client, id, call),
		createSettingsFlow: (call) => createSettingsFlow(client, call),
		createBrowserSettingsFlow: (call) => createBrowserSettingsFlow(client, call),
		updateSettingsFlow: (flow, body, call) => updateSettingsFlow(client, flow, body, call),
		createLoginFlow: (call) => createLoginFlow(client, call),
		createBrowserLoginFlow: (call) => createBrowserLoginFlow(client, call),
		getLoginFlow: (id, call) => getLoginFlow(client, id, call),
		updateLoginFlow: (flow, body, call) => updateLoginFlow(client, flow, body, call),
		getSession: (call) => getSession(client, call),
	};
}
