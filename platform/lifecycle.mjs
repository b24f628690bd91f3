// up, down and status of the whole platform: the tools first, then the supervisor runs the
// components (components/index.mjs) under the platform lock.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { clusterAddresses, clusterNames } from './components/clusters.mjs';
import { dataplaneAddresses } from './components/dataplane.mjs';
import { platformComponents } from './components/index.mjs';
import { clearFaultsLeftBehind } from './faults.mjs';
import { withLock } from './lock.mjs';
import {
  DEPLOYER_USER,
  logsDir,
  NAMESPACES,
  paths,
  platformAddresses,
  platformDir,
  platformPorts,
  readState,
  SCRAPE_INTERVAL_SECONDS,
  say,
  stateDir,
  stateFile,
  toolsBin,
  writeState,
} from './state.mjs';
import { componentStatus, startAll, stopAll } from './supervisor.mjs';
import { ensureTools } from './tools.mjs';
import { KUBERNETES_VERSION } from './versions.mjs';

/**
 * How many clusters to run: as asked (fewer than run now stops the others), else as many as run
 * now, else PIPELINE_PLATFORM_CLUSTERS, else one.
 */
function clusterCountFor(requested, state) {
  const count =
    requested ?? Math.max(state?.clusterCount ?? 1, Number(process.env.PIPELINE_PLATFORM_CLUSTERS || 1));
  clusterNames(count); // throws on a count the platform cannot run
  return count;
}

/**
 * The version of what the platform's components do: a hash of the platform's own files (its code,
 * RBAC and kwok manifests; not its README). A task that ran for another version runs again, so a
 * running platform takes up what a change to its bootstrap adds.
 */
function componentsVersion() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.md'))
        hash.update(relative(platformDir, path)).update('\0').update(readFileSync(path));
    }
  };
  walk(platformDir);
  return hash.digest('hex');
}

/**
 * Starts whatever is not running (idempotent, resumable) and returns the status. Progress goes to
 * stderr; a cold start first builds the tools. `clusters`: how many clusters (fleet tests).
 */
export async function up({ clusters } = {}) {
  return withLock('up', () => upHoldingLock({ clusters }));
}

async function upHoldingLock({ clusters }) {
  const started = Date.now();
  mkdirSync(logsDir, { recursive: true });
  const toolSeconds = await ensureTools();
  const previous = readState();
  const ports = previous?.ports ?? platformPorts();
  const state = previous ?? { version: 1, ports, processes: {}, createdAt: new Date().toISOString() };
  state.ports = ports;
  state.processes ??= {};
  const clusterCount = clusterCountFor(clusters, previous);
  const running = previous?.clusterCount ?? 1;
  if (clusterCount < running) {
    // Asked for fewer clusters: the others' components stop, in reverse order, and clean up.
    const kept = new Set(platformComponents(ports, clusterCount).map((component) => component.name));
    const { stopped, cleanupFailures } = await stopAll(
      state,
      platformComponents(ports, running),
      (component) => !kept.has(component.name),
    );
    say(`stopped the clusters beyond ${clusterCount}: ${stopped.join(', ') || 'nothing was running'}`);
    if (cleanupFailures.length)
      throw new Error(`platform:up could not stop the other clusters:\n${cleanupFailures.join('\n')}`);
  }
  state.clusterCount = clusterCount;
  writeState(state);

  clearFaultsLeftBehind(state);
  // Tasks already done against the same running processes are not run again: adding or removing
  // the fleet tests' clusters leaves the first cluster's bootstrap alone under the tests using it.
  const results = await startAll(state, platformComponents(ports, state.clusterCount), {
    version: componentsVersion(),
  });
  state.upAt = new Date().toISOString();
  writeState(state);

  const seconds = (Date.now() - started) / 1000;
  const processes = results.filter((result) => !result.task);
  const reused = processes.filter((result) => result.reused).length;
  const tasksRun = results.filter((result) => result.task && !result.reused).length;
  const kind =
    toolSeconds > 0
      ? `cold: ${toolSeconds.toFixed(0)}s of it building tools`
      : reused === processes.length && tasksRun === 0
        ? 'already running'
        : 'warm';
  say(
    `platform up in ${seconds.toFixed(1)}s (${kind}; ${processes.length - reused} started, ${reused} reused; ` +
      `${tasksRun} of ${results.length - processes.length} tasks run)`,
  );
  const status = await platformStatus();
  status.upSeconds = Number(seconds.toFixed(1));
  status.toolBuildSeconds = Number(toolSeconds.toFixed(1));
  return status;
}

