// The embedded mock: Prism serving the spec's examples on 127.0.0.1, a free port, started and stopped by the suite.
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {SPEC_FILE} from '../../spec/index.js';
import {type ManagedProcess, startProcess} from '../harness/process.js';
import {FORBIDDEN_RETURN_TO} from '../operations/create-settings-flow.js';
import type {LoginFlow, UpdateLoginFlowBody, UpdateSettingsFlowBody} from '../../src/index.js';
import type {LoginInput} from '../operations/update-login-flow.js';
import type {CaseId, InputOf} from '../operations/index.js';
import type {UpdateInput} from '../operations/update-settings-flow.js';
import {type Provocations, type Target} from './types.js';
import {TargetError} from '../base/errors.js';
import {type Prepared} from '../base/model.js';

// Fixed stand-ins: Prism checks neither, but the client must send them like real ones (and reports must redact them).
const MOCK_TOKEN = 'mock-session-token-0000';
const MOCK_COOKIE = 'ory_kratos_session=mock-session-cookie-0000; csrf_token_mock=mock-csrf-0000';
const MOCK_FLOW_ID = '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a';
const MOCK_CSRF = 'mock-csrf-token-0000';
const MOCK_PASSWORD = 'mock-password-0000';
const MOCK_SHORT_PASSWORD = '~mock';
const MOCK_WRONG_PASSWORD = 'mock-wrong-password-0000';
/** The public URL the spec's examples name. */
const MOCK_PUBLIC_URL = 'https://accounts.your-company.com/auth';

/** How Prism is asked for each case: `Prefer: code=…` and, where one status has several examples, `example=…`. */
interface Ask<Input> {
	readonly input: Input;
	readonly code: number;
	readonly example?: string;
	readonly auth?: 'token' | 'cookie' | 'none';
	readonly accept?: string;
	/** An Origin header: a request from a page of another origin. */
	readonly origin?: string;
}

