// The platform's cross-process lock (platform/index.mjs acquireFileLock), which keeps test files
// that stop the apiserver or change the stand-in apps from running beside each other: several
// processes contending for it must never hold it at once, and a dead holder's lock is taken over.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
});
