// The reusable workflows and the Rollback form, run by nektos/act with every job on this host,
// against the local platform — as a user's repository runs them: a caller repository (the example
// app, manifests and SLO file) whose workflows call org/pipeline/.github/workflows/*.yml@v1.
//
// deliver 1.0.0 (gate the source, build, sign, gate the digest, blue-green deploy, SLO
// verification) → promote it to production → a committed credential stops a delivery at the
// source gate → deliver 2.0.0 → deliver 3.0.0, which breaches the error-rate SLO and is rolled
// back → pipeline's own promote form moves 2.0.0 to production → pipeline's own Rollback form
// with its defaults goes to the previous good version (1.0.0: the rolled-back 3.0.0 is skipped),
// its signature checked, verified, the incident record as an artifact → the form a user copies
// (examples/workflows/rollback.yml, verbatim) back to 2.0.0 by name → a version the release never
// had, refused with nothing changed.
//
// The real thing, as in the workloads test: each delivery's image (examples/app, 3.0.0 built with
// a 30% error rate compiled in) runs on the real node, traffic moves through Traefik's Gateway in
// steps, the SLO is the default one's objectives (durations shortened), and users' traffic flows
// through the Gateway the whole time: no request may fail but for the bad release's own errors.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../platform/index.mjs';
import { buildAppBinary } from '../../scripts/lib/app-image.mjs';
import { writeExampleManifests } from '../../scripts/lib/examples.mjs';
import { otherFailures, startTraffic, type Traffic, totalsByVersion } from '../../scripts/lib/traffic.mjs';
import {
  BAD_RELEASE,
  STORY_RELEASES,
  servedRecords,
  workloadStory,
} from '../../scripts/lib/workload-story.mjs';
import { type ActOptions, type ActRun, runWorkflow, stepOutputs } from '../support/act.js';
import { repoRoot } from '../support/bundle.js';
import { verifyWithKey } from '../support/cosign.js';
import { pushTrivyDb } from '../support/fixtures.js';
import { type GithubApi, startGithubApi } from '../support/github-api.js';
import { usePlatform } from '../support/platform.js';
import { expectValidSarif } from '../support/sarif.js';
import { requireTool } from '../support/tools.js';

const platform = usePlatform({ shared: true });
const NS = 'pipeline-staging';
const RUN = Date.now().toString(36).slice(-5);
const release = `act-${RUN}`;
const STEP_TIMEOUT = 6 * 60_000;

let work: string;
let project: string;
let results: string;
let services: string;
let githubApi: GithubApi;
let headSha: string;
let cosignPublicKey: string;
let cosignPrivateKey: string;
let story: ReturnType<typeof workloadStory>;
let traffic: Traffic | undefined;

/**
 * The user's repository: the example app (its build context: Containerfile and binaries), its
 * manifests (named after the release), an SLO file, the callers.
 */
function createCallerRepository(): string {
  const dir = join(work, 'app-repo');
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  cpSync(buildAppBinary(), join(dir, 'app'), {
    recursive: true,
    filter: (source) => basename(source) !== '.git',
  });
  mkdirSync(join(dir, 'deploy'));
  writeExampleManifests(join(dir, 'deploy', 'app.yaml'), release);
  mkdirSync(join(dir, 'slo'));
  // The default SLO's objectives, window and `for` durations shortened (extends: default).
  cpSync(story.slo, join(dir, 'slo', 'runbook-fast.yaml'));
  for (const caller of ['deliver.yml', 'promote.yml'])
    cpSync(
      join(repoRoot, 'test', 'fixtures', 'act', 'workflows', caller),
      join(dir, '.github', 'workflows', caller),
    );
  cpSync(
    join(repoRoot, 'examples', 'workflows', 'rollback.yml'),
    join(dir, '.github', 'workflows', 'rollback.yml'),
  );
  // The forms as pipeline's own repository has them (workflow_dispatch of the reusable workflows).
  for (const form of ['rollback.yml', 'promote.yml'])
    cpSync(
      join(repoRoot, '.github', 'workflows', form),
      join(dir, '.github', 'workflows', `pipeline-${form}`),
    );
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=act test', '-c', 'user.email=act@example.invalid', ...args], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();
}

