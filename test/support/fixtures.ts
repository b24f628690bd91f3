import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './bundle.js';

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