/**
 * Stops every process the platform started (by PID), in reverse dependency order, runs the
 * components' cleanup hooks and removes its state; logs stay.
 */
export async function down() {
  return withLock('down', async () => {
    const state = readState();
    const ports = state?.ports ?? platformPorts();
    const { stopped, cleanupFailures } = await stopAll(
      state,
      platformComponents(ports, state?.clusterCount ?? 1),
    );
    say(stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing was running');
    if (cleanupFailures.length) {
      // Keep the state, so another `down` runs the cleanup again with the same ports.
      writeState({ version: 1, ports, processes: {}, clusterCount: state?.clusterCount ?? 1 });
      throw new Error(
        `platform:down stopped everything, but cleanup failed (state kept in ${stateDir}; run it again):\n` +
          cleanupFailures.join('\n'),
      );
    }
    if (existsSync(stateDir)) {
      for (const entry of readdirSync(stateDir)) {
        if (entry === 'logs' || entry.includes('.lock')) continue;
        rmSync(join(stateDir, entry), { recursive: true, force: true });
      }
    }
    say(`state removed from ${stateDir} (logs kept in ${logsDir})`);
    return stopped;
  });
}

/**
 * What is running and where. `running` is true when every component is alive and ready (the
 * apiserver, registry and Prometheus answer) and `up` finished.
 */
export async function platformStatus() {
  const state = readState();
  const ports = state?.ports ?? platformPorts();
  const p = paths();
  const names = clusterNames(state?.clusterCount ?? 1);
  const base = {
    running: false,
    stateDir,
    logsDir,
    kubernetesVersion: KUBERNETES_VERSION,
    kubeconfig: p.kubeconfig,
    restrictedKubeconfig: p.restrictedKubeconfig,
    ...platformAddresses(ports),
    dataplane: dataplaneAddresses(ports),
    // Every cluster by name, the first one included (fleet tests).
    clusters: Object.fromEntries(
      names.map((name, index) => {
        if (index === 0)
          return [
            name,
            {
              server: `https://127.0.0.1:${ports.apiserver}`,
              kubeconfig: p.kubeconfig,
              restrictedKubeconfig: p.restrictedKubeconfig,
              dataplane: dataplaneAddresses(ports),
            },
          ];
        const own = clusterAddresses(ports, p, stateDir, name);
        const gateways = dataplaneAddresses({
          ...ports,
          traefik: own.ports.traefik,
          gatewayBase: own.ports.gatewayBase,
        });
        return [
          name,
          {
            server: own.server,
            kubeconfig: own.kubeconfig,
            restrictedKubeconfig: own.restrictedKubeconfig,
            dataplane: { gateways: gateways.gateways, metrics: gateways.metrics, api: gateways.api },
          },
        ];
      }),
    ),
    namespaces: NAMESPACES,
    deployer: DEPLOYER_USER,
    scrapeIntervalSeconds: SCRAPE_INTERVAL_SECONDS,
    toolsBin,
    ports,
  };
  if (!state?.processes) return { ...base, reason: `not started (no ${stateFile})`, components: {} };
  const components = await componentStatus(state, platformComponents(ports, state.clusterCount ?? 1));
  const notRunning = Object.entries(components)
    .filter(([, entry]) => !entry.alive || entry.ready === false)
    .map(([name, entry]) => `${name} ${entry.alive ? 'not ready' : 'not running'}`);
  const registryFault = existsSync(p.registryFault)
    ? JSON.parse(readFileSync(p.registryFault, 'utf8')).mode
    : null;
  return {
    ...base,
    running: notRunning.length === 0 && Boolean(state.upAt),
    ...(notRunning.length
      ? { reason: notRunning.join(', ') }
      : state.upAt
        ? {}
        : { reason: 'platform:up has not finished' }),
    upAt: state.upAt ?? null,
    registryFault,
    components,
  };
}

/**
 * The running platform, started (or repaired) first if needed; with `clusters`, at least that many
 * clusters. For tests and scripts.
 */
export async function ensurePlatform({ clusters } = {}) {
  const serves = (status) => status.running && Object.keys(status.clusters).length >= (clusters ?? 1);
  const status = await platformStatus();
  if (serves(status)) return status;
  // Judged again under the lock: test files that start together all find the platform down, and
  // only the first may start it — the others' `up` would re-run its bootstrap under the first
  // one's tests.
  return withLock('up', async () => {
    const now = await platformStatus();
    if (serves(now)) return now;
    return upHoldingLock({ clusters });
  });
}
