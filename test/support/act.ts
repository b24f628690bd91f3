// Runs workflows with nektos/act (built by scripts/install-tools.sh), every job on this host (no
// Docker), the way a user's repository runs them on GitHub: a caller repository whose workflows use
// `org/pipeline/.github/workflows/*.yml@v1` and `org/pipeline/actions/*@v1`. act resolves those to
// this working tree (--local-repository), so the runs use the dist/ bundles under test.
//
// What act cannot do offline, and what stands in:
// - actions/checkout: act copies the caller repository into the job's workspace itself and skips
//   the checkout of the workflow's own repository (what ours do).
// - actions/upload-artifact and github/codeql-action/upload-sarif talk to GitHub services; act
//   cannot fetch them (no github.com here). test/fixtures/act/github holds a stand-in for each that
//   keeps what the workflow relies on and stores into $GITHUB_SERVICES_DIR.
// - The Deployments API: GITHUB_API_URL points at a replay server (test/support/github-api.ts).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { repoRoot } from './bundle.js';
import { requireTool } from './tools.js';

/** The reusable workflows users call; their third-party actions need a stand-in under act. */
export const REUSABLE_WORKFLOWS = [
  'deliver.yml',
  'deliver-fleet.yml',
  'promote.yml',
  'rollback.yml',
  'rollback-fleet.yml',
];
const STAND_INS = join(repoRoot, 'test', 'fixtures', 'act', 'github');
/** The runner label our workflows ask for by default, run on the host. */
const RUNNER_LABEL = 'ubuntu-24.04';

interface Workflow {
  jobs?: Record<string, { steps?: { uses?: string }[] }>;
}

/** act's --local-repository arguments: our repository at v1, and a stand-in per GitHub-service action. */
export function localRepositories(): string[] {
  const mappings = new Set([`org/pipeline@v1=${repoRoot.replace(/\/$/, '')}`]);
  for (const file of REUSABLE_WORKFLOWS) {
    const workflow = load(readFileSync(join(repoRoot, '.github', 'workflows', file), 'utf8')) as Workflow;
    for (const job of Object.values(workflow.jobs ?? {})) {
      for (const { uses } of job.steps ?? []) {
        if (!uses || uses.startsWith('org/pipeline/') || uses.startsWith('actions/checkout@')) continue;
        const match = /^([^/@]+)\/([^/@]+)((?:\/[^@]+)?)@(.+)$/.exec(uses);
        if (!match) throw new Error(`${file}: cannot read the action reference '${uses}'`);
        const [, owner, repo, path, ref] = match as unknown as [string, string, string, string, string];
        const standIn = join(STAND_INS, repo);
        if (!existsSync(join(standIn, path, 'action.yml')))
          throw new Error(
            `${file} uses ${uses}, which act cannot fetch offline and which has no stand-in in ${join(standIn, path)}`,
          );
        mappings.add(`${owner}/${repo}@${ref}=${standIn}`);
      }
    }
  }
  return [...mappings].flatMap((mapping) => ['--local-repository', mapping]);
}

export interface ActRun {
  exitCode: number;
  /** act's whole log (secrets masked by act). */
  log: string;
  /** The ::error:: lines the steps printed. */
  errors: string[];
  ms: number;
  /** When each line of the log arrived (ms since the run started): how long each job took. */
  lineTimes: { ms: number; line: string }[];
}

export interface ActOptions {
  /** Event name, e.g. workflow_dispatch. */
  event: string;
  /** The workflow file, relative to the caller repository. */
  workflow: string;
  inputs?: Record<string, string>;
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
  /** Extra environment for every step (act's --env). */
  env?: Record<string, string>;
  timeoutMs?: number;
  /**
   * Where act's Actions cache server keeps its entries (the runner's ACTIONS_CACHE_URL): runs given
   * the same folder share a cache, as a repository's runs do on GitHub. Default: no cache server.
   */
  cacheServer?: string;
}

let runs = Math.floor(Date.now() / 1000);

