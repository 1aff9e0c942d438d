// How a live server is brought into each case's situation, from what the target learnt at start; the inputs a user
// did not give skip their case, naming the variable. Updates only with the opt-in, and only those that change nothing
// or put back what they change.
import {randomUUID} from 'node:crypto';
import type {SettingsFlow} from '../../../src/index.js';
import {FORBIDDEN_RETURN_TO} from '../../operations/create-settings-flow.js';
import {type Provocations, TargetError, type Truth} from '../types.js';
import type {LiveConfig} from './config.js';
import {kratosRequest, withSetCookies} from './http.js';

const cannot = (why: string) => () => ({skip: why});

const NO_FAILURE_ON_PURPOSE = 'a live server cannot be made to fail on purpose';

/** How a live server is brought into each situation; the inputs a user did not give skip their case, named. */
export function provocations(
	config: LiveConfig,
	known: () => Known,
	ownCredentials: {sessionToken?: string | undefined; cookie?: string | undefined},
): Provocations {
	const own = () => ({input: {id: known().flowId}, truth: ownTruth(config, known())});
	const browserCredentials = config.cookie ? {cookie: config.cookie} : ownCredentials;
	return {
		own_flow: () => (config.sessionToken ? {...own(), sessionToken: config.sessionToken} : {skip: 'set KRATOS_SESSION_TOKEN to enable'}),
		own_flow_cookie: () => {
			if (!config.cookie) return {skip: 'set KRATOS_COOKIE to enable'};
			// Kratos does not tie a flow's type to the credential: the suite's API flow read with the browser's cookie.
			if (!config.cookieFlowId) return {...own(), cookie: config.cookie};
			return {input: {id: config.cookieFlowId}, truth: {flowId: config.cookieFlowId, identityId: known().identityId, traits: known().traits}, cookie: config.cookie};
		},
		no_session: () => ({input: {id: known().flowId}}),
		no_session_navigation: () => ({input: {id: known().flowId}, headers: {Accept: 'text/html'}}),
		token_is_final: () =>
			config.cookie
				? {input: {id: known().flowId}, cookie: config.cookie, sessionToken: `ory_st_${randomUUID().replaceAll('-', '')}`}
				: {skip: 'set KRATOS_COOKIE (a session cookie of the same identity) to enable'},
		no_session_unknown_flow: () => ({input: {id: randomUUID()}}),
		other_identity: () =>
			config.otherSessionToken
				? {input: {id: known().flowId}, sessionToken: config.otherSessionToken, truth: {identityId: known().otherIdentityId}}
				: {skip: "set KRATOS_OTHER_SESSION_TOKEN (another identity's session) to enable"},
		unknown_flow: () => ({input: {id: randomUUID()}, ...ownCredentials}),
		malformed_id: () => ({input: {id: 'not-a-uuid'}, ...ownCredentials}),
		expired_flow: () =>
			config.expiredFlowId
				? {input: {id: config.expiredFlowId}, ...ownCredentials}
				: {skip: "set KRATOS_EXPIRED_FLOW_ID (an expired flow of the session's identity) to enable"},
		aal2_required: () =>
			config.aal1SessionToken && config.aal1FlowId
				? {input: {id: config.aal1FlowId}, sessionToken: config.aal1SessionToken}
				: {skip: 'set KRATOS_AAL1_SESSION_TOKEN and KRATOS_AAL1_FLOW_ID (an AAL1 session of an identity with a second factor, and its flow) to enable'},
		server_error: cannot(NO_FAILURE_ON_PURPOSE),
		create_native_server_error: cannot(NO_FAILURE_ON_PURPOSE),
		create_browser_server_error: cannot(NO_FAILURE_ON_PURPOSE),
		// Creating a flow is a safe GET: it stores a flow and changes no identity.
		create_native: () => ({input: {}, ...ownCredentials, truth: newFlowTruth(config, known(), 'api')}),
		create_native_no_session: () => ({input: {}}),
		create_native_return_to_forbidden: () => ({input: {returnTo: FORBIDDEN_RETURN_TO}, ...ownCredentials}),
		create_native_aal2_required: () =>
			config.aal1SessionToken
				? {input: {}, sessionToken: config.aal1SessionToken}
				: {skip: 'set KRATOS_AAL1_SESSION_TOKEN (an AAL1 session of an identity with a second factor) to enable'},
		// Kratos accepts a session token on the browser endpoint too; the cookie is what browsers send.
		create_browser: () => ({input: {}, ...browserCredentials, truth: newFlowTruth(config, known(), 'browser')}),
		create_browser_navigation: () => ({input: {}, ...browserCredentials, headers: {Accept: 'text/html'}}),
		create_browser_no_session: () => ({input: {}}),
		create_browser_return_to_forbidden: () => ({input: {returnTo: FORBIDDEN_RETURN_TO}, ...browserCredentials}),
		create_browser_aal2_required: () =>
			config.aal1SessionToken
				? {input: {}, sessionToken: config.aal1SessionToken}
				: {skip: 'set KRATOS_AAL1_SESSION_TOKEN (an AAL1 session of an identity with a second factor) to enable'},
		...updates(config, known, ownCredentials),
	};
}

/** What the live target learnt at start: the session's identity, and the flow it created (or was given). */
export interface Known {
	readonly flowId: string;
	readonly identityId: string | undefined;
	/** The identity of KRATOS_OTHER_SESSION_TOKEN, from the whoami that checked it. */
	readonly otherIdentityId: string | undefined;
	readonly traits: Record<string, unknown>;
	readonly baseUrl: string;
	readonly timeoutMs: number;
	readonly created: {after: number; before: number} | undefined;
}

