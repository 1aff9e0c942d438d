// What the docs say a live run sends is what it sends: a run against a stand-in without the write opt-in, and every
// method it used named where the docs list them (docs/schema-cannot-see.md once said "only safe GETs", and it also
// sends OPTIONS, and the logins' POSTs).
import {readFile} from 'node:fs/promises';
import {expect, test} from 'vitest';
import {HELP} from '../../contract-tests/cli/help.js';
import {runContract} from '../../contract-tests/runner/run.js';
import {liveTarget} from '../../contract-tests/targets/live.js';
import {startStandIn} from '../mutation/stand-in.js';

const doc = (name: string) => readFile(new URL(`../../docs/${name}`, import.meta.url), 'utf8');
/** The paragraph of a text that starts with `opening`. */
const paragraph = (text: string, opening: string) => {
	const at = text.indexOf(opening);
	expect(at, opening).toBeGreaterThanOrEqual(0);
	return text.slice(at, text.indexOf('\n\n', at));
};

test('the methods a live run sends without --allow-writes are the ones the docs and --help name', async () => {
	const standIn = await startStandIn();
	try {
		await runContract({target: liveTarget({...standIn.config, allowWrites: false, testIdentityId: undefined})});
		const methods = [...new Set(standIn.server.requests.map((request) => request.method))].sort();
		expect(methods).toEqual(['GET', 'OPTIONS', 'POST']);
		// What it posts without the opt-in: logins only (a wrong password, KRATOS_TEST_PASSWORD, a wrong TOTP code), no settings update.
		expect([...new Set(standIn.server.requests.filter((request) => request.method === 'POST').map((request) => new URL(request.url, 'http://x').pathname))]).toEqual(['/auth/self-service/login']);
		const said = [
			paragraph(await doc('schema-cannot-see.md'), 'Against a live server the suite'),
			paragraph(await doc('staging.md'), 'It sends `GET /sessions/whoami`'),
			paragraph(HELP, 'It sends GET /sessions/whoami'),
		];
		for (const text of said) for (const method of methods) expect(text, text).toContain(method);
	} finally {
		await standIn.close();
	}
});
