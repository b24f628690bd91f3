import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePlatform, resetApps, setApp } from '../platform/index.mjs';
import { onFakeNodes, writeExampleManifests } from '../scripts/lib/examples.mjs';
import { runActionBundle } from '../scripts/lib/run-bundle.mjs';

const root = new URL('..', import.meta.url).pathname;
const status = await ensurePlatform();
const work = mkdtempSync(join(tmpdir(), 'pipeline-bench-rollback-'));
const release = `rb-${Date.now().toString(36).slice(-5)}`;
const manifests = writeExampleManifests(join(work, 'app.yaml'), release, onFakeNodes);
// The quick SLO: error rate > 5% for 6s, judged every 2s; a longer window, so only a breach ends it.
const forSeconds = 6;
const slo = join(root, 'examples', 'slo', 'quick.yaml');

function deploy(n) {
  return runActionBundle(
    'deploy',
    {
      namespace: 'pipeline-staging',
      release,
      image: `127.0.0.1:5000/bench/app@sha256:${String(n).repeat(64)}`,
      version: `${n}.0.0`,
      manifests,
      kubeconfig: status.restrictedKubeconfig,
      'prometheus-url': status.prometheus,
      slo,
      window: '60s',
      timeout: '60s',
    },
    { parent: work },
  ).outputs;
}

await resetApps();
deploy(1); // blue, healthy
const breachBegan = Date.now();
await setApp('green', { errorRate: 0.2 });
const outputs = deploy(2); // green breaches → rolled back to blue
await resetApps();
const incidentPath = outputs.incident;
if (!incidentPath) {
  console.log('no rollback happened: see the deploy step output');
  process.exit(1);
}
const incident = JSON.parse(readFileSync(incidentPath, 'utf8'));
const trafficBack = Date.parse(incident.finishedAt);
const verdictAt = trafficBack - incident.timeToRollback.decisionToTrafficBackSeconds * 1000;
console.log(`SLO: error rate > 5% for ${forSeconds}s, judged every 2s`);
console.log(
  `breach began → verdict: ${((verdictAt - breachBegan) / 1000).toFixed(1)} s (includes the ${forSeconds}s 'for' and the deploy itself)`,
);
console.log(
  `verdict → traffic back on ${incident.to.color}: ${incident.timeToRollback.decisionToTrafficBackSeconds.toFixed(1)} s`,
);
console.log(
  `breach visible (for elapsed) → traffic back: ${((trafficBack - breachBegan) / 1000 - forSeconds).toFixed(1)} s (target ≤ 15 s)`,
);
