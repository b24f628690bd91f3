// Runs the platform's components (components/): starts them in dependency order derived from each
// one's `after` (independent ones in parallel), reuses a recorded live process that runs the same
// arguments and answers its readiness check, stops them in reverse dependency order, runs their
// cleanup hooks, and reports their status. It knows nothing about any particular component.
//
// A component is a long-running process ({name, command, args, ports, ready, …}) or a one-shot
// task ({name, run}); both may have `after`, `prepare` and `cleanup`. See README.md, "Layout".
import { createHash } from 'node:crypto';
import { isOurProcess, portIsFree, portOwner, sleep, spawnDaemon, stopProcess, waitUntil } from './proc.mjs';
import { childEnv, logFileOf, portBase, say, writeState } from './state.mjs';

const isTask = (component) => typeof component.run === 'function';
const matchOf = (component) => component.match ?? component.command;

/**
 * The components in an order where each comes after everything in its `after` (Kahn's algorithm,
 * ties in list order). Throws on an unknown name, a duplicate or a cycle.
 */
export function dependencyOrder(components) {
  const byName = new Map();
  for (const component of components) {
    if (byName.has(component.name)) throw new Error(`two platform components are named '${component.name}'`);
    byName.set(component.name, component);
  }
  for (const component of components)
    for (const dependency of component.after ?? [])
      if (!byName.has(dependency))
        throw new Error(`platform component '${component.name}' comes after unknown '${dependency}'`);
  const order = [];
  const placed = new Set();
  while (order.length < components.length) {
    const next = components.filter(
      (component) =>
        !placed.has(component.name) && (component.after ?? []).every((dependency) => placed.has(dependency)),
    );
    if (next.length === 0) {
      const stuck = components.filter((component) => !placed.has(component.name)).map((c) => c.name);
      throw new Error(`platform components depend on each other in a cycle: ${stuck.join(', ')}`);
    }
    for (const component of next) {
      order.push(component);
      placed.add(component.name);
    }
  }
  return order;
}

export function componentByName(components, name) {
  const component = components.find((entry) => entry.name === name);
  if (!component) throw new Error(`no platform component '${name}'`);
  return component;
}

export function isRunning(state, component) {
  const record = state.processes?.[component.name];
  return Boolean(record && isOurProcess(record.pid, matchOf(component)));
}

function busyPortMessage(state) {
  return (
    `stop that process, or give the platform other ports with PIPELINE_PLATFORM_PORT_BASE ` +
    `(now ${portBase(state.ports)}; the platform uses base..base+99)`
  );
}

/** Before starting anything: every port a component that is not running needs must be free. */
export async function preflightPorts(state, components) {
  const busy = [];
  for (const component of components) {
    if (isTask(component) || isRunning(state, component)) continue;
    for (const port of component.ports ?? []) {
      if (!(await portIsFree(port))) {
        const owner = portOwner(port);
        busy.push(`${port} (for ${component.name})${owner ? ` is used by ${owner}` : ' is in use'}`);
      }
    }
  }
  if (busy.length) throw new Error(`port ${busy.join(', port ')}: ${busyPortMessage(state)}`);
}

/** Records the processes a component's own process started (its `children`), once it is ready. */
async function recordChildren(state, component) {
  if (!component.children) return;
  state.processes ??= {};
  for (const child of await component.children()) {
    state.processes[child.name] = {
      pid: child.pid,
      command: child.command,
      ...(child.address ? { address: child.address } : {}),
      log: child.log,
      parent: component.name,
    };
  }
  writeState(state);
}

/**
 * Starts one process component unless its recorded process is alive, runs the same arguments and
 * is ready; waits until ready. `prepare` runs before every start (not when the process is reused).
 */
export async function startComponent(state, component) {
  const logFile = logFileOf(component.name);
  const match = matchOf(component);
  const record = state.processes?.[component.name];
  // Hashes made before components had `env` stay valid: env joins the hash only when set.
  const argsHash = createHash('sha256')
    .update(
      JSON.stringify(
        component.env
          ? [component.command, component.args, component.env]
          : [component.command, component.args],
      ),
    )
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
      await recordChildren(state, component);
      return { name: component.name, pid: record.pid, reused: true };
    } catch (error) {
      say(
        `${component.name} (pid ${record.pid}) is running but not ready (${error.message.split('\n')[0]}); restarting it`,
      );
      await stopProcess(record.pid, match, component.stopGraceMs);
    }
  }
  for (const port of component.ports ?? []) {
    // A process we just stopped may hold its port for a moment while its last threads exit.
    let free = await portIsFree(port);
    for (let tries = 0; !free && record && tries < 25; tries++) {
      await sleep(200);
      free = await portIsFree(port);
    }
    if (!free) {
      const owner = portOwner(port);
      throw new Error(
        `port ${port} (for ${component.name}) is already in use${owner ? ` by ${owner}` : ''}: ${busyPortMessage(state)}`,
      );
    }
  }
  await component.prepare?.();
  const started = Date.now();
  const env = { ...childEnv(), ...component.env };
  const pid = spawnDaemon(component.command, component.args, { logFile, env });
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
  // When it last became ready: what it logged before then (a restart's transient errors) is start-up.
  state.processes[component.name] = { ...state.processes[component.name], readyAt: new Date().toISOString() };
  writeState(state);
  await recordChildren(state, component);
  say(`${component.name} ready (pid ${pid}, ${((Date.now() - started) / 1000).toFixed(1)}s)`);
  return { name: component.name, pid, reused: false };
}

