// The example app's image for real: built by our build-push action (buildah) from the context
// buildAppBinary prepares, pushed to a loopback registry, pulled back and run (buildah from +
// buildah run, Debian's runc). A good release starts as user 10001, answers /healthz and names its
// version; a release built with ERROR_RATE=0.5 answers exactly half of `/` with 500; SIGTERM drains.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../platform/proc.mjs';
import { startRegistry } from '../../platform/registry.mjs';
import { buildAppBinary } from '../../scripts/lib/app-image.mjs';
import { runBundle } from '../support/bundle.js';

let work: string;
let context: string;
let registry: Awaited<ReturnType<typeof startRegistry>>;
const running: RunningApp[] = [];
const pulled: string[] = [];

interface RunningApp {
  url: string;
  container: string;
  buildah: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

function buildah(...args: string[]): string {
  return execFileSync('buildah', ['--storage-driver', 'vfs', ...args], { encoding: 'utf8' }).trim();
}

async function buildRelease(version: string, buildArgs: Record<string, string> = {}) {
  const run = await runBundle(
    'build-push',
    {
      context,
      image: `${registry.address}/example/app`,
      ref: `refs/tags/v${version}`,
      sha: `${version.replace(/\D/g, '').padEnd(40, '0')}`.slice(0, 40),
      'insecure-registry': 'true',
      'build-args': Object.entries({ VERSION: version, ...buildArgs })
        .map(([key, value]) => `${key}=${value}`)
        .join('\n'),
    },
    { env: { STORAGE_DRIVER: 'vfs' } },
  );
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
  return run.outputs.image!;
}

/** Pulls the image by digest and runs its entrypoint on the host network, on a free port. */
async function runImage(image: string): Promise<RunningApp> {
  const port = await freePort();
  pulled.push(image);
  const container = buildah('from', '--quiet', '--tls-verify=false', `docker://${image}`);
  const child = spawn(
    'buildah',
    [
      '--storage-driver',
      'vfs',
      'run',
      '--network',
      'host',
      '--env',
      `PORT=${port}`,
      '--env',
      'DRAIN=1s',
      container,
      '--',
      '/app',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const app: RunningApp = {
    url: `http://127.0.0.1:${port}`,
    container,
    buildah: child,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    output: () => output,
  };
  running.push(app);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the image exited (${child.exitCode}): ${output}`);
    try {
      if ((await fetch(`${app.url}/healthz`)).ok) return app;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the image did not answer /healthz within 30s: ${output}`);
}

/** The app's process: the descendant of our buildah run whose command is /app. */
function appProcess(app: RunningApp): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const queue = [...(children.get(app.buildah.pid!) ?? [])];
  while (queue.length) {
    const pid = queue.shift()!;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === '/app') return pid;
    } catch {
      continue;
    }
    queue.push(...(children.get(pid) ?? []));
  }
  throw new Error('the app process was not found under buildah run');
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'app-image-'));
  context = buildAppBinary();
  registry = await startRegistry(join(work, 'registry'));
});

afterAll(async () => {
  for (const app of running) {
    if (app.buildah.exitCode === null) app.buildah.kill('SIGTERM');
    await app.exited;
    try {
      buildah('rm', app.container);
    } catch {
      // already removed
    }
  }
  for (const image of pulled) {
    try {
      buildah('rmi', image);
    } catch {
      // still in use or already gone
    }
  }
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the example app image', () => {
  it('a good release starts as user 10001, answers /healthz, names its version, exports metrics and drains on SIGTERM', async () => {
    const image = await buildRelease('1.0.0');
    const app = await runImage(image);
    const config = JSON.parse(buildah('inspect', '--type', 'container', app.container)).OCIv1.config;
    expect(config.User).toBe('10001:10001');
    expect(config.Entrypoint).toEqual(['/app']);
    expect(Object.keys(config.ExposedPorts)).toEqual(['8080/tcp']);
    expect(config.Env).toEqual(
      expect.arrayContaining(['APP_VERSION=1.0.0', 'APP_ERROR_RATE=0', 'APP_LATENCY=0s', 'APP_CPU_BURN=0s']),
    );
    expect(config.Labels['org.opencontainers.image.version']).toBe('1.0.0');

    const pid = appProcess(app);
    expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(/^Uid:\s+10001\s/m);
    const root = await fetch(`${app.url}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('x-app-version')).toBe('1.0.0');
    expect(await root.json()).toMatchObject({ version: '1.0.0' });
    const health = await fetch(`${app.url}/healthz`);
    expect([health.status, health.headers.get('x-app-version')]).toEqual([200, '1.0.0']);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain('app_info{version="1.0.0"} 1');
    expect(metrics).toContain('http_requests_total{code="200",method="GET",path="/"} 1');
    expect(metrics).toContain('http_request_duration_seconds_bucket{method="GET",path="/",le="0.001"}');
    expect(metrics).toContain('process_cpu_seconds_total');

    process.kill(pid, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fetch(`${app.url}/readyz`)).status).toBe(503);
    const during = await fetch(`${app.url}/`);
    expect([during.status, during.headers.get('connection')]).toEqual([200, 'close']);
    expect(await app.exited).toBe(0);
    expect(app.output()).toMatch(/draining: unready, still serving.*\n.*msg=stopped/);
  });

  it('a release built with ERROR_RATE=0.5 answers exactly half of its requests with 500', async () => {
    const image = await buildRelease('1.0.1', { ERROR_RATE: '0.5' });
    const app = await runImage(image);
    const statuses: Record<number, number> = {};
    for (let request = 0; request < 100; request++) {
      const answer = await fetch(`${app.url}/`);
      expect(answer.headers.get('x-app-version')).toBe('1.0.1');
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    }
    expect(statuses).toEqual({ 200: 50, 500: 50 });
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain('http_requests_total{code="500",method="GET",path="/"} 50');
  });

  it('a bad value baked into the image stops the app at start with one clear line', async () => {
    const image = await buildRelease('1.0.2', { LATENCY: 'slow' });
    pulled.push(image);
    const container = buildah('from', '--quiet', '--tls-verify=false', `docker://${image}`);
    try {
      const run = spawn(
        'buildah',
        ['--storage-driver', 'vfs', 'run', '--network', 'host', container, '--', '/app'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      run.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const code = await new Promise((resolve) => run.once('exit', resolve));
      expect(code).not.toBe(0);
      expect(stderr).toContain('app: invalid configuration: APP_LATENCY="slow": expected a Go duration');
    } finally {
      buildah('rm', container);
    }
  });
});
