// The local platform: a real Kubernetes control plane (etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler) with kwok's fake nodes, an OCI registry, Prometheus and
// one stand-in app per color, all on loopback, started and stopped by PID.
//
//   npm run platform:up | platform:down | --silent platform:status
//
// State (certificates, kubeconfigs, etcd and Prometheus data, state.json with PIDs and ports) lives
// in $PIPELINE_PLATFORM_DIR (default ~/.cache/pipeline-platform), logs in its logs/ folder. Tools
// come from the tools cache scripts/install-tools.sh fills (built at the versions in versions.mjs);
// `up` runs that script when a tool is missing.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePki, writeKubeconfig } from './pki.mjs';
import {
  httpGet,
  isOurProcess,
  logTail,
  portIsFree,
  portOwner,
  sleep,
  spawnDaemon,
  stopProcess,
  waitUntil,
} from './proc.mjs';
import { KUBERNETES_VERSION, PLATFORM_TOOLS } from './versions.mjs';

export const platformDir = fileURLToPath(new URL('.', import.meta.url));
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const toolsCache = process.env.PIPELINE_TOOLS_CACHE || join(homedir(), '.cache', 'pipeline-tools');
export const toolsBin = join(toolsCache, 'bin');
export const stateDir = process.env.PIPELINE_PLATFORM_DIR || join(homedir(), '.cache', 'pipeline-platform');
export const logsDir = join(stateDir, 'logs');
const stateFile = join(stateDir, 'state.json');
const lockFile = join(stateDir, 'platform.lock');
const testsLockFile = join(stateDir, 'tests.lock');

/** Namespaces the deployer identity may deploy to, and its user name. */
export const NAMESPACES = ['pipeline-staging', 'pipeline-production'];
export const DEPLOYER_USER = 'pipeline-deployer';
export const COLORS = ['blue', 'green'];
export const SCRAPE_INTERVAL_SECONDS = 2;
const SERVICE_CIDR = '10.96.0.0/16';
const SA_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const NODES = [
  { name: 'kwok-node-0', podCIDR: '10.244.0.0/24' },
  { name: 'kwok-node-1', podCIDR: '10.244.1.0/24' },
];

/**
 * Loopback ports, all in [base, base+99] with base = $PIPELINE_PLATFORM_PORT_BASE (default 16400):
 * away from the common ones (80, 443, 2379, 5000, 6443, 8080, 9090, 10250…).
 */
export function platformPorts(base = Number(process.env.PIPELINE_PLATFORM_PORT_BASE || 16400)) {
  if (!Number.isInteger(base) || base < 1024 || base > 65_435)
    throw new Error(`PIPELINE_PLATFORM_PORT_BASE must be an integer in 1024..65435, not ${base}`);
  return {
    apiserver: base + 43,
    registry: base + 50,
    controllerManager: base + 57,
    scheduler: base + 59,
    kwok: base + 47,
    etcd: base + 79,
    etcdPeer: base + 80,
    blue: base + 81,
    green: base + 82,
    prometheus: base + 90,
  };
}

function say(message) {
  process.stderr.write(`[platform] ${message}\n`);
}

/** PATH with the tools cache first: our kubectl, not the machine's. */
export function toolsPath() {
  const rest = (process.env.PATH ?? '').split(delimiter).filter((entry) => entry && entry !== toolsBin);
  return [toolsBin, ...rest].join(delimiter);
}
function childEnv() {
  return { ...process.env, PATH: toolsPath() };
}

// ---------------------------------------------------------------------------------------------
// State

