// The local platform for a test file: started (or reused) before its tests, or every test fails
// with the reason it could not start. Never a skip.
//
// A file holds the platform from its first test to its last (holdPlatform): files that stop the
// apiserver, Prometheus or the registry must not run beside files that need them, so platform
// files run one at a time even when vitest runs files in parallel.
import { relative } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { ensurePlatform, holdPlatform, type PlatformStatus, resetApps } from '../../platform/index.mjs';

/** A cold start builds the tools first (scripts/install-tools.sh): allow for it. */
const START_TIMEOUT_MS = 80 * 60_000;

/** `clusters`: the fleet tests' other clusters too (platform/components/clusters.mjs). */
export function usePlatform({ clusters }: { clusters?: number } = {}): () => PlatformStatus {
  let status: PlatformStatus | undefined;
  let failure: Error | undefined;
  let release: (() => void) | undefined;
  beforeAll(async () => {
    try {
      const file = expect.getState().testPath;
      release = await holdPlatform(file ? relative(process.cwd(), file) : `vitest pid ${process.pid}`);
      status = await ensurePlatform({ clusters });
      // Each file starts with the stand-ins at their defaults, whatever the last one did.
      await resetApps();
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
