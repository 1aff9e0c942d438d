// How a live server is brought into each case's situation, from what the target learnt at start; the inputs a user
// did not give skip their case, naming the variable. Updates only with the opt-in, and only those that change nothing
// or put back what they change.
import {randomUUID} from 'node:crypto';
import type {SettingsFlow} from '../../../src/index.js';
import {FORBIDDEN_RETURN_TO} from '../../operations/create-settings-flow.js';
import {type Provocations} from '../types.js';
import {TargetError} from '../../base/errors.js';
import {type Prepared, type Truth} from '../../base/model.js';
import {type Offered, notOffered} from './inputs.js';
import type {UpdateInput} from '../../operations/update-settings-flow.js';
import type {LiveConfig} from './config.js';
import {kratosRequest, withSetCookies} from '../../base/kratos-http.js';
import {type Submitter, changeableTrait, readBackAndPutBack} from './writes.js';
import {logins} from './logins.js';
import {type Known, KRATOS_DEFAULT_PRIVILEGED_SESSION_MAX_AGE, PRIVILEGED_MARGIN_MS, cannot, hasCsrfCookie, nameOfPrivileged} from './known.js';

export {KRATOS_DEFAULT_PRIVILEGED_SESSION_MAX_AGE, hasCsrfCookie} from './known.js';
export type {Known} from './known.js';

/** An origin no deployment has (`.invalid`, RFC 2606): what a foreign page's requests carry. */
export const FOREIGN_ORIGIN = 'https://contract-probe.invalid';


const NO_FAILURE_ON_PURPOSE = 'a live server cannot be made to fail on purpose';

/** How a live server is brought into each situation; the inputs a user did not give skip their case, named. */
export function provocations(
	config: LiveConfig,
	known: () => Known,
	ownCredentials: {sessionToken?: string | undefined; cookie?: string | undefined},
): Provocations {
	const own = () => ({input: {id: known().flowId}, truth: ownTruth(config, known())});
	const browserCredentials = config.cookie ? {cookie: config.cookie} : ownCredentials;
	const owner = () => ({identityId: known().identityId!, traits: known().traits});
	const uiOrigins = uiOriginsOf(config, known, ownCredentials);
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
				? {input: {id: known().flowId}, sessionToken: config.otherSessionToken, truth: {identityId: known().otherIdentityId, owner: owner()}}
				: {skip: "set KRATOS_OTHER_SESSION_TOKEN (another identity's session) to enable"},
		// The cookie when there is one: it is what a browser sends by itself to a page of another origin.
		foreign_origin: () => ({...own(), ...browserCredentials, headers: {Origin: FOREIGN_ORIGIN}}),
		// A preflight carries no credential; it asks whether the read may send the session token.
		foreign_origin_preflight: () => ({
			input: {id: known().flowId},
			headers: {Origin: FOREIGN_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-session-token'},
		}),
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
		create_native: () => ({input: {}, ...ownCredentials, truth: newFlowTruth(config, known(), 'api', ownCredentials.cookie)}),
		create_native_no_session: () => ({input: {}}),
		create_native_return_to_forbidden: () => ({input: {returnTo: FORBIDDEN_RETURN_TO}, ...ownCredentials}),
		create_native_aal2_required: () =>
			config.aal1SessionToken
				? {input: {}, sessionToken: config.aal1SessionToken}
				: {skip: 'set KRATOS_AAL1_SESSION_TOKEN (an AAL1 session of an identity with a second factor) to enable'},
		// Kratos accepts a session token on the browser endpoint too; the cookie is what browsers send.
		create_browser: () => ({input: {}, ...browserCredentials, truth: newFlowTruth(config, known(), 'browser', browserCredentials.cookie)}),
		create_browser_navigation: () => ({input: {}, ...browserCredentials, headers: {Accept: 'text/html'}}),
		create_browser_no_session: () => ({input: {}}),
		create_browser_return_to_forbidden: () => ({input: {returnTo: FORBIDDEN_RETURN_TO}, ...browserCredentials}),
		create_browser_aal2_required: () =>
			config.aal1SessionToken
				? {input: {}, sessionToken: config.aal1SessionToken}
				: {skip: 'set KRATOS_AAL1_SESSION_TOKEN (an AAL1 session of an identity with a second factor) to enable'},
		...updates(config, known, ownCredentials, uiOrigins),
		...logins(config, known, uiOrigins),
	};
}