function readState() {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeState(state) {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

function paths() {
  const pki = join(stateDir, 'pki');
  return {
    pki,
    kubeconfig: join(stateDir, 'admin.kubeconfig'),
    restrictedKubeconfig: join(stateDir, 'deployer.kubeconfig'),
    componentKubeconfig: (name) => join(pki, `${name}.kubeconfig`),
    etcdData: join(stateDir, 'etcd'),
    registryDir: join(stateDir, 'registry'),
    registryFault: join(stateDir, 'registry-fault.json'),
    registryReady: join(stateDir, 'registry-ready.json'),
    prometheusConfig: join(stateDir, 'prometheus.yml'),
    prometheusData: join(stateDir, 'prometheus-data'),
    kwokConfig: join(platformDir, 'kwok', 'kwok.yaml'),
  };
}

const inProcessQueues = new Map();

/**
 * An exclusive lock across processes: a file holding `pid label`, created atomically with its
 * content (written aside, then hard-linked into place, which fails if the lock exists), so no
 * waiter ever reads a half-made lock and takes it for a stale one. A lock whose process is gone is
 * taken over by renaming it away first: only one waiter can move a given file, and one that moved
 * a live holder's (created in between) puts it back. Within one process, holders queue on a
 * promise chain, so a lock file naming our own PID is always stale.
 */
export async function acquireFileLock(path, label, waitingFor) {
  const previous = inProcessQueues.get(path) ?? Promise.resolve();
  let releaseQueue;
  const mine = new Promise((resolve) => {
    releaseQueue = resolve;
  });
  inProcessQueues.set(
    path,
    previous.then(() => mine),
  );
  await previous;
  mkdirSync(stateDir, { recursive: true });
  let announced = Date.now();
  const holderOf = (content) => Number(content.split(' ')[0] || 0);
  const isAlive = (holder) => {
    try {
      if (holder && holder !== process.pid) {
        process.kill(holder, 0);
        return true;
      }
    } catch {}
    return false;
  };
  const draft = `${path}.${process.pid}.draft`;
  writeFileSync(draft, `${process.pid} ${label}\n`);
  for (;;) {
    try {
      linkSync(draft, path);
      rmSync(draft, { force: true });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') {
        rmSync(draft, { force: true });
        releaseQueue();
        throw error;
      }
      let content = '';
      try {
        content = readFileSync(path, 'utf8').trim();
      } catch {
        continue; // released just now: try again
      }
      const holder = holderOf(content);
      if (!isAlive(holder)) {
        // Move the stale lock aside; if what was moved turns out to be a live holder's, put it back.
        const aside = `${path}.${process.pid}.stale`;
        try {
          renameSync(path, aside);
        } catch {
          continue;
        }
        const moved = readFileSync(aside, 'utf8').trim();
        if (isAlive(holderOf(moved))) {
          try {
            linkSync(aside, path);
          } catch {}
        }
        rmSync(aside, { force: true });
        continue;
      }
      if (Date.now() - announced > 30_000) {
        say(
          `waiting for ${content.split(' ').slice(1).join(' ') || 'another process'} (pid ${holder}) ${waitingFor}…`,
        );
        announced = Date.now();
      }
      await sleep(250);
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    rmSync(path, { force: true });
    releaseQueue();
  };
}

/** Serialises up/down/fault hooks across processes (CLI, vitest workers). */
async function withLock(what, fn) {
  const release = await acquireFileLock(lockFile, 'a platform command', `to finish before ${what}`);
  try {
    return await fn();
  } finally {
    release();
  }
}

/**
 * Exclusive use of the platform for a while (a test file): other holders wait. Tests that stop the
 * apiserver or break the registry must not run beside tests that need them working, so each
 * platform test file holds this from its first test to its last (test/support/platform.ts).
 * Returns the release function.
 */
export function holdPlatform(label = `pid ${process.pid}`) {
  return acquireFileLock(testsLockFile, label, 'to finish with the platform');
}

// ---------------------------------------------------------------------------------------------
// Tools

function toolProblem(tool) {
  try {
    const out = execFileSync(tool.name, tool.args, {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    return out.toString().includes(tool.expect)
      ? undefined
      : `${tool.name}: expected "${tool.expect}" in: ${out.toString().trim().split('\n')[0]}`;
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    if (error.code === 'ENOENT') return `${tool.name}: not installed`;
    return output.includes(tool.expect) ? undefined : `${tool.name}: ${error.message.split('\n')[0]}`;
  }
}

function missingTools() {
  return PLATFORM_TOOLS.map(toolProblem).filter(Boolean);
}

/** Builds missing tools with scripts/install-tools.sh, its progress streamed to stderr. */
async function ensureTools() {
  const problems = missingTools();
  if (problems.length === 0) return 0;
  if (process.env.PIPELINE_PLATFORM_NO_BUILD === '1')
    throw new Error(`platform tools missing (${problems.join('; ')}); run: bash scripts/install-tools.sh`);
  say(`tools missing or at other versions (${problems.join('; ')})`);
  say('running scripts/install-tools.sh (a cold build takes a while; progress follows)…');
  const started = Date.now();
  await new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot, 'scripts', 'install-tools.sh')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv(),
    });
    // Forward the script's progress; when it is quiet (a Go build prints nothing for minutes),
    // say that it is still working.
    let lastOutput = Date.now();
    const forward = (chunk) => {
      lastOutput = Date.now();
      process.stderr.write(chunk);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    const heartbeat = setInterval(() => {
      if (Date.now() - lastOutput < 45_000) return;
      say(`… still building tools (${Math.round((Date.now() - started) / 1000)}s so far)`);
      lastOutput = Date.now();
    }, 5_000);
    child.on('error', (error) => {
      clearInterval(heartbeat);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(heartbeat);
      code === 0 ? resolve() : reject(new Error(`scripts/install-tools.sh failed (exit ${code})`));
    });
  });
  const still = missingTools();
  if (still.length) throw new Error(`tools still missing after install-tools.sh: ${still.join('; ')}`);
  const seconds = (Date.now() - started) / 1000;
  say(`tools built in ${seconds.toFixed(0)}s`);
  return seconds;
}

