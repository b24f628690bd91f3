// The local platform, proven against the real systems it runs: a Kubernetes control plane with
// kwok nodes, Debian's docker-registry and Prometheus, the stand-in apps, the deployer's RBAC, and
// the fault hooks later tests rely on. One file, so the fault tests never overlap the others.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  breakRegistry,
  fixRegistry,
  kubectl,
  platformStatus,
  prometheusQuery,
  resetApps,
  setApp,
  startApiserver,
  startPrometheus,
  stopApiserver,
  stopPrometheus,
  toolsPath,
} from '../../platform/index.mjs';
import { writeImageLayout } from '../../platform/oci.mjs';
import { generateKeyPair, signImage } from '../support/cosign.js';
import { usePlatform } from '../support/platform.js';

const platform = usePlatform();
// Every test fails with the reason when the platform could not start.
beforeEach(() => {
  platform();
});
const repoRoot = new URL('../..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'pipeline-platform-test-'));
const run = `t${Date.now().toString(36)}`;
const env = () => ({ ...process.env, PATH: toolsPath() });

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  try {
    await resetApps();
  } catch {}
});

function sh(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  try {
    return execFileSync(command, args, {
      env: options.env ?? env(),
      input: options.input,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 180_000,
    }).toString();
  } catch (error) {
    const e = error as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(`${command} ${args.join(' ')}: ${e.stderr?.toString().trim() || e.message}`);
  }
}

