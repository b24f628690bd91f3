// `npm run demo`: the whole story on the local platform, each step the real action bundle run as a
// runner runs it — gate → build → sign → deploy v1 → verify → promote; v2 healthy → promoted;
// v3 breaches the error-rate SLO → automatic rollback with an incident; then the Rollback form by
// hand back to v1. Prints a short story with timings and where the summaries and incidents are.
// `--keep` leaves the platform running and the work folder in place.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { down, ensurePlatform, holdPlatform, platformStatus, resetApps, setApp } from '../platform/index.mjs';
import { buildAppBinary } from './lib/app-image.mjs';
import { onFakeNodes, writeExampleManifests } from './lib/examples.mjs';
import { runActionBundle } from './lib/run-bundle.mjs';
import { repoRoot, withToolsOnPath } from './lib/scan-env.mjs';

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

function step(action, title, inputs, options = {}) {
  const dir = join(work, `${String(story.length + 1).padStart(2, '0')}-${action}`);
  const run = runActionBundle(action, inputs, { dir, env: { STORAGE_DRIVER: 'vfs', GITHUB_ACTOR: 'demo' } });
  const [error] = run.errors;
  const ok = run.status === 0;
  const line = `${ok || options.expectFailure ? '✔' : '✖'} ${title} — ${seconds(run.ms)}${error ? ` (${error.replaceAll('\n', ' ').slice(0, 160)})` : ''}`;
  story.push(`${line}\n    summary: ${run.summary}`);
  console.log(line);
  if (!ok && !options.expectFailure) throw new Error(`${title} failed: ${error ?? run.stderr.slice(-300)}`);
  if (ok && options.expectFailure) throw new Error(`${title} was expected to fail`);
  return run.outputs;
}

try {
  await resetApps();
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
  const slo = join(repoRoot, 'examples', 'slo', 'quick.yaml');
  const manifests = writeExampleManifests(join(work, 'shop.yaml'), 'shop', onFakeNodes);
  const signing = {
    sign: 'true',
    'cosign-key': join(keys, 'cosign.key'),
    'cosign-password': 'demo',
    'tlog-upload': 'false',
  };
  const deployCommon = {
    namespace: 'pipeline-staging',
    release: 'shop',
    environment: 'staging',
    manifests,
    kubeconfig: status.restrictedKubeconfig,
    'smoke-url': `blue=${status.apps.blue}/healthz\ngreen=${status.apps.green}/healthz`,
    'prometheus-url': status.prometheus,
    slo,
    attest: 'true',
    'cosign-key': join(keys, 'cosign.key'),
    'cosign-password': 'demo',
    'tlog-upload': 'false',
    'insecure-registry': 'true',
    timeout: '60s',
  };

  const release_ = (version, sha, options = {}) => {
    const built = step('build-push', `build ${version}: sign, SBOM and provenance by digest`, {
      context: appContext,
      'build-args': `VERSION=${version}`,
      image: `${registry}/staging/shop`,
      ref: `refs/tags/v${version}`,
      sha,
      'insecure-registry': 'true',
      sbom: 'true',
      provenance: 'true',
      ...signing,
    });
    step('security-gate', `gate ${version}: trivy scan and signature`, {
      'scan-ref': built.image,
      'db-repository': `${registry}/trivy-db:2`,
      'cache-dir': join(work, 'trivy-cache'),
      'verify-signature': 'true',
      'cosign-key': join(keys, 'cosign.pub'),
      'ignore-tlog': 'true',
    });
    const deployed = step(
      'deploy',
      `deploy ${version} to staging: blue-green, SLO verification${options.breach ? ', breach → automatic rollback' : ''}`,
      { ...deployCommon, image: built.image, version },
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

  const v1 = release_('1.0.0', '1000000000000000000000000000000000000001');
  promote('1.0.0', v1.built.image);
  const v2 = release_('2.0.0', '2000000000000000000000000000000000000002');
  promote('2.0.0', v2.built.image);
  // v3 lands on the idle color, whose stand-in app now answers 20% errors.
  const idle = v2.deployed.color === 'blue' ? 'green' : 'blue';
  await setApp(idle, { errorRate: 0.2 });
  const v3 = release_('3.0.0', '3000000000000000000000000000000000000003', { breach: true });
  await resetApps();
  const form = step('rollback', 'the Rollback form, by hand: back to 1.0.0', {
    namespace: 'pipeline-staging',
    release: 'shop',
    environment: 'staging',
    to: '1.0.0',
    reason: 'demo: back to the first release',
    manifests,
    // 1.0.0 must still carry the release key's signature before it goes back.
    'cosign-key': join(keys, 'cosign.pub'),
    'ignore-tlog': 'true',
    kubeconfig: status.restrictedKubeconfig,
    'smoke-url': `blue=${status.apps.blue}/healthz\ngreen=${status.apps.green}/healthz`,
  });
  console.log(`\nThe story, ${seconds(Date.now() - t0)} in all (work folder ${work}):`);
  console.log(story.join('\n'));
  console.log(`\nincident of the automatic rollback: ${v3.deployed.incident}`);
  console.log(`incident of the Rollback form:      ${form.incident}`);
  console.log(`live now: ${form.version} on ${form.color}`);
} finally {
  release();
  if (!keep) {
    if (!wasRunning) await down();
    rmSync(work, { recursive: true, force: true });
    console.log('cleaned up (use --keep to inspect the work folder and keep the platform)');
  }
}