// ---------------------------------------------------------------------------------------------
// Components

function pem(file) {
  return readFileSync(file);
}

function adminTls() {
  const { pki } = paths();
  return {
    ca: pem(join(pki, 'ca.crt')),
    cert: pem(join(pki, 'client-admin.crt')),
    key: pem(join(pki, 'client-admin.key')),
  };
}

async function ok(url, options) {
  const response = await httpGet(url, options);
  if (response.status !== 200)
    throw new Error(`${url}: HTTP ${response.status} ${response.body.slice(0, 200)}`);
  return true;
}

/**
 * Every long-running process: how to start it, which ports it takes, and when it is ready.
 * `match` is what its argv must contain for a recorded PID to still count as ours.
 */
function components(ports) {
  const p = paths();
  const pki = (file) => join(p.pki, file);
  const node = process.execPath;
  const apiserverUrl = `https://127.0.0.1:${ports.apiserver}`;
  const kubeconfigArgs = (name) => [
    `--kubeconfig=${p.componentKubeconfig(name)}`,
    `--authentication-kubeconfig=${p.componentKubeconfig(name)}`,
    `--authorization-kubeconfig=${p.componentKubeconfig(name)}`,
  ];
  const app = (color) => ({
    name: `app-${color}`,
    command: node,
    match: 'standin-app.mjs',
    ports: [ports[color]],
    args: [join(platformDir, 'standin-app.mjs'), '--color', color, '--port', String(ports[color])],
    ready: () => ok(`http://127.0.0.1:${ports[color]}/control`),
    timeoutMs: 15_000,
  });
  return [
    {
      name: 'etcd',
      command: 'etcd',
      ports: [ports.etcd, ports.etcdPeer],
      args: [
        '--name=pipeline-platform',
        `--data-dir=${p.etcdData}`,
        `--listen-client-urls=http://127.0.0.1:${ports.etcd}`,
        `--advertise-client-urls=http://127.0.0.1:${ports.etcd}`,
        `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
        `--initial-cluster=pipeline-platform=http://127.0.0.1:${ports.etcdPeer}`,
        '--unsafe-no-fsync', // a disposable test cluster: durability is not worth the latency
        '--log-level=warn',
      ],
      ready: async () =>
        JSON.parse((await httpGet(`http://127.0.0.1:${ports.etcd}/health`)).body).health === 'true',
      timeoutMs: 30_000,
    },
    {
      name: 'kube-apiserver',
      command: 'kube-apiserver',
      ports: [ports.apiserver],
      after: ['etcd'],
      args: [
        `--etcd-servers=http://127.0.0.1:${ports.etcd}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${ports.apiserver}`,
        `--tls-cert-file=${pki('apiserver.crt')}`,
        `--tls-private-key-file=${pki('apiserver.key')}`,
        `--client-ca-file=${pki('ca.crt')}`,
        '--authorization-mode=Node,RBAC',
        `--service-account-issuer=${SA_ISSUER}`,
        `--api-audiences=${SA_ISSUER}`,
        `--service-account-key-file=${pki('sa.pub')}`,
        `--service-account-signing-key-file=${pki('sa.key')}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        // Endpoints may not be loopback addresses, and nothing in the cluster calls the apiserver
        // through the `kubernetes` Service.
        '--endpoint-reconciler-type=none',
        '--allow-privileged=false',
        '--profiling=false',
        '--event-ttl=1h',
        // No front proxy; a CA for it keeps the components' delegated authentication quiet, and
        // no certificate with the allowed name is ever issued.
        `--requestheader-client-ca-file=${pki('ca.crt')}`,
        '--requestheader-allowed-names=pipeline-front-proxy',
        '--requestheader-username-headers=X-Remote-User',
        '--requestheader-group-headers=X-Remote-Group',
        '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      ],
      ready: () => ok(`${apiserverUrl}/readyz`, { tls: adminTls() }),
      timeoutMs: 90_000,
      // It waits up to a minute for in-flight requests on SIGTERM; a disposable cluster need not.
      stopGraceMs: 3000,
    },
    {
      name: 'kube-controller-manager',
      command: 'kube-controller-manager',
      ports: [ports.controllerManager],
      after: ['kube-apiserver'],
      args: [
        ...kubeconfigArgs('kube-controller-manager'),
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.controllerManager}`,
        '--controllers=*', // every default controller, endpointslice among them
        '--use-service-account-credentials=true',
        `--service-account-private-key-file=${pki('sa.key')}`,
        `--root-ca-file=${pki('ca.crt')}`,
        `--cluster-signing-cert-file=${pki('ca.crt')}`,
        `--cluster-signing-key-file=${pki('ca.key')}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        '--cluster-name=pipeline-platform',
        '--leader-elect=false',
        '--profiling=false',
      ],
      ready: () => ok(`https://127.0.0.1:${ports.controllerManager}/healthz`, { tls: { insecure: true } }),
      timeoutMs: 60_000,
    },
    {
      name: 'kube-scheduler',
      command: 'kube-scheduler',
      ports: [ports.scheduler],
      after: ['kube-apiserver'],
      args: [
        ...kubeconfigArgs('kube-scheduler'),
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.scheduler}`,
        '--leader-elect=false',
        '--profiling=false',
      ],
      ready: () => ok(`https://127.0.0.1:${ports.scheduler}/healthz`, { tls: { insecure: true } }),
      timeoutMs: 60_000,
    },
    {
      name: 'kwok',
      command: 'kwok',
      ports: [ports.kwok],
      after: ['kube-apiserver'],
      args: [
        `--kubeconfig=${p.componentKubeconfig('kwok')}`,
        `--config=${p.kwokConfig}`,
        '--manage-all-nodes=false',
        '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
        '--cidr=10.244.0.0/16',
        '--node-lease-duration-seconds=40',
        `--server-address=127.0.0.1:${ports.kwok}`,
      ],
      ready: () => ok(`http://127.0.0.1:${ports.kwok}/healthz`),
      timeoutMs: 30_000,
    },
    {
      name: 'registry',
      command: node,
      match: 'registry-front.mjs',
      ports: [ports.registry],
      args: [
        join(platformDir, 'registry-front.mjs'),
        `--port=${ports.registry}`,
        `--dir=${p.registryDir}`,
        `--fault-file=${p.registryFault}`,
        `--ready-file=${p.registryReady}`,
      ],
      beforeStart: () => rmSync(p.registryReady, { force: true }),
      ready: async () => {
        if (!existsSync(p.registryReady)) return false;
        if (existsSync(p.registryFault)) return true; // a test broke it on purpose
        return ok(`http://127.0.0.1:${ports.registry}/v2/`);
      },
      timeoutMs: 30_000,
    },
    app('blue'),
    app('green'),
    {
      name: 'prometheus',
      command: 'prometheus',
      ports: [ports.prometheus],
      args: [
        `--config.file=${p.prometheusConfig}`,
        `--storage.tsdb.path=${p.prometheusData}`,
        '--storage.tsdb.retention.time=1d',
        `--web.listen-address=127.0.0.1:${ports.prometheus}`,
        `--web.external-url=http://127.0.0.1:${ports.prometheus}/`,
        '--web.enable-lifecycle',
        '--log.level=warn',
      ],
      ready: () => ok(`http://127.0.0.1:${ports.prometheus}/-/ready`),
      timeoutMs: 60_000,
    },
  ];
}

function componentByName(ports, name) {
  const component = components(ports).find((entry) => entry.name === name);
  if (!component) throw new Error(`no platform component '${name}'`);
  return component;
}

function logFileOf(name) {
  return join(logsDir, `${name}.log`);
}

function isRunning(state, component) {
  const record = state.processes?.[component.name];
  return Boolean(record && isOurProcess(record.pid, component.match ?? component.command));
}

/** Before starting anything: every port a component that is not running needs must be free. */
async function preflightPorts(state, all) {
  const busy = [];
  for (const component of all) {
    if (isRunning(state, component)) continue;
    for (const port of component.ports) {
      if (!(await portIsFree(port))) {
        const owner = portOwner(port);
        busy.push(`${port} (for ${component.name})${owner ? ` is used by ${owner}` : ' is in use'}`);
      }
    }
  }
  if (busy.length)
    throw new Error(
      `port ${busy.join(', port ')}: stop that process, or give the platform other ports with ` +
        `PIPELINE_PLATFORM_PORT_BASE (now ${state.ports.apiserver - 43}; the platform uses base..base+99)`,
    );
}

/** Starts one component unless its recorded process is alive and ready; waits until ready. */
async function startComponent(state, component) {
  const logFile = logFileOf(component.name);
  const match = component.match ?? component.command;
  const record = state.processes?.[component.name];
  const argsHash = createHash('sha256')
    .update(JSON.stringify([component.command, component.args]))
    .digest('hex');
  if (record && isOurProcess(record.pid, match) && record.argsHash !== argsHash) {
    say(`${component.name} (pid ${record.pid}) runs with other arguments; restarting it`);
    await stopProcess(record.pid, match, component.stopGraceMs);
  } else if (record && isOurProcess(record.pid, match)) {
    try {
      await waitUntil(component.name, component.ready, {
        timeoutMs: component.timeoutMs,
        pid: record.pid,
        command: match,
        logFile,
      });
      return { name: component.name, pid: record.pid, reused: true };
    } catch (error) {
      say(
        `${component.name} (pid ${record.pid}) is running but not ready (${error.message.split('\n')[0]}); restarting it`,
      );
      await stopProcess(record.pid, match, component.stopGraceMs);
    }
  }
  for (const port of component.ports) {
    // A process we just stopped may hold its port for a moment while its last threads exit.
    let free = await portIsFree(port);
    for (let tries = 0; !free && record && tries < 25; tries++) {
      await sleep(200);
      free = await portIsFree(port);
    }
    if (!free) {
      const owner = portOwner(port);
      throw new Error(
        `port ${port} (for ${component.name}) is already in use${owner ? ` by ${owner}` : ''}: ` +
          'stop that process, or give the platform other ports with PIPELINE_PLATFORM_PORT_BASE ' +
          `(now ${state.ports.apiserver - 43}; the platform uses base..base+99)`,
      );
    }
  }
  component.beforeStart?.();
  const started = Date.now();
  const pid = spawnDaemon(component.command, component.args, { logFile, env: childEnv() });
  state.processes = {
    ...state.processes,
    [component.name]: { pid, command: match, argsHash, startedAt: new Date().toISOString() },
  };
  writeState(state);
  await waitUntil(component.name, component.ready, {
    timeoutMs: component.timeoutMs,
    pid,
    command: match,
    logFile,
  });
  say(`${component.name} ready (pid ${pid}, ${((Date.now() - started) / 1000).toFixed(1)}s)`);
  return { name: component.name, pid, reused: false };
}

function writePrometheusConfig(ports) {
  const { prometheusConfig } = paths();
  const interval = `${SCRAPE_INTERVAL_SECONDS}s`;
  writeFileSync(
    prometheusConfig,
    [
      '# Written by platform/index.mjs; the stand-in apps get their color as a target label.',
      'global:',
      `  scrape_interval: ${interval}`,
      `  evaluation_interval: ${interval}`,
      `  scrape_timeout: ${SCRAPE_INTERVAL_SECONDS / 2}s`,
      'scrape_configs:',
      '  - job_name: standin',
      '    static_configs:',
      ...COLORS.flatMap((color) => [
        `      - targets: ['127.0.0.1:${ports[color]}']`,
        `        labels: { color: ${color}, app: standin }`,
      ]),
      '  - job_name: prometheus',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${ports.prometheus}']`,
      '',
    ].join('\n'),
  );
}

function writeKubeconfigs(ports, pki) {
  const p = paths();
  const server = `https://127.0.0.1:${ports.apiserver}`;
  writeKubeconfig(p.kubeconfig, { server, ca: pki.ca, client: pki.clients.admin, user: 'pipeline-admin' });
  writeKubeconfig(p.restrictedKubeconfig, {
    server,
    ca: pki.ca,
    client: pki.clients.deployer,
    user: DEPLOYER_USER,
    namespace: NAMESPACES[0],
  });
  for (const name of ['kube-controller-manager', 'kube-scheduler', 'kwok'])
    writeKubeconfig(p.componentKubeconfig(name), {
      server,
      ca: pki.ca,
      client: pki.clients[name],
      user: name,
    });
}

/** kubectl with the admin kubeconfig (or another), argv only; returns stdout. */
export function kubectl(args, { input, kubeconfig = paths().kubeconfig, timeoutMs = 120_000 } = {}) {
  try {
    return execFileSync('kubectl', [`--kubeconfig=${kubeconfig}`, ...args], {
      input,
      env: childEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: timeoutMs,
    }).toString();
  } catch (error) {
    const stderr = error.stderr?.toString().trim();
    throw new Error(`kubectl ${args.join(' ')}: ${stderr || error.message}`);
  }
}

function nodeManifest({ name, podCIDR }) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': name,
        'node-role.kubernetes.io/agent': '',
        type: 'kwok',
      },
    },
    spec: { podCIDR, podCIDRs: [podCIDR] },
    // Fake nodes, so room costs nothing: each test run names its releases per run and leaves them
    // behind, and a kept platform gathers their pods run after run (110, a kubelet's default,
    // filled up after a few full runs and left new pods Pending with "Too many pods").
    status: {
      allocatable: { cpu: '32', memory: '256Gi', pods: '10000' },
      capacity: { cpu: '32', memory: '256Gi', pods: '10000' },
    },
  };
}

