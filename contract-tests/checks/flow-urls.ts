import type {Check, Violation} from '../base/model.js';
import {excerpt, flowIn, needsFlow} from './support/util.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The URLs in a flow point where they must: the form is posted to Kratos's public API, `<public>/self-service/settings
 * ?flow=<id>` (Kratos v1.3.1 selfservice/flow/settings/flow.go:166) or `<public>/self-service/login?flow=<id>`
 * (selfservice/flow/login/flow.go:194), for this very flow (after a successful settings update, to the fresh flow it
 * made, also when fetched again later: settings/hook.go:241-250); the identity's schema is on the public API too
 * (persistence/sql/identity/persister_identity.go:1305); `request_url` is the creating request, on the endpoint of
 * the flow's type (settings/flow.go:144, 159, login/flow.go:167, 196; its host follows the request, so only its path
 * is judged). Which flow it is (settings, login) follows from the operation's path.
 */
export const flowUrls: Check = {
	name: 'flow_urls',
	order: 330,
	description: "The form posts to Kratos's public API for this flow; the schema and request URLs match",
	targets: ['live'],
	skip: needsFlow,
	run(context) {
		const flow = flowIn(context)!;
		const {publicUrl} = context.expect;
		const violations: Violation[] = [];
		const add = (location: (string | number)[], message: string, received: unknown, expected: string) =>
			violations.push({title: 'A URL in the flow points elsewhere', location: ['response', 'body', ...location], code: 'url', message, received: excerpt(received), expected});
		const action = parse(flow.ui?.action);
		const kind = /^\/self-service\/(\w+)/.exec(context.case.operation.path)?.[1] ?? 'settings';
		const form = `${publicUrl}/self-service/${kind}`;
		if (!action || `${action.origin}${action.pathname}` !== form) {
			add(['ui', 'action'], `ui.action does not post to ${form}`, flow.ui?.action, `${form}?flow=…`);
		} else {
			const target = action.searchParams.get('flow');
			// Only a successful update moves the form on to a fresh flow; the updated flow says so from then on, to the
			// update's answer and to every later GET of it (Kratos v1.3.1 stores it so: a flow a staging run updated).
			const moved = flow.state === 'success';
			if (moved ? !UUID.test(target ?? '') : target !== flow.id) add(['ui', 'action'], `ui.action posts to flow ${excerpt(target)}, not this flow`, flow.ui.action, `${form}?flow=${moved ? '<a new flow>' : flow.id}`);
		}
		const schema = typeof flow.identity?.schema_url === 'string' ? flow.identity.schema_url : undefined;
		if (schema !== undefined && !schema.startsWith(`${publicUrl}/schemas/`)) {
			add(['identity', 'schema_url'], `identity.schema_url is not on ${publicUrl}`, schema, `${publicUrl}/schemas/…`);
		}
		const requested = parse(flow.request_url);
		if (requested && (flow.type === 'api' || flow.type === 'browser') && !requested.pathname.endsWith(`/self-service/${kind}/${flow.type}`)) {
			add(['request_url'], `request_url is not the ${flow.type} endpoint that creates such a flow`, flow.request_url, `…/self-service/${kind}/${flow.type}`);
		}
		return violations;
	},
};

function parse(value: unknown): URL | undefined {
	try {
		return typeof value === 'string' ? new URL(value) : undefined;
	} catch {
		return undefined;
	}
}
