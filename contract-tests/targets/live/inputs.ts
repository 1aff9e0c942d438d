// What the server's first answers say about the user's inputs: a URL that is not Kratos's public API, a token that is
// not a session, a flow id in another state than its variable promises. Only an answer that says so for certain counts.
import {LIVE_VARIABLES} from './config.js';
import {type KratosAnswer, errorIdOf, isKratosError} from '../../base/kratos-http.js';
import {TargetError, UsageError} from '../../base/errors.js';

/**
 * Why an answer to GET /sessions/whoami is not Kratos's public API speaking: a redirect (Kratos's admin port sends
 * every public path to /admin/…), a 404 (a wrong path prefix), a web page.
 */
export function notKratos(answer: KratosAnswer, urlName: string, baseUrl: string): UsageError {
	const type = answer.response.headers.get('content-type')?.split(';')[0] || 'no content type';
	let hint = '';
	if (answer.status >= 300 && answer.status < 400) {
		// The path only: a redirect's query may carry anything.
		const location = answer.response.headers.get('location') ?? '';
		const path = location ? new URL(location, `${baseUrl}/`).pathname : '';
		hint = path.startsWith('/admin')
			? ` redirecting to ${path}: that is Kratos's admin API; give the public API's URL (serve.public), path prefix included`
			: ` redirecting${path ? ` to ${path}` : ''}: give the URL of Kratos's public API itself, path prefix included`;
	} else if (answer.status === 404) {
		hint = ': nothing like Kratos at this path; is the path prefix right (e.g. https://accounts.example.com/auth)?';
	} else if (!/json/i.test(type)) {
		hint = `: a ${type} page, not Kratos's JSON; give Kratos's public URL, path prefix included`;
	}
	return new UsageError(`${urlName} (${baseUrl}) does not answer like Kratos's public API: GET /sessions/whoami answered ${answer.status} (${type})${hint}`);
}

/** The session GET /sessions/whoami describes, or why it cannot be used: the user's mistake, or an unusable server. */
export function sessionOf(answer: KratosAnswer, credential: string, urlName: string, baseUrl: string): Record<string, any> {
	const {status, body} = answer;
	if (status === 200 && /json/i.test(answer.response.headers.get('content-type') ?? '') && typeof body?.identity?.id === 'string') return body;
	if (status >= 500) throw new TargetError(`${baseUrl} failed: GET /sessions/whoami answered ${status}`);
	if (status === 401 && isKratosError(answer)) {
		throw new UsageError(`${credential} is not an active session here: GET /sessions/whoami answered 401 (expired, revoked, or of another Kratos?)`);
	}
	if (status === 403 && errorIdOf(answer) === 'session_aal2_required') {
		throw new UsageError(
			`${credential} is an AAL1 session of an identity with a second factor, and this Kratos wants AAL2 (GET /sessions/whoami answered 403 session_aal2_required): give an AAL2 session (this one fits ${LIVE_VARIABLES.aal1SessionToken})`,
		);
	}
	throw notKratos(answer, urlName, baseUrl);
}

/** What GET /self-service/settings/flows says about a flow id, when it says so for certain. */
export type FlowState = {readonly flow: Record<string, any>} | 'unknown' | 'expired' | 'other-identity' | 'aal2-required' | 'no-session' | 'inconclusive';

export function flowStateOf(answer: KratosAnswer | undefined): FlowState {
	if (!answer) return 'inconclusive';
	if (answer.status === 200 && typeof answer.body?.id === 'string') return {flow: answer.body};
	if (answer.status === 404) return 'unknown';
	if (answer.status === 410) return 'expired';
	if (answer.status === 401 && isKratosError(answer)) return 'no-session';
	const id = errorIdOf(answer);
	if (answer.status === 403 && id === 'security_identity_mismatch') return 'other-identity';
	if (answer.status === 403 && id === 'session_aal2_required') return 'aal2-required';
	return 'inconclusive';
}

/** What a settings flow offers: the groups of its nodes (the methods), and the trait inputs of its profile form. */
export interface Offered {
	readonly groups: ReadonlySet<string>;
	/** Each `traits.…` input: its name (`traits.name.first`) and its input type (email, tel, text, …). */
	readonly traits: readonly {readonly name: string; readonly type: string}[];
}

/** The methods a case may need, by node group: what a skip calls it, and the configuration key that turns it on. */
const METHODS: Readonly<Record<string, readonly [what: string, key: string]>> = {
	password: ['password method', 'selfservice.methods.password.enabled'],
	totp: ['authenticator app (TOTP)', 'selfservice.methods.totp.enabled'],
	lookup_secret: ['lookup codes', 'selfservice.methods.lookup_secret.enabled'],
	oidc: ['social sign-in provider to link', 'selfservice.methods.oidc'],
};

/** Why a case that needs the method of node group `group` does not run where the flow offers none. */
export const notOffered = (group: string): {readonly skip: string} => {
	const [what, key] = METHODS[group] ?? [`${group} method`, `selfservice.methods.${group}`];
	return {skip: `this Kratos offers no ${what}: its settings flow has no ${group} nodes (${key})`};
};

/** What a flow's nodes offer, or undefined when the value is not a flow. */
export function offeredBy(flow: unknown): Offered | undefined {
	const nodes = (flow as {ui?: {nodes?: unknown}} | undefined)?.ui?.nodes;
	if (!Array.isArray(nodes)) return undefined;
	const groups = new Set<string>();
	const traits: {name: string; type: string}[] = [];
	for (const node of nodes as Record<string, any>[]) {
		if (typeof node?.group === 'string') groups.add(node.group);
		const {name, type} = node?.attributes ?? {};
		if (node?.attributes?.node_type === 'input' && typeof name === 'string' && name.startsWith('traits.')) traits.push({name, type: typeof type === 'string' ? type : 'text'});
	}
	return {groups, traits};
}

/**
 * A usage error when a URL Kratos hands out (a schema URL, a form's action) names another public URL than the one the
 * suite was given: Kratos builds them from serve.public.base_url, so the suite reaches it by another URL (an internal
 * address, a front proxy's own), and the user must say which URL Kratos advertises. `marker` is the path that follows
 * the public URL in it. Nothing is thrown for a URL that cannot be read.
 */
export function advertisedMismatch(
	url: unknown,
	marker: string,
	{baseUrl, urlName, advertisedName, source}: {baseUrl: string; urlName: string; advertisedName: string; source: string},
): void {
	if (typeof url !== 'string') return;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return;
	}
	const at = parsed.pathname.indexOf(marker);
	if (at < 0) return;
	const advertised = `${parsed.origin}${parsed.pathname.slice(0, at)}`.replace(/\/+$/, '');
	const given = new URL(baseUrl);
	if (advertised === `${given.origin}${given.pathname}`.replace(/\/+$/, '')) return;
	throw new UsageError(
		`Kratos advertises another public URL than ${urlName}: ${source} is on ${advertised}, while ${urlName} is ${baseUrl}. ` +
			`Kratos writes serve.public.base_url into every URL it hands out. If you reach it by another URL on purpose (an internal address, past a front proxy), ` +
			`set ${advertisedName}=${advertised} (or --advertised-url) so the URLs are judged against it; if not, give that URL as ${urlName}, or fix serve.public.base_url.`,
	);
}