/** Namespaces, the deployer's Role in each, and the fake nodes; waits until they are usable. */
async function bootstrapCluster() {
  const list = (items) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  kubectl(['apply', '-f', '-'], {
    input: list([
      ...NAMESPACES.map((name) => ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, labels: { 'app.kubernetes.io/part-of': 'pipeline' } },
      })),
      ...NODES.map(nodeManifest),
    ]),
  });
  const role = join(platformDir, 'rbac', 'deployer-role.yaml');
  for (const namespace of NAMESPACES) kubectl(['apply', '-n', namespace, '-f', role]);
  await waitUntil(
    'fake nodes',
    async () => {
      const nodes = JSON.parse(kubectl(['get', 'nodes', '-o', 'json'])).items;
      const ready = nodes.filter((node) =>
        node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
      );
      if (ready.length < NODES.length) throw new Error(`${ready.length}/${NODES.length} nodes Ready`);
      return true;
    },
    { timeoutMs: 60_000, logFile: logFileOf('kwok') },
  );
  // Pods are refused until the namespace's default ServiceAccount exists.
  await waitUntil(
    'default service accounts',
    async () => {
      for (const namespace of NAMESPACES) kubectl(['get', 'serviceaccount', 'default', '-n', namespace]);
      return true;
    },
    { timeoutMs: 60_000, logFile: logFileOf('kube-controller-manager') },
  );
}

