// The platform supervisor's one-shot tasks (platform/supervisor.mjs startAll): a bootstrap task
// runs once against the processes it depends on. A later `up` on the running platform (the fleet
// tests adding or removing clusters) must not run it again under the tests using it; a restarted
// dependency, a change to the platform's files, or a task that failed must.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/bundle.js';

const work = mkdtempSync(join(tmpdir(), 'pipeline-supervisor-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Round {
  ran: string[];
  results: { name: string; task?: boolean; reused: boolean }[];
  error?: string;
  /** After a 'stop-all' step: the tasks the state still records as done. */
  tasks?: string[];
}

/**
 * Runs the supervisor in its own process (its state directory is read from the environment at
 * import) through `steps`, recording which tasks ran at each.
 */
function scenario(steps: string[]): Round[] {
  const script = `
    const supervisor = await import(${JSON.stringify(join(repoRoot, 'platform', 'supervisor.mjs'))});
    const { logsDir } = await import(${JSON.stringify(join(repoRoot, 'platform', 'state.mjs'))});
    (await import('node:fs')).mkdirSync(logsDir, { recursive: true });
    const marker = 'pipeline-supervisor-test-' + process.pid;
    let ran = [];
    let failBootstrap = false;
    const task = (name, after) => ({
      name,
      after,
      run: async () => {
        if (name === 'bootstrap' && failBootstrap) throw new Error('bootstrap failed');
        ran.push(name);
      },
    });
    const server = {
      name: 'server',
      command: process.execPath,
      match: marker,
      args: ['-e', 'setInterval(() => {}, 1000)', marker],
      ports: [],
      ready: async () => true,
      timeoutMs: 5000,
      stopGraceMs: 2000,
    };
    const components = [
      task('credentials', []),
      server,
      task('bootstrap', ['server', 'credentials']),
      task('routes', ['bootstrap']),
    ];
    const state = { processes: {} };
    const rounds = [];
    for (const step of ${JSON.stringify(steps)}) {
      ran = [];
      let results = [];
      let error;
      try {
        if (step === 'restart-server') await supervisor.stopComponent(state, server);
        if (step === 'stop-all') {
          await supervisor.stopAll(state, components);
          rounds.push({ ran, results, tasks: Object.keys(state.tasks ?? {}) });
          continue;
        }
        failBootstrap = step === 'fail-bootstrap';
        const version = step === 'no-version' ? undefined : step === 'new-version' ? 'v2' : 'v1';
        results = await supervisor.startAll(state, components, { version });
      } catch (e) {
        error = e.message;
      }
      rounds.push({ ran, results, error });
    }
    await supervisor.stopAll(state, components);
    console.log(JSON.stringify(rounds));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, PIPELINE_PLATFORM_DIR: mkdtempSync(join(work, 'state-')) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '[]');
}

describe('platform supervisor: one-shot tasks', () => {
  it('runs each task once against the same processes, and again when a dependency restarts', () => {
    const [first, again, restarted] = scenario(['up', 'up', 'restart-server']);
    expect(first?.ran.sort()).toEqual(['bootstrap', 'credentials', 'routes']);
    expect(again?.ran).toEqual([]);
    expect(again?.results.filter((result) => result.task).every((result) => result.reused)).toBe(true);
    // The server is a new process: what bootstrap wrote into the old one is gone, and routes
    // depends on it through bootstrap. credentials depends on no process and stays done.
    expect(restarted?.ran.sort()).toEqual(['bootstrap', 'routes']);
    expect(restarted?.results.find((result) => result.name === 'server')?.reused).toBe(false);
  });

  it('runs every task again for another version of the platform files, and always without one', () => {
    const [, newVersion, noVersion, noVersionAgain] = scenario([
      'up',
      'new-version',
      'no-version',
      'no-version',
    ]);
    expect(newVersion?.ran.sort()).toEqual(['bootstrap', 'credentials', 'routes']);
    expect(noVersion?.ran.sort()).toEqual(['bootstrap', 'credentials', 'routes']);
    expect(noVersionAgain?.ran.sort()).toEqual(['bootstrap', 'credentials', 'routes']);
  });

  it('runs a task that failed again, and forgets what was done once the platform stops', () => {
    const [failing, recovered] = scenario(['fail-bootstrap', 'up']);
    expect(failing?.error).toContain('bootstrap failed');
    expect(failing?.ran).toEqual(['credentials']);
    expect(recovered?.error).toBeUndefined();
    expect(recovered?.ran.sort()).toEqual(['bootstrap', 'routes']);
    const [, stopped, afterStop] = scenario(['up', 'stop-all', 'up']);
    expect(stopped?.tasks).toEqual([]);
    expect(afterStop?.ran.sort()).toEqual(['bootstrap', 'credentials', 'routes']);
  });
});
