// The platform's cross-process locks: one serialising up/down/fault hooks, one giving a test file
// the platform to itself.
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
 * Exclusive use of the platform for a while (a test file): other holders wait. Tests that stop the
 * apiserver or break the registry must not run beside tests that need them working, so each
 * platform test file holds this from its first test to its last (test/support/platform.ts).
 * Returns the release function.
 */
export function holdPlatform(label = `pid ${process.pid}`) {
  return acquireFileLock(testsLockFile, label, 'to finish with the platform');
}
