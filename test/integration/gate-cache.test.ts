// security-gate keeps the trivy vulnerability DB in the Actions cache (cache-db, on by default),
// proven under act's own cache server — the service @actions/cache talks to on a runner: the first
// run downloads the DB and saves it under its NextUpdate; a later run on a fresh runner restores it
// and never asks the registry (here: a registry that refuses every connection); a runner with an
// empty cache and no registry fails closed.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActRun, runWorkflow } from '../support/act.js';
import { fixtures, pushTrivyDb } from '../support/fixtures.js';
import type { ScanEnvironment } from '../support/global-setup.js';
import { scanEnvironment } from '../support/scan-env.js';
import { requireTool } from '../support/tools.js';

const WORKFLOW = `name: Gate
on: workflow_dispatch
permissions:
  contents: read
jobs:
  gate:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: org/pipeline/actions/security-gate@v1
        id: gate
        with:
          scan-type: fs
          scan-ref: src
          scanners: vuln
          db-repository: \${{ vars.TRIVY_DB_REPOSITORY }}
          cache-dir: \${{ vars.TRIVY_CACHE_DIR }}
          cache-db: \${{ vars.CACHE_DB || 'true' }}
`;

/** Nothing listens there: a registry that refuses every connection. */
const DEAD_REPOSITORY = '127.0.0.1:9/trivy-db:2';

let env: ScanEnvironment;
let work: string;
let project: string;
let dbRepository: string;
const nextUpdate = new Date(Date.now() + 2 * 86_400_000);
nextUpdate.setUTCMilliseconds(0);
const key = `trivy-db-2-${nextUpdate.toISOString()}`.toLowerCase();
/** The runner's trivy cache: emptied before each run, as on a fresh runner. */
let trivyCache: string;

function gate(cacheServer: string, vars: Record<string, string>): Promise<ActRun> {
  rmSync(trivyCache, { recursive: true, force: true });
  return runWorkflow(project, join(work, 'act'), {
    event: 'workflow_dispatch',
    workflow: '.github/workflows/gate.yml',
    vars: { TRIVY_CACHE_DIR: trivyCache, ...vars },
    cacheServer,
    timeoutMs: 5 * 60_000,
  });
}

const logTail = (run: ActRun) => `exit ${run.exitCode}\n${run.errors.join('\n')}\n${run.log.slice(-3000)}`;

beforeAll(() => {
  requireTool('act');
  env = scanEnvironment();
  work = mkdtempSync(join(tmpdir(), 'pipeline-gate-cache-'));
  trivyCache = join(work, 'runner-trivy-cache');
  project = join(work, 'app-repo');
  mkdirSync(join(project, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(project, '.github', 'workflows', 'gate.yml'), WORKFLOW);
  cpSync(join(fixtures, 'targets', 'clean'), join(project, 'src'), { recursive: true });
  // act copies a git repository into the job's workspace, as checkout would.
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=act test', '-c', 'user.email=act@example.invalid', ...args], {
      cwd: project,
      stdio: 'pipe',
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'app');
  // A DB of its own, with a NextUpdate this test knows: it is the cache key.
  dbRepository = `${env.registry}/trivy-db-cache-${Date.now().toString(36)}:2`;
  pushTrivyDb(dbRepository, work, nextUpdate);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('security-gate keeps the vulnerability DB in the Actions cache (act`s cache server)', () => {
  it(
    'downloads and saves it once; a fresh runner restores it without the registry; an empty cache fails closed',
    async () => {
      const cacheServer = join(work, 'cache-server');
      const first = await gate(cacheServer, { TRIVY_DB_REPOSITORY: dbRepository });
      expect(first.exitCode, logTail(first)).toBe(0);
      expect(first.log).toContain(`vulnerability DB saved to the Actions cache: ${key}`);
      expect(first.log).toMatch(/Artifact successfully downloaded.*trivy-db-cache/);

      // A fresh runner, and the registry gone: the DB comes from the cache, trivy asks nothing.
      const second = await gate(cacheServer, { TRIVY_DB_REPOSITORY: DEAD_REPOSITORY });
      expect(second.exitCode, logTail(second)).toBe(0);
      expect(second.log).toContain(`vulnerability DB restored from the Actions cache: ${key}`);
      expect(second.log).not.toMatch(/Downloading vulnerability DB|Failed to download artifact/);
      expect(second.log).not.toContain('saved to the Actions cache');

      // Off (cache-db: false), the same cache is not read: the dead registry fails the scan.
      const off = await gate(cacheServer, { TRIVY_DB_REPOSITORY: DEAD_REPOSITORY, CACHE_DB: 'false' });
      expect(off.exitCode, logTail(off)).not.toBe(0);
      expect(off.log).not.toContain('restored from the Actions cache');
      expect(off.errors.join('\n')).toMatch(/trivy fs failed/);

      // A repository whose cache is empty, and no registry: no DB, no verdict — the step fails.
      const empty = await gate(join(work, 'empty-cache-server'), { TRIVY_DB_REPOSITORY: DEAD_REPOSITORY });
      expect(empty.exitCode, logTail(empty)).not.toBe(0);
      expect(empty.log).not.toContain('restored from the Actions cache');
      expect(empty.errors.join('\n')).toMatch(/trivy fs failed/);
    },
    20 * 60_000,
  );
});
