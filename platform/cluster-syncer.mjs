// The real node's stand-in kubelet in another of the platform's clusters (components/clusters.mjs):
// the way vcluster runs a virtual cluster's pods, it runs each pod that cluster's scheduler binds
// to its node as a pod on the real node of the platform's first cluster, in namespace
// `<cluster>--<namespace>`, and reports that pod's status (IP, readiness, restarts) back. So the
// other cluster's Deployments, EndpointSlices, data plane and Prometheus see real containers that
// serve real traffic, and the first cluster's kubelet, containerd and CNI run them.
//
// It does what a kubelet does for the API: keeps its Node Ready and its Lease renewed, and ends a
// pod's deletion (grace period 0) once the pod behind it is gone. It polls both apiservers every
// second (a watch would be quicker; a second is well inside every timing the actions use).
//
// Usage: node cluster-syncer.mjs --cluster NAME --server URL --host URL --pki DIR --node NAME
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { httpGet, sleep } from './proc.mjs';
import { KUBERNETES_VERSION } from './versions.mjs';

const { values: options } = parseArgs({
  options: {
    cluster: { type: 'string' },
    server: { type: 'string' },
    host: { type: 'string' },
    pki: { type: 'string' },
    node: { type: 'string' },
  },
});
for (const name of ['cluster', 'server', 'host', 'pki', 'node'])
  if (!options[name]) throw new Error(`cluster-syncer: --${name} is required`);
const { cluster, node: NODE } = options;

/** Labels on the host pods: which cluster a pod runs for, and the pod it stands for (its uid). */
export const CLUSTER_LABEL = 'platform.pipeline.dev/cluster';
const UID_LABEL = 'platform.pipeline.dev/pod-uid';
const tls = {
  ca: readFileSync(join(options.pki, 'ca.crt')),
  cert: readFileSync(join(options.pki, 'client-admin.crt')),
  key: readFileSync(join(options.pki, 'client-admin.key')),
};

function log(message) {
  process.stdout.write(`${new Date().toISOString()} ${message}\n`);
}

async function api(base, method, path, body) {
  const response = await httpGet(`${base}${path}`, {
    method,
    tls,
    timeoutMs: 10_000,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 404) return undefined;
  if (response.status === 409 && method === 'POST') return undefined; // already there
  if (response.status >= 300)
    throw new Error(`${method} ${path}: HTTP ${response.status} ${response.body.slice(0, 300)}`);
  return response.body ? JSON.parse(response.body) : {};
}
const virtual = (method, path, body) => api(options.server, method, path, body);
const host = (method, path, body) => api(options.host, method, path, body);

const hostNamespace = (namespace) => `${cluster}--${namespace}`;

// ---------------------------------------------------------------------------------------------
// The node

const startedAt = new Date().toISOString();

function nodeConditions(now) {
  const condition = (type, status, reason) => ({
    type,
    status,
    reason,
    message: `the platform's cluster syncer runs this node's pods on the real node (${cluster})`,
    lastHeartbeatTime: now,
    lastTransitionTime: startedAt,
  });
  return [
    condition('Ready', 'True', 'KubeletReady'),
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory'),
    condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure'),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID'),
  ];
}