/** The suite's own flow: fresh, of type api, created at a known time (all unknown for KRATOS_SETTINGS_FLOW_ID). */
function ownTruth(config: LiveConfig, known: Known): Truth {
	const ours = known.created !== undefined;
	return {
		flowId: known.flowId,
		identityId: known.identityId,
		traits: known.traits,
		...(ours && {flowType: 'api', state: 'show_form', created: known.created, lifespanMs: config.lifespanMs}),
	};
}

/** A flow this very request creates. */
const newFlowTruth = (config: LiveConfig, known: Known, flowType: 'api' | 'browser'): Truth => ({
	identityId: known.identityId,
	traits: known.traits,
	flowType,
	state: 'show_form',
	created: 'by-this-request',
	lifespanMs: config.lifespanMs,
});

const WRITES_OFF =
	'writes to an identity: set KRATOS_ALLOW_WRITES=1 and KRATOS_TEST_IDENTITY_ID (a dedicated test identity) to enable';
const LOCAL_ONLY = (what: string) => cannot(`${what}: runs against the local Kratos (npm run contract:kratos), never against staging`);

type Updates = Pick<Provocations, Extract<keyof Provocations, `update_${string}`>>;

/**
 * The update cases on a live server: only with the opt-in, and only those that change nothing (rejected, or the
 * profile submitted unchanged). Those that change credentials run against the local Kratos only.
 */
function updates(
	config: LiveConfig,
	known: () => Known,
	ownCredentials: {sessionToken?: string | undefined; cookie?: string | undefined},
): Updates {
	const off = cannot(WRITES_OFF);
	if (!config.allowWrites) {
		return {
			update_profile: off,
			update_browser: off,
			update_password: off,
			update_totp: off,
			update_lookup_secret: off,
			update_corrections: off,
			update_no_session: off,
			update_csrf_missing: off,
			update_other_identity: off,
			update_refresh_required: off,
			update_aal2_required: off,
			update_unknown_flow: off,
			update_expired_flow: off,
			update_browser_location_change: off,
			update_server_error: cannot(NO_FAILURE_ON_PURPOSE),
		};
	}
	const unchanged = () => ({method: 'profile' as const, traits: known().traits});
	/** A new browser flow for the user's cookie, and the cookie with the CSRF cookie Kratos set for it. */
	const browserFlow = async () => {
		const {baseUrl, timeoutMs} = known();
		const created = await kratosRequest(`${baseUrl}/self-service/settings/browser`, {cookie: config.cookie, timeoutMs});
		if (created.status !== 200 || typeof created.body?.id !== 'string') {
			throw new TargetError(`Could not create a browser settings flow for KRATOS_COOKIE: GET /self-service/settings/browser answered ${created.status}`);
		}
		return {flow: created.body as SettingsFlow, cookie: withSetCookies(config.cookie!, created.response)};
	};
	const needsCookie = {skip: 'set KRATOS_COOKIE to enable'};
	return {
		update_profile: () => ({
			input: {flow: known().flowId, body: unchanged()},
			...ownCredentials,
			truth: {...ownTruth(config, known()), state: 'success'},
		}),
		update_browser: async () => {
			if (!config.cookie) return needsCookie;
			const {flow, cookie} = await browserFlow();
			const truth: Truth = {flowId: flow.id, identityId: known().identityId, traits: known().traits, flowType: 'browser', state: 'success', lifespanMs: config.lifespanMs};
			return {input: {flow, body: unchanged()}, cookie, truth};
		},
		update_password: LOCAL_ONLY('changes the password'),
		update_totp: LOCAL_ONLY('links an authenticator app'),
		update_lookup_secret: LOCAL_ONLY('replaces the lookup codes'),
		update_corrections: () => ({input: {flow: known().flowId, body: {method: 'profile', traits: {...known().traits, email: 'not-an-email'}}}, ...ownCredentials}),
		update_no_session: () => ({input: {flow: known().flowId, body: unchanged()}}),
		update_csrf_missing: async () => {
			if (!config.cookie) return needsCookie;
			const {flow, cookie} = await browserFlow();
			// The id only, so the client adds no token: the cookie alone must not be enough.
			return {input: {flow: flow.id, body: unchanged()}, cookie};
		},
		update_other_identity: () =>
			config.otherSessionToken
				? {input: {flow: known().flowId, body: unchanged()}, sessionToken: config.otherSessionToken, truth: {identityId: known().otherIdentityId}}
				: {skip: "set KRATOS_OTHER_SESSION_TOKEN (another identity's session) to enable"},
		update_refresh_required: LOCAL_ONLY('needs a session older than privileged_session_max_age'),
		update_aal2_required: () =>
			config.aal1SessionToken && config.aal1FlowId
				? {input: {flow: config.aal1FlowId, body: {method: 'profile', traits: {}}}, sessionToken: config.aal1SessionToken}
				: {skip: 'set KRATOS_AAL1_SESSION_TOKEN and KRATOS_AAL1_FLOW_ID to enable'},
		update_unknown_flow: () => ({input: {flow: randomUUID(), body: unchanged()}, ...ownCredentials}),
		update_expired_flow: () =>
			config.expiredFlowId
				? {input: {flow: config.expiredFlowId, body: unchanged()}, ...ownCredentials}
				: {skip: "set KRATOS_EXPIRED_FLOW_ID (an expired flow of the session's identity) to enable"},
		update_browser_location_change: LOCAL_ONLY('needs a social sign-in provider to link'),
		update_server_error: cannot(NO_FAILURE_ON_PURPOSE),
	};
}
