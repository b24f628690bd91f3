// The order test files are handed to vitest's two workers in.
//
// Files that use the local platform (usePlatform) hold it one at a time (holdPlatform): together
// they are the run's critical path. A worker that picks one while the other worker holds the
// platform waits for it, so a plain larger-files-first order (vitest's own on a fresh clone, where
// no durations are cached) lines the platform files up first, leaves one worker waiting through
// all of them, and runs the other files after them. Here the other files are dealt out between
// the platform files instead: while one worker runs a platform file, the other runs the share of
// other files that follows it, then takes the next platform file and waits only for the platform.
//
// Platform files that hold it shared (usePlatform({ shared: true }): their own releases on real
// pods, their own traffic, no fault) run beside each other: they go first, both workers on them
// (the longest files of the run, mostly waiting on SLO windows), then a share of the other files,
// so a worker that finishes the shared ones has work while the last one ends, then the files that
// have the platform to themselves, each followed by its share as above.
import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const HOLDS_PLATFORM = /\busePlatform\(/;
const SHARES_PLATFORM = /\busePlatform\(\{[^)]*\bshared: true\b/;

/** How the file takes the platform (usePlatform): alone, shared with other such files, or not at all. */
function platformUse(spec: TestSpecification): 'alone' | 'shared' | 'none' {
  let text: string;
  try {
    text = readFileSync(spec.moduleId, 'utf8');
  } catch {
    return 'none';
  }
  if (SHARES_PLATFORM.test(text)) return 'shared';
  return HOLDS_PLATFORM.test(text) ? 'alone' : 'none';
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

/**
 * The run's order: the `shared` platform files together first, then a share of `others`, then
 * `alone` files interleaved with the rest of `others` (each kind kept in its order).
 */
export function platformOrder<T>(shared: readonly T[], alone: readonly T[], others: readonly T[]): T[] {
  if (shared.length === 0) return interleave(alone, others);
  const first = Math.round(others.length / (alone.length + 1));
  return [...shared, ...others.slice(0, first), ...interleave(alone, others.slice(first))];
}

export class PlatformInterleavingSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // vitest's own order first (failed first, then longest or largest), kept within each kind.
    const sorted = await super.sort(files);
    const use = new Map(sorted.map((spec) => [spec, platformUse(spec)]));
    const of = (kind: string) => sorted.filter((spec) => use.get(spec) === kind);
    return platformOrder(of('shared'), of('alone'), of('none'));
  }
}
