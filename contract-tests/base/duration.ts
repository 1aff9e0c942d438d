// Durations as Kratos's config writes them (Go's time.ParseDuration, in whole units).

const UNIT_MS: Record<string, number> = {h: 3_600_000, m: 60_000, s: 1000, ms: 1};

/** A Go duration of whole units (`15m`, `1h30m`, `90s`, `500ms`) in ms, or undefined. */
export function durationMs(text: string): number | undefined {
	if (!/^(?:\d+(?:h|ms|m|s))+$/.test(text)) return undefined;
	let total = 0;
	for (const [, amount, unit] of text.matchAll(/(\d+)(h|ms|m|s)/g)) total += Number(amount) * UNIT_MS[unit!]!;
	return total > 0 ? total : undefined;
}
