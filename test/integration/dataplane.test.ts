// The data plane (platform/components/dataplane.mjs): Traefik on the host with its own
// least-privilege identity, serving each pipeline namespace's Gateway and the Ingress classes.
// Traffic moves by what the bluegreen action itself writes (routeTraffic with the deployer's
// kubeconfig: HTTPRoute weights, the ingress-nginx canary Ingress), and is counted by requests
// through Traefik to two HTTP backends, one per color. The backends listen on a bridge this test
// creates, since an EndpointSlice may not hold a loopback address; the bridge's own address is
// local, so no packet leaves the machine, and a blackhole route covers the rest of its /24.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  dataplaneAddresses,
  GATEWAY_CLASS,
  GATEWAY_NAME,
  LIVE_LISTENER,
  NGINX_INGRESS_CLASS,
  previewListener,
  traefikMay,
} from '../../platform/components/dataplane.mjs';
import {
  kubectl,
  logsDir,
  NAMESPACES,
  platformStatus,
  startDataplane,
  stopDataplane,
} from '../../platform/index.mjs';
import {
  CANARY_RULES_ANNOTATION,
  type CanaryMatch,
  routeTraffic,
} from '../../shared/bluegreen-deploy/traffic.js';
import { Kubectl, type KubeObject } from '../../shared/kube/kubectl.js';
import { usePlatform } from '../support/platform.js';

const platform = usePlatform();
beforeEach(() => {
  platform();
});

const NS = 'pipeline-staging';
const RUN = Date.now().toString(36).slice(-5);
const APP = `dp-${RUN}`;
// Its own host name: the Gateway's listeners and the Ingress ports are shared with other tests' routes.
const HOST = `${APP}.pipeline.test`;
const BRIDGE = 'pl-dptest0';
const BACKEND_IP = '10.246.255.1';
const BACKEND_RANGE = '10.246.255.0/24';
const COLORS = ['blue', 'green'] as const;
type Color = (typeof COLORS)[number];
const backendPorts: Record<Color, number> = { blue: 0, green: 0 };
const servers: Server[] = [];
const measured: Record<string, string> = {};

function ip(args: string[], allowFailure = false): void {
  try {
    execFileSync('ip', args, { stdio: 'pipe' });
  } catch (error) {
    if (!allowFailure) throw error;
  }
}

function admin(args: string[], input?: string): string {
  return kubectl(['-n', NS, ...args], input ? { input } : {});
}

