// The platform's cross-process locks (platform/index.mjs acquireFileLock, acquireSharedLock), which keep test files
// that stop the apiserver or change the stand-in apps from running beside each other: several
// processes contending for it must never hold it at once, and a dead holder's lock is taken over.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/bundle.js';

const work = mkdtempSync(join(tmpdir(), 'pipeline-lock-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A process that takes the lock `rounds` times, marking entry and exit in `log`. */
function contender(lock: string, log: string, rounds: number): Promise<number> {
  const script = `
    import { appendFileSync } from 'node:fs';
    import { acquireFileLock } from ${JSON.stringify(join(repoRoot, 'platform', 'index.mjs'))};
    for (let i = 0; i < ${rounds}; i++) {
      const release = await acquireFileLock(${JSON.stringify(lock)}, 'contender', 'to finish');
      appendFileSync(${JSON.stringify(log)}, '+' + process.pid + '\\n');
      await new Promise((resolve) => setTimeout(resolve, 5));
      appendFileSync(${JSON.stringify(log)}, '-' + process.pid + '\\n');
      release();
    }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/**
 * A process that holds the readers-writer lock `rounds` times (shared or not), for `holdMs` each,
 * marking entry and exit in `log` as `+S pid` / `-S pid` (E when exclusive).
 */
function sharer(lock: string, log: string, shared: boolean, rounds: number, holdMs: number): Promise<number> {
  const mark = shared ? 'S' : 'E';
  const script = `
    import { appendFileSync } from 'node:fs';
    import { acquireSharedLock } from ${JSON.stringify(join(repoRoot, 'platform', 'index.mjs'))};
    for (let i = 0; i < ${rounds}; i++) {
      const release = await acquireSharedLock(${JSON.stringify(lock)}, 'sharer', { shared: ${shared} }, 'to finish');
      appendFileSync(${JSON.stringify(log)}, '+${mark} ' + process.pid + '\\n');
      await new Promise((resolve) => setTimeout(resolve, ${holdMs}));
      appendFileSync(${JSON.stringify(log)}, '-${mark} ' + process.pid + '\\n');
      release();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Replays a sharers' log: the most holders inside at once, and whether an exclusive one ever had company. */
function replay(log: string): { most: number; exclusiveWithOthers: boolean } {
  const inside = new Map<string, string>();
  let most = 0;
  let exclusiveWithOthers = false;
  for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
    const [sign, mark, pid] = [line[0], line[1], line.slice(3)];
    if (sign === '+') inside.set(pid, mark as string);
    else inside.delete(pid);
    most = Math.max(most, inside.size);
    if (inside.size > 1 && [...inside.values()].includes('E')) exclusiveWithOthers = true;
  }
  return { most, exclusiveWithOthers };
}

describe('platform lock', () => {
  it('is held by one process at a time, however many contend', async () => {
    const lock = join(work, 'contended.lock');
    const log = join(work, 'contended.log');
    writeFileSync(log, '');
    const codes = await Promise.all(Array.from({ length: 6 }, () => contender(lock, log, 15)));
    expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
    const marks = readFileSync(log, 'utf8').trim().split('\n');
    expect(marks).toHaveLength(6 * 15 * 2);
    for (let i = 0; i < marks.length; i += 2) {
      // Every entry is followed by the same process's exit: no one else got in between.
      expect(marks[i]?.startsWith('+'), `line ${i}: ${marks[i]}`).toBe(true);
      expect(marks[i + 1]).toBe(`-${marks[i]?.slice(1)}`);
    }
  }, 60_000);

  it('takes over a lock whose process is gone, and leaves none behind', async () => {
    const lock = join(work, 'stale.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(lock, `${dead.stdout} crashed test file\n`);
    const log = join(work, 'stale.log');
    writeFileSync(log, '');
    expect(await contender(lock, log, 1)).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(() => readFileSync(lock)).toThrow(/ENOENT/);
  });

  it('shared holders run beside each other; an exclusive one always alone', async () => {
    const lock = join(work, 'shared.lock');
    const together = join(work, 'together.log');
    writeFileSync(together, '');
    // Three shared holders of 2 s each: they overlap (one at a time would be 6 s in a row). Long
    // enough that a loaded machine, slow to start the three processes, still has them overlap.
    expect(await Promise.all([0, 1, 2].map(() => sharer(lock, together, true, 1, 2000)))).toEqual([0, 0, 0]);
    expect(replay(together).most).toBe(3);

    const mixed = join(work, 'mixed.log');
    writeFileSync(mixed, '');
    const codes = await Promise.all([
      sharer(lock, mixed, true, 6, 60),
      sharer(lock, mixed, true, 6, 60),
      sharer(lock, mixed, false, 4, 60),
      sharer(lock, mixed, false, 4, 60),
    ]);
    expect(codes).toEqual([0, 0, 0, 0]);
    expect(readFileSync(mixed, 'utf8').trim().split('\n')).toHaveLength(2 * (6 + 6 + 4 + 4));
    expect(replay(mixed).exclusiveWithOthers).toBe(false);
    // Nothing is left behind: no holder, no gate.
    expect(readdirSync(`${lock}.holders`)).toEqual([]);
    expect(() => readFileSync(lock)).toThrow(/ENOENT/);
  }, 60_000);

  it('a holder whose process is gone holds nothing', async () => {
    const lock = join(work, 'gone.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    mkdirSync(`${lock}.holders`);
    writeFileSync(join(`${lock}.holders`, `${dead.stdout}.1.exclusive`), 'crashed test file\n');
    const log = join(work, 'gone.log');
    writeFileSync(log, '');
    expect(await sharer(lock, log, false, 1, 10)).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(readdirSync(`${lock}.holders`)).toEqual([]);
  });
});
