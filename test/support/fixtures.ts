import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './bundle.js';
import { requireTool } from './tools.js';

/** trivy's own golden reports (Apache-2.0, copied from trivy's integration tests; see NOTICE.md). */
export const goldenReports = join(repoRoot, 'test', 'fixtures', 'trivy-reports');

/** The project's own small fixtures, always present. */
export const fixtures = join(repoRoot, 'test', 'fixtures');

/** The run-probe context: a RUN step whose binary writes the architecture that ran it. */
export function runProbeContext(): string {
  const probe = join(repoRoot, 'test', 'fixtures', 'run-probe');
  const context = mkdtempSync(join(tmpdir(), 'run-probe-'));
  for (const arch of ['amd64', 'arm64'])
    execFileSync('go', ['build', '-trimpath', '-o', join(context, `probe-${arch}`), '.'], {
      cwd: probe,
      env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: arch },
    });
  copyFileSync(join(probe, 'Containerfile'), join(context, 'Containerfile'));
  return context;
}

/**
 * A trivy DB built from the project's DB fixtures (in `work`/db) and pushed to `repository`, where
 * the gate downloads it from; `nextUpdate` sets its NextUpdate (the gate's cache key).
 */
export function pushTrivyDb(repository: string, work: string, nextUpdate?: Date): void {
  execFileSync(
    requireTool('trivy-db-builder'),
    [
      '-fixtures',
      join(fixtures, 'trivy-db', 'fixtures'),
      '-out',
      join(work, 'db'),
      '-push',
      repository,
      ...(nextUpdate ? ['-next-update', nextUpdate.toISOString()] : []),
    ],
    { stdio: 'pipe' },
  );
}
