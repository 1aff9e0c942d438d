// Kratos behind a path, as deployed at https://accounts.<domain>/auth: a transparent reverse proxy on 127.0.0.1 that
// forwards /auth/… to Kratos's root, byte for byte, and answers anything else 404 (text/plain, clearly not Kratos),
// or hands it to an app's own site on the same origin (a same-origin single-page app, as the guides set one up).
import {type IncomingMessage, type Server, type ServerResponse, createServer, request as httpRequest} from 'node:http';
import type {AddressInfo} from 'node:net';

export interface PrefixProxy {
	/** The prefixed public URL, e.g. http://127.0.0.1:41234/auth */
	readonly url: string;
	/** Where to forward; set once Kratos is listening (its base URL must name the proxy, so the proxy starts first). */
	upstream: string | undefined;
	close(): Promise<void>;
}

/** Answers what is not under the prefix: an app's pages beside Kratos, on one origin. */
export type Site = (incoming: IncomingMessage, outgoing: ServerResponse) => void;

export async function startPrefixProxy(prefix = '/auth', site?: Site): Promise<PrefixProxy> {
	let upstream: string | undefined;
	// Go's header limit (1 MB), not Node's 16 KB: the proxy must not answer 431 where Kratos would not.
	const server: Server = createServer({maxHeaderSize: 1 << 20}, (incoming, outgoing) => {
		const path = incoming.url ?? '/';
		const underPrefix = path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);
		if (site && !underPrefix) {
			site(incoming, outgoing);
			return;
		}
		if (!upstream || !underPrefix) {
			outgoing.writeHead(404, {'content-type': 'text/plain'}).end(`not under ${prefix}`);
			return;
		}
		const target = new URL(path.slice(prefix.length) || '/', upstream);
		const forward = httpRequest(
			target,
			{method: incoming.method, headers: {...incoming.headers, host: target.host}},
			(answer) => {
				outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
				answer.pipe(outgoing);
			},
		);
		forward.on('error', () => outgoing.destroy());
		incoming.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}${prefix}`,
		get upstream() {
			return upstream;
		},
		set upstream(value) {
			upstream = value;
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
