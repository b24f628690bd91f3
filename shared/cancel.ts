// A cancelled job: the runner sends SIGINT, then SIGTERM 7.5 s later, then kills. Where a run must
// undo something before it ends (traffic split between two colors), the signal is turned into an
// abort it can act on; everywhere else the signal ends the process as Node ends it.

/** The run was cancelled (the signal is named); what was under way is undone, then it fails. */
export class Cancelled extends Error {
  override name = 'Cancelled';
}

/** The runs under way in this process (fleet runs many at once): one signal aborts them all. */
const running = new Set<AbortController>();

function onSignal(signal: NodeJS.Signals): void {
  for (const controller of running)
    if (!controller.signal.aborted) controller.abort(new Cancelled(`the run was cancelled (${signal})`));
}

/**
 * Runs `body` with SIGINT and SIGTERM aborting `cancelled` instead of ending the process; Node's
 * own handling comes back when the last such body ends. A second signal while `body` cleans up
 * changes nothing. However many run at once, the process holds one listener per signal (a fleet of
 * a dozen clusters would otherwise trip Node's MaxListeners warning).
 */
export async function whileCancellable<T>(body: (cancelled: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  if (running.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  running.add(controller);
  try {
    return await body(controller.signal);
  } finally {
    running.delete(controller);
    if (running.size === 0) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}

/** Waits `ms`, or rejects with the abort's reason as soon as `signal` (if any) is aborted. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
