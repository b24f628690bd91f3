// The local platform (platform/index.mjs) for the tests that need it. Nothing starts here: those
// tests call usePlatform() (test/support/platform.ts), which reuses a running platform or starts
// one. This teardown stops the platform again when this run started it, so CI leaves nothing
// running; a platform that was already up (`npm run platform:up`) is left alone, as is one
// started with PIPELINE_PLATFORM_KEEP=1.
import { down, fixRegistry, platformStatus } from '../../platform/index.mjs';

export default async function setup(): Promise<() => Promise<void>> {
  const before = await platformStatus();
  const existed = Object.keys(before.components).length > 0;
  // No test runs yet: a registry fault an interrupted run left behind goes.
  if (before.registryFault) await fixRegistry();
  return async () => {
    if (existed || process.env.PIPELINE_PLATFORM_KEEP === '1') return;
    const after = await platformStatus();
    if (Object.keys(after.components).length > 0) await down();
  };
}