const asks: {readonly [C in CaseId]: Ask<InputOf<C>>} = {
	own_flow: {input: {id: MOCK_FLOW_ID}, code: 200},
	own_flow_cookie: {input: {id: MOCK_FLOW_ID}, code: 200, auth: 'cookie'},
	no_session: {input: {id: MOCK_FLOW_ID}, code: 401, auth: 'none'},
	no_session_navigation: {input: {id: MOCK_FLOW_ID}, code: 302, auth: 'none', accept: 'text/html'},
	token_is_final: {input: {id: MOCK_FLOW_ID}, code: 401, auth: 'cookie'},
	no_session_unknown_flow: {input: {id: '00000000-0000-4000-8000-000000000000'}, code: 401, auth: 'none'},
	other_identity: {input: {id: MOCK_FLOW_ID}, code: 403, example: 'identityMismatch'},
	unknown_flow: {input: {id: '00000000-0000-4000-8000-000000000000'}, code: 404},
	malformed_id: {input: {id: 'not-a-uuid'}, code: 404},
	expired_flow: {input: {id: MOCK_FLOW_ID}, code: 410},
	aal2_required: {input: {id: MOCK_FLOW_ID}, code: 403, example: 'aal2Required'},
	// Prism answers with CORS headers of its own, not a Kratos's: cors_credentials runs against live servers only.
	foreign_origin: {input: {id: MOCK_FLOW_ID}, code: 200, origin: 'https://contract-probe.invalid'},
	foreign_origin_preflight: {input: {id: MOCK_FLOW_ID}, code: 200, auth: 'none', origin: 'https://contract-probe.invalid'},
	server_error: {input: {id: MOCK_FLOW_ID}, code: 500},
	create_native: {input: {}, code: 200},
	create_native_no_session: {input: {}, code: 401, auth: 'none'},
	create_native_return_to_forbidden: {input: {returnTo: FORBIDDEN_RETURN_TO}, code: 400},
	create_native_aal2_required: {input: {}, code: 403},
	create_browser: {input: {}, code: 200, auth: 'cookie'},
	create_browser_navigation: {input: {}, code: 303, auth: 'cookie', accept: 'text/html'},
	create_browser_no_session: {input: {}, code: 401, auth: 'none'},
	create_browser_return_to_forbidden: {input: {returnTo: FORBIDDEN_RETURN_TO}, code: 400, auth: 'cookie'},
	create_browser_aal2_required: {input: {}, code: 403, auth: 'cookie'},
	create_browser_server_error: {input: {}, code: 500, auth: 'cookie'},
	create_native_server_error: {input: {}, code: 500},
	update_profile: {input: update({method: 'profile', traits: {email: 'user@your-company.com'}}), code: 200},
	update_browser: {input: update({method: 'profile', traits: {email: 'user@your-company.com'}, csrf_token: MOCK_CSRF}), code: 200, auth: 'cookie'},
	update_password: {input: update({method: 'password', password: MOCK_PASSWORD}), code: 200},
	update_totp: {input: update({method: 'totp', totp_code: '123456'}), code: 200},
	update_lookup_secret: {input: update({method: 'lookup_secret', lookup_secret_regenerate: true}), code: 200},
	update_corrections: {input: update({method: 'profile', traits: {email: 'not-an-email'}}), code: 400, example: 'invalidEmail'},
	update_password_rejected: {input: update({method: 'password', password: MOCK_SHORT_PASSWORD}), code: 400, example: 'passwordTooShort'},
	update_no_session: {input: update({method: 'profile', traits: {}}), code: 401, auth: 'none'},
	update_csrf_missing: {input: update({method: 'profile', traits: {}}), code: 403, example: 'csrfViolation', auth: 'cookie'},
	update_other_identity: {input: update({method: 'profile', traits: {}}), code: 403, example: 'identityMismatch'},
	update_refresh_required: {input: update({method: 'password', password: MOCK_PASSWORD}), code: 403, example: 'refreshRequired'},
	update_aal2_required: {input: update({method: 'profile', traits: {}}), code: 403, example: 'aal2Required'},
	update_unknown_flow: {input: {...update({method: 'profile', traits: {}}), flow: '00000000-0000-4000-8000-000000000000'}, code: 404},
	update_expired_flow: {input: update({method: 'profile', traits: {}}), code: 410},
	update_browser_location_change: {input: update({method: 'oidc', link: 'github'}), code: 422, auth: 'cookie'},
	update_server_error: {input: update({method: 'profile', traits: {}}), code: 500},
	login_refresh_flow: {input: {refresh: true}, code: 200, example: 'refreshLoginFlow'},
	login_step_up_flow: {input: {aal: 'aal2'}, code: 200, example: 'secondFactorLoginFlow'},
	login_after_refresh_required: {input: {refresh: true, returnTo: `${MOCK_PUBLIC_URL}/self-service/settings?flow=${MOCK_FLOW_ID}`}, code: 200, auth: 'cookie'},
	login_after_aal2_required: {input: {aal: 'aal2', returnTo: `https://accounts.your-company.com/settings?flow=${MOCK_FLOW_ID}`}, code: 200},
	login_refresh_wrong_password: {input: login({method: 'password', identifier: 'user@your-company.com', password: MOCK_WRONG_PASSWORD}), code: 400, example: 'invalidCredentials'},
	login_refresh_other_identity: {input: login({method: 'password', identifier: 'other@your-company.com', password: MOCK_PASSWORD}), code: 200},
	login_refresh_password: {input: login({method: 'password', identifier: 'user@your-company.com', password: MOCK_PASSWORD}), code: 200},
	login_step_up_wrong_code: {input: login({method: 'totp', totp_code: '000000'}), code: 400, example: 'invalidCredentials'},
	login_step_up: {input: login({method: 'totp', totp_code: '123456'}), code: 200},
	login_already_signed_in: {input: {}, code: 400, example: 'sessionAlreadyAvailable'},
	login_return_to_forbidden: {input: {returnTo: FORBIDDEN_RETURN_TO}, code: 400, example: 'returnToForbidden', auth: 'none'},
	login_step_up_no_session: {input: {aal: 'aal2'}, code: 401, auth: 'none'},
	login_server_error: {input: {}, code: 500},
	login_browser_navigation: {input: {}, code: 303, auth: 'none', accept: 'text/html'},
	login_browser_return_to_forbidden: {input: {returnTo: FORBIDDEN_RETURN_TO}, code: 400, example: 'returnToForbidden', auth: 'none'},
	login_browser_step_up_no_session: {input: {aal: 'aal2'}, code: 401, auth: 'none'},
	login_browser_server_error: {input: {}, code: 500, auth: 'none'},
	login_step_up_without_session: {input: login({method: 'totp', totp_code: '000000'}), code: 401, auth: 'none'},
	login_csrf_missing: {input: login({method: 'password', identifier: 'contract-probe@example.invalid', password: MOCK_WRONG_PASSWORD}), code: 403, auth: 'cookie'},
	login_unknown_flow: {input: login({method: 'password', identifier: 'contract-probe@example.invalid', password: MOCK_WRONG_PASSWORD}), code: 404, auth: 'none'},
	login_expired_flow: {input: login({method: 'password', identifier: 'contract-probe@example.invalid', password: MOCK_WRONG_PASSWORD}), code: 410, auth: 'none'},
	login_browser_location_change: {input: login({method: 'password', identifier: 'user@your-company.com', password: MOCK_PASSWORD}), code: 422},
	login_submit_server_error: {input: login({method: 'password', identifier: 'user@your-company.com', password: MOCK_PASSWORD}), code: 500},
};

