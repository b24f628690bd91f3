// `npm run demo`: the whole story on the local platform, each step the real action bundle run as a
// runner runs it — gate → build → sign → deploy v1 → verify → promote; v2 healthy → promoted;
// v3 (30% errors compiled in) breaches the error-rate SLO → automatic rollback with an incident;
// then the Rollback form by hand back to v1. The releases are examples/app on the real node,
// served through the Gateway (scripts/lib/workload-story.mjs) while a traffic client plays the
// users; the SLO is the default runbook's, shortened. Prints a short story with timings, what the
// users saw, and where the summaries and incidents are. `--keep` leaves the platform running and
// the work folder in place.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { down, ensurePlatform, holdPlatform, platformStatus } from '../platform/index.mjs';
import { buildAppBinary } from './lib/app-image.mjs';
import { runActionBundleAsync } from './lib/run-bundle.mjs';
import { repoRoot, withToolsOnPath } from './lib/scan-env.mjs';
import { startTraffic, summarize } from './lib/traffic.mjs';
import { STORY_RELEASES, storyFigures, workloadStory } from './lib/workload-story.mjs';

const keep = process.argv.includes('--keep');
const t0 = Date.now();
const install = spawnSync('bash', [join(repoRoot, 'scripts', 'install-tools.sh')], { stdio: 'inherit' });
if (install.status !== 0) process.exit(install.status ?? 1);
withToolsOnPath();

const wasRunning = (await platformStatus()).running;
const status = await ensurePlatform();
const release = await holdPlatform('npm run demo');
const work = mkdtempSync(join(tmpdir(), 'pipeline-demo-'));
const story = [];
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

// Asynchronous: the users' traffic client shares this process and must keep sending.
async function step(action, title, inputs, options = {}) {
  const dir = join(work, `${String(story.length + 1).padStart(2, '0')}-${action}`);
  const env = { STORAGE_DRIVER: 'vfs', GITHUB_ACTOR: 'demo' };
  const run = await runActionBundleAsync(action, inputs, { dir, env });
  const [error] = run.errors;
  const ok = run.status === 0;
  const line = `${ok || options.expectFailure ? '✔' : '✖'} ${title} — ${seconds(run.ms)}${error ? ` (${error.replaceAll('\n', ' ').slice(0, 160)})` : ''}`;
  story.push(`${line}\n    summary: ${run.summary}`);
  console.log(line);
  if (!ok && !options.expectFailure) throw new Error(`${title} failed: ${error ?? run.stderr.slice(-300)}`);
  if (ok && options.expectFailure) throw new Error(`${title} was expected to fail`);
  return run.outputs;
}

