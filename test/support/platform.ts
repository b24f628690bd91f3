// The local platform for a test file: started (or reused) before its tests, or every test fails
// with the reason it could not start. Never a skip.
import { beforeAll } from 'vitest';
import { ensurePlatform, type PlatformStatus } from '../../platform/index.mjs';

/** A cold start builds the tools first (scripts/install-tools.sh): allow for it. */
const START_TIMEOUT_MS = 80 * 60_000;

export function usePlatform(): () => PlatformStatus {
  let status: PlatformStatus | undefined;
  let failure: Error | undefined;
  beforeAll(async () => {
    try {
      status = await ensurePlatform();
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
  }, START_TIMEOUT_MS);
  return () => {
    if (failure) throw new Error(`the local platform could not start: ${failure.message}`);
    if (!status) throw new Error('the local platform was not started (usePlatform outside a test file?)');
    return status;
  };
}
