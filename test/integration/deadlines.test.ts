// Every network call has a deadline (issue #14): Prometheus, the registry, the Kubernetes API and
// the GitHub API, each against a loopback server that takes the connection and never answers — the
// worst case, since a refused connection fails at once. A passed deadline is one line that says
// so, and the verification it stops fails closed. (Tool downloads: installer.test.ts.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubClient } from '../../shared/github/client.js';
import { Kubectl } from '../../shared/kube/kubectl.js';
import { parseImageReference } from '../../shared/release/reference.js';
import { RegistryClient } from '../../shared/release/registry.js';
import { PrometheusClient } from '../../shared/slo/prometheus.js';
import { errorLines, runBundle } from '../support/bundle.js';
import { requireTool } from '../support/tools.js';

let silent: Server;
let port: number;
const sockets = new Set<Socket>();
/** How many connections the silent server took: proof the client did reach it and then waited. */
let connections = 0;

beforeAll(async () => {
  silent = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  port = (silent.address() as { port: number }).port;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

/** Runs `call`, returning how long it took and what it threw. */
async function timed(call: () => Promise<unknown>): Promise<{ seconds: number; error: Error }> {
  const started = Date.now();
  const before = connections;
  let thrown: unknown;
  try {
    await call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'the call should have failed').toBeInstanceOf(Error);
  expect(connections).toBeGreaterThan(before);
  return { seconds: (Date.now() - started) / 1000, error: thrown as Error };
}

describe('a server that never answers', () => {
  it('Prometheus: the query fails at its deadline, naming it', async () => {
    const client = new PrometheusClient(`http://127.0.0.1:${port}`, { timeoutMs: 500, attempts: 2 });
    const { seconds, error } = await timed(() => client.query('up'));
    expect(error.message).toBe(
      `Prometheus at http://127.0.0.1:${port} is unreachable (no answer within 0.5s)`,
    );
    expect(seconds).toBeLessThan(10);
  });

  it('verify-slo with its defaults fails closed in one line, well inside its window', async () => {
    const started = Date.now();
    const run = await runBundle('verify-slo', {
      'prometheus-url': `http://127.0.0.1:${port}`,
      target: 'color="green"',
      baseline: 'color="blue"',
    });
    const seconds = (Date.now() - started) / 1000;
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      `Prometheus at http://127.0.0.1:${port} is unreachable (no answer within 15s)`,
    );
    // The default window is 300 s: the deadline, not the window, ends it.
    expect(seconds).toBeLessThan(200);
  }, 300_000);

  it('the registry: each attempt ends at its deadline, and the last says so', async () => {
    const registry = new RegistryClient(`127.0.0.1:${port}`, { timeoutMs: 500, attempts: 2, backoffMs: 10 });
    const { seconds, error } = await timed(() =>
      registry.resolve(parseImageReference(`127.0.0.1:${port}/shop:1.0.0`)),
    );
    expect(error.message).toMatch(
      new RegExp(
        `^registry 127\\.0\\.0\\.1:${port}: no answer within 0\\.5s \\(gave up after 2 attempts on http://127\\.0\\.0\\.1:${port}/v2/`,
      ),
    );
    expect(seconds).toBeLessThan(10);
  });

  it('the Kubernetes API: one line with where and how long, not client-go’s dump', async () => {
    requireTool('kubectl');
    const dir = mkdtempSync(join(tmpdir(), 'deadline-kube-'));
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'c', cluster: { server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } },
        ],
        users: [{ name: 'u', user: { token: 'not-a-real-token' } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
      { mode: 0o600 },
    );
    const kubectl = new Kubectl('shop', kubeconfig, { requestTimeoutSeconds: 1 });
    const { seconds, error } = await timed(() => kubectl.get('configmap', 'shop-release'));
    expect(error.message).toBe(
      `cannot reach the Kubernetes API at https://127.0.0.1:${port}: no answer within 1s`,
    );
    expect(error.message.split('\n')).toHaveLength(1);
    expect(seconds).toBeLessThan(30);
  });

  it('the GitHub API: a call ends at its deadline, naming it', async () => {
    const octokit = await githubClient(
      'ghs_not-a-real-token',
      { GITHUB_API_URL: `http://127.0.0.1:${port}` },
      500,
    );
    const { seconds, error } = await timed(() => octokit.rest.repos.get({ owner: 'org', repo: 'shop' }));
    expect(error.message).toBe('GitHub API: no answer within 0.5s');
    expect(seconds).toBeLessThan(10);
  });
});