// The story's routes and its deploy and Rollback form inputs; the demo builds, signs and gates itself.
const shop = workloadStory({ status, release: 'shop', work });
let traffic;
try {
  const registry = status.registry;
  // The vulnerability DB the gate downloads, built from test/fixtures, in the platform's registry.
  execFileSync(
    'trivy-db-builder',
    [
      '-fixtures',
      join(repoRoot, 'test', 'fixtures', 'trivy-db', 'fixtures'),
      '-out',
      join(work, 'db'),
      '-push',
      `${registry}/trivy-db:2`,
    ],
    { stdio: 'pipe' },
  );
  const keys = join(work, 'keys');
  mkdirSync(keys);
  execFileSync('cosign', ['generate-key-pair'], {
    cwd: keys,
    env: { ...process.env, COSIGN_PASSWORD: 'demo' },
    stdio: 'pipe',
  });
  // The example app's build context (its Go binaries and Containerfile); each release's version is a build arg.
  const appContext = buildAppBinary();
  const signing = {
    sign: 'true',
    'cosign-key': join(keys, 'cosign.key'),
    'cosign-password': 'demo',
    'tlog-upload': 'false',
  };
  const deployCommon = {
    environment: 'staging',
    attest: 'true',
    'cosign-key': join(keys, 'cosign.key'),
    'cosign-password': 'demo',
    'tlog-upload': 'false',
    'insecure-registry': 'true',
  };
  shop.applyRoutes();
  // The users: steady traffic through the Gateway's live listener from before the first release.
  traffic = startTraffic({ url: shop.liveUrl, rps: 50, durationMs: 30 * 60_000, maxRequests: 100_000 });

  const release_ = async (version, sha, options = {}) => {
    const built = await step('build-push', `build ${version}: sign, SBOM and provenance by digest`, {
      context: appContext,
      builder: 'buildah',
      'build-args': [`VERSION=${version}`, ...STORY_RELEASES[version]].join('\n'),
      image: `${registry}/staging/shop`,
      ref: `refs/tags/v${version}`,
      sha,
      'insecure-registry': 'true',
      sbom: 'true',
      provenance: 'true',
      ...signing,
    });
    await step('security-gate', `gate ${version}: trivy scan and signature`, {
      'scan-ref': built.image,
      'db-repository': `${registry}/trivy-db:2`,
      'cache-dir': join(work, 'trivy-cache'),
      'verify-signature': 'true',
      'cosign-key': join(keys, 'cosign.pub'),
      'ignore-tlog': 'true',
    });
    const deployed = await step(
      'deploy',
      `deploy ${version} to staging: blue-green through the Gateway, SLO verification${options.breach ? ', breach → automatic rollback' : ''}`,
      shop.deployInputs(version, { ...deployCommon, image: built.image }),
      { expectFailure: options.breach },
    );
    return { built, deployed };
  };

  const promote = (version, image) =>
    step('promote', `promote ${version} staging → production by digest`, {
      image,
      'source-environment': 'staging',
      'target-environment': 'production',
      'target-repository': `${registry}/production/shop`,
      tags: version,
      'cosign-key': join(keys, 'cosign.pub'),
      'ignore-tlog': 'true',
      'insecure-registry': 'true',
    });

  const v1 = await release_('1.0.0', '1000000000000000000000000000000000000001');
  await promote('1.0.0', v1.built.image);
  const v2 = await release_('2.0.0', '2000000000000000000000000000000000000002');
  await promote('2.0.0', v2.built.image);
  // v3 is bad code: 30% of its answers are errors (a build argument compiled in).
  const badDeployAt = traffic.now();
  const v3 = await release_('3.0.0', '3000000000000000000000000000000000000003', { breach: true });
  const formAt = traffic.now();
  const form = await step(
    'rollback',
    'the Rollback form, by hand: back to 1.0.0',
    shop.rollbackInputs('1.0.0', 'demo: back to the first release', {
      environment: 'staging',
      // 1.0.0 must still carry the release key's signature before it goes back.
      'cosign-key': join(keys, 'cosign.pub'),
      'ignore-tlog': 'true',
      'allow-unsigned': 'false',
      // …and once back, the action judges it by the story's SLO (no baseline: nothing beside it).
      'prometheus-url': status.prometheus,
      slo: shop.slo,
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const users = await traffic.stop();
  const seen = storyFigures(users.records, {
    badDeployAt,
    formAt,
  });
  const byVersion = summarize(users).byVersion;
  console.log(`\nThe story, ${seconds(Date.now() - t0)} in all (work folder ${work}):`);
  console.log(story.join('\n'));
  console.log(`\nincident of the automatic rollback: ${v3.deployed.incident}`);
  console.log(`incident of the Rollback form:      ${form.incident}`);
  console.log(`live now: ${form.version} on ${form.color}; its SLO after the rollback: ${form.verdict}`);
  console.log(
    `the users (${shop.liveUrl}): ${seen.requests} requests, by version ${JSON.stringify(byVersion)}; ` +
      `${seen.otherFailures.length} failed for another reason than 3.0.0's own errors; ` +
      `3.0.0's first error → all answers from 2.0.0 again: ${seconds(seen.badErrorToPreviousMs ?? Number.NaN)}`,
  );
} finally {
  await traffic?.stop();
  release();
  if (!keep) {
    if (wasRunning) shop.cleanup();
    else await down();
    rmSync(work, { recursive: true, force: true });
    console.log('cleaned up (use --keep to inspect the work folder and keep the platform)');
  }
}
