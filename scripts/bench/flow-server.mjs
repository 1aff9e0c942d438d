// A local HTTP server for the per-call benchmark, in its own process so it does not share the event loop with the
// clients being measured. Answers the settings calls with a 12-node flow, and the login calls and whoami with real
// Kratos v1.3.1 answers (login-answers.json: a login flow, a successful native login, a session); prints its URL.
import {readFileSync} from 'node:fs';
import {createServer} from 'node:http';

const json = (name) => Buffer.from(JSON.stringify(JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8'))));
const flow = json('./settings-flow-12-nodes.json');
const login = JSON.parse(readFileSync(new URL('./login-answers.json', import.meta.url), 'utf8'));
const bodies = {
	// The get, both creates and the update (which answers the flow in state success).
	'/auth/self-service/settings/flows': flow,
	'/auth/self-service/settings/api': flow,
	'/auth/self-service/settings/browser': flow,
	'/auth/self-service/settings': flow,
	'/auth/self-service/login/api': Buffer.from(JSON.stringify(login.loginFlow)),
	'/auth/self-service/login': Buffer.from(JSON.stringify(login.successfulNativeLogin)),
	'/auth/sessions/whoami': Buffer.from(JSON.stringify(login.session)),
};
const server = createServer((request, response) => {
	const body = bodies[request.url?.split('?')[0]];
	if (!body || !request.headers['x-session-token']) {
		response.writeHead(404, {'content-type': 'application/json'}).end('{"error":{"code":404,"message":"Not Found"}}');
		return;
	}
	// A POST's body is read before the answer, as Kratos does.
	request.resume();
	request.on('end', () => {
		response.writeHead(200, {'content-type': 'application/json; charset=utf-8', 'content-length': body.length});
		response.end(body);
	});
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}/auth`));
process.stdin.on('end', () => process.exit(0)).resume();
