// The deploy umbrella on the local platform: blue-green deploy, SLO verification of the new color
// in real Prometheus (the stand-in apps' metrics), and an automatic rollback on a breach.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kubectl, resetApps, setApp } from '../../platform/index.mjs';
import { onFakeNodes, writeExampleManifests } from '../../scripts/lib/examples.mjs';
import { errorLines, repoRoot, runBundle } from '../support/bundle.js';
import { usePlatform } from '../support/platform.js';

const platform = usePlatform();
const NS = 'pipeline-staging';
const RUN = Date.now().toString(36).slice(-5);
const release = `umb-${RUN}`;
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

/** Error rate above 5% for 6s fails; judged every 2s (examples/slo/quick.yaml), over a 16s window. */
const SLO = join(repoRoot, 'examples', 'slo', 'quick.yaml');

function deploy(n: number, inputs: Record<string, string> = {}) {
  const status = platform();
  const manifests = writeExampleManifests(join(status.stateDir, `${release}.yaml`), release, onFakeNodes);
  return runBundle('deploy', {
    namespace: NS,
    release,
    image: `127.0.0.1:5000/pipeline/app@${digest(n)}`,
    version: `3.${n}.0`,
    manifests,
    kubeconfig: status.restrictedKubeconfig,
    'smoke-url': `blue=${status.apps.blue}/healthz\ngreen=${status.apps.green}/healthz`,
    'prometheus-url': status.prometheus,
    slo: SLO,
    window: '16s',
    timeout: '60s',
    ...inputs,
  });
}

const live = () => kubectl(['-n', NS, 'get', 'service', release, '-o', 'jsonpath={.spec.selector.color}']);

afterEach(() => resetApps());

describe('deploy (umbrella)', () => {
  it('a healthy release passes verification and stays live; a breaching one is rolled back automatically', async () => {
    const first = await deploy(1);
    expect(first.exitCode, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({ color: 'blue', verdict: 'pass', 'rolled-back': 'false' });

    const healthy = await deploy(2);
    expect(healthy.exitCode, healthy.stdout).toBe(0);
    expect(healthy.outputs).toMatchObject({ color: 'green', verdict: 'pass', 'rolled-back': 'false' });
    expect(live()).toBe('green');
    // The summary leads with the outcome, then the deploy and the verification.
    expect(healthy.summary.split('\n')[0]).toBe(`## ✅ ${release}: 3.2.0 live on green, its SLOs held`);
    expect(healthy.summary).toContain('## 🚀 Deploy: 3.2.0 to green');

    // 3.3.0 goes to blue, and blue now answers 20% errors.
    await setApp('blue', { errorRate: 0.2 });
    const bad = await deploy(3);
    expect(bad.exitCode).toBe(1);
    expect(bad.outputs).toMatchObject({
      verdict: 'fail',
      breached: 'error-rate',
      'rolled-back': 'true',
      color: 'green',
      version: '3.2.0',
      // After the rollback: green is live again (and its URL the environment's), blue kept as previous.
      'previous-color': 'blue',
      url: `${platform().apps.green}/healthz`,
    });
    expect(bad.summary.split('\n')[0]).toBe(
      `## ❌ ${release}: 3.3.0 rolled back to 3.2.0 on green — error-rate`,
    );
    expect(errorLines(bad)[0]).toMatch(/^rolled back 3\.3\.0 → 3\.2\.0 on green: SLO verification failed: /);
    expect(live()).toBe('green');
    const incident = JSON.parse(readFileSync(bad.outputs.incident!, 'utf8'));
    expect(incident).toMatchObject({
      method: 'switch',
      from: { version: '3.3.0', color: 'blue' },
      to: { version: '3.2.0', color: 'green' },
    });
    expect(incident.timeToRollback.decisionToTrafficBackSeconds).toBeLessThan(15);
    expect(bad.summary).toContain('Time to rollback');
    const state = JSON.parse(
      JSON.parse(kubectl(['-n', NS, 'get', 'configmap', `pipeline-${release}-state`, '-o', 'json'])).data[
        'state.json'
      ],
    );
    expect(state.counters).toMatchObject({
      deployments_total: 3,
      rollbacks_total: 1,
      sla_violations_total: 1,
    });
  });

  it('auto-rollback false keeps the new color live and only reports', async () => {
    await setApp('blue', { errorRate: 0.2 });
    const run = await deploy(4, { 'auto-rollback': 'false' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', 'rolled-back': 'false', color: 'blue' });
    expect(errorLines(run)[0]).toMatch(
      /^SLO verification failed: .*; 3\.4\.0 stays live on blue \(auto-rollback is off\)$/,
    );
    expect(run.summary.split('\n')[0]).toBe(
      `## ❌ ${release}: 3.4.0 breached its SLOs and stays live on blue (auto-rollback is off)`,
    );
    expect(live()).toBe('blue');
  });
});
