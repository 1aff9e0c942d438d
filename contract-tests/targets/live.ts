// A live Kratos public API: a user's staging, or the local Kratos the kratos target starts. Sends only
// GET /sessions/whoami, GET /self-service/settings/api, GET /self-service/settings/browser and
// GET /self-service/settings/flows, and the settings updates only with the opt-in: nothing else. Each case whose input
// is missing is skipped, naming the variable that would enable it.
//
// What the user gave is checked first, with safe GETs, and a mistake is a UsageError naming the variable or flag (exit
// 2): a URL that is not Kratos's public API, a token that is not a session, a flow id the server does not know or that
// is not in the state its variable promises. Only an answer that says so for certain counts; anything else (a server
// error, a timeout, a malformed answer) is left to the cases, whose checks judge the server.
//
// The concerns live beside it: live/config.ts (variables and flags), base/kratos-http.ts (its own requests), live/inputs.ts
// (what the first answers say about the inputs), live/provocations.ts (how each case is provoked).
import {type Target} from './types.js';
import {TargetError, UsageError} from '../base/errors.js';
import {type LiveConfig, type LiveInput, LIVE_VARIABLES, SECRET_INPUTS, checkGivenInputs, nameOf} from './live/config.js';
import {PLAIN_HTTP_ADVICE, answeredPlainHttp, describeFailure, isKratosError, kratosRequest} from '../base/kratos-http.js';
import {type Offered, advertisedMismatch, flowStateOf, offeredBy, sessionOf} from './live/inputs.js';
import {provocations} from './live/provocations.js';

export * from './live/config.js';
export {kratosRequest, withSetCookies} from '../base/kratos-http.js';

