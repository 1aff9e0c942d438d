import type {Check, Violation} from '../base/model.js';
import {sorted} from '../base/json.js';

/**
 * A write is kept: after a profile update Kratos answered 200, the flow fetched again and the session's identity
 * (whoami) show the traits written (Kratos v1.3.1 selfservice/strategy/profile/strategy.go:174-186 sets them through
 * the identity manager, selfservice/flow/settings/hook.go:269-290 saves the flow with them). Then the suite puts the
 * change back; a put-back that failed is an error too, saying what to restore by hand. Never quotes a trait's value.
 */
export const writeTookEffect: Check = {
	name: 'write_took_effect',
	order: 380,
	description: 'A saved profile change is what the flow and whoami show afterwards, and it was put back',
	targets: ['live'],
	skip: ({exchange, expect}) =>
		expect.truth.writeSkipped !== undefined
			? `nothing was written: ${expect.truth.writeSkipped}`
			: !expect.truth.write || !exchange.afterwards
				? 'the case writes nothing'
				: exchange.response?.status !== 200 && !exchange.afterwards.putBackFailed
					? 'the update was not saved (its status is judged by expected_status)'
					: undefined,
	run({exchange, expect}) {
		const {afterwards} = exchange;
		const {write, traits} = expect.truth;
		const violations: Violation[] = [];
		const add = (location: (string | number)[], title: string, message: string, received: string, expected: string) =>
			violations.push({title, location, code: 'write', message, received, expected});
		if (afterwards!.putBackFailed) {
			add(['afterwards', 'put back'], 'PUT BACK FAILED: the test identity still carries the change', afterwards!.putBackFailed, 'failed', 'the traits as before the case');
		}
		if (exchange.response?.status !== 200) return violations;
		if (afterwards!.readBackFailed) {
			add(['afterwards', 'read back'], 'The write could not be read back', `reading back after the update failed: ${afterwards!.readBackFailed}`, 'no answer', '200');
			return violations;
		}
		const shown = {
			flow: (afterwards!.readBack?.flow as {identity?: {traits?: unknown}} | undefined)?.identity?.traits,
			whoami: (afterwards!.readBack?.whoami as {identity?: {traits?: unknown}} | undefined)?.identity?.traits,
		};
		for (const [where, value] of Object.entries(shown)) {
			if (JSON.stringify(sorted(value)) !== JSON.stringify(sorted(traits))) {
				add(
					['afterwards', where, 'identity', 'traits'],
					'A saved write is not what the server shows',
					`after a 200, ${where === 'flow' ? 'GET /self-service/settings/flows' : 'GET /sessions/whoami'} shows other traits than the ones saved (${write!.path} was changed)`,
					'other traits (not shown)',
					`the traits saved, ${write!.path} changed`,
				);
			}
		}
		return violations;
	},
};
