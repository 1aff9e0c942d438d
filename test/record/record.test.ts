// The record of a run, from runs made by hand: what it keeps of each case (the request's kinds of credentials, the
// answer's status, headers that matter and body shape), what it never keeps (tokens, cookies, CSRF tokens, TOTP
// secrets, traits, ids, timestamps), that two runs of the same server give the same record but for its date, and
// that it is generic over whatever cases a run has.
import {describe, expect, test} from 'vitest';
import type {ContractCase} from '../../contract-tests/operations/index.js';
import {recordJson} from '../../contract-tests/record/file.js';
import {cookieOf, splitSetCookie, urlShape} from '../../contract-tests/record/headers.js';
import {type AnsweredCase, type RunRecord, serverVersionOf, toRecord} from '../../contract-tests/record/record.js';
import {enumPathsOf} from '../../contract-tests/record/shape.js';
import {loadContract} from '../../spec/index.js';
import {SECRETS, flowBody} from '../mutation/stand-in.js';
import {exchangeOf, resultOf, runOf} from './helpers.js';

const contract = await loadContract();
const OWNER = '2f1b6a3c-8d4e-4a5b-9c6d-7e8f9a0b1c2d';
const EMAIL = 'user@your-company.com';
const CSRF_HASH = '81ea1d78112ab319d3e2477798fc17a80105b09dca39143783f8c5b4510235a7';

/** One server's run: its port, ids, tokens, CSRF cookie hash and clock are what differ between two instances. */
function serverRun(instance: {port: number; flowId: string; token: string; csrfHash: string; startedAt: string; maxAge: number}) {
	const base = `http://127.0.0.1:${instance.port}/auth`;
	const flow = flowBody(instance.flowId, OWNER, base, 'browser');
	flow.identity.traits = {email: EMAIL};
	const expires = new Date(Date.parse(instance.startedAt) + 86_400_000).toUTCString();
	const setCookie = `csrf_token_${instance.csrfHash}=${SECRETS.csrfCookieValue}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax, ory_kratos_session=${SECRETS.cookieValue}; Path=/; Expires=${expires}; Max-Age=${instance.maxAge}; HttpOnly; SameSite=Lax`;
	const own = exchangeOf(
		{url: `${base}/self-service/settings/flows?id=${instance.flowId}`, headers: {'x-session-token': instance.token, cookie: `csrf_token_${instance.csrfHash}=${SECRETS.csrfCookieValue}; ory_kratos_session=${SECRETS.cookieValue}`}},
		{status: 200, headers: {'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, no-cache, no-store, must-revalidate', vary: 'Cookie', 'set-cookie': setCookie, date: expires, 'x-request-id': instance.flowId}, body: flow},
	);
	const aal2 = exchangeOf(
		{url: `${base}/self-service/settings/flows?id=${instance.flowId}`, headers: {'x-session-token': instance.token}},
		{
			status: 403,
			headers: {'content-type': 'application/json', 'ory-error-id': 'session_aal2_required'},
			body: {error: {id: 'session_aal2_required', code: 403, status: 'Forbidden', reason: `no AAL2 for ${EMAIL}`}, redirect_browser_to: `${base}/self-service/login/browser?aal=aal2&return_to=http%3A%2F%2F127.0.0.1%3A4455%2Fsettings%3Fflow%3D${instance.flowId}`},
		},
	);
	const navigation = exchangeOf(
		{url: `${base}/self-service/settings/browser`, headers: {accept: 'text/html', cookie: `ory_kratos_session=${SECRETS.cookieValue}`}},
		{status: 303, headers: {'content-type': 'text/html; charset=utf-8', location: `http://127.0.0.1:4455/settings?flow=${instance.flowId}`}, body: '<a href="…">See Other</a>.'},
	);
	const update = exchangeOf(
		{url: `${base}/self-service/settings?flow=${instance.flowId}`, method: 'POST', headers: {'x-session-token': instance.token}, body: {method: 'profile', traits: {email: EMAIL}, csrf_token: SECRETS.csrfToken}},
		{status: 200, headers: {'content-type': 'application/json; charset=utf-8'}, body: {...flow, state: 'success'}},
	);
	return runOf(
		[
			resultOf('own_flow', own, base),
			resultOf('aal2_required', aal2, base),
			resultOf('create_browser_navigation', navigation, base),
			resultOf('update_profile', update, base),
			resultOf('expired_flow', {skip: 'set KRATOS_EXPIRED_FLOW_ID (an expired flow of the session’s identity) to enable'}, base),
			resultOf('unknown_flow', exchangeOf({url: `${base}/self-service/settings/flows?id=${instance.flowId}`}, undefined), base),
		],
		base,
		instance.startedAt,
	);
}

const first = {port: 41234, flowId: '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a', token: SECRETS.owner, csrfHash: CSRF_HASH, startedAt: '2026-11-25T10:00:00.000Z', maxAge: 86399};
const second = {port: 38811, flowId: '0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f', token: SECRETS.other, csrfHash: 'c915799bda32b6f91ae4a6e8c8cd6bca8d162a028beab9308fc8b3c45ced8149', startedAt: '2026-11-26T11:30:00.000Z', maxAge: 86397};
const record = toRecord(serverRun(first), {contract, serverVersion: 'v1.3.1'});
const own = record.cases.own_flow as AnsweredCase;

