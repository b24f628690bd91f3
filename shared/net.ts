// Every network call has a deadline, and a passed one reads the same everywhere: "no answer within
// 15s", not undici's "The operation was aborted due to timeout" or a step that hangs until the
// job's own six-hour limit.

/** 15000 → "15s", 300 → "0.3s". */
export function deadlineText(timeoutMs: number): string {
  const seconds = timeoutMs / 1000;
  return `${Number.isInteger(seconds) ? seconds : Number(seconds.toFixed(1))}s`;
}

/** Whether `error` is a fetch that our deadline (AbortSignal.timeout) ended. */
export function isDeadline(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/**
 * Why a fetch failed, in a few words: the deadline, else the socket's own reason (ECONNREFUSED, …)
 * rather than undici's "fetch failed".
 */
export function fetchFailure(error: unknown, timeoutMs: number): string {
  if (isDeadline(error)) return `no answer within ${deadlineText(timeoutMs)}`;
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    // The code alone: its message only repeats it with the address the caller already names.
    return (cause as Error & { code?: string }).code ?? cause.message;
  }
  return error.message;
}

/** A URL's user or password as sent: %-escapes decoded, a malformed one kept as written. */
export function credentialAsSent(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * A URL's `user:password@` as a Basic authorization header, the URL without it: fetch refuses a
 * URL with credentials (and its error quotes the whole URL).
 */
export function withoutCredentials(url: string): { url: string; headers: Record<string, string> } {
  const target = new URL(url);
  if (!target.username && !target.password) return { url: target.toString(), headers: {} };
  const basic = Buffer.from(
    `${credentialAsSent(target.username)}:${credentialAsSent(target.password)}`,
  ).toString('base64');
  target.username = '';
  target.password = '';
  return { url: target.toString(), headers: { authorization: `Basic ${basic}` } };
}
