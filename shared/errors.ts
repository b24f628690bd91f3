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

/**
 * Where JSON.parse gave up, without the snippet of text V8 puts in its message (`Unexpected token
 * 'r', "root:x:0:0"... is not valid JSON`): the text may be a file nobody meant to publish.
 */
export function jsonErrorWhere(thrown: unknown): string {
  const message = thrown instanceof Error ? thrown.message : '';
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `syntax error at character ${Number(position) + 1}`;
  if (/Unexpected end of JSON input/.test(message)) return 'it ends too soon';
  const token = /^Unexpected token '(.)'/.exec(message)?.[1];
  return token && /[^\w]/.test(token) ? `unexpected '${token}'` : 'syntax error';
}
