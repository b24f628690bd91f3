// The platform's real node (platform/components/node.mjs): containerd, the kubelet and kube-proxy
// run an image we built, pulled by digest from the platform registry, on a pod network that stays
// on this machine. A Deployment lands there by default (the kwok nodes are tainted), answers by pod
// IP and by ClusterIP from the host and from a pod, the kubelet's cAdvisor metrics name its
// containers, a killed container is restarted, and `down` leaves nothing behind.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  killPodContainer,
  NODE_NAME,
  nodeLeftovers,
  nodeMemoryKiB,
  nodePorts,
} from '../../platform/components/node.mjs';
import { buildStaticGoBinary, pushBinaryImage } from '../../platform/components/node-image.mjs';
import { NODE_NETWORK } from '../../platform/components/node-network.mjs';
import { down, kubectl, startContainerd, stopContainerd, up } from '../../platform/index.mjs';
import { usePlatform } from '../support/platform.js';

const platform = usePlatform();
beforeEach(() => {
  platform();
});

const repoRoot = new URL('../..', import.meta.url).pathname;
const NS = 'pipeline-staging';
const RUN = Date.now().toString(36).slice(-5);
const APP = `node-hello-${RUN}`;
const work = mkdtempSync(join(tmpdir(), 'pipeline-node-test-'));
let image = '';
/** Measurements, printed at the end. */
const measured: Record<string, string> = {};

function admin(args: string[], input?: string): string {
  return kubectl(['-n', NS, ...args], input ? { input } : {});
}

interface Condition {
  type: string;
  status: string;
}
interface Pod {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: {
    podIP?: string;
    conditions?: Condition[];
    containerStatuses: { imageID: string; restartCount: number }[];
  };
}
interface Node {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { podCIDR?: string; taints?: { key: string; value?: string; effect: string }[] };
  status: {
    conditions: Condition[];
    addresses: { type: string; address: string }[];
    nodeInfo: { kubeletVersion: string; containerRuntimeVersion: string };
  };
}

function json<T>(text: string): T {
  return JSON.parse(text) as T;
}

const readyStatus = (conditions: Condition[] | undefined) =>
  conditions?.find((condition) => condition.type === 'Ready')?.status;

/** Prometheus's client certificate (pki.mjs `prometheus`, ClusterRole pipeline:prometheus). */
function prometheusTls() {
  const pki = join(platform().stateDir, 'pki');
  return {
    ca: readFileSync(join(pki, 'ca.crt')),
    cert: readFileSync(join(pki, 'client-prometheus.crt')),
    key: readFileSync(join(pki, 'client-prometheus.key')),
  };
}