export function liveTarget(config: LiveConfig): Target {
	const timeoutMs = config.timeoutMs ?? 10_000;
	const name = (input: LiveInput) => nameOf(config, input);
	let baseUrl = '';
	let identityId: string | undefined;
	let traits: Record<string, unknown> = {};
	/** The identity of KRATOS_OTHER_SESSION_TOKEN: no answer to that session may carry the owner's flow. */
	let otherIdentityId: string | undefined;
	/** Its traits: a refresh flow of the owner's session must show none of them. */
	let otherTraits: Record<string, unknown> | undefined;
	/** When the suite created its flow (undefined for the user's KRATOS_SETTINGS_FLOW_ID, of which it knows less). */
	let created: {after: number; before: number} | undefined;
	let flowId: string | undefined;
	let schemaUrl: string | undefined;
	let authenticatedAt: number | undefined;
	/** What the suite's flow offers (its methods and trait inputs), when it could be read. */
	let offered: Offered | undefined;
	/** Every secret the target knows: the user's, and those the suite makes up (a password it sends). */
	const secrets = [
		...SECRET_INPUTS.map((input) => config[input]),
		config.otherLogin?.password,
		config.aal1Login?.password,
	].filter((secret): secret is string => Boolean(secret));
	type Credentials = {sessionToken?: string | undefined; cookie?: string | undefined};
	// One credential for the cases that need "a session": the token when there is one.
	const ownCredentials: Credentials = config.sessionToken ? {sessionToken: config.sessionToken} : {cookie: config.cookie};
	const primary = () => name(config.sessionToken ? 'sessionToken' : 'cookie');

	/** A request that must be answered: an unreachable server is a TargetError (exit 1). */
	const ask = async (what: string, path: string, auth: Credentials) => {
		try {
			return await kratosRequest(`${baseUrl}${path}`, {...auth, timeoutMs});
		} catch (error) {
			// https:// to a port that speaks http:// is the URL's mistake: the server answered, in another protocol.
			if (answeredPlainHttp(error)) throw new UsageError(`${name('publicUrl')} (${baseUrl}): ${PLAIN_HTTP_ADVICE}`);
			throw new TargetError(`Cannot reach ${baseUrl} (${what}): ${describeFailure(error)}`);
		}
	};
	/** A request that checks an input: no answer proves nothing about the input (the cases will judge the server). */
	const probe = async (path: string, auth: Credentials) => {
		try {
			return await kratosRequest(`${baseUrl}${path}`, {...auth, timeoutMs});
		} catch {
			return undefined;
		}
	};
	const whoami = (auth: Credentials) => probe('/sessions/whoami', auth);
	const flowState = async (id: string, auth: Credentials) => flowStateOf(await probe(`/self-service/settings/flows?id=${encodeURIComponent(id)}`, auth));
	const unknownFlow = (input: LiveInput) =>
		new UsageError(`${name(input)} is not a settings flow this Kratos knows: GET /self-service/settings/flows answered 404`);
	const otherIdentity = (input: LiveInput, credential: string) =>
		new UsageError(`${name(input)} is a flow of another identity than ${credential}'s session (GET /self-service/settings/flows answered 403 security_identity_mismatch)`);
	const needsAal2 = (input: LiveInput, credential: string) =>
		new UsageError(`${name(input)} cannot be read with ${credential}: an AAL1 session of an identity with a second factor (403 session_aal2_required); give an AAL2 session`);

	/** Every optional input the user gave, checked against the server before any case runs. */
	async function checkInputs(): Promise<void> {
		if (config.sessionToken && config.cookie) {
			const answer = await whoami({cookie: config.cookie});
			if (answer?.status === 401 && isKratosError(answer)) throw new UsageError(`${name('cookie')} is not an active session here: GET /sessions/whoami answered 401`);
			if (answer?.status === 200 && answer.body?.identity?.id !== undefined && answer.body.identity.id !== identityId) {
				throw new UsageError(`${name('cookie')} is a session of another identity than ${name('sessionToken')}'s: both must be the same identity's`);
			}
		}
		if (config.otherSessionToken) {
			const answer = await whoami({sessionToken: config.otherSessionToken});
			if (answer?.status === 401 && isKratosError(answer)) throw new UsageError(`${name('otherSessionToken')} is not an active session here: GET /sessions/whoami answered 401`);
			if (answer?.status === 200 && answer.body?.identity?.id === identityId) {
				throw new UsageError(`${name('otherSessionToken')} is a session of the same identity as ${primary()}: it must be another identity's`);
			}
			if (answer?.status === 200 && typeof answer.body?.identity?.id === 'string') {
				otherIdentityId = answer.body.identity.id;
				otherTraits = answer.body.identity.traits ?? {};
			}
		}
		if (config.aal1SessionToken) {
			const answer = await whoami({sessionToken: config.aal1SessionToken});
			if (answer?.status === 401 && isKratosError(answer)) throw new UsageError(`${name('aal1SessionToken')} is not an active session here: GET /sessions/whoami answered 401`);
			if (answer?.status === 200 && answer.body?.authenticator_assurance_level === 'aal2') {
				throw new UsageError(
					`${name('aal1SessionToken')} is an AAL2 session: give a session logged in with the password only, of an identity with a second factor (a run with ${name('allowWrites')} and ${name('aal1TotpSecret')} raises the one it is given to AAL2: log that identity in again before each run)`,
				);
			}
		}
		if (config.settingsFlowId) {
			const state = await flowState(config.settingsFlowId, ownCredentials);
			if (state === 'unknown') throw unknownFlow('settingsFlowId');
			if (state === 'expired') throw new UsageError(`${name('settingsFlowId')} has expired (GET /self-service/settings/flows answered 410): give a fresh flow, or leave it unset and the suite creates one`);
			if (state === 'other-identity') throw otherIdentity('settingsFlowId', primary());
			if (state === 'aal2-required') throw needsAal2('settingsFlowId', primary());
			if (typeof state === 'object') offered = offeredBy(state.flow);
		}
		if (config.expiredFlowId) {
			const state = await flowState(config.expiredFlowId, ownCredentials);
			if (state === 'unknown') throw unknownFlow('expiredFlowId');
			if (state === 'other-identity') throw otherIdentity('expiredFlowId', primary());
			if (state === 'aal2-required') throw needsAal2('expiredFlowId', primary());
			// A flow served although it expired is the server's fault (expired_flow fails); one that has not expired is not.
			if (typeof state === 'object' && !(Date.parse(state.flow.expires_at) <= Date.now())) {
				throw new UsageError(
					`${name('expiredFlowId')} has not expired: GET /self-service/settings/flows answered 200, and the flow expires at ${String(state.flow.expires_at)}; give a flow older than the settings lifespan, or leave it unset`,
				);
			}
		}
		if (config.aal1FlowId && config.aal1SessionToken) {
			const aal1 = name('aal1SessionToken');
			const state = await flowState(config.aal1FlowId, {sessionToken: config.aal1SessionToken});
			if (state === 'unknown') throw unknownFlow('aal1FlowId');
			if (state === 'expired') throw new UsageError(`${name('aal1FlowId')} has expired (GET /self-service/settings/flows answered 410): give a fresh flow of ${aal1}'s identity`);
			if (state === 'other-identity') throw otherIdentity('aal1FlowId', aal1);
			if (state === 'no-session') throw new UsageError(`${aal1} is not an active session here: GET /self-service/settings/flows answered 401`);
			if (typeof state === 'object') {
				throw new UsageError(
					`${aal1} can read ${name('aal1FlowId')} (GET /self-service/settings/flows answered 200, not 403 session_aal2_required): the identity has no second factor, or this Kratos does not require AAL2 for settings (selfservice.flows.settings.required_aal)`,
				);
			}
		}
	}

	return {
		name: config.name ?? 'live',
		kind: 'live',
		timeoutMs,
		get baseUrl() {
			return baseUrl;
		},
		secrets,
		async start() {
			baseUrl = checkGivenInputs(config);
			const session = sessionOf(await ask('GET /sessions/whoami', '/sessions/whoami', ownCredentials), primary(), name('publicUrl'), baseUrl);
			identityId = session.identity.id;
			traits = session.identity.traits ?? {};
			schemaUrl = typeof session.identity.schema_url === 'string' ? session.identity.schema_url : undefined;
			const at = Date.parse(session.authenticated_at);
			authenticatedAt = Number.isNaN(at) ? undefined : at;
			if (!config.advertisedUrl) advertisedMismatch(schemaUrl, '/schemas/', {baseUrl, urlName: name('publicUrl'), advertisedName: name('advertisedUrl'), source: "whoami's identity.schema_url"});
			if (config.allowWrites && config.testIdentityId !== identityId) {
				throw new UsageError(
					`${name('testIdentityId')} (${config.testIdentityId}) is not the identity of ${primary()}'s session (${identityId}): the update cases write only to the dedicated test identity it names`,
				);
			}
			await checkInputs();
			if (config.settingsFlowId) {
				flowId = config.settingsFlowId;
				return;
			}
			const before = Date.now();
			const init = await ask('GET /self-service/settings/api', '/self-service/settings/api', ownCredentials);
			created = {after: before, before: Date.now()};
			if (init.status !== 200 || typeof init.body?.id !== 'string') {
				const id = init.body?.error?.id;
				throw new TargetError(
					`Could not create a settings flow: GET /self-service/settings/api answered ${init.status}${id ? ` (${id})` : ''}; ` +
						`set ${LIVE_VARIABLES.settingsFlowId} (or --settings-flow-id) to use an existing flow`,
				);
			}
			flowId = init.body.id;
			offered = offeredBy(init.body);
			if (!config.advertisedUrl) advertisedMismatch(init.body.ui?.action, '/self-service/settings', {baseUrl, urlName: name('publicUrl'), advertisedName: name('advertisedUrl'), source: "the new flow's ui.action"});
		},
		get advertisedUrl() {
			return config.advertisedUrl?.replace(/\/+$/, '');
		},
		provoke: provocations(
			config,
			() => ({flowId: flowId!, identityId, otherIdentityId, otherTraits, traits, baseUrl, timeoutMs, created, schemaUrl, authenticatedAt, offered, ownCredentials, remember: (secret) => secrets.push(secret)}),
			ownCredentials,
		),
		async stop() {},
	};
}