let lastNodeStatus = 0;
let lastLease = 0;
async function keepNodeReady() {
  const now = new Date().toISOString();
  let object = await virtual('GET', `/api/v1/nodes/${NODE}`);
  if (!object) {
    object = await virtual('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: NODE,
        labels: {
          'kubernetes.io/hostname': NODE,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          type: 'real',
        },
      },
    });
    log(`node ${NODE} registered`);
    lastNodeStatus = 0;
  }
  if (object && Date.now() - lastNodeStatus > 20_000) {
    object.status = {
      ...object.status,
      conditions: nodeConditions(now),
      capacity: { cpu: '8', memory: '16Gi', pods: '110' },
      allocatable: { cpu: '8', memory: '16Gi', pods: '110' },
      addresses: [{ type: 'Hostname', address: NODE }],
      nodeInfo: {
        ...object.status?.nodeInfo,
        kubeletVersion: `v${KUBERNETES_VERSION}`,
        architecture: 'amd64',
        operatingSystem: 'linux',
      },
    };
    await virtual('PUT', `/api/v1/nodes/${NODE}/status`, object);
    lastNodeStatus = Date.now();
  }
  // The heartbeat, every 10 s as a kubelet's (its lease lasts 40).
  if (Date.now() - lastLease < 10_000) return;
  lastLease = Date.now();
  const leasePath = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${NODE}`;
  const lease = await virtual('GET', leasePath);
  const spec = { holderIdentity: NODE, leaseDurationSeconds: 40, renewTime: now.replace('Z', '000Z') };
  if (!lease)
    await virtual('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: NODE, namespace: 'kube-node-lease' },
      spec,
    });
  else await virtual('PUT', leasePath, { ...lease, spec: { ...lease.spec, ...spec } });
}

// ---------------------------------------------------------------------------------------------
// The pods

/**
 * A container variable's value as the pod's own cluster gives it: its ConfigMaps, Secrets and the
 * pod's own fields are the other cluster's, so they are read there and passed as values; the pod's
 * IP and host are the real node's, so those stay references. undefined: an optional key is absent.
 */
async function resolvedVariable(pod, variable) {
  const from = variable.valueFrom;
  if (!from) return variable;
  const { namespace, name } = pod.metadata;
  if (from.fieldRef) {
    const path = from.fieldRef.fieldPath;
    const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
    const value =
      path === 'metadata.name'
        ? name
        : path === 'metadata.namespace'
          ? namespace
          : path === 'metadata.uid'
            ? pod.metadata.uid
            : path === 'spec.serviceAccountName'
              ? pod.spec.serviceAccountName
              : label
                ? pod.metadata[label[1]]?.[label[2]]
                : undefined;
    return value === undefined ? variable : { name: variable.name, value: String(value) };
  }
  const ref = from.configMapKeyRef ?? from.secretKeyRef;
  if (!ref) return variable;
  const kind = from.configMapKeyRef ? 'configmaps' : 'secrets';
  const object = await virtual('GET', `/api/v1/namespaces/${namespace}/${kind}/${ref.name}`);
  const raw = object?.data?.[ref.key];
  if (raw === undefined) {
    if (ref.optional) return undefined;
    throw new Error(
      `${kind.slice(0, -1)} ${namespace}/${ref.name} has no key ${ref.key} (for ${variable.name})`,
    );
  }
  return {
    name: variable.name,
    value: kind === 'secrets' ? Buffer.from(raw, 'base64').toString('utf8') : raw,
  };
}

/** The host pod that runs `pod`: its containers as they are, without the other cluster's API access. */
async function hostPod(pod) {
  const spec = pod.spec;
  // The other cluster's service-account token is of no use here (and names another apiserver).
  const kept = (spec.volumes ?? []).filter((volume) => volume.emptyDir);
  const keptNames = new Set(kept.map((volume) => volume.name));
  const container = async (entry) => ({
    ...entry,
    volumeMounts: (entry.volumeMounts ?? []).filter((mount) => keptNames.has(mount.name)),
    env: (await Promise.all((entry.env ?? []).map((variable) => resolvedVariable(pod, variable)))).filter(
      Boolean,
    ),
    envFrom: undefined,
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.metadata.name,
      namespace: hostNamespace(pod.metadata.namespace),
      labels: { ...pod.metadata.labels, [CLUSTER_LABEL]: cluster, [UID_LABEL]: pod.metadata.uid },
      annotations: pod.metadata.annotations ?? {},
    },
    spec: {
      containers: await Promise.all(spec.containers.map(container)),
      ...(spec.initContainers
        ? { initContainers: await Promise.all(spec.initContainers.map(container)) }
        : {}),
      volumes: kept,
      restartPolicy: spec.restartPolicy,
      terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
      securityContext: spec.securityContext,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      nodeName: NODE,
    },
  };
}

const ensuredNamespaces = new Set();
async function ensureHostNamespace(namespace) {
  const name = hostNamespace(namespace);
  if (ensuredNamespaces.has(name)) return;
  await host('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { [CLUSTER_LABEL]: cluster } },
  });
  ensuredNamespaces.add(name);
}

/** What of a status is reported back (all of it but what names the host: the same node name is kept). */
function reportedStatus(status) {
  return JSON.stringify({
    phase: status?.phase,
    conditions: (status?.conditions ?? []).map(({ type, status: value, reason }) => ({
      type,
      value,
      reason,
    })),
    podIP: status?.podIP,
    containerStatuses: (status?.containerStatuses ?? []).map(
      ({ name, ready, restartCount, started, state }) => ({
        name,
        ready,
        restartCount,
        started,
        running: Boolean(state?.running),
      }),
    ),
  });
}

async function syncPods() {
  const nodeSelector = encodeURIComponent(`spec.nodeName=${NODE}`);
  const pods = (await virtual('GET', `/api/v1/pods?fieldSelector=${nodeSelector}`)).items;
  const labelSelector = encodeURIComponent(`${CLUSTER_LABEL}=${cluster}`);
  const hostPods = (await host('GET', `/api/v1/pods?labelSelector=${labelSelector}`)).items;
  const hostByUid = new Map(hostPods.map((entry) => [entry.metadata.labels?.[UID_LABEL], entry]));
  const wanted = new Set();
  for (const pod of pods) {
    const { namespace, name, uid } = pod.metadata;
    const where = `${namespace}/${name}`;
    wanted.add(uid);
    const running = hostByUid.get(uid);
    try {
      if (pod.metadata.deletionTimestamp) {
        if (running && !running.metadata.deletionTimestamp) {
          await host('DELETE', `/api/v1/namespaces/${hostNamespace(namespace)}/pods/${name}`, {
            gracePeriodSeconds: pod.metadata.deletionGracePeriodSeconds ?? 30,
          });
          log(`${where}: stopping (deleted)`);
        } else if (!running) {
          // Gone on the node: the deletion ends, as the kubelet ends it.
          await virtual('DELETE', `/api/v1/namespaces/${namespace}/pods/${name}`, {
            gracePeriodSeconds: 0,
            preconditions: { uid },
          });
          log(`${where}: deleted`);
        }
        continue;
      }
      if (!running) {
        if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
        // A pod of an earlier incarnation with the same name is still going away.
        const sameName = hostPods.find(
          (entry) => entry.metadata.namespace === hostNamespace(namespace) && entry.metadata.name === name,
        );
        if (sameName) continue;
        await ensureHostNamespace(namespace);
        await host('POST', `/api/v1/namespaces/${hostNamespace(namespace)}/pods`, await hostPod(pod));
        log(`${where}: started on the real node`);
        continue;
      }
      if (reportedStatus(running.status) !== reportedStatus(pod.status)) {
        const status = { ...running.status };
        await virtual('PUT', `/api/v1/namespaces/${namespace}/pods/${name}/status`, { ...pod, status });
      }
    } catch (error) {
      log(`${where}: ${error.message}`);
    }
  }
  for (const running of hostPods) {
    const uid = running.metadata.labels?.[UID_LABEL];
    if (wanted.has(uid) || running.metadata.deletionTimestamp) continue;
    try {
      await host('DELETE', `/api/v1/namespaces/${running.metadata.namespace}/pods/${running.metadata.name}`, {
        gracePeriodSeconds: 0,
      });
      log(`${running.metadata.namespace}/${running.metadata.name}: removed (no pod in ${cluster} any more)`);
    } catch (error) {
      log(`${running.metadata.namespace}/${running.metadata.name}: ${error.message}`);
    }
  }
}

log(`syncing ${cluster}'s node ${NODE} (${options.server}) onto the real node (${options.host})`);
for (;;) {
  try {
    await keepNodeReady();
    await syncPods();
  } catch (error) {
    log(error.message);
  }
  await sleep(1000);
}
