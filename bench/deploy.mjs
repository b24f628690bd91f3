import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePlatform } from '../platform/index.mjs';
import { onFakeNodes, writeExampleManifests } from '../scripts/lib/examples.mjs';
import { runActionBundle } from '../scripts/lib/run-bundle.mjs';

const status = await ensurePlatform();
const work = mkdtempSync(join(tmpdir(), 'pipeline-bench-deploy-'));
const release = `bench-${Date.now().toString(36).slice(-5)}`;
const manifests = writeExampleManifests(join(work, 'app.yaml'), release, onFakeNodes);

function runAction(action, inputs) {
  const run = runActionBundle(action, inputs, { parent: work });
  if (run.status !== 0) throw new Error(`${action} failed: ${run.errors.join(' ')}`);
  return { ms: run.ms, incident: run.outputs.incident };
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
const back = runAction('rollback', {
  ...common,
  to: 'previous',
  reason: 'benchmark',
  'allow-unsigned': 'true',
});
const incident = JSON.parse(readFileSync(back.incident, 'utf8'));
console.log(`first deploy (blue, wait ready, switch): ${(first.ms / 1000).toFixed(2)} s`);
console.log(`deploy to the idle color with a service-mode switch: ${(second.ms / 1000).toFixed(2)} s`);
console.log(
  `warm rollback (one switch): ${(back.ms / 1000).toFixed(2)} s for the whole step, ${(incident.durationMs / 1000).toFixed(2)} s from decision to traffic back (target ≈ 1 s)`,
);
