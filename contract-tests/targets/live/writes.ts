// The one write the live suite makes to the test identity, and how it is undone: a profile trait Kratos lets any
// session change (not a login identifier, not a verification or recovery address: those need a recent login,
// selfservice/strategy/profile/strategy.go:172-181 in v1.3.1), changed, read back through the flow and whoami, then
// put back. A put-back that fails is reported with what to restore by hand.
import {randomBytes} from 'node:crypto';
import type {Afterwards} from '../../base/model.js';
import {sorted} from '../../base/json.js';
import {kratosRequest} from '../../base/kratos-http.js';

type Json = Record<string, any>;

/** The trait a write changes: its dotted path under `traits`, its value before, the one written. */
export interface TraitChange {
	readonly path: string;
	readonly from: unknown;
	readonly to: string;
	/** The whole traits object to submit. */
	readonly traits: Record<string, unknown>;
}

/**
 * A string trait of the identity schema that carries no Kratos extension (`ory.sh/kratos`: an identifier, a
 * verification or recovery address) and no constraint a made-up value could break (format, pattern, enum, const), and
 * a value for it that fits its lengths. Or why there is none.
 */
export function changeableTrait(schema: unknown, traits: Readonly<Record<string, unknown>>): TraitChange | {readonly none: string} {
	const candidates: {path: string[]; schema: Json}[] = [];
	const walk = (node: unknown, path: string[]) => {
		if (!node || typeof node !== 'object') return;
		const property = node as Json;
		if ('ory.sh/kratos' in property || '$ref' in property) return;
		const types = ([] as unknown[]).concat(property.type);
		if (types.includes('object') && property.properties && typeof property.properties === 'object') {
			for (const [name, child] of Object.entries(property.properties as Json)) walk(child, [...path, name]);
		} else if (types.includes('string') && !['format', 'pattern', 'enum', 'const'].some((key) => key in property)) {
			candidates.push({path, schema: property});
		}
	};
	walk((schema as Json | undefined)?.properties?.traits, []);
	// One the identity already has first: its value is what the put-back restores.
	const chosen = candidates.find(({path}) => typeof valueAt(traits, path) === 'string') ?? candidates[0];
	if (!chosen) {
		return {none: 'the identity schema has no trait a session may change without a recent login (every string trait is a login identifier, a verification or recovery address, or has a format, pattern or enum)'};
	}
	const min = Number(chosen.schema.minLength ?? 0);
	const max = Number(chosen.schema.maxLength ?? Infinity);
	let to = `contract-${randomBytes(4).toString('hex')}`;
	if (to.length > max) to = randomBytes(32).toString('hex').slice(0, max);
	if (to.length < min) to = to.padEnd(min, 'x');
	const copy = structuredClone(traits) as Record<string, unknown>;
	setAt(copy, chosen.path, to);
	return {path: chosen.path.join('.'), from: valueAt(traits, chosen.path), to, traits: copy};
}

const valueAt = (value: unknown, path: readonly string[]): unknown =>
	path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), value);

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
	let node = target as Json;
	for (const key of path.slice(0, -1)) node = node[key] && typeof node[key] === 'object' ? node[key] : (node[key] = {});
	node[path.at(-1)!] = value;
}

/** How the suite submits a profile as the session's owner: its own flow, with whichever credential it has. */
export interface Submitter {
	/** A fresh flow to submit, with the credentials to submit it with (a browser flow's CSRF cookie included). */
	newFlow(): Promise<{flow: Json; sessionToken?: string | undefined; cookie?: string | undefined}>;
}

/**
 * After the write: the flow fetched again and whoami, as the server now answers them; then the original traits
 * submitted on a new flow and checked with whoami. Never throws: every failure is named in the result.
 */
export async function readBackAndPutBack(options: {
	readonly baseUrl: string;
	readonly timeoutMs: number;
	readonly flowId: string;
	readonly credentials: {sessionToken?: string | undefined; cookie?: string | undefined};
	readonly original: Readonly<Record<string, unknown>>;
	readonly change: TraitChange;
	readonly identityId: string | undefined;
	readonly submitter: Submitter;
}): Promise<Afterwards> {
	const {baseUrl, timeoutMs, credentials, change} = options;
	const get = (path: string, auth = credentials) => kratosRequest(`${baseUrl}${path}`, {...auth, timeoutMs});
	const afterwards: {readBack?: Afterwards['readBack']; readBackFailed?: string; putBackFailed?: string} = {};
	try {
		const flow = await get(`/self-service/settings/flows?id=${encodeURIComponent(options.flowId)}`);
		const whoami = await get('/sessions/whoami');
		if (flow.status !== 200 || whoami.status !== 200) afterwards.readBackFailed = `GET /self-service/settings/flows answered ${flow.status}, GET /sessions/whoami ${whoami.status}`;
		else afterwards.readBack = {flow: flow.body, whoami: whoami.body};
	} catch (error) {
		afterwards.readBackFailed = `no answer (${(error as Error).message})`;
	}
	const byHand = `restore the test identity's trait ${change.path} to ${JSON.stringify(change.from) ?? 'nothing (remove it)'} by hand (e.g. with the admin API: PATCH /admin/identities/${options.identityId ?? '<id>'})`;
	try {
		const {flow, ...auth} = await options.submitter.newFlow();
		const csrf = (flow.ui?.nodes as Json[] | undefined)?.find((node) => node.attributes?.name === 'csrf_token')?.attributes?.value;
		const put = await kratosRequest(`${baseUrl}/self-service/settings?flow=${encodeURIComponent(flow.id)}`, {
			method: 'POST',
			body: {method: 'profile', traits: options.original, ...(csrf && {csrf_token: csrf})},
			...auth,
			timeoutMs,
		});
		const whoami = await get('/sessions/whoami');
		if (put.status !== 200) afterwards.putBackFailed = `the update that puts it back answered ${put.status}: ${byHand}`;
		else if (JSON.stringify(sorted(whoami.body?.identity?.traits)) !== JSON.stringify(sorted(options.original))) {
			afterwards.putBackFailed = `after putting it back, GET /sessions/whoami shows other traits: ${byHand}`;
		}
	} catch (error) {
		afterwards.putBackFailed = `putting it back failed (${(error as Error).message}): ${byHand}`;
	}
	return afterwards;
}