/** The refresh flow the login cases submit: enough of one for the client (its id, and the identifier it pre-fills). */
function login(body: UpdateLoginFlowBody): LoginInput {
	const flow = {
		id: MOCK_FLOW_ID,
		type: 'api',
		refresh: true,
		requested_aal: 'aal1',
		ui: {
			action: `${MOCK_PUBLIC_URL}/self-service/login?flow=${MOCK_FLOW_ID}`,
			method: 'POST',
			nodes: [{type: 'input', group: 'default', attributes: {name: 'identifier', type: 'hidden', value: 'user@your-company.com', disabled: false, node_type: 'input'}, messages: [], meta: {}}],
		},
	};
	return {flow: flow as unknown as LoginFlow, body};
}

function update(body: UpdateSettingsFlowBody): UpdateInput {
	return {flow: MOCK_FLOW_ID, body};
}

function prepare<Input>(ask: Ask<Input>): Prepared<Input> {
	return {
		input: ask.input,
		sessionToken: (ask.auth ?? 'token') === 'token' ? MOCK_TOKEN : undefined,
		cookie: ask.auth === 'cookie' ? MOCK_COOKIE : undefined,
		headers: {
			Prefer: `code=${ask.code}${ask.example ? `, example=${ask.example}` : ''}`,
			...(ask.accept && {Accept: ask.accept}),
			...(ask.origin && {Origin: ask.origin}),
		},
	};
}

function prismBin(): string {
	const require = createRequire(import.meta.url);
	const pkg = require.resolve('@stoplight/prism-cli/package.json');
	const {bin} = require(pkg) as {bin: string | Record<string, string>};
	return join(dirname(pkg), typeof bin === 'string' ? bin : bin.prism!);
}

export function mockTarget(options: {specFile?: string; startTimeoutMs?: number} = {}): Target {
	let prism: ManagedProcess | undefined;
	let baseUrl = '';
	return {
		name: 'mock',
		kind: 'mock',
		get baseUrl() {
			return baseUrl;
		},
		secrets: [MOCK_TOKEN, MOCK_COOKIE, 'mock-session-cookie-0000', 'mock-csrf-0000', MOCK_CSRF, MOCK_PASSWORD, MOCK_SHORT_PASSWORD, MOCK_WRONG_PASSWORD],
		async start() {
			prism = startProcess(process.execPath, [
				prismBin(),
				'mock',
				'--host',
				'127.0.0.1',
				'--port',
				'0',
				options.specFile ?? SPEC_FILE,
			]);
			try {
				const match = await prism.waitFor(/Prism is listening on (http:\/\/\S+)/, options.startTimeoutMs ?? 30_000, 'Prism');
				baseUrl = match[1]!;
			} catch (error) {
				const output = prism.tail();
				await prism.stop();
				throw new TargetError(`The Prism mock did not start: ${(error as Error).message}\n${output}`);
			}
		},
		provoke: Object.fromEntries(
			Object.entries<Ask<unknown>>(asks).map(([id, ask]) => [id, () => prepare(ask)]),
		) as unknown as Provocations,
		async stop() {
			await prism?.stop();
		},
	};
}