/** Prometheus has scraped both stand-ins. */
async function waitForScrapes(ports) {
  await waitUntil(
    'Prometheus scrapes of the stand-in apps',
    async () => {
      const result = await prometheusQuery('up{job="standin"} == 1', ports);
      if (result.length < COLORS.length) throw new Error(`${result.length}/${COLORS.length} targets up`);
      return true;
    },
    { timeoutMs: 30_000, logFile: logFileOf('prometheus') },
  );
}

/** An instant PromQL query; resolves the result vector. */
export async function prometheusQuery(query, ports = readState()?.ports ?? platformPorts()) {
  const url = `http://127.0.0.1:${ports.prometheus}/api/v1/query?query=${encodeURIComponent(query)}`;
  const response = await httpGet(url);
  const body = JSON.parse(response.body);
  if (body.status !== 'success')
    throw new Error(`Prometheus query ${query}: ${body.error ?? response.status}`);
  return body.data.result;
}

// ---------------------------------------------------------------------------------------------
// up / down / status

/**
 * Starts whatever is not running (idempotent, resumable) and returns the status. Progress goes to
 * stderr; a cold start first builds the tools.
 */
export async function up() {
  return withLock('up', async () => {
    const started = Date.now();
    mkdirSync(logsDir, { recursive: true });
    const toolSeconds = await ensureTools();
    const previous = readState();
    const ports = previous?.ports ?? platformPorts();
    const state = previous ?? { version: 1, ports, processes: {}, createdAt: new Date().toISOString() };
    state.ports = ports;
    writeState(state);

    const p = paths();
    const pki = ensurePki(p.pki);
    writeKubeconfigs(ports, pki);
    writePrometheusConfig(ports);
    mkdirSync(p.etcdData, { recursive: true, mode: 0o700 });

    // `up` means a healthy platform: a registry fault a test left behind is cleared.
    if (existsSync(p.registryFault)) {
      rmSync(p.registryFault, { force: true });
      const front = state.processes?.registry;
      if (front && isOurProcess(front.pid, 'registry-front.mjs')) process.kill(front.pid, 'SIGUSR1');
      say('cleared a registry fault left behind');
    }
    const all = components(ports);
    await preflightPorts(state, all);
    const results = [];
    const byName = new Map();
    // Start each component once what it needs is ready; the rest in parallel.
    const startOne = (component) => {
      if (!byName.has(component.name)) {
        byName.set(
          component.name,
          (async () => {
            for (const dependency of component.after ?? [])
              await startOne(all.find((entry) => entry.name === dependency));
            results.push(await startComponent(state, component));
          })(),
        );
      }
      return byName.get(component.name);
    };
    const outcomes = await Promise.allSettled(all.map(startOne));
    const failures = outcomes
      .filter((outcome) => outcome.status === 'rejected')
      .map((outcome) => outcome.reason);
    if (failures.length) {
      // A component that waited on a failed one fails with the same error: report each once.
      const messages = new Set(
        failures.map((error) => (error instanceof Error ? error.message : String(error))),
      );
      const message = [...messages].join('\n');
      throw new Error(
        `platform:up failed (what started keeps running; \`npm run platform:down\` stops it):\n${message}`,
      );
    }
    const backend = JSON.parse(readFileSync(p.registryReady, 'utf8'));
    state.processes['registry-backend'] = {
      pid: backend.backendPid,
      command: 'docker-registry',
      address: backend.backend,
    };
    writeState(state);

    await bootstrapCluster();
    await waitForScrapes(ports);
    state.upAt = new Date().toISOString();
    writeState(state);

    const seconds = (Date.now() - started) / 1000;
    const reused = results.filter((result) => result.reused).length;
    const kind =
      toolSeconds > 0
        ? `cold: ${toolSeconds.toFixed(0)}s of it building tools`
        : reused === results.length
          ? 'already running'
          : 'warm';
    say(
      `platform up in ${seconds.toFixed(1)}s (${kind}; ${results.length - reused} started, ${reused} reused)`,
    );
    const status = await platformStatus();
    status.upSeconds = Number(seconds.toFixed(1));
    status.toolBuildSeconds = Number(toolSeconds.toFixed(1));
    return status;
  });
}

