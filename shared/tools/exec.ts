// The one way the actions run a tool: an argv array (never a shell), a timeout, captured output,
// secrets masked everywhere they could show, and a failure that quotes the tool's own stderr.

import { ToolError } from '../errors.js';
import { logSafe } from '../log.js';
import * as core from '../runner.js';

export interface ExecOptions {
  /** Kill the tool after this many milliseconds (default 10 minutes). */
  timeoutMs?: number;
  /** Extra environment; merged over process.env. A value of undefined removes the variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Values that must never be printed: masked in the log and redacted from errors. */
  secrets?: string[];
  /** Exit codes that are not failures (default [0]). */
  okExitCodes?: number[];
  /** Echo the tool's stderr to the log line by line as it runs (progress for long scans). */
  streamStderr?: boolean;
  input?: string;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const KEEP_BYTES = 4 * 1024 * 1024;

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}

/** The last meaningful lines of a tool's stderr, for an error message. */
export function stderrTail(stderr: string, lines = 6): string {
  const meaningful = stderr
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  return meaningful.slice(-lines).join('\n');
}

export async function execTool(
  tool: string,
  args: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const secrets = (options.secrets ?? []).filter(Boolean);
  for (const secret of secrets) core.setSecret(secret);
  const timeoutMs = options.timeoutMs ?? 600_000;
  const okExitCodes = options.okExitCodes ?? [0];
  const name = tool.split('/').pop() ?? tool;
  core.info(logSafe(`$ ${redact([name, ...args].join(' '), secrets)}`));

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }

  const started = Date.now();
  return await new Promise<ExecResult>((resolve, reject) => {
    const child = process
      .getBuiltinModule('node:child_process')
      .spawn(tool, args, { cwd: options.cwd, env, shell: false, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let pendingLine = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      stdoutBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderr += text;
      if (stderr.length > KEEP_BYTES) stderr = stderr.slice(-KEEP_BYTES);
      if (options.streamStderr) {
        const lines = (pendingLine + text).split('\n');
        pendingLine = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) core.info(logSafe(redact(line, secrets)));
      }
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const why = error.code === 'ENOENT' ? 'not found on PATH' : error.message;
      reject(new ToolError(`${name}: could not start (${why})`, name, null, ''));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (options.streamStderr && pendingLine.trim()) core.info(logSafe(redact(pendingLine, secrets)));
      const result: ExecResult = {
        exitCode: code ?? -1,
        stdout: redact(Buffer.concat(stdout, stdoutBytes).toString('utf8'), secrets),
        stderr: redact(stderr, secrets),
        durationMs: Date.now() - started,
      };
      if (timedOut) {
        reject(new ToolError(`${name} timed out after ${timeoutMs / 1000}s`, name, null, result.stderr));
      } else if (code === null || !okExitCodes.includes(code)) {
        const status = code === null ? `was killed by ${signal}` : `exited with code ${code}`;
        const tail = stderrTail(result.stderr) || stderrTail(result.stdout);
        reject(new ToolError(`${name} ${status}${tail ? `: ${tail}` : ''}`, name, code, result.stderr));
      } else {
        resolve(result);
      }
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
