// The local platform for a test file: started (or reused) before its tests, or every test fails
// with the reason it could not start. Never a skip.
//
// A file holds the platform from its first test to its last (holdPlatform): files that stop the
// apiserver, Prometheus or the registry must not run beside files that need them, so such files
// have it to themselves even when vitest runs files in parallel; files that only deploy their own
// releases and send their own traffic hold it shared, beside each other.
import { relative } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { ensurePlatform, holdPlatform, type PlatformStatus, resetApps } from '../../platform/index.mjs';

/** A cold start builds the tools first (scripts/install-tools.sh): allow for it. */
const START_TIMEOUT_MS = 80 * 60_000;

/**
 * `clusters`: the fleet tests' other clusters too (platform/components/clusters.mjs); starting and
 * stopping them leaves the first cluster's processes and bootstrap alone (the supervisor runs a
 * task again only when a process it depends on restarted). `shared`: the file only deploys its own
 * releases (its own names) on real pods and sends its own traffic — it stops nothing another file
 * uses, injects no fault, leaves the stand-in apps alone — so it may run beside other such files
 * (holdPlatform); a file without it has the platform to itself.
 */
export function usePlatform({
  clusters,
  shared,
}: {
  clusters?: number;
  shared?: true;
} = {}): () => PlatformStatus {
  let status: PlatformStatus | undefined;
  let failure: Error | undefined;
  let release: (() => void) | undefined;
  beforeAll(async () => {
    try {
      const file = expect.getState().testPath;
      release = await holdPlatform(file ? relative(process.cwd(), file) : `vitest pid ${process.pid}`, {
        shared: shared === true,
      });
      status = await ensurePlatform({ clusters });
      // Each file that has the platform to itself starts with the stand-ins at their defaults,
      // whatever the last one did (a shared file does not use them: another may be judging them).
      if (!shared) await resetApps();
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
  }, START_TIMEOUT_MS);
  afterAll(() => release?.());
  return () => {
    if (failure) throw new Error(`the local platform could not start: ${failure.message}`);
    if (!status) throw new Error('the local platform was not started (usePlatform outside a test file?)');
    return status;
  };
}
