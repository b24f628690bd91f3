// Fault hooks for tests: each stops or starts one real process by its PID, or makes the registry
// fail. A stop/start pair for another component is one line: processFault('<component name>').
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { httpOk } from './clients.mjs';
import { platformComponents } from './components/index.mjs';
import { withLock } from './lock.mjs';
import { httpGet, isOurProcess, waitUntil } from './proc.mjs';
import { currentPorts, paths, platformAddresses, readState, say, writeState } from './state.mjs';
import { componentByName, startComponent, stopComponent } from './supervisor.mjs';

/** Stops and starts one component's process (and what it started), under the platform lock. */
function processFault(name) {
  const stop = () =>
    withLock(`stopping ${name}`, async () => {
      const state = readState();
      if (!state) throw new Error('the platform is not running');
      await stopComponent(state, componentByName(platformComponents(state.ports), name));
      writeState(state);
      say(`${name} stopped`);
    });
  const start = () =>
    withLock(`starting ${name}`, async () => {
      const state = readState();
      if (!state) throw new Error('the platform is not running');
      await startComponent(state, componentByName(platformComponents(state.ports), name));
    });
  return { stop, start };
}

export const { stop: stopApiserver, start: startApiserver } = processFault('kube-apiserver');
export const { stop: stopPrometheus, start: startPrometheus } = processFault('prometheus');
/** containerd away: the real node's pods keep running, the kubelet reports its runtime down. */
export const { stop: stopContainerd, start: startContainerd } = processFault('containerd');
/** The data plane away: every Gateway and Ingress listener refuses connections until it is back. */
export const { stop: stopDataplane, start: startDataplane } = processFault('traefik');

/**
 * Makes the registry fail: `unavailable` (default) answers every request with 503 UNAVAILABLE,
 * `refuse` closes its port (connection refused). Both hold until fixRegistry().
 */
export async function breakRegistry(mode = 'unavailable') {
  if (!['unavailable', 'refuse'].includes(mode))
    throw new Error(`breakRegistry: mode must be 'unavailable' or 'refuse', not '${mode}'`);
  await signalRegistry({ mode });
  const { registry } = platformAddresses(currentPorts());
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
  const { registry } = platformAddresses(currentPorts());
  await waitUntil('registry', () => httpOk(`http://${registry}/v2/`, { timeoutMs: 1000 }), {
    timeoutMs: 10_000,
  });
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

/** `up` means a healthy platform: clears a registry fault a test left behind (called under the lock). */
export function clearFaultsLeftBehind(state) {
  const { registryFault } = paths();
  if (!existsSync(registryFault)) return;
  rmSync(registryFault, { force: true });
  const front = state.processes?.registry;
  if (front && isOurProcess(front.pid, 'registry-front.mjs')) process.kill(front.pid, 'SIGUSR1');
  say('cleared a registry fault left behind');
}