/** A new version of the app is a new commit (so a new image: the build stamps the commit in). */
function commitVersion(version: string): string {
  git(project, 'add', '-A');
  git(project, 'commit', '-q', '--allow-empty', '-m', `release ${version}`);
  return git(project, 'rev-parse', 'HEAD');
}

/**
 * A delivery of `version`, its behaviour compiled in by the story's build arguments for it; or of
 * an image already by digest (nothing built).
 */
function deliver(version: string, image = ''): Promise<ActRun> {
  headSha = commitVersion(version);
  const buildArgs = (STORY_RELEASES as Record<string, string[]>)[version] ?? [];
  return act({
    event: 'workflow_dispatch',
    workflow: '.github/workflows/deliver.yml',
    inputs: { version, 'build-args': buildArgs.join('\n'), image },
  });
}

function act(options: ActOptions): Promise<ActRun> {
  const status = platform();
  return runWorkflow(project, work, {
    ...options,
    vars: {
      IMAGE: `${status.registry}/staging/${release}`,
      NAMESPACE: NS,
      RELEASE: release,
      PROMETHEUS_URL: status.prometheus,
      // Through the Gateway in steps, each color smoke-checked on its preview listener first.
      TRAFFIC: 'gateway',
      HTTP_ROUTE: release,
      TRAFFIC_STEPS: '50,100',
      STEP_INTERVAL: '3s',
      SMOKE_URL: story.smokeUrls,
      REGISTRY_USERNAME: 'act',
      TRIVY_DB_REPOSITORY: `${status.registry}/trivy-db:2`,
      PRODUCTION_REPOSITORY: `${status.registry}/production/${release}`,
      // The promote form's target-environment variables.
      PROMOTE_REPOSITORY: `${status.registry}/production/${release}`,
      // What the promote form may take images from (anyone with dispatch rights types the image).
      PROMOTE_FROM: `${status.registry}/staging/${release}`,
      INSECURE_REGISTRY: 'true',
      COSIGN_PUBLIC_KEY: cosignPublicKey,
      // The Rollback form's environment variables.
      MANIFESTS: 'deploy/app.yaml',
      SLO: 'slo/runbook-fast.yaml',
      // The signer the version put back must be signed by is COSIGN_PUBLIC_KEY; no Rekor here.
      TRANSPARENCY_LOG: 'false',
      ...options.vars,
    },
    secrets: {
      GITHUB_TOKEN: 'ghs_act_test_token',
      KUBECONFIG: readFileSync(status.restrictedKubeconfig, 'utf8'),
      REGISTRY_PASSWORD: 'act-registry-password',
      COSIGN_KEY: cosignPrivateKey,
      COSIGN_PASSWORD: 'act-cosign-password',
      ...options.secrets,
    },
    env: {
      RESULTS_DIR: results,
      GITHUB_SERVICES_DIR: services,
      GITHUB_API_URL: githubApi.url,
      // buildah without a container engine's storage setup (as the demo).
      STORAGE_DRIVER: 'vfs',
      ...options.env,
    },
  });
}

/** What a caller's report job wrote: the called workflow's result and outputs. */
function report(name: string): { result: string; outputs: Record<string, string> } {
  return JSON.parse(readFileSync(join(results, `${name}.json`), 'utf8'));
}

function releaseState(): {
  activeColor: string;
  colors: Record<string, { version: string; digest: string }>;
  history: { action: string; version: string; outcome: string; actor?: string; reason?: string }[];
  counters: Record<string, number>;
} {
  const configMap = JSON.parse(
    kubectl(['-n', NS, 'get', 'configmap', `pipeline-${release}-state`, '-o', 'json']),
  );
  return JSON.parse(configMap.data['state.json']);
}
const liveVersion = () => {
  const state = releaseState();
  return state.colors[state.activeColor]?.version;
};
/** cosign verifies the image with the release key's public half on its own (throws otherwise). */
function verifySignedByReleaseKey(image: string): void {
  verifyWithKey(image, join(work, 'keys', 'cosign.pub'));
}

const logTail = (run: ActRun) => `exit ${run.exitCode}\n${run.errors.join('\n')}\n${run.log.slice(-4000)}`;