/**
 * godotenv's forms: single-quoted (taken literally) for one line without a single quote; else
 * double-quoted with newlines and quotes escaped (PEM keys and kubeconfigs are multi-line).
 * godotenv misreads an escaped quote just before the closing one (`color=\"x\""` came out as
 * `color="x\'`), which label matchers always end with.
 */
function dotenv(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}=${/['\n\r]/.test(value) ? JSON.stringify(value) : `'${value}'`}\n`)
    .join('');
}

/**
 * The outputs act logged for the steps of one job of a called workflow (`[caller/called/job]`):
 * act stops a caller at a failed reusable workflow (its report job with `if: always()` does not
 * run, as it does on GitHub), so a failed run's outputs are read from act's log.
 */
export function stepOutputs(run: ActRun, job: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const [, name, value] of run.log.matchAll(
    new RegExp(`^\\[[^\\]]*/${job}\\s*\\]\\s+⚙\\s+::set-output:: ([^=]+)=(.*)$`, 'gm'),
  ))
    outputs[name as string] = value as string;
  return outputs;
}

/**
 * Spans of the jobs whose log prefix (`[caller/called/job name]`) matches `job`: from its first line
 * to its last, in ms since the run started.
 */
export function jobSpans(run: ActRun, job: RegExp): { name: string; from: number; to: number }[] {
  const spans = new Map<string, { name: string; from: number; to: number }>();
  for (const { ms, line } of run.lineTimes) {
    const name = /^\[([^\]]+)\]/.exec(line)?.[1]?.trim();
    if (!name || !job.test(name)) continue;
    const span = spans.get(name);
    if (span) span.to = ms;
    else spans.set(name, { name, from: ms, to: ms });
  }
  return [...spans.values()];
}

/** Runs one workflow of the caller repository `project` with act. `work` keeps act's caches and files. */
export function runWorkflow(project: string, work: string, options: ActOptions): Promise<ActRun> {
  const act = requireTool('act');
  mkdirSync(work, { recursive: true });
  // Secrets go through a 0600 file, not the command line (where ps would show them).
  const secretFile = join(work, 'secrets.env');
  writeFileSync(secretFile, dotenv(options.secrets ?? {}), { mode: 0o600 });
  const varFile = join(work, 'vars.env');
  writeFileSync(varFile, dotenv(options.vars ?? {}));
  const args = [
    options.event,
    '--workflows',
    options.workflow,
    '--platform',
    `${RUNNER_LABEL}=-self-hosted`,
    '--action-cache-path',
    join(work, 'act-cache'),
    ...(options.cacheServer
      ? ['--cache-server-path', options.cacheServer, '--cache-server-addr', '127.0.0.1']
      : ['--no-cache-server']),
    '--secret-file',
    secretFile,
    '--var-file',
    varFile,
    '--env-file',
    join(work, 'none.env'),
    ...localRepositories(),
    ...Object.entries(options.inputs ?? {}).flatMap(([name, value]) => ['--input', `${name}=${value}`]),
    // Each run its own id, as on GitHub (act's is always 1): artifact names and links carry it.
    // Each test's runs their own cache home (trivy's DB and scan cache), as each GitHub job has its
    // own machine: trivy's scan cache is a BoltDB that one process at a time may open, and files
    // holding the platform shared run act side by side.
    ...Object.entries({
      GITHUB_RUN_ID: String(++runs),
      XDG_CACHE_HOME: join(work, 'cache'),
      ...options.env,
    }).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
  ];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(act, args, { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const lineTimes: ActRun['lineTimes'] = [];
    let partial = '';
    child.stdout.on('data', (chunk) => {
      log += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) lineTimes.push({ ms: Date.now() - started, line });
    });
    child.stderr.on('data', (chunk) => {
      log += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 10 * 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const errors = [...log.matchAll(/::error::(.*)/g)].map((m) => (m[1] as string).trim());
      resolve({ exitCode: code ?? (signal ? 128 : 1), log, errors, ms: Date.now() - started, lineTimes });
    });
  });
}
