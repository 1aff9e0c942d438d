import type {Check, Violation} from '../base/model.js';
import {flowIn, needsFlow} from './support/util.js';

/** The suite's clock and a remote Kratos's may differ; a minute is generous for NTP-synced servers. */
export const CLOCK_TOLERANCE_MS = 60_000;

/**
 * A flow lives from its creation for selfservice.flows.settings.lifespan and is never served after: `issued_at` is
 * the creation time and `expires_at` is `issued_at` + the lifespan (Kratos v1.3.1 selfservice/flow/settings/flow.go:140,
 * 157-158), and a flow past `expires_at` gets 410, not 200 (selfservice/flow/settings/handler.go:427-441).
 */
export const flowLifetime: Check = {
	name: 'flow_lifetime',
	order: 320,
	description: 'The flow was issued when it was created, lives for the lifespan, and is not served after it expired',
	targets: ['live'],
	skip: needsFlow,
	run(context) {
		const flow = flowIn(context)!;
		const {exchange, expect} = context;
		const issued = Date.parse(flow.issued_at);
		const expires = Date.parse(flow.expires_at);
		const violations: Violation[] = [];
		const add = (field: string, message: string, received: string, expected: string) =>
			violations.push({title: 'The flow lives at the wrong time', location: ['response', 'body', field], code: 'lifetime', message, received, expected});
		// Unparseable timestamps are response_schema_conformance's to report.
		if (Number.isNaN(issued) || Number.isNaN(expires)) return [];
		if (expires <= issued) add('expires_at', 'expires_at is not after issued_at', flow.expires_at, `after ${flow.issued_at}`);
		const {lifespanMs, created} = expect.truth;
		if (lifespanMs !== undefined && Math.abs(expires - issued - lifespanMs) > 1) {
			add('expires_at', `expires_at is ${expires - issued} ms after issued_at, the lifespan is ${lifespanMs} ms`, flow.expires_at, new Date(issued + lifespanMs).toISOString());
		}
		if (exchange.response!.status === 200 && expires < exchange.sentAt - CLOCK_TOLERANCE_MS) {
			add('expires_at', 'a flow past its expiry was served (200), not 410', flow.expires_at, `after ${new Date(exchange.sentAt).toISOString()}`);
		}
		const window = created === 'by-this-request' ? {after: exchange.sentAt, before: exchange.receivedAt} : created;
		if (window && (issued < window.after - CLOCK_TOLERANCE_MS || issued > window.before + CLOCK_TOLERANCE_MS)) {
			const range = `${new Date(window.after).toISOString()} – ${new Date(window.before).toISOString()}`;
			add('issued_at', `issued_at is not when the suite created the flow (${range}, ± ${CLOCK_TOLERANCE_MS / 1000} s)`, flow.issued_at, range);
		}
		return violations;
	},
};
