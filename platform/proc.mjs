// Long-running processes the platform starts: detached (they outlive `platform:up`), logging to
// files, recorded by PID, and stopped only by that PID after checking it is still the process we
// started (a PID can be reused once its process is gone).
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readlinkSync, writeSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `command args` detached, stdout and stderr appended to `logFile`. Returns its PID. */
export function spawnDaemon(command, args, { logFile, env = process.env, cwd } = {}) {
  const log = openSync(logFile, 'a');
  writeSync(log, `\n=== ${new Date().toISOString()} ${command} ${args.join(' ')}\n`);
  const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], env, cwd });
  closeSync(log);
  child.on('error', () => {});
  child.unref();
  if (!child.pid) throw new Error(`could not start ${command} (is it on PATH?)`);
  return child.pid;
}

/** The argv of a live process, or undefined when it is gone (or a zombie). */
function processArgv(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) [ZX] /.test(stat)) return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` is alive and still runs `command` (by argv[0] basename or executable path). Without
 * /proc (not Linux), falls back to signal 0.
 */
export function isOurProcess(pid, command) {
  if (!pid) return false;
  const argv = processArgv(pid);
  if (argv === undefined) {
    try {
      readlinkSync('/proc/self/exe');
      return false; // /proc works, so the process is gone
    } catch {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    }
  }
  const base = (path) => path.split('/').pop();
  return argv.some((arg) => base(arg) === base(command));
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Never signals a stranger. */
export async function stopProcess(pid, command, graceMs = 10_000) {
  if (!isOurProcess(pid, command)) return false;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isOurProcess(pid, command)) return true;
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
  while (isOurProcess(pid, command)) await sleep(50);
  return true;
}

/** A TCP port nothing listens on at 127.0.0.1 now (the kernel's pick). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true when nothing listens on 127.0.0.1:port (we can bind it). */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Who listens on a TCP port, per `ss` (best effort, for error messages). */
export function portOwner(port) {
  try {
    const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { stdio: ['ignore', 'pipe', 'ignore'] });
    const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(out.toString());
    return match ? `${match[1]} (pid ${match[2]})` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An HTTP(S) GET on loopback; resolves {status, body} or rejects on connection errors. `tls` may
 * carry {ca, cert, key} (PEM contents) for the apiserver, or {insecure: true} for self-signed
 * health endpoints.
 */
export function httpGet(url, { tls, timeoutMs = 3000, method = 'GET', body, headers } = {}) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    // A connection per request: with the global agent's keep-alive, a socket the server closed
    // while our event loop was blocked (a synchronous kubectl) is reused and fails the next
    // request with "socket hang up".
    const options = { method, timeout: timeoutMs, headers: { ...headers }, agent: false };
    if (body !== undefined) {
      options.headers['content-type'] = 'application/json';
      options.headers['content-length'] = Buffer.byteLength(body);
    }
    let request;
    if (target.protocol === 'https:') {
      const tlsOptions = tls?.insecure
        ? { rejectUnauthorized: false }
        : { ca: tls?.ca, cert: tls?.cert, key: tls?.key, rejectUnauthorized: true };
      request = httpsRequest(target, { ...options, ...tlsOptions });
    } else {
      request = httpRequest(target, options);
    }
    request.on('response', (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`timeout after ${timeoutMs}ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Polls `probe` (async → truthy when ready) until it succeeds, the process dies, or the timeout.
 * The error names the component, the last probe failure and the end of its log.
 */
export async function waitUntil(
  name,
  probe,
  { timeoutMs = 60_000, pid, command, logFile, intervalMs = 200 },
) {
  const deadline = Date.now() + timeoutMs;
  let last = 'not ready';
  while (Date.now() < deadline) {
    if (pid && command && !isOurProcess(pid, command))
      throw new Error(`${name} exited during start-up${logTail(logFile)}`);
    try {
      const result = await probe();
      if (result) return result;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(intervalMs);
  }
  throw new Error(`${name} not ready after ${Math.round(timeoutMs / 1000)}s (${last})${logTail(logFile)}`);
}

/** The last lines of a log, as an error-message suffix. */
export function logTail(logFile, lines = 8) {
  if (!logFile) return '';
  try {
    const text = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n  ');
    return `; log ${logFile}:\n  ${text}`;
  } catch {
    return '';
  }
}
