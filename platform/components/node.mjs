// The platform's one real node, beside kwok's fake ones: containerd (with Debian's runc and CNI
// plugins), the kubelet and kube-proxy, from the same Kubernetes build as the control plane. It
// runs the images the pipeline builds, pulled by digest from the platform's registry, on a pod
// network that never leaves this machine (node-network.mjs).
//
// The kwok nodes carry a NoSchedule taint, so a workload lands here unless it tolerates the taint
// and selects `type: kwok` (scale tests). State lives under <state>/node; containerd's socket is at
// its usual path, /run/containerd/containerd.sock, because the kubelet's cAdvisor finds it only
// there (without it, container metrics carry no pod, namespace or container labels).
//
// `down` stops kube-proxy, the kubelet and containerd in that order; their cleanups remove every
// pod process (runc), shim, mount, cgroup, iptables chain and route they made, and put back the
// kernel settings the kubelet changed. The same cleanups run before a start after a crash.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { kubectl } from '../clients.mjs';
import { ensureCertificate, ensurePki, writeKubeconfig } from '../pki.mjs';
import { httpGet, stopProcess } from '../proc.mjs';
import { childEnv, portBase, say } from '../state.mjs';
import { pushPauseImage } from './node-image.mjs';
import {
  clearIpamAllocations,
  ensureNodeNetwork,
  NODE_NETWORK,
  nodeNetworkLeftovers,
  removeNodeNetwork,
  writeCniConfig,
} from './node-network.mjs';

export const NODE_NAME = 'real-node-0';
export const CONTAINERD_SOCKET = '/run/containerd/containerd.sock';
const CONTAINERD_RUN_DIR = '/run/containerd';
/** runc's state for the CRI's containers (containerd's namespace k8s.io). */
const RUNC_ROOT = '/run/containerd/runc';
const CRI_NAMESPACE = 'k8s.io';
const RUNC = ['/usr/sbin/runc', '/usr/bin/runc'].find((path) => existsSync(path)) ?? 'runc';
const CNI_BIN_DIR = '/usr/lib/cni';
/** Where the kubelet links container logs for log shippers (a fixed path in the kubelet). */
const CONTAINER_LOG_LINKS = '/var/log/containers';
/** The kubelet's device-plugin socket: a fixed path, whatever its --root-dir. */
const DEVICE_PLUGINS_DIR = '/var/lib/kubelet/device-plugins';
/** libcni's result cache (containerd's CNI library has no setting for it). */
const CNI_RESULTS_DIR = '/var/lib/cni/results';
/** Kernel settings the kubelet sets on start (its protectKernelDefaults is off): put back at `down`. */
const KUBELET_SYSCTLS = [
  'vm/overcommit_memory',
  'vm/panic_on_oom',
  'kernel/panic',
  'kernel/panic_on_oops',
  'kernel/keys/root_maxkeys',
  'kernel/keys/root_maxbytes',
];

/**
 * The node's ports, in base+20..23 (free in platformPorts()); derived from the base when a
 * platform started before they existed recorded ports without them.
 */
export function nodePorts(ports) {
  const base = portBase(ports);
  return {
    kubelet: ports.kubelet ?? base + 20,
    kubeletHealthz: ports.kubeletHealthz ?? base + 21,
    kubeProxyHealthz: ports.kubeProxyHealthz ?? base + 22,
    kubeProxyMetrics: ports.kubeProxyMetrics ?? base + 23,
  };
}

/** The node's files under the state directory. */
export function nodePaths(stateDir) {
  const dir = join(stateDir, 'node');
  return {
    dir,
    containerdConfig: join(dir, 'containerd.toml'),
    containerdRoot: join(dir, 'containerd', 'root'),
    containerdState: join(dir, 'containerd', 'state'),
    containerdOpt: join(dir, 'containerd', 'opt'),
    registryHosts: join(dir, 'containerd', 'certs.d'),
    sandboxImage: join(dir, 'sandbox-image'),
    cniConfDir: join(dir, 'cni', 'net.d'),
    cniIpamDir: join(dir, 'cni', 'ipam'),
    kubeletConfig: join(dir, 'kubelet.yaml'),
    kubeletRoot: join(dir, 'kubelet'),
    kubeletKubeconfig: join(dir, 'kubelet.kubeconfig'),
    podLogs: join(dir, 'pod-logs'),
    resolvConf: join(dir, 'resolv.conf'),
    kernelSettings: join(dir, 'kernel-settings.json'),
    kubeProxyConfig: join(dir, 'kube-proxy.yaml'),
    kubeProxyKubeconfig: join(dir, 'kube-proxy.kubeconfig'),
  };
}

