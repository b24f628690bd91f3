// Debian's docker-registry on a free loopback port: the platform registry's backend (behind
// registry-front.mjs) and the scanning environment's registry (scripts/lib/scan-env.mjs).
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './proc.mjs';

async function waitForRegistry(address, child, logFile) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `docker-registry exited (${child.exitCode}): ${readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' ')}`,
      );
    }
    try {
      const response = await fetch(`http://${address}/v2/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`docker-registry did not answer on ${address} within 20s (log: ${logFile})`);
}

/** Starts Debian's docker-registry on a free loopback port, storing under `dir`. */
export async function startRegistry(dir) {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const config = join(dir, 'registry.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${address}`,
      '',
    ].join('\n'),
  );
  const logFile = join(dir, 'registry.log');
  const log = openSync(logFile, 'a');
  const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', log, log] });
  child.on('error', () => {});
  await waitForRegistry(address, child, logFile);
  return {
    address,
    pid: child.pid,
    logFile,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