describe('what a record keeps', () => {
	test('its header: the format, the tool, the spec, the server’s version where it is told, the date', () => {
		expect(record.record).toEqual({format: 'kratos-settings-flow-contract record', version: 1});
		expect(record.tool).toEqual({name: 'kratos-settings-flow-contract', version: '0.1.0'});
		expect(record.spec).toEqual({sha256: 'a'.repeat(64), openapi: '3.1.0', bundled: true});
		expect(record.server).toEqual({version: 'v1.3.1'});
		expect(record.date).toBe(first.startedAt);
		expect(toRecord(serverRun(first), {contract}).server).toEqual({version: null});
		expect(serverVersionOf({version: 'v26.2.0'})).toBe('v26.2.0');
		expect(serverVersionOf({name: 'live'})).toBeNull();
	});

	test('the request: operation, method, path, query names, Accept, the kinds of credentials and the body’s keys', () => {
		expect(own.operation).toBe('getSettingsFlow');
		expect(own.request).toEqual({
			method: 'GET',
			path: '/self-service/settings/flows',
			query: ['id'],
			accept: 'application/json',
			credentials: ['cookie csrf_token_{hash}', 'cookie ory_kratos_session', 'session token'],
			body: null,
		});
		expect((record.cases.update_profile as AnsweredCase).request.body).toEqual({method: 'profile', keys: ['csrf_token', 'method', 'traits']});
	});

	test('the answer: status, content type, error id, Cache-Control and Vary, cookies by name and attributes, other headers by name', () => {
		expect(own.response).toMatchObject({
			status: 200,
			contentType: 'application/json; charset=utf-8',
			errorId: null,
			headers: {'cache-control': 'private, no-cache, no-store, must-revalidate', vary: 'Cookie'},
			// The CSRF cookie's name carries a hash of the URL; Expires and Max-Age count down: kept by name.
			cookies: {'csrf_token_{hash}': ['HttpOnly', 'Max-Age', 'Path=/', 'SameSite=Lax'], ory_kratos_session: ['Expires', 'HttpOnly', 'Max-Age', 'Path=/', 'SameSite=Lax']},
			// date is plumbing; a request id is named, never its value.
			otherHeaders: ['x-request-id'],
		});
		const aal2 = (record.cases.aal2_required as AnsweredCase).response!;
		expect([aal2.status, aal2.errorId, aal2.otherHeaders]).toEqual([403, 'session_aal2_required', ['ory-error-id']]);
		// Location's shape: the user interface's URL is the config's, the flow id is not kept.
		expect((record.cases.create_browser_navigation as AnsweredCase).response).toMatchObject({status: 303, headers: {location: 'http://127.0.0.1:4455/settings?flow={uuid}'}, body: null});
	});

	test('the body: every path with its types, the values of the spec’s enums, message ids, ui nodes', () => {
		const body = own.response!.body!;
		expect(body.paths).toMatchObject({$: 'object', '$.id': 'string', '$.state': 'string', '$.ui.nodes[].attributes.value': 'string', '$.ui.nodes[].attributes.width': 'number', '$.identity.traits.email': 'string'});
		expect(body.values).toMatchObject({'$.state': ['show_form'], '$.type': ['browser'], '$.ui.nodes[].attributes.node_type': expect.arrayContaining(['img', 'input', 'text'])});
		// Not an enum: no value kept, whatever it looks like.
		expect(Object.keys(body.values)).not.toContain('$.id');
		expect(body.messages['$.ui.nodes[].meta.label']).toEqual(expect.arrayContaining([1050005, 1050017]));
		expect(body.messages['$.ui.nodes[].attributes.text']).toEqual([1050006]);
		expect(body.nodes['$.ui.nodes[]']).toEqual(expect.arrayContaining(['default/input/csrf_token', 'profile/input/traits.email', 'password/input/method=password', 'totp/img/totp_qr', 'totp/text/totp_secret_key']));
		expect((record.cases.update_profile as AnsweredCase).response!.body!.values['$.state']).toEqual(['success']);
	});

	test('a skipped case says why; a case with no answer records none', () => {
		expect(record.cases.expired_flow).toEqual({operation: 'getSettingsFlow', skipped: 'set KRATOS_EXPIRED_FLOW_ID (an expired flow of the session’s identity) to enable'});
		expect((record.cases.unknown_flow as AnsweredCase).response).toBeNull();
	});
});

describe('what a record never holds', () => {
	test('no token, cookie value, CSRF token, TOTP secret, trait value, email, identity or flow id, timestamp, port', () => {
		const json = recordJson(record);
		for (const [name, value] of Object.entries(SECRETS)) expect(json.includes(value), name).toBe(false);
		for (const value of [EMAIL, OWNER, first.flowId, CSRF_HASH, '41234', '2026-11-26', 'Forbidden', 'no AAL2']) expect(json, value).not.toContain(value);
		// The one date is the header's.
		expect(json.match(/\d{4}-\d\d-\d\dT/g)).toEqual(['2026-11-25T']);
		expect(json).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
	});

	test('two runs of the same server give equal records but for the date, keys in the same order', () => {
		const again = toRecord(serverRun(second), {contract, serverVersion: 'v1.3.1'});
		expect(again.date).not.toBe(record.date);
		expect(recordJson({...again, date: record.date})).toBe(recordJson(record));
	});
});

