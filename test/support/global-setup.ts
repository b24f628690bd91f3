// Starts the offline scanning environment once for the whole run (registry, trivy DB, images) and
// hands its addresses to the tests. Without the tools, the tests that need it fail with the reason.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { prepareScanEnvironment } from '../../scripts/lib/scan-env.mjs';

export interface ScanEnvironment {
  registry: string;
  dbRepository: string;
  images: { vulnerable: string; clean: string; vulnerableDigest: string; cleanDigest: string };
  archive: string;
  /** Where the environment lives; tests put their own files beside it. */
  workDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    scanEnvironment: ScanEnvironment | { error: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const workDir = mkdtempSync(join(tmpdir(), 'pipeline-scan-env-'));
  let stop = async () => {};
  try {
    const env = await prepareScanEnvironment(workDir);
    stop = env.stopRegistry;
    const { stopRegistry: _, ...provided } = env;
    project.provide('scanEnvironment', { ...provided, workDir });
  } catch (error) {
    project.provide('scanEnvironment', { error: error instanceof Error ? error.message : String(error) });
  }
  return async () => {
    await stop();
    rmSync(workDir, { recursive: true, force: true });
  };
}