/** Stops every process the platform started (by PID) and removes its state; logs stay. */
export async function down() {
  return withLock('down', async () => {
    const state = readState();
    const stopped = [];
    if (state?.processes) {
      const order = [
        'prometheus',
        'app-blue',
        'app-green',
        'registry',
        'registry-backend',
        'kwok',
        'kube-scheduler',
        'kube-controller-manager',
        'kube-apiserver',
        'etcd',
      ];
      const names = [...order, ...Object.keys(state.processes).filter((name) => !order.includes(name))];
      const grace = Object.fromEntries(components(state.ports).map((c) => [c.name, c.stopGraceMs]));
      for (const name of names) {
        const record = state.processes[name];
        if (record && (await stopProcess(record.pid, record.command, grace[name]))) {
          stopped.push(`${name} (pid ${record.pid})`);
        }
      }
    }
    if (existsSync(stateDir)) {
      for (const entry of readdirSync(stateDir)) {
        if (entry === 'logs' || entry.endsWith('.lock')) continue;
        rmSync(join(stateDir, entry), { recursive: true, force: true });
      }
    }
    say(stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing was running');
    say(`state removed from ${stateDir} (logs kept in ${logsDir})`);
    return stopped;
  });
}

/**
 * What is running and where. `running` is true when every component is alive and the apiserver,
 * registry and Prometheus answer.
 */
export async function platformStatus() {
  const state = readState();
  const ports = state?.ports ?? platformPorts();
  const p = paths();
  const base = {
    running: false,
    stateDir,
    logsDir,
    kubernetesVersion: KUBERNETES_VERSION,
    kubeconfig: p.kubeconfig,
    restrictedKubeconfig: p.restrictedKubeconfig,
    server: `https://127.0.0.1:${ports.apiserver}`,
    registry: `127.0.0.1:${ports.registry}`,
    prometheus: `http://127.0.0.1:${ports.prometheus}`,
    apps: Object.fromEntries(COLORS.map((color) => [color, `http://127.0.0.1:${ports[color]}`])),
    namespaces: NAMESPACES,
    deployer: DEPLOYER_USER,
    scrapeIntervalSeconds: SCRAPE_INTERVAL_SECONDS,
    toolsBin,
    ports,
  };
  if (!state?.processes) return { ...base, reason: `not started (no ${stateFile})`, components: {} };
  const componentStatus = {};
  await Promise.all(
    components(ports).map(async (component) => {
      const record = state.processes[component.name];
      const alive = isRunning(state, component);
      let ready = false;
      if (alive) {
        try {
          ready = Boolean(await component.ready());
        } catch {}
      }
      componentStatus[component.name] = {
        pid: record?.pid ?? null,
        alive,
        ready,
        log: logFileOf(component.name),
      };
    }),
  );
  const backend = state.processes['registry-backend'];
  if (backend) {
    componentStatus['registry-backend'] = {
      pid: backend.pid,
      alive: isOurProcess(backend.pid, 'docker-registry'),
      address: backend.address,
      log: join(p.registryDir, 'registry.log'),
    };
  }
  const down = Object.entries(componentStatus)
    .filter(([, entry]) => !entry.alive || entry.ready === false)
    .map(([name, entry]) => `${name} ${entry.alive ? 'not ready' : 'not running'}`);
  const registryFault = existsSync(p.registryFault)
    ? JSON.parse(readFileSync(p.registryFault, 'utf8')).mode
    : null;
  return {
    ...base,
    running: down.length === 0 && Boolean(state.upAt),
    ...(down.length
      ? { reason: down.join(', ') }
      : state.upAt
        ? {}
        : { reason: 'platform:up has not finished' }),
    upAt: state.upAt ?? null,
    registryFault,
    components: componentStatus,
  };
}

/** The running platform, started (or repaired) first if needed. For tests and scripts. */
export async function ensurePlatform() {
  const status = await platformStatus();
  if (status.running) return status;
  return up();
}

// ---------------------------------------------------------------------------------------------
// Fault hooks for tests: each stops or starts one real process, by its PID.

async function stopComponentByName(name) {
  return withLock(`stopping ${name}`, async () => {
    const state = readState();
    if (!state) throw new Error('the platform is not running');
    const component = componentByName(state.ports, name);
    const record = state.processes?.[name];
    if (record) await stopProcess(record.pid, component.match ?? component.command, component.stopGraceMs);
    delete state.processes[name];
    writeState(state);
    say(`${name} stopped`);
  });
}

async function startComponentByName(name) {
  return withLock(`starting ${name}`, async () => {
    const state = readState();
    if (!state) throw new Error('the platform is not running');
    await startComponent(state, componentByName(state.ports, name));
  });
}

export const stopApiserver = () => stopComponentByName('kube-apiserver');
export const startApiserver = () => startComponentByName('kube-apiserver');
export const stopPrometheus = () => stopComponentByName('prometheus');
export const startPrometheus = () => startComponentByName('prometheus');

/**
 * Makes the registry fail: `unavailable` (default) answers every request with 503 UNAVAILABLE,
 * `refuse` closes its port (connection refused). Both hold until fixRegistry().
 */
export async function breakRegistry(mode = 'unavailable') {
  if (!['unavailable', 'refuse'].includes(mode))
    throw new Error(`breakRegistry: mode must be 'unavailable' or 'refuse', not '${mode}'`);
  await signalRegistry({ mode });
  const { registry } = await platformStatus();
  await waitUntil(
    `registry fault '${mode}'`,
    async () => {
      try {
        const response = await httpGet(`http://${registry}/v2/`, { timeoutMs: 1000 });
        return mode === 'unavailable' && response.status === 503;
      } catch (error) {
        return mode === 'refuse' && /ECONNREFUSED/.test(String(error?.code ?? error?.message));
      }
    },
    { timeoutMs: 10_000 },
  );
}

/** Clears a registry fault; resolves once /v2/ answers 200 again. */
export async function fixRegistry() {
  await signalRegistry(null);
  const { registry } = await platformStatus();
  await waitUntil('registry', () => ok(`http://${registry}/v2/`, { timeoutMs: 1000 }), { timeoutMs: 10_000 });
}

async function signalRegistry(fault) {
  return withLock('changing the registry fault', async () => {
    const state = readState();
    const record = state?.processes?.registry;
    if (!record || !isOurProcess(record.pid, 'registry-front.mjs'))
      throw new Error('the platform registry is not running');
    const { registryFault } = paths();
    if (fault) writeFileSync(registryFault, `${JSON.stringify(fault)}\n`);
    else rmSync(registryFault, { force: true });
    process.kill(record.pid, 'SIGUSR1');
  });
}

/** The stand-in apps' behaviour. */
export async function setApp(color, settings) {
  const { apps } = await platformStatus();
  if (!apps[color])
    throw new Error(`setApp: no stand-in app '${color}' (have ${Object.keys(apps).join(', ')})`);
  const response = await httpGet(`${apps[color]}/control`, {
    method: 'POST',
    body: JSON.stringify(settings),
  });
  if (response.status !== 200)
    throw new Error(`setApp(${color}): HTTP ${response.status} ${response.body.trim()}`);
  return JSON.parse(response.body);
}

/** Puts every stand-in back to its defaults (healthy, no errors, 20 ms). */
export async function resetApps() {
  const { apps } = await platformStatus();
  for (const url of Object.values(apps)) {
    const response = await httpGet(`${url}/control/reset`, { method: 'POST', body: '{}' });
    if (response.status !== 200) throw new Error(`resetApps: ${url}: HTTP ${response.status}`);
  }
}

export { logTail };