/**
 * The processes a component depends on, directly or through tasks, by name with their recorded pid:
 * what a task did is still in place while these are the same processes.
 */
function dependencyProcesses(state, component, byName, seen = new Set()) {
  const found = [];
  for (const name of component.after ?? []) {
    if (seen.has(name)) continue;
    seen.add(name);
    const dependency = byName.get(name);
    if (!dependency) continue;
    if (isTask(dependency)) found.push(...dependencyProcesses(state, dependency, byName, seen));
    else found.push([name, state.processes?.[name]?.pid ?? null]);
  }
  return found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Runs a one-shot task (prepare, then run), unless it already ran for this `version` of the
 * components against the very processes it depends on. A task writes into those processes (a
 * bootstrap applies objects to an apiserver): while they run, what it did holds, and running it
 * again beside tests that use the platform only disturbs them. A restarted dependency, a new
 * version or a task that never finished runs it again.
 */
async function runTask(state, component, byName, version) {
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([version ?? null, dependencyProcesses(state, component, byName)]))
    .digest('hex');
  if (version !== undefined && state.tasks?.[component.name] === fingerprint) return false;
  const started = Date.now();
  await component.prepare?.();
  await component.run();
  state.tasks = { ...state.tasks, [component.name]: fingerprint };
  writeState(state);
  say(`${component.name} done (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  return true;
}

/**
 * Starts (or reuses) every component, each once everything in its `after` is ready or done,
 * independent ones in parallel. Resolves the processes' results ({name, pid, reused}) and the
 * tasks' ({name, task: true, reused}); rejects with every distinct failure. `version` (of the
 * components' code): a task that already ran for it against the same processes is not run again.
 */
export async function startAll(state, components, { version } = {}) {
  const order = dependencyOrder(components);
  await preflightPorts(state, order);
  const results = [];
  const byName = new Map(order.map((component) => [component.name, component]));
  const started = new Map();
  const startOne = (component) => {
    if (!started.has(component.name)) {
      started.set(
        component.name,
        (async () => {
          await Promise.all((component.after ?? []).map((name) => startOne(byName.get(name))));
          if (isTask(component))
            results.push({
              name: component.name,
              task: true,
              reused: !(await runTask(state, component, byName, version)),
            });
          else results.push(await startComponent(state, component));
        })(),
      );
    }
    return started.get(component.name);
  };
  const outcomes = await Promise.allSettled(order.map(startOne));
  const failures = outcomes
    .filter((outcome) => outcome.status === 'rejected')
    .map((outcome) => outcome.reason);
  if (failures.length) {
    // A component that waited on a failed one fails with the same error: report each once.
    const messages = new Set(
      failures.map((error) => (error instanceof Error ? error.message : String(error))),
    );
    throw new Error(
      `platform:up failed (what started keeps running; \`npm run platform:down\` stops it):\n${[...messages].join('\n')}`,
    );
  }
  return results;
}

/** Stops one component's recorded process and the processes it started; false when none ran. */
export async function stopComponent(state, component) {
  const stopped = [];
  const record = state.processes?.[component.name];
  if (record && (await stopProcess(record.pid, record.command, component.stopGraceMs)))
    stopped.push(`${component.name} (pid ${record.pid})`);
  delete state.processes?.[component.name];
  for (const [name, child] of Object.entries(state.processes ?? {})) {
    if (child.parent !== component.name) continue;
    if (await stopProcess(child.pid, child.command)) stopped.push(`${name} (pid ${child.pid})`);
    delete state.processes[name];
  }
  return stopped;
}

/**
 * Stops every component in reverse dependency order and runs its `cleanup` right after (even when
 * its process was not running: cleanup repairs what a crash left), then any recorded process no
 * component claims; with `which`, only the components it picks (in the whole list's order), and
 * nothing else. Resolves what was stopped and the cleanup failures.
 */
export async function stopAll(state, components, which = undefined) {
  const stopped = [];
  const cleanupFailures = [];
  for (const component of dependencyOrder(components).reverse()) {
    if (which && !which(component)) continue;
    if (state) stopped.push(...(await stopComponent(state, component)));
    // What a task did goes with what it depends on: it runs again at the next start.
    if (state?.tasks) delete state.tasks[component.name];
    try {
      await component.cleanup?.();
    } catch (error) {
      cleanupFailures.push(`${component.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (which) return { stopped, cleanupFailures };
  for (const [name, record] of Object.entries(state?.processes ?? {})) {
    if (await stopProcess(record.pid, record.command)) stopped.push(`${name} (pid ${record.pid})`);
  }
  return { stopped, cleanupFailures };
}

/**
 * Each process component's {pid, alive, ready, log}, and each recorded child's {pid, alive,
 * address, log}.
 */
export async function componentStatus(state, components) {
  const status = {};
  await Promise.all(
    components
      .filter((component) => !isTask(component))
      .map(async (component) => {
        const record = state.processes?.[component.name];
        const alive = isRunning(state, component);
        let ready = false;
        if (alive) {
          try {
            ready = Boolean(await component.ready());
          } catch {}
        }
        status[component.name] = {
          pid: record?.pid ?? null,
          alive,
          ready,
          ...(record?.readyAt ? { readyAt: record.readyAt } : {}),
          log: logFileOf(component.name),
        };
      }),
  );
  for (const [name, record] of Object.entries(state.processes ?? {})) {
    if (!record.parent) continue;
    status[name] = {
      pid: record.pid,
      alive: isOurProcess(record.pid, record.command),
      ...(record.address ? { address: record.address } : {}),
      log: record.log,
    };
  }
  return status;
}
