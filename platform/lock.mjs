// The platform's cross-process locks: one serialising up/down/fault hooks, one giving a test file
// the platform, to itself or beside other files that only use it.
import { linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './proc.mjs';
import { say, stateDir } from './state.mjs';

const lockFile = join(stateDir, 'platform.lock');
const testsLockFile = join(stateDir, 'tests.lock');

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

/** Whether a process runs (ours counts: a holder of ours is released by us, never left behind). */
function processRuns(pid) {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

let holdings = 0;

/**
 * A readers-writer lock across processes: `shared` holders run beside each other, an exclusive
 * one alone. Each holder is a file `<pid>.<n>.<shared|exclusive>` (holding its label) in
 * `<path>.holders/`, added or judged only under the exclusive lock `path` (acquireFileLock); a
 * holder whose process is gone no longer counts and is removed. An exclusive waiter keeps `path`
 * while it waits for the holders to leave, so no new shared holder gets in meanwhile: a stream of
 * shared files cannot starve it.
 */
export async function acquireSharedLock(path, label, { shared }, waitingFor) {
  const holders = `${path}.holders`;
  const mode = shared ? 'shared' : 'exclusive';
  const mine = join(holders, `${process.pid}.${++holdings}.${mode}`);
  let announced = Date.now();
  for (;;) {
    const releaseGate = await acquireFileLock(path, label, waitingFor);
    let admitted = false;
    try {
      mkdirSync(holders, { recursive: true });
      for (;;) {
        const live = [];
        for (const name of readdirSync(holders)) {
          const [pid, , holderMode] = name.split('.');
          if (processRuns(Number(pid))) live.push({ name, holderMode });
          else rmSync(join(holders, name), { force: true });
        }
        admitted = shared ? live.every((holder) => holder.holderMode === 'shared') : live.length === 0;
        if (admitted) {
          writeFileSync(mine, `${label}\n`);
          break;
        }
        if (Date.now() - announced > 30_000) {
          const names = live.map((holder) => {
            try {
              return readFileSync(join(holders, holder.name), 'utf8').trim();
            } catch {
              return holder.name;
            }
          });
          say(`${label} waiting for ${names.join(', ')} ${waitingFor}…`);
          announced = Date.now();
        }
        // A shared waiter lets go of the gate while an exclusive holder works; an exclusive waiter
        // keeps it until the holders are gone.
        if (shared) break;
        await sleep(250);
      }
    } finally {
      releaseGate();
    }
    if (admitted) break;
    await sleep(250);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    rmSync(mine, { force: true });
  };
}

/** Serialises up/down/fault hooks across processes (CLI, vitest workers). */
export async function withLock(what, fn) {
  const release = await acquireFileLock(lockFile, 'a platform command', `to finish before ${what}`);
  try {
    return await fn();
  } finally {
    release();
  }
}

/**
 * Use of the platform for a while (a test file), from its first test to its last
 * (test/support/platform.ts). Files that stop the apiserver, Prometheus or the data plane, or
 * change the stand-in apps, hold it alone; files that only deploy their own releases and send
 * their own traffic hold it `shared`, beside each other. Returns the release function.
 */
export function holdPlatform(label = `pid ${process.pid}`, { shared = false } = {}) {
  return acquireSharedLock(testsLockFile, label, { shared }, 'to finish with the platform');
}
