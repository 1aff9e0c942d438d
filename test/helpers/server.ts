// A real HTTP server on 127.0.0.1 and a free port for one test file; closed in teardown.
import {type IncomingMessage, type Server, type ServerResponse, createServer} from 'node:http';
import type {AddressInfo} from 'node:net';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface TestServer {
	readonly url: string;
	/** Requests seen so far: method, raw URL (path and query as sent) and headers. */
	readonly requests: {method: string; url: string; headers: IncomingMessage['headers']}[];
	handle(handler: Handler): void;
	close(): Promise<void>;
}

export async function startServer(initial?: Handler): Promise<TestServer> {
	let handler: Handler =
		initial ??
		((_, response) => {
			response.end();
		});
	const requests: TestServer['requests'] = [];
	const server: Server = createServer((request, response) => {
		requests.push({method: request.method ?? '', url: request.url ?? '', headers: request.headers});
		void Promise.resolve(handler(request, response)).catch((error: unknown) => {
			response.destroy(error as Error);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		handle(next) {
			handler = next;
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Answers JSON with a status. */
export const json =
	(status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
	(_, response) => {
		response.writeHead(status, {'content-type': 'application/json; charset=utf-8', ...headers});
		response.end(typeof body === 'string' ? body : JSON.stringify(body));
	};

/** Answers every request with `status` and JSON `body`; the bodies posted from now on are in the array returned. */
export function answerWith(server: TestServer, status: number, body: unknown): string[] {
	const posted: string[] = [];
	server.handle(async (request, response) => {
		let text = '';
		for await (const chunk of request) text += chunk;
		posted.push(text);
		await json(status, body)(request, response);
	});
	return posted;
}
