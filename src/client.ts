// Every operation on one object, for applications that use them all. A browser app that wants only some imports the
// operations themselves (`getSettingsFlow(client, id)`), so its bundle carries nothing else.
import {type CallOptions, type KratosClientOptions, createKratosClient} from './core.js';
import {createBrowserSettingsFlow} from './operations/create-browser-settings-flow.js';
import {type CreateSettingsFlowOptions, type CreateSettingsFlowResult, createSettingsFlow} from './operations/create-settings-flow.js';
import {type GetSettingsFlowResult, getSettingsFlow} from './operations/get-settings-flow.js';
import {type UpdateSettingsFlowBody, type UpdateSettingsFlowResult, updateSettingsFlow} from './operations/update-settings-flow.js';
import type {SettingsFlow} from './result.js';

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
}

/** Creates a client with every settings-flow operation. Throws an `InvalidRequestError` for options that cannot work. */
export function createSettingsFlowClient<Traits = unknown>(options: SettingsFlowClientOptions): SettingsFlowClient<Traits> {
	const client = createKratosClient<Traits>(options);
	return {
		getSettingsFlow: (id, call) => getSettingsFlow(client, id, call),
		createSettingsFlow: (call) => createSettingsFlow(client, call),
		createBrowserSettingsFlow: (call) => createBrowserSettingsFlow(client, call),
		updateSettingsFlow: (flow, body, call) => updateSettingsFlow(client, flow, body, call),
	};
}
