// The order test files are handed to vitest's two workers in.
//
// Files that use the local platform (usePlatform) hold it one at a time (holdPlatform): together
// they are the run's critical path. A worker that picks one while the other worker holds the
// platform waits for it, so a plain larger-files-first order (vitest's own on a fresh clone, where
// no durations are cached) lines the platform files up first, leaves one worker waiting through
// all of them, and runs the other files after them. Here the other files are dealt out between
// the platform files instead: while one worker runs a platform file, the other runs the share of
// other files that follows it, then takes the next platform file and waits only for the platform.
import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const HOLDS_PLATFORM = /\busePlatform\(/;

/** Whether the file takes the platform (usePlatform): it runs while no other platform file does. */
function holdsPlatform(spec: TestSpecification): boolean {
  try {
    return HOLDS_PLATFORM.test(readFileSync(spec.moduleId, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * `platform` files in turn, each followed by its share of `others` (both kept in their order):
 * the shares differ by one file at most, the earlier ones taking the remainder.
 */
export function interleave<T>(platform: readonly T[], others: readonly T[]): T[] {
  if (platform.length === 0) return [...others];
  const order: T[] = [];
  const share = Math.floor(others.length / platform.length);
  let remainder = others.length % platform.length;
  let next = 0;
  for (const file of platform) {
    order.push(file);
    const take = share + (remainder > 0 ? 1 : 0);
    if (remainder > 0) remainder--;
    order.push(...others.slice(next, next + take));
    next += take;
  }
  return order;
}

export class PlatformInterleavingSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // vitest's own order first (failed first, then longest or largest), kept within each kind.
    const sorted = await super.sort(files);
    const platform = sorted.filter(holdsPlatform);
    const others = sorted.filter((spec) => !platform.includes(spec));
    return interleave(platform, others);
  }
}