/** Runs a tool (the tools cache first on PATH); its stdout, or undefined on failure when allowed. */
function run(command, args, { allowFailure = false, env = childEnv(), timeoutMs = 60_000 } = {}) {
  try {
    return execFileSync(command, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    }).toString();
  } catch (error) {
    if (allowFailure) return undefined;
    const stderr = error.stderr?.toString().trim();
    throw new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Processes, mounts and cgroups of the node, found from /proc and the mount table

/** Live processes whose argv satisfies `test` (zombies skipped). */
function processesWhere(test) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/\) [ZX] /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv.length && test(argv)) found.push({ pid: Number(entry), argv });
    } catch {}
  }
  return found;
}

/** containerd processes running our configuration. */
function ourContainerd(configFile) {
  return processesWhere((argv) => argv[0].endsWith('containerd') && argv.includes(configFile));
}

/**
 * The node's processes of another platform on this machine (another PIPELINE_PLATFORM_DIR): a
 * containerd, kubelet or kube-proxy not running our configuration. There is one real node per
 * machine (one containerd socket, one bridge, one kubepods cgroup tree): while another runs, ours
 * does not start, and our cleanup leaves the shared things alone.
 */
function anotherNode(files) {
  const ours = [
    files.containerdConfig,
    `--config=${files.kubeletConfig}`,
    `--config=${files.kubeProxyConfig}`,
  ];
  const others = processesWhere(
    (argv) =>
      /(^|\/)(containerd|kubelet|kube-proxy)$/.test(argv[0]) &&
      !argv.includes('--cleanup') &&
      !ours.some((arg) => argv.includes(arg)) &&
      // A test's Docker engine runs a containerd of its own (test/support/docker-engine.ts): no node.
      !argv.some((arg) => arg.endsWith('/docker-engine-containerd.toml')),
  );
  if (others.length === 0) return undefined;
  // Its platform's state directory, from the configuration path (<state>/node/…), when it has one.
  const stateDirs = new Set(
    others.flatMap(({ argv }) =>
      argv.map((arg) => /(?:^|=)(\/.+)\/node\/[^/]+$/.exec(arg)?.[1]).filter(Boolean),
    ),
  );
  return {
    processes: others.map(({ pid, argv }) => `${argv[0].split('/').pop()} pid ${pid}`).join(', '),
    stateDir: [...stateDirs][0],
  };
}

function refuseBesideAnotherNode(files) {
  const other = anotherNode(files);
  if (other)
    throw new Error(
      `another real node runs on this machine (${other.processes}${other.stateDir ? ` of the platform in ${other.stateDir}` : ''}); ` +
        `there is one per machine: stop it first (PIPELINE_PLATFORM_DIR=${other.stateDir ?? '<its state dir>'} npm run platform:down)`,
    );
}

/** kubelets running our configuration. */
function ourKubelet(configFile) {
  return processesWhere((argv) => /(^|\/)kubelet$/.test(argv[0]) && argv.includes(`--config=${configFile}`));
}

/** The runc shims our containerd started (they outlive it by design). */
function ourShims() {
  return processesWhere((argv) => {
    if (!argv[0].endsWith('containerd-shim-runc-v2')) return false;
    const address = argv.indexOf('-address');
    return address >= 0 && argv[address + 1] === CONTAINERD_SOCKET;
  });
}

/** Kills every container runc runs for the CRI (pods' sandboxes and containers) and deletes it. */
function killPodContainers() {
  const root = join(RUNC_ROOT, CRI_NAMESPACE);
  if (!existsSync(root)) return 0;
  const ids = (run(RUNC, ['--root', root, 'list', '-q'], { allowFailure: true }) ?? '')
    .split('\n')
    .filter(Boolean);
  for (const id of ids) run(RUNC, ['--root', root, 'delete', '--force', id], { allowFailure: true });
  return ids.length;
}

function killShims() {
  const shims = ourShims();
  for (const { pid } of shims) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  return shims.length;
}

/** Mount points at or under any of `roots`, deepest first. */
function mountsUnder(roots) {
  const out = run('findmnt', ['-rn', '-o', 'TARGET'], { allowFailure: true }) ?? '';
  const decodeTarget = (path) =>
    path.replace(/\\x([0-9a-f]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  return out
    .split('\n')
    .filter(Boolean)
    .map(decodeTarget)
    .filter((target) => roots.some((root) => target === root || target.startsWith(`${root}/`)))
    .sort((a, b) => b.split('/').length - a.split('/').length);
}

/** Unmounts what containerd and the kubelet mounted under our directories (rootfs, shm, netns, volumes). */
function unmountUnder(roots) {
  let count = 0;
  for (let pass = 0; pass < 3; pass++) {
    const targets = mountsUnder(roots);
    if (targets.length === 0) break;
    for (const target of targets) {
      if (run('umount', [target], { allowFailure: true }) === undefined)
        run('umount', ['-l', target], { allowFailure: true });
      count++;
    }
  }
  const left = mountsUnder(roots);
  if (left.length) throw new Error(`could not unmount ${left.join(', ')}`);
  return count;
}

/** The kubelet's pod cgroups (cgroupfs driver: kubepods in every hierarchy), removed leaf first. */
function removePodCgroups() {
  const root = '/sys/fs/cgroup';
  if (!existsSync(root)) return;
  const removeTree = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) removeTree(join(dir, entry.name));
    try {
      rmdirSync(dir); // a cgroup goes with rmdir once it holds no process
    } catch {}
  };
  for (const hierarchy of readdirSync(root)) {
    const kubepods = join(root, hierarchy, 'kubepods');
    if (existsSync(kubepods)) removeTree(kubepods);
  }
}

