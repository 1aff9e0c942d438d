// A local HTTP server for the per-call benchmark, in its own process so it does not share the event loop with the
// clients being measured. Answers the get and both create calls with a 12-node flow; prints its URL.
import {readFileSync} from 'node:fs';
import {createServer} from 'node:http';

const body = Buffer.from(JSON.stringify(JSON.parse(readFileSync(new URL('./settings-flow-12-nodes.json', import.meta.url), 'utf8'))));
const server = createServer((request, response) => {
	const path = request.url?.split('?')[0];
	// The get, both creates and the update (which answers the flow in state success).
	const known = ['/auth/self-service/settings/flows', '/auth/self-service/settings/api', '/auth/self-service/settings/browser', '/auth/self-service/settings'];
	if (!known.includes(path) || !request.headers['x-session-token']) {
		response.writeHead(404, {'content-type': 'application/json'}).end('{"error":{"code":404,"message":"Not Found"}}');
		return;
	}
	// An update's body is read before the answer, as Kratos does.
	request.resume();
	request.on('end', () => {
		response.writeHead(200, {'content-type': 'application/json; charset=utf-8', 'content-length': body.length});
		response.end(body);
	});
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}/auth`));
process.stdin.on('end', () => process.exit(0)).resume();
