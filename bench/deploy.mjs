// Benchmark (printed, never asserted): a service-mode traffic switch and a warm rollback on the
// local platform, through the real bundles as a runner runs them. Starts the platform if needed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePlatform } from '../platform/index.mjs';

const root = new URL('..', import.meta.url).pathname;
const status = await ensurePlatform();
const work = mkdtempSync(join(tmpdir(), 'pipeline-bench-deploy-'));
const release = `bench-${Date.now().toString(36).slice(-5)}`;
const manifests = join(work, 'app.yaml');
writeFileSync(
  manifests,
  readFileSync(join(root, 'examples', 'manifests', 'app.yaml'), 'utf8').replaceAll(
    'name: app\n',
    `name: ${release}\n`,
  ),
);

function runAction(action, inputs) {
  const runnerTemp = mkdtempSync(join(work, 'run-'));
  const env = {
    ...process.env,
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: join(runnerTemp, 'out'),
    GITHUB_STATE: join(runnerTemp, 'state'),
  };
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STATE, '');
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(root, 'dist', action, 'index.js')], {
    env,
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(
      `${action} failed: ${result.stdout
        .split('\n')
        .filter((l) => l.startsWith('::error'))
        .join(' ')}`,
    );
  const incident = /incident<<(\S+)\n(.*)\n/.exec(readFileSync(env.GITHUB_OUTPUT, 'utf8'))?.[2];
  return { ms, incident };
}

const common = {
  namespace: 'pipeline-staging',
  release,
  manifests,
  kubeconfig: status.restrictedKubeconfig,
  timeout: '60s',
};
const digest = (n) => `127.0.0.1:5000/bench/app@sha256:${String(n).repeat(64)}`;
const first = runAction('bluegreen-deploy', { ...common, image: digest(1), version: '1.0.0' });
const second = runAction('bluegreen-deploy', { ...common, image: digest(2), version: '2.0.0' });
const back = runAction('rollback', { ...common, to: 'previous', reason: 'benchmark' });
const incident = JSON.parse(readFileSync(back.incident, 'utf8'));
console.log(`first deploy (blue, wait ready, switch): ${(first.ms / 1000).toFixed(2)} s`);
console.log(`deploy to the idle color with a service-mode switch: ${(second.ms / 1000).toFixed(2)} s`);
console.log(
  `warm rollback (one switch): ${(back.ms / 1000).toFixed(2)} s for the whole step, ${(incident.durationMs / 1000).toFixed(2)} s from decision to traffic back (target ≈ 1 s)`,
);
