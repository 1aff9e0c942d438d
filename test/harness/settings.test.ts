// What the local targets read of a Kratos config: the settings flow's privileged age and lifespan, from the file, a
// variable overriding it, or Kratos's own default (1h for both, from its config schema and code) where neither sets one.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {DEFAULT_KRATOS_CONFIG} from '../../contract-tests/harness/kratos/server.js';
import {settingsConfiguration} from '../../contract-tests/harness/kratos/settings.js';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'kratos-settings-'));
});
afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

test("the project's kratos.yml: what it sets", async () => {
	const settings = await settingsConfiguration(DEFAULT_KRATOS_CONFIG);
	expect(settings.privilegedSessionMaxAge).toEqual({value: '15m', ms: 900_000, from: 'config'});
	expect(settings.lifespan).toEqual({value: '1h', ms: 3_600_000, from: 'config'});
});

test("a config that sets neither: Kratos's default, 1h; a variable wins over the file", async () => {
	const file = join(dir, 'kratos.yml');
	await writeFile(file, 'selfservice:\n  flows:\n    settings:\n      ui_url: http://127.0.0.1:4455/settings\n');
	expect((await settingsConfiguration(file)).privilegedSessionMaxAge).toEqual({value: '1h', ms: 3_600_000, from: 'default'});
	expect((await settingsConfiguration(file, {SELFSERVICE_FLOWS_SETTINGS_PRIVILEGED_SESSION_MAX_AGE: '90s'})).privilegedSessionMaxAge).toEqual({value: '90s', ms: 90_000, from: 'env'});
	expect((await settingsConfiguration(file, {SELFSERVICE_FLOWS_SETTINGS_LIFESPAN: '1s'})).lifespan).toEqual({value: '1s', ms: 1000, from: 'env'});
});

test('a duration the suite cannot read is named with where it came from', async () => {
	const file = join(dir, 'odd.yml');
	await writeFile(file, 'selfservice:\n  flows:\n    settings:\n      privileged_session_max_age: 1.5h\n');
	await expect(settingsConfiguration(file)).rejects.toThrow(`selfservice.flows.settings.privileged_session_max_age in ${file} is not a duration the suite reads: 1.5h`);
});
