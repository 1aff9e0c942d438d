// Ctrl-C and SIGTERM in the middle of a run, as the command sees them (its io.signal aborted with the signal's name,
// which main() does on the real signal; test/package signals the installed command's process): "Interrupted", the
// summary of what ran, reports that say the run was interrupted, exit 130 (143 for SIGTERM), no request after it; a
// write in flight is let put its change back first.
import {describe, expect, test} from 'vitest';
import {PUBLISHED} from '../../contract-tests/cli/published.js';
import {cases} from '../../contract-tests/operations/index.js';
import {type Asked, type Fault, STAND_IN_IDS, standInVariables, startStandIn} from '../mutation/stand-in.js';
import {command} from './run.js';

/** A stand-in that calls `when` on each request it gets (before answering), with what it can tell of it. */
async function standInThat(when: (asked: Asked) => void, hang?: (asked: Asked) => boolean) {
	const fault: Fault = (answer, asked) => {
		when(asked);
		return hang?.(asked) ? 'hang' : answer;
	};
	return startStandIn(fault, {allowWrites: true});
}

describe('an interrupted run', () => {
	test.each([
		['SIGINT', 130],
		['SIGTERM', 143],
	])('by %s: "Interrupted", the summary of what ran, reports that say so, exit %i, no request after it', async (signal, code) => {
		const interruption = new AbortController();
		let afterwards = 0;
		// The request of unknown_flow (a flow id the stand-in does not know) never gets an answer; the signal comes then.
		const known = new Set<string | null>(Object.values(STAND_IN_IDS));
		const unknown = ({path, flowId, identity}: Asked) => path === '/self-service/settings/flows' && flowId !== null && !known.has(flowId) && identity !== undefined;
		const standIn = await standInThat(
			(asked) => {
				if (interruption.signal.aborted) afterwards++;
				else if (unknown(asked)) interruption.abort(signal);
			},
			unknown,
		);
		try {
			const ran = await command(['live', '--timeout', '60000'], standInVariables(standIn), PUBLISHED, interruption.signal);
			expect(ran.code, ran.stdout + ran.stderr).toBe(code);
			expect(afterwards, 'requests after the signal').toBe(0);
			expect(ran.stdout).toContain(`\nInterrupted (${signal}): stopping\n`);
			const [, ran_, planned] = /✘ Interrupted by \w+ after (\d+) of (\d+) cases: those are reported; the other (\d+) were not run/.exec(ran.stdout) ?? [];
			expect(Number(planned)).toBe(cases.length);
			expect(Number(ran_)).toBeGreaterThan(0);
			// The summary of what ran: the table has those cases and no more, and the closing counts say the rest did not run.
			expect(ran.stdout).toMatch(/^own_flow +200 /m);
			expect(ran.stdout).not.toMatch(/^unknown_flow +/m);
			expect(ran.stdout).toContain(`not run (interrupted by ${signal})`);
			expect(ran.reports).toEqual(['contract-live.html', 'contract-live.xml']);
			expect(ran.junit).toContain(`<testcase classname="contract live" name="interrupted">\n      <failure type="interrupted" message="Interrupted by ${signal} after ${ran_} of ${cases.length} cases`);
			expect(ran.junit).toContain(`<property name="interrupted" value="${signal}"/>`);
			expect(ran.html).toContain('<span class="verdict failed">interrupted</span>');
			expect(ran.html).toContain(`<h3>The run was interrupted</h3><p>Interrupted by ${signal} after ${ran_} of ${cases.length} cases`);
		} finally {
			await standIn.close();
		}
	});

	test('while a write is in flight: it puts its change back first, then the run stops (no record of a partial run)', async () => {
		const interruption = new AbortController();
		const standIn = await standInThat((asked) => {
			// update_profile's write: a profile update that changes a trait (the put-back sends the original traits).
			if (asked.path === '/self-service/settings' && asked.body?.traits?.name?.startsWith?.('contract-')) interruption.abort('SIGINT');
		});
		try {
			const ran = await command(['live', '--allow-writes', '--test-identity-id', STAND_IN_IDS.owner, '--record', 'run.json'], standInVariables(standIn, {writes: true}), PUBLISHED, interruption.signal);
			expect(ran.code, ran.stdout + ran.stderr).toBe(130);
			expect(ran.stdout).toContain('\nInterrupted (SIGINT): stopping once update_profile has put back what it changed (SIGINT again stops at once, leaving it changed)\n');
			// It ran to the end, put-back included, and is reported; nothing after it.
			expect(ran.stdout).toMatch(/^update_profile +200 /m);
			expect(ran.stdout).not.toMatch(/^update_browser +/m);
			expect(standIn.server.requests.at(-1)).toMatchObject({method: 'GET', url: '/auth/sessions/whoami'});
			const traits = await (await fetch(`${standIn.url}/sessions/whoami`, {headers: {'X-Session-Token': standIn.config.sessionToken!}})).json();
			expect(traits.identity.traits).toEqual({email: 'user@your-company.com'});
			expect(ran.stdout).toContain('No record written: the run was interrupted.');
		} finally {
			await standIn.close();
		}
	});
});
