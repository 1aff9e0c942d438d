// cors_credentials against the real Kratos (v1.3.1, or KRATOS_BINARY): the suite's two CORS cases, the flow read with
// the session from a foreign origin and its preflight, sent to three instances on one database. CORS off (kratos.yml,
// Kratos's default): no grant, the check passes. CORS enabled with Kratos's own defaults (allowed_origins ["*"],
// allow_credentials true): v1.0.0 to v26.2.0 answer `*` with credentials, master reflects the foreign origin; the
// check fails both requests. CORS enabled for one other origin: that origin is granted, the foreign one is not, the
// check passes.
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {loadContract} from '../../spec/index.js';
import {corsCredentials} from '../../contract-tests/checks/cors-credentials.js';
import {type LocalKratos, startLocalKratos} from '../../contract-tests/harness/kratos/local.js';
import {register, settingsFlow} from '../../contract-tests/harness/kratos/provision.js';
import {caseById} from '../../contract-tests/operations/index.js';
import {recordExchange} from '../../contract-tests/runner/exchange.js';
import {judge} from '../../contract-tests/runner/judge.js';
import {FOREIGN_ORIGIN} from '../../contract-tests/targets/live/provocations.js';

const APP_ORIGIN = 'https://app.example.test';
type Instance = 'off' | 'defaults' | 'scoped';

let kratos: LocalKratos;
let sessionToken: string;
let flowId: string;
const urls = {} as Record<Instance, string>;

beforeAll(async () => {
	kratos = await startLocalKratos({prefix: '/auth'});
	const account = await register(kratos.publicUrl, () => undefined);
	sessionToken = account.sessionToken;
	flowId = String((await settingsFlow(kratos.publicUrl, account)).id);
	const [defaults, scoped] = await Promise.all([
		kratos.startTwin({SERVE_PUBLIC_CORS_ENABLED: 'true'}),
		kratos.startTwin({SERVE_PUBLIC_CORS_ENABLED: 'true', SERVE_PUBLIC_CORS_ALLOWED_ORIGINS: APP_ORIGIN}),
	]);
	Object.assign(urls, {off: kratos.publicUrl, defaults: defaults.publicUrl, scoped: scoped.publicUrl});
}, 300_000);

afterAll(async () => {
	await kratos?.stop();
});

/** One of the suite's CORS cases sent to an instance, from `origin`, judged by cors_credentials alone. */
async function judged(instance: Instance, id: 'foreign_origin' | 'foreign_origin_preflight', origin = FOREIGN_ORIGIN) {
	const contract = await loadContract();
	const contractCase = caseById(id);
	const prepared =
		id === 'foreign_origin'
			? {input: {id: flowId}, sessionToken, headers: {Origin: origin}}
			: {input: {id: flowId}, headers: {Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-session-token'}};
	const exchange = await recordExchange(contractCase, urls[instance], prepared, 10_000);
	const [result] = judge(exchange, {status: contractCase.status, truth: {}, publicUrl: kratos.publicUrl}, contractCase, contract, [corsCredentials]);
	return {headers: exchange.response!.headers, result: result!};
}

describe('cors_credentials against the real Kratos', () => {
	test.each(['foreign_origin', 'foreign_origin_preflight'] as const)('CORS off: %s gets no CORS header, and passes', async (id) => {
		const {headers, result} = await judged('off', id);
		expect(Object.keys(headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
		expect(result.outcome).toBe('passed');
	});

	test.each(['foreign_origin', 'foreign_origin_preflight'] as const)("CORS on with Kratos's defaults: %s is granted * (a warning) or its own origin (a failure)", async (id) => {
		const {headers, result} = await judged('defaults', id);
		expect(headers['access-control-allow-credentials']).toBe('true');
		// `*` up to v26.2.0; master reflects the origin (oryx/configx/cors.go's AllowOriginVaryRequestFunc).
		const allowed = headers['access-control-allow-origin'];
		expect(['*', FOREIGN_ORIGIN]).toContain(allowed);
		if (allowed === '*') {
			expect(result.outcome, kratos.version).toBe('warned');
			expect(result.violations[0]).toMatchObject({severity: 'warning', code: 'cors_wildcard_credentials'});
		} else {
			expect(result.outcome, kratos.version).toBe('failed');
			expect(result.violations[0]).toMatchObject({severity: 'error', title: 'SECURITY: credentialed CORS for a foreign origin', location: ['response', 'header', 'access-control-allow-origin']});
		}
	});

	test.each(['foreign_origin', 'foreign_origin_preflight'] as const)('CORS on for one other origin: %s from a foreign origin is not granted, and passes', async (id) => {
		const {headers, result} = await judged('scoped', id);
		expect(headers['access-control-allow-origin']).toBeUndefined();
		expect(result.outcome).toBe('passed');
		// The configuration took: the origin it names is granted.
		expect((await judged('scoped', id, APP_ORIGIN)).headers['access-control-allow-origin']).toBe(APP_ORIGIN);
	});
});
