// The embedded mock: Prism serving the spec's examples on 127.0.0.1, a free port, started and stopped by the suite.
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import type {ContractCase} from '../cases.js';
import {SPEC_FILE} from '../../spec/index.js';
import {type ManagedProcess, startProcess} from '../harness/process.js';
import {type PreparedCase, type SkippedCase, type Target, TargetError} from './types.js';

// Fixed stand-ins: Prism checks neither, but the client must send them like real ones (and reports must redact them).
const MOCK_TOKEN = 'mock-session-token-0000';
const MOCK_COOKIE = 'ory_kratos_session=mock-session-cookie-0000; csrf_token_mock=mock-csrf-0000';
const MOCK_FLOW_ID = '7b2d9a0e-3c41-4f5e-9a7d-1f0c2b3e4d5a';

/** How Prism is asked for each case: `Prefer: code=…` and, where one status has several examples, `example=…`. */
const prefer: Record<
	string,
	{code: number; example?: string; id?: string; auth?: 'token' | 'cookie' | 'none'; accept?: string}
> = {
	own_flow: {code: 200},
	own_flow_cookie: {code: 200, auth: 'cookie'},
	no_session: {code: 401, auth: 'none'},
	no_session_navigation: {code: 302, auth: 'none', accept: 'text/html'},
	other_identity: {code: 403, example: 'identityMismatch'},
	unknown_flow: {code: 404, id: '00000000-0000-4000-8000-000000000000'},
	malformed_id: {code: 404, id: 'not-a-uuid'},
	expired_flow: {code: 410},
	aal2_required: {code: 403, example: 'aal2Required'},
	server_error: {code: 500},
};

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
		get baseUrl() {
			return baseUrl;
		},
		secrets: [MOCK_TOKEN, MOCK_COOKIE, 'mock-session-cookie-0000', 'mock-csrf-0000'],
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
		async prepare(contractCase: ContractCase): Promise<PreparedCase | SkippedCase> {
			const how = prefer[contractCase.id];
			if (!how) return {skip: `the mock has no way to provoke ${contractCase.id}`};
			return {
				id: how.id ?? MOCK_FLOW_ID,
				sessionToken: (how.auth ?? 'token') === 'token' ? MOCK_TOKEN : undefined,
				cookie: how.auth === 'cookie' ? MOCK_COOKIE : undefined,
				headers: {
					Prefer: `code=${how.code}${how.example ? `, example=${how.example}` : ''}`,
					...(how.accept && {Accept: how.accept}),
				},
			};
		},
		async stop() {
			await prism?.stop();
		},
	};
}
