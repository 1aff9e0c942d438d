// A local real Kratos for a test file (or a describe block): started behind /auth and provisioned through its own
// flows before the tests, stopped after them.
import {afterAll, beforeAll} from 'vitest';
import {type LocalKratos, type LocalKratosOptions, startLocalKratos} from '../../contract-tests/harness/kratos/local.js';
import {type Provisioned, provisionKratos} from '../../contract-tests/harness/kratos/provision.js';

export interface ProvisionedKratos {
	readonly kratos: LocalKratos;
	readonly provisioned: Provisioned;
}

/** Registers the hooks; the returned object holds the Kratos and what was provisioned once `beforeAll` has run. */
export function provisionedKratos(options: LocalKratosOptions = {prefix: '/auth'}): ProvisionedKratos {
	const state = {} as {kratos: LocalKratos; provisioned: Provisioned};
	beforeAll(async () => {
		state.kratos = await startLocalKratos(options);
		state.provisioned = await provisionKratos(state.kratos, () => undefined);
	}, 300_000);
	afterAll(async () => {
		await state.kratos?.stop();
	});
	return state;
}