/** Removes `dir` and then its parents up to (not including) `stop` while they are empty. */
function removeEmptyDirs(dir, stop) {
  for (let current = dir; current !== stop && current.startsWith(`${stop}/`); current = dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
  }
}

/** Links the kubelet made in /var/log/containers to our pod logs (and the folder, once empty). */
function ourContainerLogLinks(podLogs) {
  if (!existsSync(CONTAINER_LOG_LINKS)) return [];
  return readdirSync(CONTAINER_LOG_LINKS)
    .map((entry) => join(CONTAINER_LOG_LINKS, entry))
    .filter((link) => {
      try {
        return readlinkSync(link).startsWith(`${podLogs}/`);
      } catch {
        return false;
      }
    });
}

function removeContainerLogLinks(podLogs) {
  for (const link of ourContainerLogLinks(podLogs)) rmSync(link, { force: true });
  removeEmptyDirs(CONTAINER_LOG_LINKS, '/var/log');
}

/** The kubelet's files outside its root directory: the device-plugin socket and checkpoint. */
function removeKubeletFixedPaths() {
  for (const file of ['kubelet.sock', 'kubelet_internal_checkpoint'])
    rmSync(join(DEVICE_PLUGINS_DIR, file), { force: true });
  removeEmptyDirs(DEVICE_PLUGINS_DIR, '/var/lib');
}

/**
 * libcni's cached results for our network's pods (`pipeline-<id>-eth0`) and their loopbacks
 * (`cni-loopback-<id>-lo`); CNI DEL removes them, a killed pod leaves them.
 */
function ourCniResults() {
  if (!existsSync(CNI_RESULTS_DIR)) return [];
  const prefix = `${NODE_NETWORK.cniNetwork}-`;
  const entries = readdirSync(CNI_RESULTS_DIR);
  const ids = entries
    .filter((name) => name.startsWith(prefix))
    .map((name) => name.slice(prefix.length).split('-')[0]);
  return entries
    .filter((name) => ids.some((id) => name === `${prefix}${id}-eth0` || name === `cni-loopback-${id}-lo`))
    .map((name) => join(CNI_RESULTS_DIR, name));
}

function removeCniResults() {
  for (const file of ourCniResults()) rmSync(file, { force: true });
  removeEmptyDirs(CNI_RESULTS_DIR, '/var/lib');
}

/**
 * Everything the pods left on the host, removed: their containers (runc), the shims, the mounts
 * under our directories and /run/containerd, the pod cgroups and log links, host-local's
 * allocations. Safe to run again; never touches a process or mount that is not the node's.
 */
function removePodLeftovers(files) {
  const killed = killPodContainers();
  const shims = killShims();
  const unmounted = unmountUnder([files.dir, CONTAINERD_RUN_DIR]);
  removePodCgroups();
  removeContainerLogLinks(files.podLogs);
  removeCniResults();
  clearIpamAllocations(files.cniIpamDir);
  return { killed, shims, unmounted };
}

// ---------------------------------------------------------------------------------------------
// Kernel settings the kubelet changes

function recordKernelSettings(file) {
  if (existsSync(file)) return; // recorded by an earlier start; keep the machine's own values
  const values = Object.fromEntries(
    KUBELET_SYSCTLS.map((key) => [key, readFileSync(`/proc/sys/${key}`, 'utf8').trim()]),
  );
  writeFileSync(file, `${JSON.stringify(values, null, 2)}\n`);
}

function restoreKernelSettings(file) {
  if (!existsSync(file)) return;
  const values = JSON.parse(readFileSync(file, 'utf8'));
  for (const [key, value] of Object.entries(values)) {
    try {
      if (readFileSync(`/proc/sys/${key}`, 'utf8').trim() !== value)
        writeFileSync(`/proc/sys/${key}`, `${value}\n`);
    } catch {}
  }
  rmSync(file, { force: true });
}

// ---------------------------------------------------------------------------------------------
// Configuration files