function applyAll(items: object[]): void {
  admin(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  observedGeneration?: number;
}
interface WithStatus {
  metadata: { generation: number };
  status?: {
    conditions?: Condition[];
    addresses?: { value: string }[];
    parents?: { parentRef: { name: string; sectionName?: string }; conditions: Condition[] }[];
  };
}

function isTrue(conditions: Condition[] | undefined, type: string): boolean {
  return conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

/** One GET without keep-alive; resolves the color that answered, or the failure. */
function fetchColor(url: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 5000, headers: { host: HOST, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve(res.statusCode === 200 ? body.trim() : `HTTP ${res.statusCode}`));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

async function tally(
  url: string,
  requests: number,
  headers: Record<string, string> = {},
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < requests; i++) {
    const answer = await fetchColor(url, headers);
    counts[answer] = (counts[answer] ?? 0) + 1;
  }
  return counts;
}

/** Polls until `probe` holds (Traefik applies a change within its ~1 s provider throttle). */
async function until(
  what: string,
  probe: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<number> {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < timeoutMs) {
    try {
      if (await probe()) return Date.now() - started;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000}s ${last}`);
}

/**
 * After a step: how long until a 50-request sample shows its weights, then the share of `color`
 * among 1000 requests.
 */
async function splitAfterStep(
  url: string,
  color: Color,
  percent: number,
): Promise<{ share: number; appliedMs: number }> {
  const appliedMs = await until(`${percent}% ${color}`, async () => {
    const sample = await tally(url, 50);
    return Math.abs(((sample[color] ?? 0) / 50) * 100 - percent) <= 12;
  });
  const counts = await tally(url, 1000);
  expect(Object.keys(counts).filter((answer) => !COLORS.includes(answer as Color))).toEqual([]);
  return { share: ((counts[color] ?? 0) / 1000) * 100, appliedMs };
}

beforeAll(async () => {
  platform(); // the platform's own failure, not a kubectl one
  ip(['link', 'add', BRIDGE, 'type', 'bridge'], true);
  ip(['addr', 'replace', `${BACKEND_IP}/32`, 'dev', BRIDGE]);
  ip(['link', 'set', BRIDGE, 'up']);
  ip(['route', 'replace', 'blackhole', BACKEND_RANGE]);
  for (const color of COLORS) {
    const server = createServer((_req, res) => res.end(`${color}\n`));
    await new Promise<void>((resolve) => server.listen(0, BACKEND_IP, resolve));
    backendPorts[color] = (server.address() as { port: number }).port;
    servers.push(server);
  }
  // What a release's chart would make, by hand: a Service per color whose EndpointSlice points at
  // that color's backend, the live Service, and the routers the action moves.
  const objects: object[] = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: APP },
      spec: { selector: { app: APP, color: 'blue' }, ports: [{ name: 'http', port: 80 }] },
    },
  ];
  for (const color of COLORS) {
    objects.push(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `${APP}-${color}` },
        spec: { ports: [{ name: 'http', port: 80 }] },
      },
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: `${APP}-${color}-test`,
          labels: {
            'kubernetes.io/service-name': `${APP}-${color}`,
            'endpointslice.kubernetes.io/managed-by': 'dataplane-test',
          },
        },
        addressType: 'IPv4',
        ports: [{ name: 'http', port: backendPorts[color], protocol: 'TCP' }],
        endpoints: [{ addresses: [BACKEND_IP], conditions: { ready: true } }],
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: `${APP}-${color}` },
        spec: {
          parentRefs: [{ name: GATEWAY_NAME, sectionName: previewListener(color) }],
          hostnames: [HOST],
          rules: [{ backendRefs: [{ name: `${APP}-${color}`, port: 80 }] }],
        },
      },
    );
  }
  objects.push(
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: APP },
      spec: {
        parentRefs: [{ name: GATEWAY_NAME, sectionName: LIVE_LISTENER }],
        hostnames: [HOST],
        rules: [
          {
            backendRefs: [
              { name: `${APP}-blue`, port: 80, weight: 100 },
              { name: `${APP}-green`, port: 80, weight: 0 },
            ],
          },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: APP },
      spec: {
        ingressClassName: NGINX_INGRESS_CLASS,
        rules: [
          {
            host: HOST,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: `${APP}-blue`, port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
  );
  applyAll(objects);
});

afterAll(() => {
  for (const server of servers) server.close();
  try {
    platform();
    for (const [kind, names] of [
      ['httproute', [APP, `${APP}-blue`, `${APP}-green`]],
      ['ingress', [APP, `${APP}-canary`]],
      ['endpointslice', [`${APP}-blue-test`, `${APP}-green-test`]],
      ['service', [APP, `${APP}-blue`, `${APP}-green`]],
    ] as const)
      admin(['delete', kind, '--ignore-not-found', ...names]);
  } finally {
    ip(['route', 'del', 'blackhole', BACKEND_RANGE], true);
    ip(['link', 'del', BRIDGE], true);
  }
  console.log(
    `data plane measurements:\n${Object.entries(measured)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join('\n')}`,
  );
});

describe('the data plane', () => {
  it("accepts its GatewayClass and programs each pipeline namespace's Gateway on its own ports", () => {
    const gatewayClass = JSON.parse(
      kubectl(['get', 'gatewayclass', GATEWAY_CLASS, '-o', 'json']),
    ) as WithStatus;
    expect(isTrue(gatewayClass.status?.conditions, 'Accepted')).toBe(true);
    const addresses = dataplaneAddresses(platform().ports);
    for (const namespace of NAMESPACES) {
      const gateway = JSON.parse(
        kubectl(['-n', namespace, 'get', 'gateway', GATEWAY_NAME, '-o', 'json']),
      ) as WithStatus & { spec: { listeners: { name: string; port: number }[] } };
      expect(isTrue(gateway.status?.conditions, 'Accepted')).toBe(true);
      expect(isTrue(gateway.status?.conditions, 'Programmed')).toBe(true);
      expect(gateway.status?.addresses?.map((a) => a.value)).toEqual(['127.0.0.1']);
      expect(
        Object.fromEntries(gateway.spec.listeners.map((l) => [l.name, `http://127.0.0.1:${l.port}`])),
      ).toEqual(addresses.gateways[namespace]);
    }
  });

  it('runs as its own identity, which may read and report status and nothing more', async () => {
    const status = ['--subresource=status'];
    for (const args of [
      ['list', 'services', '-n', NS],
      ['watch', 'endpointslices.discovery.k8s.io', '-n', NS],
      ['list', 'secrets', '-n', NS],
      ['watch', 'httproutes.gateway.networking.k8s.io', '-n', NS],
      ['update', 'httproutes.gateway.networking.k8s.io', ...status, '-n', NS],
      ['update', 'gateways.gateway.networking.k8s.io', ...status, '-n', NS],
      ['update', 'gatewayclasses.gateway.networking.k8s.io', ...status],
      ['list', 'ingresses.networking.k8s.io', '-n', NS],
      ['update', 'ingresses.networking.k8s.io', ...status, '-n', NS],
      ['list', 'namespaces'],
    ])
      expect(`${args.join(' ')}: ${traefikMay(args)}`).toBe(`${args.join(' ')}: true`);
    for (const args of [
      ['list', 'secrets', '-n', 'kube-system'],
      ['list', 'secrets', '--all-namespaces'],
      ['get', 'secrets', '-n', NS],
      ['list', 'services', '-n', 'default'],
      ['patch', 'httproutes.gateway.networking.k8s.io', '-n', NS],
      ['update', 'ingresses.networking.k8s.io', '-n', NS],
      ['update', 'services', '-n', NS],
      ['create', 'pods', '-n', NS],
      ['list', 'pods', '-n', NS],
      ['list', 'nodes'],
    ])
      expect(`${args.join(' ')}: ${traefikMay(args)}`).toBe(`${args.join(' ')}: false`);
    // Everything it watches synced: nothing it needs was refused. An apiserver restart (another
    // file's fault test) refuses every watch until its RBAC informer syncs; that window is before
    // the apiserver's readyAt, so only what Traefik logged after it counts.
    const apiserverReadyAt = Date.parse((await platformStatus()).components['kube-apiserver']?.readyAt ?? '');
    expect(apiserverReadyAt).toBeGreaterThan(0);
    const refused = linesLoggedSince(readFileSync(`${logsDir}/traefik.log`, 'utf8'), apiserverReadyAt).filter(
      (line) => /forbidden/i.test(line),
    );
    expect(refused).toEqual([]);
  });

  it('gateway: requests split by the HTTPRoute weights the action writes; each preview listener reaches one color', async () => {
    const addresses = dataplaneAddresses(platform().ports).gateways[NS]!;
    await until('live route served', async () => (await fetchColor(addresses[LIVE_LISTENER]!)) === 'blue');
    for (const color of COLORS)
      expect(await tally(addresses[previewListener(color)]!, 20)).toEqual({ [color]: 20 });
    const route = JSON.parse(admin(['get', 'httproute', APP, '-o', 'json'])) as WithStatus;
    const parent = route.status?.parents?.[0];
    expect(parent?.parentRef).toMatchObject({ name: GATEWAY_NAME, sectionName: LIVE_LISTENER });
    expect(isTrue(parent?.conditions, 'Accepted')).toBe(true);
    expect(isTrue(parent?.conditions, 'ResolvedRefs')).toBe(true);

    const deployer = new Kubectl(NS, platform().restrictedKubeconfig);
    const target = { strategy: 'gateway' as const, service: APP, router: APP };
    for (const percent of [10, 50]) {
      await routeTraffic(deployer, target, 'green', percent);
      const { share, appliedMs } = await splitAfterStep(addresses[LIVE_LISTENER]!, 'green', percent);
      measured[`gateway ${percent}% green`] =
        `${share.toFixed(1)}% of 1000 (served ${appliedMs} ms after the patch)`;
      expect(Math.abs(share - percent)).toBeLessThanOrEqual(5);
    }
    await routeTraffic(deployer, target, 'green', 100);
    await until('all green', async () => !(await tally(addresses[LIVE_LISTENER]!, 50)).blue);
    expect(await tally(addresses[LIVE_LISTENER]!, 200)).toEqual({ green: 200 });
  });

  it('gateway canary-match: only the requests with the header or the cookie reach the new color, until 100%', async () => {
    const live = dataplaneAddresses(platform().ports).gateways[NS]![LIVE_LISTENER]!;
    const deployer = new Kubectl(NS, platform().restrictedKubeconfig);
    await routeTraffic(deployer, { strategy: 'gateway', service: APP, router: APP }, 'blue', 100);
    await until('all blue', async () => !(await tally(live, 20)).green);
    const canaryOn = async (
      canary: CanaryMatch,
      headers: Record<string, string>,
      others: Record<string, string>[],
    ) => {
      const target = { strategy: 'gateway' as const, service: APP, router: APP, canary };
      // 0%: the matching requests only.
      await routeTraffic(deployer, target, 'green', 0);
      measured[`gateway canary-match ${canary.kind}`] =
        `applied ${await until(`${canary.kind} canary`, async () => (await tally(live, 5, headers)).green === 5)} ms after the patch`;
      expect(await tally(live, 100, headers)).toEqual({ green: 100 });
      for (const other of [{}, ...others]) expect(await tally(live, 50, other)).toEqual({ blue: 50 });
      // 50%: the matching requests stay on green whatever the weights.
      await routeTraffic(deployer, target, 'green', 50);
      await splitAfterStep(live, 'green', 50);
      expect(await tally(live, 100, headers)).toEqual({ green: 100 });
      // A rollback (no canary given) takes the twin rule away with the rest.
      await routeTraffic(deployer, { strategy: 'gateway', service: APP, router: APP }, 'blue', 100);
      await until('all blue again', async () => !(await tally(live, 20, headers)).green);
      expect(await tally(live, 100, headers)).toEqual({ blue: 100 });
      const route = JSON.parse(admin(['get', 'httproute', APP, '-o', 'json'])) as KubeObject;
      expect((route.spec as { rules: unknown[] }).rules).toHaveLength(1);
      expect(route.metadata.annotations?.[CANARY_RULES_ANNOTATION]).toBeUndefined();
    };
    await canaryOn({ kind: 'header', name: 'X-Canary', value: 'always' }, { 'x-canary': 'always' }, [
      { 'x-canary': 'never' },
      { 'x-canary': 'always-not' },
    ]);
    await canaryOn({ kind: 'cookie', name: 'beta', value: 'yes' }, { cookie: 'theme=dark; beta=yes' }, [
      { cookie: 'beta=no' },
      { cookie: 'notbeta=yes' },
      { 'x-beta': 'yes' },
    ]);
  });

  it('a route or Service written after it was read (as its controller writes status) is read again, and the step lands', async () => {
    const live = dataplaneAddresses(platform().ports).gateways[NS]![LIVE_LISTENER]!;
    await until('all blue', async () => !(await tally(live, 20)).green);
    let writtenMeanwhile = 0;
    /** A deployer whose first `times` reads of each object are followed by someone else's write. */
    class WrittenMeanwhile extends Kubectl {
      readonly writes = new Map<string, number>();
      constructor(private readonly times: number) {
        super(NS, platform().restrictedKubeconfig);
      }
      override async get<T = KubeObject>(kind: string, name: string): Promise<T | undefined> {
        const read = await super.get<T>(kind, name);
        const done = this.writes.get(kind) ?? 0;
        if (done < this.times) {
          this.writes.set(kind, done + 1);
          // A value not written before: the same one again would change nothing.
          admin(['annotate', '--overwrite', kind, name, `pipeline-test/written=${++writtenMeanwhile}`]);
        }
        return read;
      }
    }
    const target = { strategy: 'gateway' as const, service: APP, router: APP };
    const once = new WrittenMeanwhile(1);
    await routeTraffic(once, target, 'green', 100);
    // Each object was read, changed under the deployer, and read again.
    expect(Object.fromEntries(once.writes)).toEqual({ httproute: 1, service: 1 });
    await until('all green', async () => !(await tally(live, 50)).blue);
    expect(await tally(live, 100)).toEqual({ green: 100 });
    const service = JSON.parse(admin(['get', 'service', APP, '-o', 'json'])) as KubeObject;
    expect((service.spec as { selector: Record<string, string> }).selector.color).toBe('green');

    // Written after every read: it gives up with the conflict, and the route is as it was.
    const always = new WrittenMeanwhile(Number.POSITIVE_INFINITY);
    await expect(routeTraffic(always, target, 'blue', 50)).rejects.toThrow(/modified|Conflict/);
    expect(always.writes.get('httproute')).toBe(5);
    expect(await tally(live, 50)).toEqual({ green: 50 });
    await routeTraffic(new Kubectl(NS, platform().restrictedKubeconfig), target, 'blue', 100);
    await until('all blue again', async () => !(await tally(live, 20)).green);
  });

  it('ingress: the ingress-nginx canary annotations the action writes split nginx-class traffic', async () => {
    const url = dataplaneAddresses(platform().ports).ingressNginx;
    await until('ingress served', async () => (await fetchColor(url)) === 'blue');
    const deployer = new Kubectl(NS, platform().restrictedKubeconfig);
    const target = { strategy: 'ingress' as const, service: APP, router: APP };
    for (const percent of [10, 50]) {
      await routeTraffic(deployer, target, 'green', percent);
      const { share, appliedMs } = await splitAfterStep(url, 'green', percent);
      measured[`ingress-nginx canary-weight ${percent}`] =
        `${share.toFixed(1)}% green of 1000 (served ${appliedMs} ms after)`;
      expect(Math.abs(share - percent)).toBeLessThanOrEqual(5);
    }
    // 100%: the main Ingress moves to green and the canary (weight 0) keeps blue.
    await routeTraffic(deployer, target, 'green', 100);
    await until('all green', async () => !(await tally(url, 50)).blue);
    expect(await tally(url, 200)).toEqual({ green: 200 });
    const main = JSON.parse(admin(['get', 'ingress', APP, '-o', 'json'])) as {
      status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
    };
    expect(main.status?.loadBalancer?.ingress?.[0]?.ip).toBe('127.0.0.1');
  });

  it('istio: the deployer may patch the VirtualService weights the action writes (no mesh runs: only its API)', async () => {
    const crd = JSON.parse(kubectl(['get', 'crd', 'virtualservices.networking.istio.io', '-o', 'json'])) as {
      spec: { versions: { name: string; served: boolean }[] };
    };
    expect(crd.spec.versions.filter((v) => v.served).map((v) => v.name)).toContain('v1');
    applyAll([
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: APP },
        spec: {
          hosts: [APP],
          http: [
            { route: COLORS.map((color) => ({ destination: { host: `${APP}-${color}` }, weight: 50 })) },
          ],
        },
      },
    ]);
    const deployer = new Kubectl(NS, platform().restrictedKubeconfig);
    await routeTraffic(deployer, { strategy: 'istio', service: APP, router: APP }, 'green', 30);
    const weights = JSON.parse(admin(['get', 'virtualservice', APP, '-o', 'json'])).spec.http[0].route.map(
      (route: { destination: { host: string }; weight: number }) => [route.destination.host, route.weight],
    );
    expect(Object.fromEntries(weights)).toEqual({ [`${APP}-blue`]: 70, [`${APP}-green`]: 30 });
    admin(['delete', 'virtualservice', APP]);
  });

  it('stopped, the data plane refuses connections; started again, it serves the same routes', async () => {
    const live = dataplaneAddresses(platform().ports).gateways[NS]![LIVE_LISTENER]!;
    let before = '';
    await until('live route served', async () => {
      before = await fetchColor(live);
      return COLORS.includes(before as Color);
    });
    await stopDataplane();
    try {
      expect(await fetchColor(live)).toBe('ECONNREFUSED');
    } finally {
      await startDataplane();
    }
    // Started means ready: it has synced every route it accepted before it counts as up.
    expect(await fetchColor(live)).toBe(before);
  });
});

/**
 * The log lines Traefik wrote at or after `since` (ms): its own lines start with an ISO time,
 * client-go's with klog's `E1202 09:59:07.324764` (no year); a line without a time belongs to the
 * one before it.
 */
function linesLoggedSince(log: string, since: number): string[] {
  const year = new Date(since).getUTCFullYear();
  let at = 0;
  return log.split('\n').filter((line) => {
    const iso = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)/.exec(line);
    const klog = /^[IWEF](\d\d)(\d\d) (\d\d:\d\d:\d\d\.\d+)/.exec(line);
    if (iso) at = Date.parse(iso[1]!);
    else if (klog) at = Date.parse(`${year}-${klog[1]}-${klog[2]}T${klog[3]}Z`);
    return at >= since;
  });
}
