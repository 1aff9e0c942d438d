// Noticing that the process that started us is gone. `npm run x` runs node under npm → sh; `kill <npm pid>` (a CI
// step's timeout, a supervisor, a terminal multiplexer) ends npm and its sh, but sh does not pass the SIGTERM on, so
// node is re-parented and would keep running, and Kratos with it. Node has no prctl(PR_SET_PDEATHSIG); polling the
// parent pid is cheap and works for any chain of launchers. (A process started by PID 1 has nothing to watch.)
export function onParentGone(callback: () => void, intervalMs = 200): () => void {
	const parent = process.ppid;
	if (parent <= 1) return () => undefined;
	const timer = setInterval(() => {
		if (process.ppid === parent) return;
		clearInterval(timer);
		callback();
	}, intervalMs);
	// The watch alone must not keep the process alive.
	timer.unref();
	return () => clearInterval(timer);
}
