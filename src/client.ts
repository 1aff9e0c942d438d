// Every operation on one object, for applications that use them all. A browser app that wants only some imports the
// operations themselves (`getSettingsFlow(client, id)`), so its bundle carries nothing else.
import {type CallOptions, type KratosClientOptions, createKratosClient} from './core.js';
import {type GetSettingsFlowResult, getSettingsFlow} from './operations/get-settings-flow.js';

export type SettingsFlowClientOptions = KratosClientOptions;

export interface SettingsFlowClient {
	/** See {@link getSettingsFlow}. */
	getSettingsFlow(id: string, options?: CallOptions): Promise<GetSettingsFlowResult>;
}

/** Creates a client with every settings-flow operation. Throws an `InvalidRequestError` for options that cannot work. */
export function createSettingsFlowClient(options: SettingsFlowClientOptions): SettingsFlowClient {
	const client = createKratosClient(options);
	return {
		getSettingsFlow: (id, call) => getSettingsFlow(client, id, call),
	};
}