/**
 * The settings UI's origin, as Kratos's own browser navigation names it (a 303 to the settings UI): where a saved
 * browser flow's continue_with may send the browser, and where a login may return to. Asked once, only by the cases
 * that need it; a safe GET (it makes a flow). Undefined when Kratos answers otherwise.
 */
function uiOriginsOf(config: LiveConfig, known: () => Known, ownCredentials: {sessionToken?: string | undefined; cookie?: string | undefined}): () => Promise<string[] | undefined> {
	let ui: Promise<string[] | undefined> | undefined;
	return () =>
		(ui ??= (async () => {
			const {baseUrl, timeoutMs} = known();
			const auth = config.cookie ? {cookie: config.cookie} : ownCredentials;
			try {
				const response = await fetch(`${baseUrl}/self-service/settings/browser`, {
					headers: {Accept: 'text/html', ...(auth.cookie && {Cookie: auth.cookie}), ...(auth.sessionToken && {'X-Session-Token': auth.sessionToken})},
					redirect: 'manual',
					signal: AbortSignal.timeout(timeoutMs),
				});
				await response.body?.cancel();
				const location = response.status === 303 ? response.headers.get('location') : null;
				return location ? [new URL(location, `${baseUrl}/`).origin] : undefined;
			} catch {
				return undefined;
			}
		})());
}


/** The suite's own flow: fresh, of type api, created at a known time (all unknown for KRATOS_SETTINGS_FLOW_ID). */
function ownTruth(config: LiveConfig, known: Known): Truth {
	const ours = known.created !== undefined;
	return {
		flowId: known.flowId,
		identityId: known.identityId,
		traits: known.traits,
		...(ours && {flowType: 'api', state: 'show_form', created: known.created, lifespanMs: config.lifespanMs, csrfCookie: hasCsrfCookie(known.ownCredentials.cookie)}),
	};
}

/** A flow this very request creates. */
const newFlowTruth = (config: LiveConfig, known: Known, flowType: 'api' | 'browser', cookie: string | undefined): Truth => ({
	identityId: known.identityId,
	traits: known.traits,
	flowType,
	state: 'show_form',
	created: 'by-this-request',
	lifespanMs: config.lifespanMs,
	csrfCookie: hasCsrfCookie(cookie),
});

const WRITES_OFF =
	'writes to an identity: set KRATOS_ALLOW_WRITES=1 and KRATOS_TEST_IDENTITY_ID (a dedicated test identity) to enable';
const LOCAL_ONLY = (what: string) => cannot(`${what}: runs against the local Kratos (npm run contract:kratos), never against staging`);

type Updates = Pick<Provocations, Extract<keyof Provocations, `update_${string}`>>;

/**
 * The update cases on a live server: only with the opt-in, and only those that change nothing (Kratos refuses them)
 * or put back what they change (one profile trait). Those that change credentials run against the local Kratos only.
 */