/** A GET from the host, with a client certificate for HTTPS (or none and no verification). */
function httpGet(
  url: string,
  {
    tls,
    timeoutMs = 5000,
  }: { tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; insecure?: boolean }; timeoutMs?: number } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const options = tls?.insecure ? { rejectUnauthorized: false } : { ...tls, rejectUnauthorized: true };
    const request =
      // agent: false, a new connection each time, so a Service spreads requests over its pods.
      target.protocol === 'https:'
        ? httpsRequest(target, { ...options, agent: false, timeout: timeoutMs })
        : httpRequest(target, { agent: false, timeout: timeoutMs });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`timeout after ${timeoutMs}ms`)));
    request.on('error', reject);
    request.end();
  });
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 90_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const result = await probe();
      if (result) return result;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000}s${last ? ` (${last})` : ''}`);
}

function manifests(name: string, extra: { replicas?: number; kwok?: boolean } = {}) {
  const podSpec = {
    containers: [
      {
        name: 'hello',
        image,
        ports: [{ containerPort: 8080, name: 'http' }],
        env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '200m', memory: '32Mi' } },
      },
    ],
    ...(extra.kwok
      ? {
          // How a workload asks for the fake nodes (scale): tolerate their taint, select them.
          tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
          nodeSelector: { type: 'kwok' },
        }
      : {}),
    terminationGracePeriodSeconds: 2,
  };
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, labels: { app: name } },
        spec: {
          replicas: extra.replicas ?? 2,
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec: podSpec },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name },
        spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080, name: 'http' }] },
      },
    ],
  });
}

function pods(name: string) {
  return json<{ items: Pod[] }>(admin(['get', 'pods', '-l', `app=${name}`, '-o', 'json'])).items;
}

const isReady = (pod: Pod) =>
  readyStatus(pod.status?.conditions) === 'True' && !pod.metadata.deletionTimestamp;

async function readyPods(name: string, count: number): Promise<Pod[]> {
  return until(`${count} ready pods of ${name}`, () => {
    const ready = pods(name).filter(isReady);
    return ready.length >= count ? ready : undefined;
  });
}

async function firstReadyPod(name: string): Promise<Pod> {
  const [pod] = await readyPods(name, 1);
  if (!pod) throw new Error(`no ready pod of ${name}`);
  return pod;
}

function clusterIP(name: string) {
  return admin(['get', 'service', name, '-o', 'jsonpath={.spec.clusterIP}']);
}

beforeAll(() => {
  // The image: a static Go server built here, pushed to the platform registry, pinned by digest.
  const binary = buildStaticGoBinary(
    join(repoRoot, 'test', 'fixtures', 'node-app', 'hello.go'),
    'node-hello',
  );
  image = pushBinaryImage({
    binary,
    name: 'hello',
    registry: platform().registry,
    repository: 'pipeline/node-hello',
    tag: RUN,
  });
}, 600_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  try {
    admin(['delete', 'deployment,service', '-l', `app=${APP}`, '--ignore-not-found', '--wait=false']);
    admin(['delete', 'deployment,service', APP, `${APP}-kwok`, '--ignore-not-found', '--wait=false']);
  } catch {}
  console.log(
    `real node measurements:\n${Object.entries(measured)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join('\n')}`,
  );
});

describe('the real node', () => {
  it('is Ready beside the kwok nodes, with its own pod range and type=real; the kwok nodes are tainted', () => {
    const nodes = json<{ items: Node[] }>(kubectl(['get', 'nodes', '-o', 'json'])).items;
    const real = nodes.find((node) => node.metadata.name === NODE_NAME);
    if (!real)
      throw new Error(`no node ${NODE_NAME} among ${nodes.map((node) => node.metadata.name).join(', ')}`);
    expect(real.metadata.labels?.type).toBe('real');
    expect(real.spec.podCIDR).toBe(NODE_NETWORK.podCIDR);
    expect(real.spec.taints ?? []).toEqual([]);
    expect(readyStatus(real.status.conditions)).toBe('True');
    expect(real.status.addresses).toContainEqual({ type: 'InternalIP', address: NODE_NETWORK.nodeIP });
    expect(real.status.nodeInfo.kubeletVersion).toBe(`v${platform().kubernetesVersion}`);
    expect(real.status.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\/2\./);
    const kwok = nodes.filter((node) => node.metadata.labels?.type === 'kwok');
    expect(kwok.length).toBeGreaterThan(0);
    for (const node of kwok)
      expect(node.spec.taints).toContainEqual({
        key: 'kwok.x-k8s.io/node',
        value: 'fake',
        effect: 'NoSchedule',
      });
  });

  it('keeps every cluster range on this machine: kwok and spare pod ranges blackholed, Services on our bridge', () => {
    const route = (range: string) => execFileSync('ip', ['route', 'show', 'exact', range]).toString().trim();
    expect(route('10.244.0.0/16')).toBe('blackhole 10.244.0.0/16');
    expect(route('10.245.0.0/16')).toBe('blackhole 10.245.0.0/16');
    expect(route(NODE_NETWORK.podCIDR)).toContain(`dev ${NODE_NETWORK.bridge}`);
    expect(route(NODE_NETWORK.serviceRange)).toContain(`dev ${NODE_NETWORK.bridge}`);
    // A packet for a kwok pod is refused at once, not routed anywhere.
    expect(() => execFileSync('ip', ['route', 'get', '10.244.3.7'], { stdio: 'pipe' })).toThrow();
    // Pods reach each other and the host, nothing beyond: our chain comes first in mangle FORWARD,
    // ahead of every filter rule (kube-proxy's ACCEPTs among them).
    const mangle = (args: string[]) =>
      execFileSync('iptables', ['-w', '5', '-t', 'mangle', ...args]).toString();
    const forward = mangle(['-S', 'FORWARD']).split('\n');
    expect(forward.find((line) => line.startsWith('-A FORWARD'))).toBe('-A FORWARD -j PIPELINE-NODE-FORWARD');
    const chain = mangle(['-S', 'PIPELINE-NODE-FORWARD']);
    expect(chain).toMatch(/-i pipeline0 ! -o pipeline0 .*-j DROP/);
    expect(chain).toMatch(/! -i pipeline0 -o pipeline0 .*-j DROP/);
    // Forwarding on our bridge (the machine-wide ip_forward is not ours to turn on).
    expect(readFileSync(`/proc/sys/net/ipv4/conf/${NODE_NETWORK.bridge}/forwarding`, 'utf8').trim()).toBe(
      '1',
    );
  });

  it('runs a Deployment pinned by digest (by default, no node selector) and serves it by pod IP and ClusterIP', async () => {
    expect(image).toMatch(/^127\.0\.0\.1:\d+\/pipeline\/node-hello@sha256:[0-9a-f]{64}$/);
    const applied = Date.now();
    admin(['apply', '-f', '-'], manifests(APP));
    const ready = await readyPods(APP, 2);
    measured['Deployment apply → 2 pods Ready'] = `${((Date.now() - applied) / 1000).toFixed(1)}s`;
    for (const pod of ready) {
      expect(pod.spec.nodeName).toBe(NODE_NAME);
      expect(pod.status.podIP).toMatch(/^10\.245\.0\.\d+$/);
      expect(pod.status.containerStatuses[0]?.imageID).toContain(image.split('@')[1]);
      // From the host, straight to the pod.
      const response = await httpGet(`http://${pod.status.podIP}:8080/`);
      expect(response.body).toBe(`hello from ${pod.metadata.name}\n`);
    }
    // From the host through kube-proxy's rules: every pod answers the ClusterIP sooner or later.
    const ip = clusterIP(APP);
    expect(ip).toMatch(/^10\.96\./);
    const answered = new Set<string>();
    await until('both pods through the ClusterIP', async () => {
      const response = await httpGet(`http://${ip}/`);
      answered.add(response.body.trim());
      return answered.size === 2;
    });
    expect([...answered].sort()).toEqual(ready.map((pod) => `hello from ${pod.metadata.name}`).sort());
  });

  it('serves the ClusterIP to a pod, including the pod behind it (hairpin)', async () => {
    const pod = await firstReadyPod(APP);
    const ip = clusterIP(APP);
    const seen = new Set<string>();
    await until('a pod reaching the Service, itself and the other pod', async () => {
      const response = await httpGet(
        `http://${pod.status.podIP}:8080/fetch?url=${encodeURIComponent(`http://${ip}/`)}`,
      );
      expect(response.status).toBe(200);
      seen.add(response.body.trim());
      return seen.size === 2;
    });
    for (const answer of seen) expect(answer).toMatch(/^200 hello from /);
  });

  it("exposes cAdvisor metrics on the kubelet's port with pod, namespace and container labels", async () => {
    const pod = await firstReadyPod(APP);
    const { kubelet } = nodePorts(platform().ports);
    const url = `https://${NODE_NETWORK.nodeIP}:${kubelet}/metrics/cadvisor`;
    // Anonymous requests are refused; Prometheus's identity may read the node's metrics.
    const anonymous = await httpGet(url, { tls: { insecure: true } });
    expect(anonymous.status).toBe(401);
    const labels = `container="hello",`;
    const series = await until('cAdvisor series for the pod', async () => {
      const { status, body } = await httpGet(url, { tls: prometheusTls(), timeoutMs: 10_000 });
      expect(status).toBe(200);
      const lines = body
        .split('\n')
        .filter((line) => line.includes(labels) && line.includes(`pod="${pod.metadata.name}"`));
      const cpu = lines.find((line) => line.startsWith('container_cpu_usage_seconds_total{'));
      const quota = lines.find((line) => line.startsWith('container_spec_cpu_quota{'));
      return cpu && quota ? { cpu, quota } : undefined;
    });
    for (const line of [series.cpu, series.quota]) {
      expect(line).toContain(`namespace="${NS}"`);
      expect(line).toContain(`pod="${pod.metadata.name}"`);
      expect(line).toContain('container="hello"');
    }
    // 200m of CPU: a quota of 20 ms per 100 ms period.
    expect(Number(series.quota.split(' ')[1])).toBe(20_000);
  });

  it('restarts a container killed under it (fault hook)', async () => {
    const pod = await firstReadyPod(APP);
    const killed = await killPodContainer(NS, pod.metadata.name);
    expect(killed.containerID).toMatch(/^[0-9a-f]{64}$/);
    await until(
      'the kubelet restarting the container',
      () => {
        const now = json<Pod>(admin(['get', 'pod', pod.metadata.name, '-o', 'json']));
        return (now.status.containerStatuses[0]?.restartCount ?? 0) > killed.restartCount && isReady(now);
      },
      60_000,
    );
  });

  it('keeps its pods serving while containerd is stopped (fault hook), and takes containerd back', async () => {
    const pod = await firstReadyPod(APP);
    await stopContainerd();
    try {
      const response = await httpGet(`http://${pod.status.podIP}:8080/`);
      expect(response.body).toBe(`hello from ${pod.metadata.name}\n`);
    } finally {
      await startContainerd();
    }
    const after = json<Pod>(admin(['get', 'pod', pod.metadata.name, '-o', 'json']));
    expect(after.status.containerStatuses[0]?.restartCount).toBe(
      pod.status.containerStatuses[0]?.restartCount,
    );
    await readyPods(APP, 2);
  });

  it('puts a workload on the kwok nodes only when it tolerates their taint and selects them', async () => {
    admin(['apply', '-f', '-'], manifests(`${APP}-kwok`, { replicas: 3, kwok: true }));
    const ready = await readyPods(`${APP}-kwok`, 3);
    for (const pod of ready) expect(pod.spec.nodeName).toMatch(/^kwok-node-/);
    admin(['delete', 'deployment,service', `${APP}-kwok`, '--wait=false']);
  });

  it('records what the node costs', () => {
    const memory = nodeMemoryKiB(platform().stateDir);
    measured['kubelet RSS'] = `${(memory.kubelet / 1024).toFixed(0)} MiB`;
    measured['containerd RSS'] = `${(memory.containerd / 1024).toFixed(0)} MiB`;
    expect(memory.kubelet).toBeGreaterThan(0);
    expect(memory.containerd).toBeGreaterThan(0);
  });

  it('leaves nothing behind at down, and comes back at up', async () => {
    admin(['delete', 'deployment,service', APP, '--wait=false']);
    const { stateDir } = platform();
    await down();
    expect(nodeLeftovers(stateDir)).toEqual([]);
    const started = Date.now();
    await up();
    measured['platform:up after down (warm)'] = `${((Date.now() - started) / 1000).toFixed(1)}s`;
    const node = json<Node>(kubectl(['get', 'node', NODE_NAME, '-o', 'json']));
    expect(readyStatus(node.status.conditions)).toBe('True');
  }, 600_000);
});