function containerdConfig(files, sandboxImage) {
  const q = JSON.stringify; // TOML basic strings and JSON strings escape alike for these paths
  return [
    "# Written by platform/components/node.mjs: the real node's containerd (CRI for the kubelet).",
    'version = 3',
    `root = ${q(files.containerdRoot)}`,
    `state = ${q(files.containerdState)}`,
    // NRI would open /var/run/nri/nri.sock; nothing here uses it.
    'disabled_plugins = ["io.containerd.nri.v1.nri"]',
    '',
    '[grpc]',
    `  address = ${q(CONTAINERD_SOCKET)}`,
    '',
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = ${q(files.containerdOpt)}`,
    '',
    '[plugins."io.containerd.cri.v1.images"]',
    '  snapshotter = "overlayfs"',
    '  [plugins."io.containerd.cri.v1.images".pinned_images]',
    `    sandbox = ${q(sandboxImage)}`,
    '  [plugins."io.containerd.cri.v1.images".registry]',
    `    config_path = ${q(files.registryHosts)}`,
    '',
    '[plugins."io.containerd.cri.v1.runtime"]',
    // This machine's root lacks CAP_SYS_RESOURCE: runc cannot lower the sandbox's OOM score to -998.
    '  restrict_oom_score_adj = true',
    // Pods' network namespaces under our state directory, so `down` finds and unmounts them.
    '  netns_mounts_under_state_dir = true',
    '  enable_cdi = false',
    '  [plugins."io.containerd.cri.v1.runtime".cni]',
    `    bin_dirs = [${q(CNI_BIN_DIR)}]`,
    `    conf_dir = ${q(files.cniConfDir)}`,
    '    max_conf_num = 1',
    '  [plugins."io.containerd.cri.v1.runtime".containerd]',
    '    default_runtime_name = "runc"',
    '    [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]',
    '      runtime_type = "io.containerd.runc.v2"',
    '      [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]',
    // Debian's runc: built with seccomp, which the CRI's default profiles need.
    `        BinaryName = ${q(RUNC)}`,
    `        Root = ${q(RUNC_ROOT)}`,
    '        SystemdCgroup = false',
    '',
    '[plugins."io.containerd.grpc.v1.cri"]',
    '  stream_server_address = "127.0.0.1"',
    '  stream_server_port = "0"',
    '',
  ].join('\n');
}

/** containerd pulls from the platform registry over plain HTTP (hosts.toml, as for a private registry). */
function writeRegistryHosts(files, registry) {
  const dir = join(files.registryHosts, registry);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'hosts.toml'),
    [
      `server = "http://${registry}"`,
      '',
      `[host."http://${registry}"]`,
      '  capabilities = ["pull", "resolve"]',
      '',
    ].join('\n'),
  );
}

function kubeletConfig(files, ports, pki) {
  const config = {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    // This machine has cgroup v1, which the kubelet refuses since 1.35 unless told otherwise.
    failCgroupV1: false,
    cgroupDriver: 'cgroupfs',
    address: NODE_NETWORK.nodeIP,
    port: ports.kubelet,
    readOnlyPort: 0,
    healthzBindAddress: '127.0.0.1',
    healthzPort: ports.kubeletHealthz,
    tlsCertFile: pki.serving.crt,
    tlsPrivateKeyFile: pki.serving.key,
    rotateCertificates: false,
    serverTLSBootstrap: false,
    authentication: {
      anonymous: { enabled: false },
      x509: { clientCAFile: pki.ca },
      webhook: { enabled: true, cacheTTL: '30s' },
    },
    authorization: {
      mode: 'Webhook',
      webhook: { cacheAuthorizedTTL: '30s', cacheUnauthorizedTTL: '10s' },
    },
    containerRuntimeEndpoint: `unix://${CONTAINERD_SOCKET}`,
    // Pods resolve against a file of ours: no cluster DNS here, and the host's resolver may be an
    // address off this machine. 127.0.0.1 inside a pod is the pod's own loopback: lookups fail fast.
    resolvConf: files.resolvConf,
    clusterDomain: 'cluster.local',
    podCIDR: NODE_NETWORK.podCIDR,
    maxPods: 110,
    podLogsDir: files.podLogs,
    failSwapOn: false,
    // A test machine's disk and memory run fuller than a production node's: evict only near the end.
    evictionHard: {
      'memory.available': '100Mi',
      'nodefs.available': '1%',
      'nodefs.inodesFree': '1%',
      'imagefs.available': '1%',
      'imagefs.inodesFree': '1%',
    },
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    serializeImagePulls: false,
    // Ready (and NotReady) reach the apiserver within 2 s; the status is only sent when it changed or
    // every nodeStatusReportFrequency.
    nodeStatusUpdateFrequency: '2s',
    nodeStatusReportFrequency: '1m',
    syncFrequency: '10s',
    fileCheckFrequency: '20s',
    enableProfilingHandler: false,
    enableDebuggingHandlers: true, // logs, exec and port-forward through the apiserver
    shutdownGracePeriod: '0s',
    // Root here lacks CAP_SYS_RESOURCE: it cannot lower its own OOM score to the default -999.
    oomScoreAdj: 0,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

function kubeProxyConfig(files, ports) {
  const config = {
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    clientConnection: { kubeconfig: files.kubeProxyKubeconfig },
    hostnameOverride: NODE_NAME,
    mode: 'iptables',
    clusterCIDR: NODE_NETWORK.clusterCIDR,
    detectLocalMode: 'ClusterCIDR',
    healthzBindAddress: `127.0.0.1:${ports.kubeProxyHealthz}`,
    metricsBindAddress: `127.0.0.1:${ports.kubeProxyMetrics}`,
    nodePortAddresses: [`${NODE_NETWORK.nodeIP}/32`],
    // Leave the machine's conntrack table size and timeouts as they are.
    conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: '0s', tcpCloseWaitTimeout: '0s' },
    iptables: { masqueradeAll: false, localhostNodePorts: false, syncPeriod: '30s', minSyncPeriod: '1s' },
    // Root here lacks CAP_SYS_RESOURCE: it cannot lower its OOM score to the default -999.
    oomScoreAdj: 0,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The Node object, made before the kubelet registers: its pod range and `type: real`. */
function nodeObject() {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: NODE_NAME,
      labels: {
        'kubernetes.io/hostname': NODE_NAME,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        type: 'real',
      },
    },
    spec: { podCIDR: NODE_NETWORK.podCIDR, podCIDRs: [NODE_NETWORK.podCIDR] },
  };
}

/** The apiserver's identity for kubelet calls (logs, exec) may use the kubelet API. */
const APISERVER_KUBELET_BINDING = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'pipeline:apiserver-kubelet-client' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:kubelet-api-admin' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'kube-apiserver-kubelet-client' }],
};