/** Runs a command expected to fail; returns its stderr. */
function shFails(command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}) {
  try {
    execFileSync(command, args, {
      env: options.env ?? env(),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  } catch (error) {
    return (error as { stderr?: Buffer }).stderr?.toString() ?? '';
  }
  throw new Error(`${command} ${args.join(' ')} succeeded; expected it to fail`);
}

/** `npm run --silent platform:status`: its exit code and the JSON it prints. */
function statusCli() {
  const result = spawnSync('npm', ['run', '--silent', 'platform:status'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { exitCode: result.status, status: json(result.stdout) };
}

async function eventually<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await probe();
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000}s: ${last instanceof Error ? last.message : last}`);
}

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes and tool JSON, checked by the assertions
function json<T = any>(text: string): T {
  return JSON.parse(text) as T;
}

function deployment(name: string, color: string, replicas = 2) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `${name}-${color}`, labels: { app: name, color } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name, color } },
      template: {
        metadata: { labels: { app: name, color } },
        // The stand-in image is not runnable: the pods go to the kwok nodes.
        spec: {
          nodeSelector: { type: 'kwok' },
          tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
          containers: [{ name: 'app', image: `${platform().registry}/pipeline/standin:${color}` }],
        },
      },
    },
  };
}

function service(name: string, color: string) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name, color }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
}

const list = (...items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

/** IPs of the ready endpoints of a Service, from its EndpointSlices. */
function endpointIps(namespace: string, serviceName: string, kubeconfig?: string) {
  const slices = json(
    kubectl(
      [
        'get',
        'endpointslices',
        '-n',
        namespace,
        '-l',
        `kubernetes.io/service-name=${serviceName}`,
        '-o',
        'json',
      ],
      {
        kubeconfig,
      },
    ),
  ).items as { endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[] }[];
  return slices
    .flatMap((slice) => slice.endpoints ?? [])
    .filter((endpoint) => endpoint.conditions?.ready !== false)
    .flatMap((endpoint) => endpoint.addresses)
    .sort();
}

function podIps(namespace: string, selector: string) {
  const pods = json(kubectl(['get', 'pods', '-n', namespace, '-l', selector, '-o', 'json'])).items as {
    status: { podIP?: string };
  }[];
  return pods.map((pod) => pod.status.podIP ?? '').sort();
}

describe('status', () => {
  it('npm run --silent platform:status prints where everything is, and exits 0 while up', () => {
    const { exitCode, status } = statusCli();
    expect(exitCode).toBe(0);
    expect(status.running).toBe(true);
    expect(status).toMatchObject({
      kubeconfig: expect.stringMatching(/admin\.kubeconfig$/),
      restrictedKubeconfig: expect.stringMatching(/deployer\.kubeconfig$/),
      registry: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      prometheus: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      apps: { blue: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), green: expect.any(String) },
    });
    expect(readFileSync(status.kubeconfig, 'utf8')).toContain(`server: ${status.server}`);
  });

  it('runs the pinned Kubernetes, with kubectl and helm from the tools cache first on PATH', () => {
    const version = json(kubectl(['version', '-o', 'json']));
    expect(version.serverVersion.gitVersion).toBe(`v${platform().kubernetesVersion}`);
    expect(version.clientVersion.gitVersion).toBe(`v${platform().kubernetesVersion}`);
    expect(sh('helm', ['version', '--template', '{{.Version}}'])).toMatch(/^v3\.\d+\.\d+$/);
    const nodes = json(kubectl(['get', 'nodes', '-o', 'json'])).items as {
      status: { conditions: { type: string; status: string }[] };
    }[];
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    for (const node of nodes)
      expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
  });
});

describe('Kubernetes', () => {
  const ns = `platform-${run}`;
  afterAll(() => {
    try {
      kubectl(['delete', 'namespace', ns, '--wait=false']);
    } catch {}
  });

  it('rolls out Deployments on kwok nodes; the EndpointSlice follows the Service selector', async () => {
    kubectl(['create', 'namespace', ns]);
    await eventually('default service account', () =>
      kubectl(['get', 'serviceaccount', 'default', '-n', ns]),
    );
    kubectl(['apply', '-n', ns, '-f', '-'], {
      input: list(deployment('web', 'blue'), deployment('web', 'green'), service('web', 'blue')),
    });
    for (const color of ['blue', 'green'])
      kubectl(['rollout', 'status', '-n', ns, `deployment/web-${color}`, '--timeout=90s']);

    const blue = podIps(ns, 'app=web,color=blue');
    const green = podIps(ns, 'app=web,color=green');
    expect(blue).toHaveLength(2);
    expect(green).toHaveLength(2);
    expect(blue.every(Boolean) && green.every(Boolean)).toBe(true);
    expect(blue.some((ip) => green.includes(ip))).toBe(false);

    await eventually('endpoints = blue pods', () => expect(endpointIps(ns, 'web')).toEqual(blue));

    kubectl([
      'patch',
      'service',
      'web',
      '-n',
      ns,
      '-p',
      JSON.stringify({ spec: { selector: { app: 'web', color: 'green' } } }),
    ]);
    await eventually('endpoints = green pods', () => expect(endpointIps(ns, 'web')).toEqual(green));
  });

  it('helm upgrade --install of examples/chart rolls out, as the restricted deployer', () => {
    const { restrictedKubeconfig, namespaces, registry } = platform();
    const namespace = namespaces[0]!;
    const helmHome = join(work, 'helm');
    const helmEnv = {
      ...env(),
      KUBECONFIG: restrictedKubeconfig,
      HELM_CACHE_HOME: join(helmHome, 'cache'),
      HELM_CONFIG_HOME: join(helmHome, 'config'),
      HELM_DATA_HOME: join(helmHome, 'data'),
    };
    const release = `chart-${run}`;
    const install = (version: string) =>
      sh(
        'helm',
        [
          'upgrade',
          '--install',
          release,
          join(repoRoot, 'examples', 'chart'),
          '--namespace',
          namespace,
          '--set',
          `image.repository=${registry}/pipeline/standin`,
          '--set',
          `image.tag=${version}`,
          // The stand-in image is not runnable: the pods go to the kwok nodes.
          '--set',
          'nodeSelector.type=kwok',
          '--set',
          'tolerations[0].key=kwok.x-k8s.io/node,tolerations[0].operator=Exists,tolerations[0].effect=NoSchedule',
          '--wait',
          '--timeout=2m',
        ],
        { env: helmEnv },
      );
    try {
      expect(install('1.0.0')).toMatch(/STATUS: deployed/);
      expect(install('1.0.1')).toMatch(/REVISION: 2/);
      kubectl(['rollout', 'status', '-n', namespace, `deployment/${release}-blue`, '--timeout=60s'], {
        kubeconfig: restrictedKubeconfig,
      });
      const live = json(
        kubectl(['get', 'deployment', `${release}-blue`, '-n', namespace, '-o', 'json'], {
          kubeconfig: restrictedKubeconfig,
        }),
      );
      expect(live.spec.template.spec.containers[0].image).toBe(`${registry}/pipeline/standin:1.0.1`);
      expect(live.status.readyReplicas).toBe(2);
      expect(endpointIps(namespace, release)).toHaveLength(2);
    } finally {
      sh('helm', ['uninstall', release, '--namespace', namespace, '--wait'], { env: helmEnv });
    }
  });
});

describe('restricted kubeconfig (platform/rbac/deployer-role.yaml)', () => {
  const as = () => ({ kubeconfig: platform().restrictedKubeconfig });
  const name = `rbac-${run}`;

  it('can do what a deploy needs in its namespaces', () => {
    for (const namespace of platform().namespaces) {
      kubectl(['apply', '-n', namespace, '-f', '-'], {
        ...as(),
        input: list(deployment(name, 'blue', 1), service(name, 'blue')),
      });
      kubectl(['rollout', 'status', '-n', namespace, `deployment/${name}-blue`, '--timeout=60s'], as());
      kubectl(['get', 'pods,replicasets,endpointslices,events', '-n', namespace], as());
      kubectl(
        ['patch', 'service', name, '-n', namespace, '-p', '{"spec":{"selector":{"color":"green"}}}'],
        as(),
      );
      kubectl(['scale', 'deployment', `${name}-blue`, '-n', namespace, '--replicas=0'], as());
      kubectl(['create', 'configmap', `${name}-state`, '-n', namespace, '--from-literal=color=blue'], as());
      kubectl(['apply', '-n', namespace, '-f', '-'], {
        ...as(),
        input: JSON.stringify({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: `${name}-lock` },
          spec: { holderIdentity: 'test', leaseDurationSeconds: 60 },
        }),
      });
      kubectl(
        [
          'delete',
          '-n',
          namespace,
          `deployment/${name}-blue`,
          `service/${name}`,
          `configmap/${name}-state`,
          `lease/${name}-lock`,
        ],
        as(),
      );
    }
  });

  it('is forbidden in another namespace and on cluster-scoped writes', () => {
    const forbidden = (args: string[]) =>
      expect(() => kubectl(args, { ...as(), input: list(deployment(name, 'blue', 1)) })).toThrow(
        /forbidden/i,
      );
    forbidden(['get', 'pods', '-n', 'default']);
    forbidden(['apply', '-n', 'kube-system', '-f', '-']);
    forbidden(['get', 'secrets', '-n', 'kube-system']);
    forbidden(['create', 'namespace', `${name}-ns`]);
    forbidden([
      'create',
      'clusterrolebinding',
      `${name}-crb`,
      '--clusterrole=cluster-admin',
      '--user=pipeline-deployer',
    ]);
    forbidden(['label', 'node', 'kwok-node-0', 'pwned=true']);
    // RBAC of its own namespace stays out of reach too: no escalation through a RoleBinding.
    forbidden([
      'create',
      'rolebinding',
      `${name}-rb`,
      '-n',
      platform().namespaces[0]!,
      '--clusterrole=admin',
      '--user=pipeline-deployer',
    ]);
  });
});

describe('Prometheus and the stand-in apps', () => {
  const errorRatio = (color: string) =>
    `sum(irate(http_requests_total{job="standin",color="${color}",code=~"5.."}[30s])) / sum(irate(http_requests_total{job="standin",color="${color}"}[30s]))`;

  it('answers a request-rate query for each app, by color', async () => {
    await resetApps();
    const result = await eventually('request rate by color', async () => {
      const samples = await prometheusQuery('sum by (color) (rate(http_requests_total{job="standin"}[10s]))');
      if (samples.length < 2) throw new Error(`${samples.length} series`);
      return samples;
    });
    expect(Object.fromEntries(result.map((s) => [s.metric.color, Number(s.value[1]) > 0]))).toEqual({
      blue: true,
      green: true,
    });
  });

  it('shows a changed error rate within two scrape intervals', async () => {
    const interval = platform().scrapeIntervalSeconds * 1000;
    await resetApps();
    await eventually('no errors', async () =>
      expect(Number((await prometheusQuery(errorRatio('green')))[0]?.value[1])).toBe(0),
    );
    const changed = Date.now();
    await setApp('green', { errorRate: 0.5 });
    await eventually(
      'errors visible',
      async () =>
        expect(Number((await prometheusQuery(errorRatio('green')))[0]?.value[1])).toBeGreaterThan(0),
      2 * interval + 1000,
    );
    const seen = Date.now() - changed;
    expect(seen).toBeLessThanOrEqual(2 * interval + 1000);
    // A full interval later, the ratio is the one set (exactly half the requests fail).
    await eventually(
      'ratio 0.5',
      async () =>
        expect(Number((await prometheusQuery(errorRatio('green')))[0]?.value[1])).toBeCloseTo(0.5, 1),
      3 * interval + 1000,
    );
    const blue = Number((await prometheusQuery(errorRatio('blue')))[0]?.value[1]);
    expect(blue).toBe(0);
    console.info(`error rate change visible in Prometheus after ${seen} ms (scrape interval ${interval} ms)`);
  });

  it('exposes latency, health and the CPU-like gauge the tests set', async () => {
    const { apps } = platform();
    await setApp('blue', { latencyMs: 300, healthy: false, cpu: 0.9 });
    expect((await fetch(`${apps.blue}/healthz`)).status).toBe(503);
    expect((await fetch(`${apps.green}/healthz`)).status).toBe(200);
    await eventually(
      'p90 latency ≈ 0.3–0.5 s and cpu 0.9',
      async () => {
        const [p90] = await prometheusQuery(
          'histogram_quantile(0.9, sum by (le) (irate(http_request_duration_seconds_bucket{color="blue"}[30s])))',
        );
        expect(Number(p90?.value[1])).toBeGreaterThan(0.25);
        expect(Number(p90?.value[1])).toBeLessThanOrEqual(0.5);
        const [cpu] = await prometheusQuery('app_cpu_usage_ratio{color="blue"}');
        expect(Number(cpu?.value[1])).toBe(0.9);
      },
      20_000,
    );
    await resetApps();
    expect((await fetch(`${apps.blue}/healthz`)).status).toBe(200);
  });
});

describe('registry', () => {
  it('pushes and pulls an image; cosign signs it there and verifies it', () => {
    const { registry } = platform();
    const layout = join(work, 'image');
    mkdirSync(layout, { recursive: true });
    const digest = writeImageLayout(layout, { tag: '1.0', files: { 'hello.txt': `hello ${run}\n` } });
    const ref = `${registry}/platform-test/hello`;
    sh('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${layout}:1.0`, `docker://${ref}:1.0`]);
    const inspected = json(sh('skopeo', ['inspect', '--tls-verify=false', `docker://${ref}:1.0`]));
    expect(inspected.Digest).toBe(digest);
    const pulled = join(work, 'pulled');
    sh('skopeo', [
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      `docker://${ref}@${digest}`,
      `oci:${pulled}:1.0`,
    ]);
    expect(json(readFileSync(join(pulled, 'index.json'), 'utf8')).manifests[0].digest).toBe(digest);

    const signer = generateKeyPair(join(work, 'keys'));
    const stranger = generateKeyPair(join(work, 'keys'));
    signImage(`${ref}@${digest}`, signer);
    const verify = (publicKey: string) => [
      'verify',
      '--key',
      publicKey,
      '--insecure-ignore-tlog=true',
      '--allow-http-registry=true',
      '--allow-insecure-registry=true',
      `${ref}@${digest}`,
    ];
    const verified = json(sh('cosign', verify(signer.publicKey)).trim().split('\n').pop()!);
    expect(verified[0].critical.image['docker-manifest-digest']).toBe(digest);
    expect(shFails('cosign', verify(stranger.publicKey))).toMatch(/no matching (signatures|attestations)/);
  });
});

