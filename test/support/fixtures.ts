import { join } from 'node:path';
import { repoRoot } from './bundle.js';

/** trivy's own golden reports (Apache-2.0, copied from trivy's integration tests; see NOTICE.md). */
export const goldenReports = join(repoRoot, 'test', 'fixtures', 'trivy-reports');

/** The project's own small fixtures, always present. */
export const fixtures = join(repoRoot, 'test', 'fixtures');