/**
 * Prometheus's identity (pki.mjs `prometheus`): the kubelet's metrics (cAdvisor) through the
 * kubelet's webhook authorization, and pod, node and endpoint discovery through the apiserver.
 */
const PROMETHEUS_RBAC = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'pipeline:prometheus' },
    rules: [
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
      {
        apiGroups: [''],
        resources: ['nodes', 'pods', 'services', 'endpoints'],
        verbs: ['get', 'list', 'watch'],
      },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'pipeline:prometheus' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pipeline:prometheus' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'pipeline-prometheus' }],
  },
];

// ---------------------------------------------------------------------------------------------
// Readiness

function ctr(args, options) {
  return run('ctr', ['--address', CONTAINERD_SOCKET, ...args], options);
}

/** containerd answers and its CRI plugin loaded. */
function containerdReady() {
  const plugins = ctr(['plugins', 'ls'], { timeoutMs: 10_000 });
  const cri = plugins.split('\n').find((line) => /\bio\.containerd\.grpc\.v1\s+cri\s/.test(line));
  if (!cri) throw new Error('containerd has no CRI plugin');
  if (!/\bok\s*$/.test(cri)) throw new Error(`containerd's CRI plugin: ${cri.trim()}`);
  return true;
}

function adminTls(pki) {
  return {
    ca: readFileSync(pki('ca.crt')),
    cert: readFileSync(pki('client-admin.crt')),
    key: readFileSync(pki('client-admin.key')),
  };
}

/** The Node object as the apiserver has it, or undefined. */
async function readNode(ports, pki) {
  const response = await httpGet(`https://127.0.0.1:${ports.apiserver}/api/v1/nodes/${NODE_NAME}`, {
    tls: adminTls(pki),
  });
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new Error(`GET node ${NODE_NAME}: HTTP ${response.status}`);
  return JSON.parse(response.body);
}

/** The kubelet's heartbeat: its Lease in kube-node-lease, or undefined. */
async function readLease(ports, pki) {
  const response = await httpGet(
    `https://127.0.0.1:${ports.apiserver}/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${NODE_NAME}`,
    { tls: adminTls(pki) },
  );
  return response.status === 200 ? JSON.parse(response.body) : undefined;
}

function readyCondition(node) {
  return node?.status?.conditions?.find((condition) => condition.type === 'Ready');
}

// ---------------------------------------------------------------------------------------------
// The components