describe('fault hooks', () => {
  it('stops and starts the apiserver', async () => {
    await stopApiserver();
    expect(() => kubectl(['get', 'namespaces'], { timeoutMs: 20_000 })).toThrow(/refused|unable to connect/i);
    const status = await platformStatus();
    expect(status.running).toBe(false);
    expect(status.components['kube-apiserver']?.alive).toBe(false);
    const cli = statusCli();
    expect(cli.exitCode).not.toBe(0);
    expect(cli.status.reason).toMatch(/kube-apiserver not running/);
    await startApiserver();
    expect(kubectl(['get', 'namespaces'])).toContain('pipeline-staging');
    expect((await platformStatus()).running).toBe(true);
  });

  it('stops and starts Prometheus, keeping its data', async () => {
    const { prometheus } = platform();
    await stopPrometheus();
    await expect(fetch(`${prometheus}/-/ready`)).rejects.toThrow();
    await startPrometheus();
    const samples = await prometheusQuery('count_over_time(up{job="standin"}[10m])');
    expect(samples).toHaveLength(2);
  });

  it('makes the registry fail (503, then connection refused) and recover', async () => {
    const { registry } = platform();
    const ref = `docker://${registry}/platform-test/hello:1.0`;
    await breakRegistry();
    expect((await fetch(`http://${registry}/v2/`)).status).toBe(503);
    expect(shFails('skopeo', ['inspect', '--tls-verify=false', '--retry-times=0', ref])).toMatch(
      /503|unavailable/i,
    );
    expect((await platformStatus()).registryFault).toBe('unavailable');
    await breakRegistry('refuse');
    await expect(fetch(`http://${registry}/v2/`)).rejects.toThrow();
    expect(shFails('skopeo', ['inspect', '--tls-verify=false', '--retry-times=0', ref])).toMatch(
      /connection refused/i,
    );
    await fixRegistry();
    expect(json(sh('skopeo', ['inspect', '--tls-verify=false', ref])).Digest).toMatch(/^sha256:/);
    expect((await platformStatus()).registryFault).toBe(null);
  });
});
