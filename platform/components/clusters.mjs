// The platform's other clusters, for fleet delivery (deliver-fleet.yml): each one its own control
// plane — a kube-apiserver on the shared etcd under its own prefix (so its own objects, RBAC and
// service-account issuer), its own controller-manager and scheduler —, its own data plane (Traefik
// serving its Gateways on its own ports), and one node, `real-node-0` as in the first cluster,
// whose pods cluster-syncer.mjs runs on the first cluster's real node (namespace
// `<cluster>--<namespace>`), as vcluster runs a virtual cluster's pods. Their containers are real:
// pulled from the registry by digest, serving real traffic through that cluster's Gateway, scraped
// by Prometheus, which labels every series with its `cluster` (prometheus.mjs).
//
// Started only when asked for (`up({ clusters: N })`, PIPELINE_PLATFORM_CLUSTERS=N): most tests
// need one cluster, and each other one costs an apiserver, a controller-manager and a Traefik.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubectl } from '../clients.mjs';
import { ensurePki, writeKubeconfig } from '../pki.mjs';
import { httpGet, waitUntil } from '../proc.mjs';
import { DEPLOYER_USER, NAMESPACES, portBase } from '../state.mjs';
import apiserver from './apiserver.mjs';
import controllerManager from './controller-manager.mjs';
import dataplane from './dataplane.mjs';
import { NODE_NAME } from './node.mjs';
import scheduler from './scheduler.mjs';

/** The first cluster's name (in Prometheus's `cluster` label), and the others', in order. */
export const FIRST_CLUSTER = 'eu-1';
export const OTHER_CLUSTERS = ['eu-2', 'us-1'];
/** The label on the first cluster's pods that run another cluster's (cluster-syncer.mjs). */
export const SYNCED_CLUSTER_LABEL = 'platform.pipeline.dev/cluster';

/**
 * Each pipeline namespace's `cluster-info` ConfigMap: which cluster this is, what a workload's
 * cluster-specific setting reads (the example app's CLUSTER variable).
 */
export function clusterInfo(cluster, namespaces) {
  return namespaces.map((namespace) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cluster-info', namespace, labels: { 'app.kubernetes.io/part-of': 'pipeline' } },
    data: { name: cluster },
  }));
}

/** The clusters `up` was asked for: the first, then others up to `count`. */
export function clusterNames(count = 1) {
  if (!Number.isInteger(count) || count < 1 || count > 1 + OTHER_CLUSTERS.length)
    throw new Error(`the platform has 1 to ${1 + OTHER_CLUSTERS.length} clusters, not ${count}`);
  return [FIRST_CLUSTER, ...OTHER_CLUSTERS.slice(0, count - 1)];
}

/**
 * Another cluster's loopback ports, ten from base+0 (the first cluster's are from base+20):
 * apiserver, controller-manager, scheduler, Traefik, then its Gateways' six listeners.
 */
export function clusterPorts(ports, cluster) {
  const index = OTHER_CLUSTERS.indexOf(cluster);
  if (index < 0) throw new Error(`no platform cluster '${cluster}'`);
  const first = portBase(ports) + 10 * index;
  return {
    apiserver: first,
    controllerManager: first + 1,
    scheduler: first + 2,
    traefik: first + 3,
    gatewayBase: first + 4,
  };
}

/** Another cluster's files: its kubeconfigs. */
export function clusterPaths(paths, stateDir, cluster) {
  const dir = join(stateDir, 'clusters', cluster);
  return {
    ...paths,
    dir,
    kubeconfig: join(dir, 'admin.kubeconfig'),
    restrictedKubeconfig: join(dir, 'deployer.kubeconfig'),
    componentKubeconfig: (name) => join(dir, `${name}.kubeconfig`),
  };
}

/** With another cluster's apiserver, its service-account issuer: tokens of one are no use in another. */
function withIssuer(args, cluster) {
  const issuer = `https://kubernetes.default.svc.${cluster}.local`;
  return args.map((arg) =>
    arg.startsWith('--service-account-issuer=')
      ? `--service-account-issuer=${issuer}`
      : arg.startsWith('--api-audiences=')
        ? `--api-audiences=${issuer}`
        : arg,
  );
}

