// A cancelled job: the runner sends SIGINT, then SIGTERM 7.5 s later, then kills. Where a run must
// undo something before it ends (traffic split between two colors), the signal is turned into an
// abort it can act on; everywhere else the signal ends the process as Node ends it.

/** The run was cancelled (the signal is named); what was under way is undone, then it fails. */
export class Cancelled extends Error {
  override name = 'Cancelled';
}

/**
 * Runs `body` with SIGINT and SIGTERM aborting `cancelled` instead of ending the process; Node's
 * own handling comes back when `body` ends. A second signal while `body` cleans up changes nothing.
 */
export async function whileCancellable<T>(body: (cancelled: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) controller.abort(new Cancelled(`the run was cancelled (${signal})`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await body(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Waits `ms`, or rejects with the abort's reason as soon as `signal` is aborted. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
