// A real, offline scanning environment on loopback: Debian's docker-registry, the trivy DB built
// from test/fixtures/trivy-db/fixtures and pushed there, and the test images built by buildah.
// Used by the integration tests (vitest global setup) and by `npm run gate`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = new URL('../..', import.meta.url).pathname;
export const toolsBin = join(
  process.env.PIPELINE_TOOLS_CACHE || join(homedir(), '.cache', 'pipeline-tools'),
  'bin',
);

/** PATH with the tools cache first, for this process and every child it starts. */
export function withToolsOnPath() {
  if (!(process.env.PATH ?? '').split(':').includes(toolsBin))
    process.env.PATH = `${toolsBin}:${process.env.PATH ?? ''}`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

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

/**
 * Registry + DB + images. Returns what a scan needs: the registry address, the DB repository and
 * the image references (by tag and by digest) and the OCI archive of the vulnerable image.
 */
export async function prepareScanEnvironment(workDir) {
  withToolsOnPath();
  const registry = await startRegistry(join(workDir, 'registry'));
  try {
    const dbRepository = `${registry.address}/trivy-db:2`;
    execFileSync(
      'trivy-db-builder',
      [
        '-fixtures',
        join(repoRoot, 'test', 'fixtures', 'trivy-db', 'fixtures'),
        '-out',
        join(workDir, 'db'),
        '-push',
        dbRepository,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const digests = JSON.parse(
      execFileSync(
        'bash',
        [join(repoRoot, 'scripts', 'build-test-images.sh'), registry.address, join(workDir, 'images')],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ).toString(),
    );
    const image = (name) => `${registry.address}/pipeline-test/${name}:1.0`;
    return {
      registry: registry.address,
      stopRegistry: registry.stop,
      dbRepository,
      images: {
        vulnerable: image('vulnerable'),
        clean: image('clean'),
        vulnerableDigest: `${registry.address}/pipeline-test/vulnerable@${digests.vulnerable}`,
        cleanDigest: `${registry.address}/pipeline-test/clean@${digests.clean}`,
      },
      archive: join(workDir, 'images', 'vulnerable.oci.tar'),
    };
  } catch (error) {
    await registry.stop();
    const stderr = error?.stderr?.toString().trim().split('\n').slice(-3).join(' ');
    throw new Error(`scan environment: ${stderr || error.message}`);
  }
}