/** The artifacts uploaded so far (their folders in the upload-artifact stand-in's store). */
function artifacts(): string[] {
  const dir = join(services, 'artifacts');
  return existsSync(dir) ? readdirSync(dir).filter((name) => !name.endsWith('.retention-days')) : [];
}

/** Submits a Rollback form for staging; returns the run and the incident artifacts it uploaded. */
async function submitRollbackForm(
  workflow: string,
  inputs: { version: string; reason: string; verify: 'true' | 'false' },
): Promise<{ run: ActRun; incidents: string[] }> {
  const before = artifacts();
  const run = await act({
    event: 'workflow_dispatch',
    workflow: `.github/workflows/${workflow}`,
    inputs: { environment: 'staging', ...inputs },
  });
  return { run, incidents: artifacts().filter((name) => !before.includes(name)) };
}

const deliveries: Record<string, { digest: string; image: string }> = {};

beforeAll(async () => {
  requireTool('act');
  work = mkdtempSync(join(tmpdir(), 'pipeline-act-'));
  results = join(work, 'results');
  services = join(work, 'services');
  mkdirSync(results);
  mkdirSync(services);
  story = workloadStory({ status: platform(), release, work, namespace: NS });
  project = createCallerRepository();
  githubApi = await startGithubApi();
  const keys = join(work, 'keys');
  mkdirSync(keys);
  execFileSync(requireTool('cosign'), ['generate-key-pair'], {
    cwd: keys,
    env: { ...process.env, COSIGN_PASSWORD: 'act-cosign-password' },
    stdio: 'pipe',
  });
  cosignPrivateKey = readFileSync(join(keys, 'cosign.key'), 'utf8');
  cosignPublicKey = readFileSync(join(keys, 'cosign.pub'), 'utf8');
  // The vulnerability DB the gate downloads, built from test/fixtures, in the platform's registry.
  pushTrivyDb(`${platform().registry}/trivy-db:2`, work);
  // The release's routes on the Gateway, and its users: they arrive before the first release does.
  story.applyRoutes();
  traffic = startTraffic({ url: story.liveUrl, rps: 50, durationMs: 30 * 60_000, maxRequests: 100_000 });
}, 120_000);