export default function node({ ports: platformPorts, paths, pki, stateDir }) {
  const ports = { ...platformPorts, ...nodePorts(platformPorts) };
  const files = nodePaths(stateDir);
  const registry = `127.0.0.1:${platformPorts.registry}`;
  const apiserver = `https://127.0.0.1:${platformPorts.apiserver}`;
  const certFiles = {
    ca: join(paths.pki, 'ca.crt'),
    serving: {
      crt: join(paths.pki, `kubelet-${NODE_NAME}.crt`),
      key: join(paths.pki, `kubelet-${NODE_NAME}.key`),
    },
  };
  const kubeletConfigText = kubeletConfig(files, ports, certFiles);
  const kubeProxyConfigText = kubeProxyConfig(files, ports);
  // A process whose configuration file changed is restarted: the supervisor restarts a component
  // whose arguments or environment changed, so the file's hash goes into the environment.
  // (containerd's file holds the pause image's digest, known only once it is pushed: hashed without.)
  const configHash = (text) => ({
    PIPELINE_NODE_CONFIG_SHA256: createHash('sha256').update(text).digest('hex').slice(0, 16),
  });

  /** When this process last started the kubelet (prepare runs right before a start). */
  let kubeletStartedAt;

  const nodePki = () => {
    const base = ensurePki(paths.pki);
    const serving = ensureCertificate(paths.pki, `kubelet-${NODE_NAME}`, {
      subject: `/CN=${NODE_NAME}`,
      usage: 'serverAuth',
      sans: [`IP:${NODE_NETWORK.nodeIP}`, 'IP:127.0.0.1', `DNS:${NODE_NAME}`, 'DNS:localhost'],
    });
    const client = ensureCertificate(paths.pki, `client-node-${NODE_NAME}`, {
      subject: `/O=system:nodes/CN=system:node:${NODE_NAME}`,
      usage: 'clientAuth',
    });
    return { ca: base.ca.crt, caPair: base.ca, serving, client, kubeProxy: base.clients['kube-proxy'] };
  };

  const containerd = {
    name: 'containerd',
    command: 'containerd',
    args: ['--config', files.containerdConfig],
    env: configHash(containerdConfig(files, 'the pause image')),
    ports: [],
    after: ['registry'],
    prepare: async () => {
      refuseBesideAnotherNode(files);
      // A containerd of ours that the platform state lost (the supervisor did not find it) goes.
      for (const orphan of ourContainerd(files.containerdConfig)) await stopProcess(orphan.pid, 'containerd');
      // With the kubelet gone too (a fresh start, or after a crash), what the last run left goes:
      // pods, shims, mounts. With the kubelet alive, containerd alone restarts (a fault test, a
      // crash of containerd only): as on a real node, it takes its running pods back.
      if (ourKubelet(files.kubeletConfig).length === 0) {
        const left = removePodLeftovers(files);
        if (left.killed || left.shims || left.unmounted)
          say(
            `node: removed what a previous run left (${left.killed} containers, ${left.shims} shims, ${left.unmounted} mounts)`,
          );
      }
      for (const plugin of ['bridge', 'host-local', 'portmap', 'loopback'])
        if (!existsSync(join(CNI_BIN_DIR, plugin)))
          throw new Error(`${CNI_BIN_DIR}/${plugin} missing: apt-get install containernetworking-plugins`);
      for (const dir of [files.containerdRoot, files.containerdState, files.containerdOpt, files.podLogs])
        mkdirSync(dir, { recursive: true, mode: 0o711 });
      ensureNodeNetwork();
      writeCniConfig(files.cniConfDir, files.cniIpamDir);
      writeRegistryHosts(files, registry);
      const sandboxImage = pushPauseImage(registry);
      writeFileSync(files.sandboxImage, `${sandboxImage}\n`);
      writeFileSync(files.containerdConfig, containerdConfig(files, sandboxImage));
    },
    ready: async () => containerdReady(),
    timeoutMs: 60_000,
    stopGraceMs: 10_000,
    cleanup: async () => {
      if (anotherNode(files)) {
        // Another platform's node owns the shared socket, runc state, bridge and routes.
        unmountUnder([files.dir]);
        return;
      }
      removePodLeftovers(files);
      removeNodeNetwork();
      rmSync(CONTAINERD_RUN_DIR, { recursive: true, force: true });
    },
  };

  const kubelet = {
    name: 'kubelet',
    command: 'kubelet',
    args: [
      `--config=${files.kubeletConfig}`,
      `--kubeconfig=${files.kubeletKubeconfig}`,
      `--root-dir=${files.kubeletRoot}`,
      `--cert-dir=${join(files.kubeletRoot, 'pki')}`,
      `--hostname-override=${NODE_NAME}`,
      `--node-ip=${NODE_NETWORK.nodeIP}`,
      '--node-labels=type=real',
      '--v=1',
    ],
    env: configHash(kubeletConfigText),
    ports: [ports.kubelet, ports.kubeletHealthz],
    after: ['containerd', 'kube-apiserver', 'credentials'],
    prepare: async () => {
      refuseBesideAnotherNode(files);
      const certs = nodePki();
      writeKubeconfig(files.kubeletKubeconfig, {
        server: apiserver,
        ca: certs.caPair,
        client: certs.client,
        user: `system:node:${NODE_NAME}`,
      });
      mkdirSync(files.kubeletRoot, { recursive: true, mode: 0o700 });
      mkdirSync(files.podLogs, { recursive: true });
      writeFileSync(files.resolvConf, 'nameserver 127.0.0.1\noptions ndots:1 timeout:1 attempts:1\n');
      writeFileSync(files.kubeletConfig, kubeletConfigText);
      recordKernelSettings(files.kernelSettings);
      kubeletStartedAt = Date.now(); // prepare runs right before the start
      kubectl(['apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: [nodeObject(), APISERVER_KUBELET_BINDING, ...PROMETHEUS_RBAC],
        }),
      });
    },
    ready: async () => {
      const healthz = await httpGet(`http://127.0.0.1:${ports.kubeletHealthz}/healthz`);
      if (healthz.status !== 200) throw new Error(`kubelet healthz: HTTP ${healthz.status}`);
      const ready = readyCondition(await readNode(platformPorts, pki));
      if (ready?.status !== 'True')
        throw new Error(`node ${NODE_NAME} not Ready${ready ? ` (${ready.reason}: ${ready.message})` : ''}`);
      // Just started: this kubelet has renewed its node lease (Ready may still be its predecessor's
      // report, which a kubelet that cannot run pods turns NotReady within nodeStatusUpdateFrequency).
      if (kubeletStartedAt) {
        const renewed = Date.parse((await readLease(platformPorts, pki))?.spec?.renewTime ?? '');
        if (!(renewed >= kubeletStartedAt - 1000))
          throw new Error(`kubelet has not renewed its node lease yet`);
      }
      return true;
    },
    timeoutMs: 120_000,
    stopGraceMs: 10_000,
    cleanup: async () => {
      if (anotherNode(files)) {
        unmountUnder([files.kubeletRoot]);
        return;
      }
      // containerd still runs here; its own cleanup removes shims and mounts once it stopped.
      killPodContainers();
      unmountUnder([files.kubeletRoot]);
      removeContainerLogLinks(files.podLogs);
      removeKubeletFixedPaths();
      // The kubelet's own chains (KUBE-FIREWALL, its canaries), which it recreates while it runs.
      removeKubeChains();
      restoreKernelSettings(files.kernelSettings);
    },
  };

  const kubeProxy = {
    name: 'kube-proxy',
    command: 'kube-proxy',
    args: [`--config=${files.kubeProxyConfig}`],
    env: configHash(kubeProxyConfigText),
    ports: [ports.kubeProxyHealthz, ports.kubeProxyMetrics],
    after: ['kubelet'],
    prepare: async () => {
      refuseBesideAnotherNode(files);
      const certs = nodePki();
      writeKubeconfig(files.kubeProxyKubeconfig, {
        server: apiserver,
        ca: certs.caPair,
        client: certs.kubeProxy,
        user: 'system:kube-proxy',
      });
      writeFileSync(files.kubeProxyConfig, kubeProxyConfigText);
    },
    ready: async () => {
      const healthz = await httpGet(`http://127.0.0.1:${ports.kubeProxyHealthz}/healthz`);
      if (healthz.status !== 200)
        throw new Error(`kube-proxy healthz: HTTP ${healthz.status} ${healthz.body}`);
      return true;
    },
    timeoutMs: 60_000,
    stopGraceMs: 5_000,
    cleanup: async () => {
      if (anotherNode(files)) return; // the KUBE-* chains are the other node's
      // Its KUBE-* chains and rules, in every mode it has (iptables, ipvs, nftables).
      run('kube-proxy', ['--cleanup', `--config=${files.kubeProxyConfig}`], { allowFailure: true });
      removeKubeChains();
    },
  };

  return [containerd, kubelet, kubeProxy];
}