function nodeReady(node) {
  return node?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

export default function clusters(ctx, count = 1) {
  return clusterNames(count)
    .slice(1)
    .flatMap((cluster) => otherCluster(ctx, cluster));
}

function otherCluster(ctx, cluster) {
  const { ports, paths, pki, stateDir, platformDir } = ctx;
  const own = clusterPorts(ports, cluster);
  const ownPaths = clusterPaths(paths, stateDir, cluster);
  const suffix = `-${cluster}`;
  const server = `https://127.0.0.1:${own.apiserver}`;
  const admin = { kubeconfig: ownPaths.kubeconfig };
  const adminTls = () => ({
    ca: readFileSync(pki('ca.crt')),
    cert: readFileSync(pki('client-admin.crt')),
    key: readFileSync(pki('client-admin.key')),
  });

  const credentials = {
    name: `credentials${suffix}`,
    after: ['credentials'],
    run: async () => {
      const certs = ensurePki(paths.pki);
      mkdirSync(ownPaths.dir, { recursive: true, mode: 0o700 });
      writeKubeconfig(ownPaths.kubeconfig, {
        server,
        ca: certs.ca,
        client: certs.clients.admin,
        user: 'pipeline-admin',
      });
      writeKubeconfig(ownPaths.restrictedKubeconfig, {
        server,
        ca: certs.ca,
        client: certs.clients.deployer,
        user: DEPLOYER_USER,
        namespace: NAMESPACES[0],
      });
      for (const name of ['kube-controller-manager', 'kube-scheduler'])
        writeKubeconfig(ownPaths.componentKubeconfig(name), {
          server,
          ca: certs.ca,
          client: certs.clients[name],
          user: name,
        });
    },
  };

  const first = apiserver({ ports: { ...ports, apiserver: own.apiserver }, pki });
  const ownApiserver = {
    ...first,
    name: `kube-apiserver${suffix}`,
    after: ['etcd', `credentials${suffix}`],
    // Its own keyspace in the shared etcd: nothing of one cluster is visible in another.
    args: [...withIssuer(first.args, cluster), `--etcd-prefix=/clusters/${cluster}`],
  };
  const firstManager = controllerManager({
    ports: { ...ports, controllerManager: own.controllerManager },
    paths: ownPaths,
    pki,
  });
  const ownManager = {
    ...firstManager,
    name: `kube-controller-manager${suffix}`,
    after: [`kube-apiserver${suffix}`],
    args: firstManager.args.map((arg) =>
      arg.startsWith('--cluster-name=') ? `--cluster-name=${cluster}` : arg,
    ),
  };
  const firstScheduler = scheduler({ ports: { ...ports, scheduler: own.scheduler }, paths: ownPaths });
  const ownScheduler = {
    ...firstScheduler,
    name: `kube-scheduler${suffix}`,
    after: [`kube-apiserver${suffix}`],
  };

  const bootstrap = {
    name: `cluster-bootstrap${suffix}`,
    after: [`kube-apiserver${suffix}`, `kube-controller-manager${suffix}`],
    run: async () => {
      kubectl(['apply', '-f', '-'], {
        ...admin,
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: NAMESPACES.map((name) => ({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name, labels: { 'app.kubernetes.io/part-of': 'pipeline' } },
          })),
        }),
      });
      kubectl(['apply', '-f', '-'], {
        ...admin,
        input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: clusterInfo(cluster, NAMESPACES) }),
      });
      const role = join(platformDir, 'rbac', 'deployer-role.yaml');
      for (const namespace of NAMESPACES) kubectl(['apply', '-n', namespace, '-f', role], admin);
      await waitUntil(
        `${cluster}'s default service accounts`,
        async () => {
          for (const namespace of NAMESPACES)
            kubectl(['get', 'serviceaccount', 'default', '-n', namespace], admin);
          return true;
        },
        { timeoutMs: 60_000 },
      );
    },
  };

  const syncer = {
    name: `cluster-syncer${suffix}`,
    command: process.execPath,
    match: 'cluster-syncer.mjs',
    ports: [],
    after: [`kube-apiserver${suffix}`, 'kubelet'],
    args: [
      join(platformDir, 'cluster-syncer.mjs'),
      '--cluster',
      cluster,
      '--server',
      server,
      '--host',
      `https://127.0.0.1:${ports.apiserver}`,
      '--pki',
      paths.pki,
      '--node',
      NODE_NAME,
    ],
    ready: async () => {
      const response = await httpGet(`${server}/api/v1/nodes/${NODE_NAME}`, { tls: adminTls() });
      if (response.status !== 200 || !nodeReady(JSON.parse(response.body)))
        throw new Error(`${cluster}'s node ${NODE_NAME} is not Ready yet`);
      return true;
    },
    // Its node turns Ready after its first sync and lease; beside other test files on 2 cores that
    // once took longer than 30 s.
    timeoutMs: 120_000,
    stopGraceMs: 2000,
    // The pods it ran on the real node go with it: their namespaces, in the first cluster.
    cleanup: async () => {
      try {
        kubectl([
          'delete',
          'namespaces',
          '-l',
          `${SYNCED_CLUSTER_LABEL}=${cluster}`,
          '--wait=false',
          '--ignore-not-found',
        ]);
      } catch (error) {
        // The first cluster's apiserver is down already (after a crash): its etcd data goes at `down`.
        if (!/connection refused|Unable to connect/.test(String(error.message))) throw error;
      }
    },
  };

  const ownDataplane = dataplane({
    ...ctx,
    ports: { ...ports, apiserver: own.apiserver, traefik: own.traefik, gatewayBase: own.gatewayBase },
    paths: ownPaths,
    cluster: { suffix },
  });
  return [credentials, ownApiserver, ownManager, ownScheduler, bootstrap, syncer, ...ownDataplane];
}

/** Where another cluster is reached: its API, kubeconfigs and Gateways. */
export function clusterAddresses(ports, paths, stateDir, cluster) {
  const own = clusterPorts(ports, cluster);
  const ownPaths = clusterPaths(paths, stateDir, cluster);
  return {
    server: `https://127.0.0.1:${own.apiserver}`,
    kubeconfig: ownPaths.kubeconfig,
    restrictedKubeconfig: ownPaths.restrictedKubeconfig,
    ports: own,
  };
}