afterAll(async () => {
  await traffic?.stop();
  await githubApi?.close();
  try {
    story?.cleanup();
  } catch {}
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('deliver.yml, promote.yml and the Rollback form, run by act on the host', () => {
  it(
    'deliver 1.0.0: gate the source, build and sign, gate the pushed digest, blue-green deploy with SLO verification',
    async () => {
      const run = await deliver('1.0.0');
      expect(run.exitCode, logTail(run)).toBe(0);
      const { result, outputs } = report('deliver-1.0.0');
      expect(result).toBe('success');
      expect(outputs).toMatchObject({
        'source-gate-verdict': 'pass',
        'gate-verdict': 'pass',
        verdict: 'pass',
        'rolled-back': 'false',
      });
      expect(outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(outputs.image).toBe(`${platform().registry}/staging/${release}@${outputs.digest}`);
      deliveries['1.0.0'] = { digest: outputs.digest as string, image: outputs.image as string };

      // The bytes in the registry are the ones built, signed with the COSIGN_KEY secret.
      verifySignedByReleaseKey(outputs.image as string);
      const state = releaseState();
      expect(state.colors[state.activeColor]).toMatchObject({ version: '1.0.0', digest: outputs.digest });
      expect(state.history[0]).toMatchObject({ action: 'deploy', version: '1.0.0', outcome: 'verified' });

      // Both gates' SARIF went to code scanning, each under its own category.
      for (const category of ['security-gate-source-staging', 'security-gate-staging']) {
        const sarif = JSON.parse(readFileSync(join(services, 'code-scanning', `${category}.sarif`), 'utf8'));
        expect(sarif.runs[0].tool.driver.name).toMatch(/trivy/i);
        // An image's target ("127.0.0.1:PORT/app:tag") is a URI reference GitHub accepts.
        expectValidSarif(sarif);
      }

      // A GitHub Deployment for the environment, at the commit act ran, that ended in success.
      const created = githubApi.requests.filter((r) => r.url.endsWith('/deployments'));
      expect(created).toHaveLength(1);
      expect(created[0]?.body).toMatchObject({ environment: 'staging', ref: headSha });
      const states = githubApi.requests.filter((r) => r.url.endsWith('/statuses')).map((r) => r.body.state);
      expect(states[0]).toBe('in_progress');
      expect(states.at(-1)).toBe('success');
      // The token never reaches the log.
      expect(run.log).not.toContain('ghs_act_test_token');
      expect(run.log).not.toContain('act-cosign-password');
    },
    STEP_TIMEOUT,
  );

  it(
    'promote.yml moves 1.0.0 to production by digest with its signature and verification proof',
    async () => {
      const delivered = deliveries['1.0.0'];
      if (!delivered) throw new Error('deliver 1.0.0 did not run');
      const run = await act({
        event: 'workflow_dispatch',
        workflow: '.github/workflows/promote.yml',
        inputs: { image: delivered.image, tags: '1.0.0' },
      });
      expect(run.exitCode, logTail(run)).toBe(0);
      const { outputs } = report('promote');
      const production = `${platform().registry}/production/${release}`;
      expect(outputs).toMatchObject({ digest: delivered.digest, image: `${production}@${delivered.digest}` });
      expect(outputs.tags?.split('\n').sort()).toEqual([`${production}:1.0.0`, `${production}:production`]);
      // The copied signature verifies at the destination on its own.
      verifySignedByReleaseKey(`${production}:1.0.0`);
    },
    STEP_TIMEOUT,
  );

  it(
    'a credential committed to the source stops the delivery at the source gate, before anything is built',
    async () => {
      const before = releaseState();
      const secret = join(project, 'app', 'deploy.env');
      cpSync(join(repoRoot, 'test', 'fixtures', 'targets', 'secrets', 'config.env'), secret);
      const run = await deliver('1.5.0');
      expect(run.exitCode).not.toBe(0);
      const sourceGate = stepOutputs(run, 'source-gate');
      expect(sourceGate.verdict).toBe('fail');
      expect(Number(sourceGate.secrets)).toBeGreaterThan(0);
      expect(run.errors.join('\n')).toMatch(/secret/i);
      // Nothing was built, pushed or deployed.
      expect(run.log).not.toMatch(/Run Main org\/pipeline\/actions\/build-push/);
      expect(run.log).not.toMatch(/Run Main org\/pipeline\/actions\/deploy/);
      expect(releaseState()).toEqual(before);
      rmSync(secret);
    },
    STEP_TIMEOUT,
  );

  it(
    'an image given by digest must carry the release signature: an unsigned copy stops at the image gate',
    async () => {
      const delivered = deliveries['1.0.0'];
      if (!delivered) throw new Error('deliver 1.0.0 did not run');
      const before = releaseState();
      // The same bytes under another repository: its signature stayed with the original.
      const copy = `${platform().registry}/unsigned/${release}`;
      execFileSync(requireTool('skopeo'), [
        'copy',
        '--quiet',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        `docker://${delivered.image}`,
        `docker://${copy}:1.0.0`,
      ]);
      const unsigned = await deliver('1.0.0', `${copy}@${delivered.digest}`);
      expect(unsigned.exitCode).not.toBe(0);
      expect(unsigned.errors.join('\n')).toMatch(/signature/i);
      expect(unsigned.log).not.toMatch(/Run Main org\/pipeline\/actions\/build-push/);
      expect(unsigned.log).not.toMatch(/Run Main org\/pipeline\/actions\/deploy/);
      expect(releaseState()).toEqual(before);

      // The signed original by digest passes the gate; it is live and verified already: a no-op.
      const signed = await deliver('1.0.0', delivered.image);
      expect(signed.exitCode, logTail(signed)).toBe(0);
      expect(signed.log).not.toMatch(/Run Main org\/pipeline\/actions\/build-push/);
      expect(stepOutputs(signed, 'gate').verdict).toBe('pass');
      expect(liveVersion()).toBe('1.0.0');
    },
    STEP_TIMEOUT,
  );

  it(
    'deliver 2.0.0 goes live; deliver 3.0.0 breaches the error-rate SLO and is rolled back automatically',
    async () => {
      const second = await deliver('2.0.0');
      expect(second.exitCode, logTail(second)).toBe(0);
      expect(liveVersion()).toBe('2.0.0');
      const { outputs: delivered } = report('deliver-2.0.0');
      deliveries['2.0.0'] = { digest: delivered.digest as string, image: delivered.image as string };

      // 3.0.0 answers 30% of its requests with 500: the fault is compiled into its image.
      const apiBefore = githubApi.requests.length;
      const third = await deliver(BAD_RELEASE);
      expect(third.exitCode, logTail(third)).not.toBe(0);
      // act stops a caller at a failed reusable workflow (the report job with `if: always()` does not
      // run, as it does on GitHub), so the deploy step's outputs are read from act's log instead.
      expect(stepOutputs(third, 'deploy')).toMatchObject({
        verdict: 'fail',
        'rolled-back': 'true',
        breached: 'error-rate',
        // What is live after the rollback.
        version: '2.0.0',
      });
      expect(stepOutputs(third, 'gate')).toMatchObject({ verdict: 'pass' });
      expect(third.errors.join('\n')).toMatch(/error-rate/);
      expect(liveVersion()).toBe('2.0.0');
      expect(releaseState().history.find((entry) => entry.version === BAD_RELEASE)).toMatchObject({
        action: 'deploy',
        outcome: 'rolled-back',
      });
      // GitHub Deployments mirror it: 3.0.0's never said success (in progress while verified, then
      // failure); the version put back is the environment's active deployment again.
      const calls = githubApi.requests
        .slice(apiBefore)
        .map((request) =>
          request.url.endsWith('/statuses')
            ? `status ${request.body.state}`
            : `create ${(request.body.payload as { version: string }).version}`,
        );
      // (Traffic goes back first: 3.0.0's failure is reported once 2.0.0 serves again.)
      expect(calls).toEqual([
        'create 3.0.0',
        'status in_progress',
        'status in_progress',
        'create 2.0.0',
        'status in_progress',
        'status success',
        'status failure',
      ]);
      expect(releaseState().counters).toMatchObject({
        deployments_total: 3,
        rollbacks_total: 1,
        sla_violations_total: 1,
      });
    },
    2 * STEP_TIMEOUT,
  );

  it(
    "promote.yml's form: 2.0.0 staging → production, the rest from the target environment's variables",
    async () => {
      const delivered = deliveries['2.0.0'];
      if (!delivered) throw new Error('deliver 2.0.0 did not run');
      const run = await act({
        event: 'workflow_dispatch',
        workflow: '.github/workflows/pipeline-promote.yml',
        inputs: {
          image: delivered.image,
          'source-environment': 'staging',
          'target-environment': 'production',
          tags: '2.0.0',
        },
      });
      expect(run.exitCode, logTail(run)).toBe(0);
      const production = `${platform().registry}/production/${release}`;
      expect(stepOutputs(run, 'promote')).toMatchObject({
        digest: delivered.digest,
        image: `${production}@${delivered.digest}`,
      });
      verifySignedByReleaseKey(`${production}:2.0.0`);
    },
    STEP_TIMEOUT,
  );

  it(
    "pipeline's own Rollback form with its defaults: previous skips the rolled-back 3.0.0, 1.0.0 is redeployed where 3.0.0 ran and verified",
    async () => {
      // The form's defaults: empty version (previous), verify on, the environment's SLO.
      const { run, incidents } = await submitRollbackForm('pipeline-rollback.yml', {
        version: '',
        reason: 'act: 2.0.0 pages the on-call',
        verify: 'true',
      });
      expect(run.exitCode, logTail(run)).toBe(0);
      expect(liveVersion()).toBe('1.0.0');
      const rolledBack = stepOutputs(run, 'rollback');
      // Not warm (blue ran 3.0.0 until a minute ago): redeployed there. Verification selects the
      // version put back: the bad release's series on the same color are not judged with it.
      expect(rolledBack).toMatchObject({ version: '1.0.0', color: 'blue' });
      expect(rolledBack.target).toBe(
        `namespace="${NS}", release="${release}", color="blue", version="1.0.0"`,
      );
      const history = releaseState().history;
      expect(history[0]).toMatchObject({
        action: 'rollback',
        version: '1.0.0',
        outcome: 'deployed',
        reason: 'act: 2.0.0 pages the on-call',
      });
      // What the form took away is never `previous` again.
      expect(history.find((entry) => entry.version === '2.0.0')).toMatchObject({ outcome: 'rolled-back' });
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatch(/^incident-staging-\d+-\d+$/);
      const folder = join(services, 'artifacts', incidents[0] as string);
      expect(JSON.parse(readFileSync(join(folder, 'incident.json'), 'utf8'))).toMatchObject({
        reason: 'act: 2.0.0 pages the on-call',
        from: { version: '2.0.0' },
        to: { version: '1.0.0', digest: deliveries['1.0.0']?.digest },
        method: 'redeploy',
        // Signed by the build with the COSIGN_KEY secret, checked with the COSIGN_PUBLIC_KEY variable;
        // verified by the rollback action itself.
        verdicts: { smoke: 'pass', slo: 'pass', signature: expect.stringMatching(/valid signature/) },
      });
      const verification = JSON.parse(readFileSync(join(folder, 'verification.json'), 'utf8'));
      expect(verification).toMatchObject({ verdict: 'pass', target: rolledBack.target });
      expect(
        Object.fromEntries(
          (verification.objectives as { name: string; status: string }[]).map((o) => [o.name, o.status]),
        ),
      ).toEqual({ 'error-rate': 'pass', 'response-time': 'not-evaluated', cpu: 'pass' });
      expect(readFileSync(`${folder}.retention-days`, 'utf8').trim()).toBe('90');
    },
    STEP_TIMEOUT,
  );

  it(
    'the Rollback form a user copies (examples/workflows/rollback.yml): 2.0.0 by name, still warm, unverified when asked',
    async () => {
      const apiBefore = githubApi.requests.length;
      const { run, incidents } = await submitRollbackForm('rollback.yml', {
        version: '2.0.0',
        reason: 'act: 1.0.0 was the wrong pick',
        verify: 'false',
      });
      expect(run.exitCode, logTail(run)).toBe(0);
      expect(liveVersion()).toBe('2.0.0');
      expect(run.log).not.toContain('verifying 2.0.0 after the rollback');
      expect(incidents).toHaveLength(1);
      const folder = join(services, 'artifacts', incidents[0] as string);
      const incident = JSON.parse(readFileSync(join(folder, 'incident.json'), 'utf8'));
      expect(incident).toMatchObject({
        reason: 'act: 1.0.0 was the wrong pick',
        from: { version: '1.0.0' },
        // Rolled back once, named outright: a version someone chooses may come back.
        to: { version: '2.0.0', digest: deliveries['2.0.0']?.digest },
        method: 'switch',
        verdicts: { smoke: 'pass', signature: expect.stringMatching(/valid signature/) },
      });
      expect(incident.verdicts.slo).toBeUndefined();
      // The version put back is the environment's active GitHub Deployment again.
      const created = githubApi.requests.slice(apiBefore).filter((r) => r.url.endsWith('/deployments'));
      expect(created.map((r) => r.body)).toEqual([
        expect.objectContaining({ environment: 'staging', payload: { version: '2.0.0' } }),
      ]);
      expect(githubApi.requests.at(-1)?.body).toMatchObject({ state: 'success' });
      expect(existsSync(join(folder, 'verification.json'))).toBe(false);
    },
    STEP_TIMEOUT,
  );

  it(
    'the Rollback form refuses a version the release never had, in one line, and changes nothing',
    async () => {
      const before = releaseState();
      const { run, incidents } = await submitRollbackForm('rollback.yml', {
        version: '9.9.9',
        reason: 'act: a typo',
        verify: 'true',
      });
      expect(run.exitCode).not.toBe(0);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(/'9\.9\.9' is not in the release history .*, nor in the registry$/);
      expect(releaseState()).toEqual(before);
      expect(incidents).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it("the users, through every delivery and form: no request failed but for the bad release's own errors", async () => {
    if (!traffic) throw new Error('no traffic client ran');
    const run = await traffic.stop();
    traffic = undefined;
    const { served } = servedRecords(run.records);
    expect(Object.keys(totalsByVersion(served)).sort()).toEqual(['1.0.0', '2.0.0', '3.0.0']);
    // No refused or reset connection, no 502/503 from Traefik: only 3.0.0's own 500s.
    expect(otherFailures(served)).toEqual([]);
    console.log(
      `[act] ${served.length} requests through the Gateway, ${JSON.stringify(totalsByVersion(served))}`,
    );
  });
});