/** KUBE-* chains that remain (the kubelet's canaries, a kube-proxy killed mid-sync), with their jumps. */
function removeKubeChains() {
  for (const tool of ['iptables', 'ip6tables']) {
    for (const table of ['filter', 'nat', 'mangle']) {
      const rules = run(tool, ['-w', '5', '-t', table, '-S'], { allowFailure: true });
      if (!rules) continue;
      const kubeChain = /^-N (KUBE-\S+)$/;
      const chains = rules
        .split('\n')
        .map((line) => kubeChain.exec(line)?.[1])
        .filter(Boolean);
      if (chains.length === 0) continue;
      // Jumps into them from the built-in chains first, then the chains themselves.
      for (const line of rules.split('\n')) {
        const jump = /^-A (\S+) (.*-j (KUBE-\S+).*)$/.exec(line);
        if (jump && !jump[1].startsWith('KUBE-'))
          run(tool, ['-w', '5', '-t', table, '-D', jump[1], ...splitRule(jump[2])], { allowFailure: true });
      }
      for (const chain of chains) run(tool, ['-w', '5', '-t', table, '-F', chain], { allowFailure: true });
      for (const chain of chains) run(tool, ['-w', '5', '-t', table, '-X', chain], { allowFailure: true });
    }
  }
}

