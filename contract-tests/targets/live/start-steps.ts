// What each request of the live target's start checks, in words, for the progress lines a slow server needs: the
// session, each input given (named by its variable or flag), the flow created for the cases. Told apart by what the
// request carries (the credential, the flow id): values are compared, never shown.
import type {ObservedRequest} from '../observe.js';
import {type LiveConfig, type LiveInput, nameOf} from './config.js';

/** A function naming what a request of the start checks, or undefined for a request that is not the target's. */
export function startSteps(config: LiveConfig, baseUrl: () => string): (request: ObservedRequest) => string | undefined {
	const name = (input: LiveInput) => nameOf(config, input);
	return ({method, url, headers}) => {
		const base = baseUrl();
		if (!base || !url.startsWith(`${base}/`)) return undefined;
		const target = new URL(url);
		const path = target.pathname.slice(new URL(base).pathname.replace(/\/$/, '').length);
		const token = headers['x-session-token'];
		const request = `${method} ${path}`;
		if (path === '/sessions/whoami') {
			if (token && token === config.sessionToken) return `the session of ${name('sessionToken')} (${request})`;
			if (token && token === config.otherSessionToken) return `${name('otherSessionToken')}: another identity's session (${request})`;
			if (token && token === config.aal1SessionToken) return `${name('aal1SessionToken')}: an AAL1 session (${request})`;
			if (!token && headers.cookie && headers.cookie === config.cookie) {
				return config.sessionToken ? `${name('cookie')}: a session of the same identity (${request})` : `the session of ${name('cookie')} (${request})`;
			}
			return request;
		}
		if (path === '/self-service/settings/flows') {
			const id = target.searchParams.get('id');
			const given = (['settingsFlowId', 'expiredFlowId', 'aal1FlowId'] as const).find((input) => id !== null && id === config[input]);
			return given ? `${name(given)}: ${FLOW_PROMISE[given]} (${method} ${path}?id=…)` : request;
		}
		if (path === '/self-service/settings/api') return `a settings flow for the cases (${request})`;
		return request;
	};
}

const FLOW_PROMISE = {
	settingsFlowId: 'a flow of the session',
	expiredFlowId: "an expired flow of the session's identity",
	aal1FlowId: "a flow of the AAL1 session's identity",
} as const;
