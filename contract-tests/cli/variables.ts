// The variables the command reads, and the ones set that it does not: each named, with the closest known name.
import {LIVE_VARIABLES} from '../targets/live/config.js';

/** Every variable the command or a clone's scripts read: KRATOS_* and CONTRACT_* names beyond these are mistakes. */
export const KNOWN_VARIABLES: readonly string[] = [
	...Object.values(LIVE_VARIABLES),
	'CONTRACT_REPORT_DIR',
	// Read in a clone only (the local Kratos's build and start).
	'KRATOS_BINARY',
	'KRATOS_CACHE_DIR',
	'KRATOS_CONFIG',
];

/** A line for each KRATOS_* or CONTRACT_* variable set that nothing reads, with the closest known name. */
export function unknownVariables(env: NodeJS.ProcessEnv): string[] {
	return Object.keys(env)
		.filter((name) => /^(KRATOS|CONTRACT)_/.test(name) && !KNOWN_VARIABLES.includes(name))
		.sort()
		.map((name) => {
			const [closest, distance] = KNOWN_VARIABLES.map((known) => [known, editDistance(name, known)] as const).sort((a, b) => a[1] - b[1])[0]!;
			const hint = distance <= 3 ? `: did you mean ${closest}?` : ` (it reads ${Object.values(LIVE_VARIABLES).join(', ')} and CONTRACT_REPORT_DIR)`;
			return `${name} is set, but it is no variable of this command${hint}`;
		});
}

/** Levenshtein distance: letters inserted, removed or replaced. */
function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		previous = current;
	}
	return previous[b.length]!;
}