function updates(
	config: LiveConfig,
	known: () => Known,
	ownCredentials: {sessionToken?: string | undefined; cookie?: string | undefined},
	uiOrigins: () => Promise<string[] | undefined>,
): Updates {
	// Only the opt-in is missing when the test identity is given: say just that.
	const off = cannot(config.testIdentityId ? 'writes to an identity: set KRATOS_ALLOW_WRITES=1 (or --allow-writes) to enable; KRATOS_TEST_IDENTITY_ID is set' : WRITES_OFF);
	if (!config.allowWrites) {
		return {
			update_profile: off,
			update_browser: off,
			update_password: off,
			update_totp: off,
			update_lookup_secret: off,
			update_corrections: off,
			update_password_rejected: off,
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
	/**
	 * The owner's own flow to submit: with a token, the suite's native flow; with a cookie alone, a new browser flow
	 * (Kratos refuses to submit a native flow with a Cookie header, 400: selfservice/flow/csrf.go EnsureCSRF).
	 */
	const ownSubmit = async (): Promise<{flow: SettingsFlow | string; sessionToken?: string; cookie?: string; truth: Truth}> => {
		if (config.sessionToken) return {flow: known().flowId, sessionToken: config.sessionToken, truth: ownTruth(config, known())};
		const {flow, cookie} = await browserFlow();
		return {flow, cookie, truth: {flowId: flow.id, identityId: known().identityId, traits: known().traits, flowType: 'browser', lifespanMs: config.lifespanMs, uiOrigins: await uiOrigins()}};
	};
	const submitter: Submitter = {
		async newFlow() {
			if (!config.sessionToken) return browserFlow();
			const {baseUrl, timeoutMs} = known();
			const created = await kratosRequest(`${baseUrl}/self-service/settings/api`, {sessionToken: config.sessionToken, timeoutMs});
			if (created.status !== 200 || typeof created.body?.id !== 'string') throw new Error(`GET /self-service/settings/api answered ${created.status}`);
			return {flow: created.body, sessionToken: config.sessionToken};
		},
	};
	const privileged = nameOfPrivileged(config);
	/** Whether the session logged in longer ago than the privileged age the user gave ('unsure' too close to tell). */
	const stale = (): boolean | 'unsure' | undefined => {
		const at = known().authenticatedAt;
		const max = config.privilegedSessionMaxAgeMs;
		if (at === undefined || max === undefined) return undefined;
		const age = Date.now() - at;
		// Within the margin (a minute, half the age where it is shorter), clock skew and the run's own time could tip it.
		return Math.abs(age - max) < Math.min(PRIVILEGED_MARGIN_MS, max / 2) ? 'unsure' : age > max;
	};
	const maxAge = `${(config.privilegedSessionMaxAgeMs ?? 0) / 1000} s (${privileged})`;
	/** Why a password case does not run where the configuration offers no password method. */
	const noPassword = () => (known().offered && !known().offered!.groups.has('password') ? notOffered('password') : undefined);
	/** A password no Kratos accepts: five characters, below the smallest min_password_length its config allows (6). */
	const rejectedPassword = () => {
		const password = `~${randomUUID().replaceAll('-', '').slice(0, 4)}`;
		known().remember(password);
		return password;
	};
	const needsCookie = {skip: 'set KRATOS_COOKIE to enable'};
	return {
		update_profile: async (): Promise<Prepared<UpdateInput>> => {
			const submit = await ownSubmit();
			const {baseUrl, timeoutMs, schemaUrl, identityId} = known();
			const original = known().traits;
			const credentials = {sessionToken: submit.sessionToken, cookie: submit.cookie};
			const schema = schemaUrl ? await kratosRequest(schemaUrl, {timeoutMs}).catch(() => undefined) : undefined;
			const change = schema?.status === 200 ? changeableTrait(schema.body, original) : {none: `the identity schema could not be read (${schemaUrl ? `GET ${schemaUrl} answered ${schema?.status ?? 'nothing'}` : 'whoami names no schema_url'})`};
			if ('none' in change) {
				return {input: {flow: submit.flow, body: unchanged()}, ...credentials, truth: {...submit.truth, state: 'success', writeSkipped: change.none}};
			}
			const flowId = typeof submit.flow === 'string' ? submit.flow : submit.flow.id;
			return {
				input: {flow: submit.flow, body: {method: 'profile', traits: change.traits}},
				...credentials,
				truth: {...submit.truth, traits: change.traits, state: 'success', write: {path: change.path, from: change.from, to: change.to}},
				after: () => readBackAndPutBack({baseUrl, timeoutMs, flowId, credentials, original, change, identityId, submitter}),
			};
		},
		update_browser: async () => {
			if (!config.cookie) return needsCookie;
			const {flow, cookie} = await browserFlow();
			const truth: Truth = {flowId: flow.id, identityId: known().identityId, traits: known().traits, flowType: 'browser', state: 'success', lifespanMs: config.lifespanMs, uiOrigins: await uiOrigins()};
			return {input: {flow, body: unchanged()}, cookie, truth};
		},
		update_password: LOCAL_ONLY('changes the password'),
		update_totp: LOCAL_ONLY('links an authenticator app'),
		update_lookup_secret: LOCAL_ONLY('replaces the lookup codes'),
		update_corrections: async () => {
			const {flow, truth: _, ...credentials} = await ownSubmit();
			return {input: {flow, body: {method: 'profile', traits: invalidTraits(known().traits, known().offered)}}, ...credentials};
		},
		update_password_rejected: async () => {
			const none = noPassword();
			if (none) return none;
			const age = config.privilegedSessionMaxAgeMs === undefined ? 'unknown' : stale();
			if (age === undefined) return {skip: "whoami gives no authenticated_at: the session's age is not known"};
			if (age === 'unsure') return {skip: `the session is within a minute of privileged_session_max_age (${maxAge}): neither answer can be told right`};
			if (age === true) return {skip: `the session logged in longer ago than privileged_session_max_age (${maxAge}): Kratos asks for a recent login before it looks at a password, which update_refresh_required checks`};
			const {flow, truth, ...credentials} = await ownSubmit();
			const prepared = {input: {flow, body: {method: 'password' as const, password: rejectedPassword()}}, ...credentials, truth: {...truth, state: undefined}};
			if (age === false) return {...prepared, dependsOn: [privileged]};
			// The privileged age is not given: a session older than it is refused for its age before the password is
			// looked at. Either refusal is right; each is judged by its own promises.
			return {
				...prepared,
				alternatives: [
					{status: [400], result: 'corrections' as const},
					{status: [403], errorId: 'session_refresh_required'},
				],
			};
		},
		update_no_session: () => ({input: {flow: known().flowId, body: unchanged()}}),
		update_csrf_missing: async () => {
			if (!config.cookie) return needsCookie;
			const {flow, cookie} = await browserFlow();
			// The id only, so the client adds no token: the cookie alone must not be enough.
			return {input: {flow: flow.id, body: unchanged()}, cookie};
		},
		update_other_identity: () =>
			config.otherSessionToken
				? {input: {flow: known().flowId, body: unchanged()}, sessionToken: config.otherSessionToken, truth: {identityId: known().otherIdentityId, owner: {identityId: known().identityId!, traits: known().traits}}}
				: {skip: "set KRATOS_OTHER_SESSION_TOKEN (another identity's session) to enable"},
		update_refresh_required: async () => {
			const none = noPassword();
			if (none) return none;
			if (config.privilegedSessionMaxAgeMs === undefined) {
				return {
					skip: `the privileged age is not known: set ${privileged} (Kratos's selfservice.flows.settings.privileged_session_max_age; its default is ${KRATOS_DEFAULT_PRIVILEGED_SESSION_MAX_AGE}) to judge which refusal a session of this age gets; update_password_rejected accepts either meanwhile`,
				};
			}
			const age = stale();
			if (age === undefined) return {skip: "whoami gives no authenticated_at: the session's age is not known"};
			if (age === 'unsure') return {skip: `the session is within a minute of privileged_session_max_age (${maxAge}): neither answer can be told right`};
			if (!age) return {skip: `the session logged in less than privileged_session_max_age (${maxAge}) ago: update_password_rejected runs instead`};
			// Refused for the session's age, the password is never looked at; were it looked at, it is refused as too short.
			const {flow, truth: _, ...credentials} = await ownSubmit();
			return {input: {flow, body: {method: 'password', password: rejectedPassword()}}, ...credentials, dependsOn: [privileged]};
		},
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


/**
 * Traits Kratos must refuse, built from what the flow offers: an email or phone input given a value that is none, or
 * else a text trait given a number (the identity schema's type check). The identity's other traits stay as they are.
 */
export function invalidTraits(traits: Readonly<Record<string, unknown>>, offered: Offered | undefined): Record<string, unknown> {
	const inputs = offered?.traits.length ? offered.traits : [{name: 'traits.email', type: 'email'}];
	const pick = inputs.find((input) => input.type === 'email') ?? inputs.find((input) => input.type === 'tel') ?? inputs[0]!;
	const value = pick.type === 'email' ? 'not-an-email' : pick.type === 'tel' ? 'not-a-phone-number' : 42;
	const copy = structuredClone(traits) as Record<string, unknown>;
	const path = pick.name.split('.').slice(1);
	let node = copy as Record<string, any>;
	for (const key of path.slice(0, -1)) node = node[key] && typeof node[key] === 'object' ? node[key] : (node[key] = {});
	node[path.at(-1)!] = value;
	return copy;
}