/** An `iptables -S` rule's arguments (quoted comments kept whole). */
function splitRule(rule) {
  return [...rule.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((match) => match[1] ?? match[2]);
}

/** What the node left on the host: for tests and after `down` (empty when clean). */
export function nodeLeftovers(stateDir) {
  const files = nodePaths(stateDir);
  const left = [];
  for (const { pid, argv } of [
    ...ourContainerd(files.containerdConfig),
    ...ourShims(),
    ...processesWhere(
      (argv) => /(^|\/)(kubelet|kube-proxy)$/.test(argv[0]) && argv.some((a) => a.includes(files.dir)),
    ),
  ])
    left.push(`process ${pid} ${argv[0]}`);
  const root = join(RUNC_ROOT, CRI_NAMESPACE);
  if (existsSync(root)) {
    const ids = (run(RUNC, ['--root', root, 'list', '-q'], { allowFailure: true }) ?? '')
      .split('\n')
      .filter(Boolean);
    for (const id of ids) left.push(`runc container ${id}`);
  }
  for (const target of mountsUnder([files.dir, CONTAINERD_RUN_DIR])) left.push(`mount ${target}`);
  left.push(...nodeNetworkLeftovers());
  for (const tool of ['iptables', 'ip6tables'])
    for (const table of ['filter', 'nat', 'mangle']) {
      const rules = run(tool, ['-w', '5', '-t', table, '-S'], { allowFailure: true }) ?? '';
      for (const line of rules.split('\n'))
        if (/^-N KUBE-/.test(line)) left.push(`${tool} -t ${table} chain ${line.slice(3)}`);
    }
  for (const hierarchy of existsSync('/sys/fs/cgroup') ? readdirSync('/sys/fs/cgroup') : [])
    if (existsSync(join('/sys/fs/cgroup', hierarchy, 'kubepods'))) left.push(`cgroup ${hierarchy}/kubepods`);
  if (existsSync(CONTAINERD_RUN_DIR)) left.push(`directory ${CONTAINERD_RUN_DIR}`);
  for (const link of ourContainerLogLinks(files.podLogs)) left.push(`log link ${link}`);
  for (const file of ourCniResults()) left.push(`CNI result ${file}`);
  if (existsSync(join(DEVICE_PLUGINS_DIR, 'kubelet.sock')))
    left.push(`socket ${DEVICE_PLUGINS_DIR}/kubelet.sock`);
  return left;
}

// ---------------------------------------------------------------------------------------------
// Fault hooks

/**
 * Kills a pod's container with SIGKILL through containerd (as an OOM kill or a crash would); the
 * kubelet restarts it. `container` defaults to the pod's first. Resolves the container's ID and
 * its restart count before the kill.
 */
export async function killPodContainer(namespace, pod, container) {
  const object = JSON.parse(kubectl(['get', 'pod', pod, '-n', namespace, '-o', 'json']));
  if (object.spec.nodeName !== NODE_NAME)
    throw new Error(
      `pod ${namespace}/${pod} runs on ${object.spec.nodeName}, not the real node ${NODE_NAME}`,
    );
  const statuses = object.status?.containerStatuses ?? [];
  const status = container ? statuses.find((entry) => entry.name === container) : statuses[0];
  if (!status?.containerID?.startsWith('containerd://'))
    throw new Error(`pod ${namespace}/${pod} has no running container${container ? ` '${container}'` : ''}`);
  const id = status.containerID.slice('containerd://'.length);
  ctr(['--namespace', CRI_NAMESPACE, 'tasks', 'kill', '--signal', 'SIGKILL', id]);
  return { containerID: id, restartCount: status.restartCount };
}

/** Resident memory (KiB) of the node's kubelet and containerd, for measurements. */
export function nodeMemoryKiB(stateDir) {
  const files = nodePaths(stateDir);
  const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  const kubelet = ourKubelet(files.kubeletConfig);
  const containerd = ourContainerd(files.containerdConfig);
  return {
    kubelet: kubelet.reduce((sum, { pid }) => sum + rss(pid), 0),
    containerd: containerd.reduce((sum, { pid }) => sum + rss(pid), 0),
  };
}
