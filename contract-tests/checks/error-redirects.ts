import type {Check, Violation} from '../base/model.js';
import {excerpt, kratosErrorIn, needsResponse} from './support/util.js';

/**
 * Where an error sends the user is Kratos's public API, and the interruptions say where: the second-factor and refresh logins
 * (`<public>/self-service/login/browser?aal=aal2` / `?refresh=true`, Kratos v1.3.1 session/manager.go:102-116,
 * selfservice/flow/settings/handler.go:419-423) with the same URL beside `error` and in its details, and an expired
 * flow's new start (`details.api` / `details.redirect_to`, handler.go:428-439). Only
 * `browser_location_change_required` points away, to a social sign-in provider.
 */
export const errorRedirects: Check = {
	name: 'error_redirects',
	order: 350,
	description: "Errors send the user to Kratos's own public API, the same URL wherever the body repeats it",
	targets: ['live'],
	skip: (context) => needsResponse(context) ?? (kratosErrorIn(context) ? undefined : 'not a Kratos error'),
	run(context) {
		const error = kratosErrorIn(context)!;
		const body = context.exchange.response!.body as Record<string, any>;
		const {publicUrl} = context.expect;
		const violations: Violation[] = [];
		const add = (location: (string | number)[], message: string, received: unknown, expected: string) =>
			violations.push({title: 'An error sends the user elsewhere', location: ['response', 'body', ...location], code: 'redirect', message, received: excerpt(received), expected});
		const top = body.redirect_browser_to;
		const inDetails = error.details?.redirect_browser_to;
		if (top !== undefined && inDetails !== undefined && top !== inDetails) {
			add(['error', 'details', 'redirect_browser_to'], 'redirect_browser_to differs beside error and in its details', inDetails, excerpt(top));
		}
		if (error.id === 'browser_location_change_required') return violations;
		const login = `${publicUrl}/self-service/login/browser`;
		const step = error.id === 'session_aal2_required' ? 'aal=aal2' : error.id === 'session_refresh_required' ? 'refresh=true' : undefined;
		// Both interruptions name the login that lifts them beside `error`, in every version v1.0.0 to master
		// (settings/error.go:99-106 in v1.3.1 for the refresh, session/manager_http.go:302 for the second factor): without
		// it, a browser app has nowhere to send the user.
		if (step && top === undefined) add(['redirect_browser_to'], `a ${error.id} names no login to lift it (redirect_browser_to is missing)`, undefined, `${login}?${step}&return_to=…`);
		for (const [location, url] of [
			[['redirect_browser_to'], top],
			[['error', 'details', 'redirect_browser_to'], inDetails],
		] as const) {
			if (url === undefined) continue;
			if (typeof url !== 'string' || !url.startsWith(`${login}?`) || (step && !new URL(url).search.includes(step))) {
				add([...location], `${location.join('.')} is not the ${step ?? 'login'} step on ${publicUrl}`, url, `${login}?${step ?? '…'}`);
			}
		}
		for (const [field, path] of [
			['api', '/self-service/settings/api'],
			['redirect_to', '/self-service/settings/browser'],
		] as const) {
			const url = error.details?.[field];
			if (url !== undefined && (typeof url !== 'string' || !url.startsWith(`${publicUrl}${path}`))) {
				add(['error', 'details', field], `error.details.${field} is not ${publicUrl}${path}`, url, `${publicUrl}${path}`);
			}
		}
		return violations;
	},
};
