// The two kinds of wrong the command tells apart: the server at fault (TargetError, exit 1, reported) and the user's
// input (UsageError, exit 2, no report). Thrown by the targets and the command's own checks of what it was given.

/**
 * The server could not be used: unreachable, no answer in time, failing, or (the local targets) failed to start. A
 * fault on the server's side: the run fails (exit 1), and the reports say why. The message says what to do.
 */
export class TargetError extends Error {
	override readonly name = 'TargetError' as const;
}

/**
 * What the user gave is wrong: a missing or unknown flag or variable, a token that is not a session, a flow id the
 * server does not know or that is not in the state its variable promises, a URL that is not Kratos's public API. Not
 * a fault of the server: the command exits 2, writes no report, and the message names the variable or flag (and never
 * a secret's value).
 */
export class UsageError extends Error {
	override readonly name = 'UsageError' as const;
}
