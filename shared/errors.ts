/**
 * A mistake the user can fix (a bad input, a missing file, a policy breach is NOT one of these):
 * reported as one line, without a stack trace.
 */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** A tool (trivy, cosign, …) failed; the message quotes the tool's own stderr. */
export class ToolError extends Error {
  override name = 'ToolError';
  constructor(
    message: string,
    readonly tool: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** One line for anything thrown, including non-Error values (a thrown string, null, an object). */
export function errorMessage(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === 'string') return thrown || 'unknown error (empty string thrown)';
  try {
    return `unknown error: ${JSON.stringify(thrown)}`;
  } catch {
    return `unknown error: ${String(thrown)}`;
  }
}
