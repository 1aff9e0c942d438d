import type {CheckContext} from './types.js';

/** Shared `skip` for checks that need an HTTP answer. */
export const needsResponse = ({exchange}: CheckContext): string | undefined =>
	exchange.response ? undefined : 'no HTTP answer to check';

/** A short, single-line JSON rendering for `Received:` / `Documented:` lines. */
export function excerpt(value: unknown, max = 200): string {
	let text: string;
	try {
		text = value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value);
	} catch {
		text = String(value);
	}
	return truncate(text, max);
}

export const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
