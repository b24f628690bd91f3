// Where the platform keeps things and which ports it uses: the state directory and its files,
// state.json (PIDs, ports, argument hashes), the tools cache, and the platform's fixed settings.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const platformDir = fileURLToPath(new URL('.', import.meta.url));
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const toolsCache = process.env.PIPELINE_TOOLS_CACHE || join(homedir(), '.cache', 'pipeline-tools');
export const toolsBin = join(toolsCache, 'bin');
export const stateDir = process.env.PIPELINE_PLATFORM_DIR || join(homedir(), '.cache', 'pipeline-platform');
export const logsDir = join(stateDir, 'logs');
export const stateFile = join(stateDir, 'state.json');

/** Namespaces the deployer identity may deploy to, and its user name. */
export const NAMESPACES = ['pipeline-staging', 'pipeline-production'];
export const DEPLOYER_USER = 'pipeline-deployer';
export const COLORS = ['blue', 'green'];
export const SCRAPE_INTERVAL_SECONDS = 2;

/** PIPELINE_PLATFORM_PORT_BASE when the platform is not started yet. */
function defaultPortBase() {
  return Number(process.env.PIPELINE_PLATFORM_PORT_BASE || 16400);
}

/**
 * Loopback ports, all in [base, base+99] with base = $PIPELINE_PLATFORM_PORT_BASE (default 16400):
 * away from the common ones (80, 443, 2379, 5000, 6443, 8080, 9090, 10250…).
 */
export function platformPorts(base = defaultPortBase()) {
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

/** The base the recorded ports were made from (for messages about busy ports). */
export function portBase(ports) {
  return ports.apiserver - 43;
}

/** The addresses tests and scripts use, from the ports. */
export function platformAddresses(ports) {
  return {
    server: `https://127.0.0.1:${ports.apiserver}`,
    registry: `127.0.0.1:${ports.registry}`,
    prometheus: `http://127.0.0.1:${ports.prometheus}`,
    apps: Object.fromEntries(COLORS.map((color) => [color, `http://127.0.0.1:${ports[color]}`])),
  };
}

export function say(message) {
  process.stderr.write(`[platform] ${message}\n`);
}

/** PATH with the tools cache first: our kubectl, not the machine's. */
export function toolsPath() {
  const rest = (process.env.PATH ?? '').split(delimiter).filter((entry) => entry && entry !== toolsBin);
  return [toolsBin, ...rest].join(delimiter);
}

/** The environment every tool and component runs with. */
export function childEnv() {
  return { ...process.env, PATH: toolsPath() };
}

/** A component's log file. */
export function logFileOf(name) {
  return join(logsDir, `${name}.log`);
}

export function readState() {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    return undefined;
  }
}

export function writeState(state) {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

/** The ports of the running platform, or the ones it would start on. */
export function currentPorts() {
  return readState()?.ports ?? platformPorts();
}

/** The platform's files in the state directory (and the kwok config it ships). */
export function paths() {
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