describe('generic over the cases a run has', () => {
	test('a case the suite does not have yet (a CORS preflight) is recorded like any other, its headers by name', () => {
		const preflight = {
			id: 'cors_preflight',
			title: 'a CORS preflight',
			status: [204],
			operation: {name: 'preflightSettings', method: 'OPTIONS', path: '/self-service/settings', safe: true, cases: {}, call: () => Promise.reject(new Error('not sent'))},
		} as unknown as ContractCase;
		const base = 'https://accounts.example.com/auth';
		const exchange = exchangeOf(
			{url: `${base}/self-service/settings`, method: 'OPTIONS', headers: {origin: 'https://app.example.com'}},
			{status: 204, headers: {'access-control-allow-origin': 'https://app.example.com', 'access-control-allow-credentials': 'true', vary: 'Origin'}},
		);
		const recorded = toRecord(runOf([resultOf(preflight, exchange, base)], base), {contract}).cases.cors_preflight as AnsweredCase;
		expect(recorded.operation).toBe('preflightSettings');
		expect(recorded.request).toMatchObject({method: 'OPTIONS', path: '/self-service/settings', credentials: []});
		expect(recorded.response).toMatchObject({status: 204, headers: {vary: 'Origin'}, otherHeaders: ['access-control-allow-credentials', 'access-control-allow-origin'], body: null});
	});
});

describe('the pieces', () => {
	test('a URL’s shape: the server’s own base URL, uuids and query values replaced; switches kept', () => {
		const base = 'http://127.0.0.1:41234/auth';
		expect(urlShape(`${base}/self-service/login/browser?aal=aal2&refresh=true&return_to=http%3A%2F%2Fx`, [base])).toBe('{public}/self-service/login/browser?aal=aal2&refresh=true&return_to={value}');
		expect(urlShape('https://github.com/login/oauth/authorize?client_id=abc&state=xyz', [base])).toBe('https://github.com/login/oauth/authorize?client_id={value}&state={value}');
		expect(urlShape(`/ui/${first.flowId}/x`, [base], `${base}/self-service/settings`)).toBe('http://127.0.0.1:41234/ui/{uuid}/x');
		expect(urlShape('::', [base])).toBe('{not a URL}');
	});

	test('Set-Cookie lines joined by fetch are split where a cookie starts, not inside an Expires date', () => {
		const lines = splitSetCookie('a=1; Expires=Wed, 02 Dec 2026 21:56:49 GMT; Path=/, csrf_token_0123456789abcdef0123=2; Secure');
		expect(lines).toEqual(['a=1; Expires=Wed, 02 Dec 2026 21:56:49 GMT; Path=/', 'csrf_token_0123456789abcdef0123=2; Secure']);
		expect(lines.map(cookieOf)).toEqual([
			['a', ['Expires', 'Path=/']],
			['csrf_token_{hash}', ['Secure']],
		]);
	});

	test('the enum paths of a response schema: enums and discriminator tags, through unions and arrays', () => {
		const schema = contract.operation('GET', '/self-service/settings/flows').responseFor(200)!.schema;
		const paths = enumPathsOf(schema);
		for (const path of ['$.state', '$.type', '$.ui.nodes[].group', '$.ui.nodes[].type', '$.ui.nodes[].attributes.node_type', '$.ui.nodes[].attributes.type', '$.ui.messages[].type', '$.continue_with[].action']) {
			expect(paths, path).toContain(path);
		}
		for (const path of ['$.id', '$.ui.action', '$.identity.traits', '$.ui.nodes[].attributes.value']) expect(paths, path).not.toContain(path);
	});

	test('the file: two-space JSON in the record’s key order, short lists on one line, long ones a value a line', () => {
		const json = recordJson({b: 1, a: {list: ['x', 'y'], long: Array.from({length: 30}, (_, index) => `value-${index}`), empty: [], none: {}}});
		expect(json.split('\n').slice(0, 4)).toEqual(['{', '  "b": 1,', '  "a": {', '    "list": ["x", "y"],']);
		expect(json).toContain('    "long": [\n      "value-0",\n');
		expect(json).toContain('"empty": [],\n    "none": {}');
		expect(JSON.parse(json)).toEqual({b: 1, a: {list: ['x', 'y'], long: Array.from({length: 30}, (_, index) => `value-${index}`), empty: [], none: {}}});
		const parsed = JSON.parse(recordJson(record)) as RunRecord;
		expect(Object.keys(parsed)).toEqual(['record', 'tool', 'spec', 'server', 'date', 'cases']);
		expect(Object.keys(parsed.cases)).toEqual(['own_flow', 'aal2_required', 'create_browser_navigation', 'update_profile', 'expired_flow', 'unknown_flow']);
	});
});
