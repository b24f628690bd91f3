// Scores on the real platform: a release that is slower (LATENCY compiled into its image), not
// broken, judged by the runbook's objectives weighted (error-rate 3 and critical, response-time 1,
// cpu 1; pass ≥ 90, marginal ≥ 75). Its response time breaches: score 80, marginal. With
// on-marginal: wait the deploy stops moving traffic at the step it reached (50% through Traefik's
// Gateway), holds the release in the record, and a person decides: rollback takes its traffic back
// to the live color, promote moves the rest. A traffic client watches every answer throughout.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../platform/index.mjs';
import {
  otherFailures,
  startTraffic,
  switchComplete,
  type Traffic,
  totalsByVersion,
} from '../../scripts/lib/traffic.mjs';
import { sentBetween, servedRecords, workloadStory } from '../../scripts/lib/workload-story.mjs';
import { type BundleRun, errorLines, runBundle } from '../support/bundle.js';
import { usePlatform } from '../support/platform.js';

const platform = usePlatform({ shared: true });
const NS = 'pipeline-staging';
const release = `slow-${Date.now().toString(36).slice(-5)}`;
const work = mkdtempSync(join(tmpdir(), 'marginal-test-'));
const SLOW = '1.1.0';
let story: ReturnType<typeof workloadStory<BundleRun>>;
let traffic: Traffic | undefined;
let scored: string;

interface HeldState {
  held?: { color: string; percent: number; version: string; score?: number; breached: string[] };
  activeColor?: string;
  scaleDown?: { color: string };
  history: { version: string; outcome: string; reason?: string }[];
}
function releaseState(): HeldState {
  const configMap = JSON.parse(
    kubectl(['-n', NS, 'get', 'configmap', `pipeline-${release}-state`, '-o', 'json']),
  );
  return JSON.parse(configMap.data['state.json']);
}

beforeAll(async () => {
  story = workloadStory({
    status: platform(),
    release,
    work,
    namespace: NS,
    runAction: runBundle,
    // 1.1.0 answers every request 150 ms late: its p95 is many times 1.0.0's.
    releases: { '1.0.0': [], [SLOW]: ['LATENCY=150ms'] },
  });
  await story.buildImages();
  story.applyRoutes();
  // examples/slo/scored.yaml's weights and bands over the story's fast runbook.
  scored = join(work, 'scored-fast.yaml');
  writeFileSync(
    scored,
    `apiVersion: pipeline/v1
kind: SLO
name: runbook-fast-scored
extends: ${story.slo}
scoring: { pass: 90, marginal: 75 }
objectives:
  - { name: error-rate, weight: 3, critical: true }
  - { name: response-time, weight: 1 }
  - { name: cpu, weight: 1 }
`,
  );
}, 10 * 60_000);

afterAll(async () => {
  await traffic?.stop();
  try {
    story?.cleanup();
  } catch {}
});

/** The slow release, judged by the scored SLO; the steps wait long enough for the breach to show first. */
const slowDeploy = (inputs: Record<string, string> = {}) =>
  story.deploy(SLOW, {
    slo: scored,
    'on-marginal': 'wait',
    'step-interval': '30s',
    window: '20s',
    ...inputs,
  });

const report = (run: BundleRun) => JSON.parse(run.outputs.report as string);

describe('pass / marginal / fail: a slower release held for a decision', () => {
  it(
    'holds at 50%, a re-deploy is refused, rollback takes its traffic back; held again, promote moves the rest',
    async () => {
      traffic = startTraffic({ url: story.liveUrl, rps: 60, durationMs: 15 * 60_000, maxRequests: 60_000 });
      // A 20 s window on a just-started pod: cAdvisor's CPU rate needs a warm-up to have enough
      // samples (as the workloads story's Rollback form gets), else cpu has no data and fails closed.
      const first = await story.deploy('1.0.0', { slo: scored, window: '20s', 'warm-up': '20s' });
      expect(first.exitCode, first.stdout).toBe(0);
      expect(first.outputs).toMatchObject({ verdict: 'pass', score: '100', color: 'blue' });

      // 1. The slower release: marginal, held where its score fell below pass.
      const heldAt = traffic.now();
      const held = await slowDeploy();
      expect(held.exitCode, held.stdout).toBe(0);
      expect(held.outputs).toMatchObject({
        verdict: 'marginal',
        score: '80',
        'held-at': '50',
        'rolled-back': 'false',
        color: 'green',
      });
      expect(held.stdout).toMatch(
        /traffic held at 50% to green: score 80 is below 90 \(response-time breached\)/,
      );
      expect(
        report(held).objectives.map((o: { name: string; status: string; share: number }) => [
          o.name,
          o.status,
          o.share,
        ]),
      ).toEqual([
        ['error-rate', 'pass', 60],
        ['response-time', 'breached', 20],
        ['cpu', 'pass', 20],
      ]);
      expect(held.summary.split('\n')[0]).toBe(
        `## 🟡 ${release}: ${SLOW} held at 50% on green — score 80, marginal: waiting for a decision`,
      );
      expect(held.summary).toContain(
        'Score **80** / 100 · pass ≥ 90, marginal ≥ 75 (on-marginal: wait), else fail',
      );
      expect(held.summary).toContain('20% lost (weight 1)');
      // The old color is still the live one; the new one has half of the users.
      expect(story.liveColor()).toBe('blue');
      const state = releaseState();
      expect(state.held).toMatchObject({
        color: 'green',
        percent: 50,
        version: SLOW,
        score: 80,
        breached: ['response-time'],
      });
      expect(state.history[0]).toMatchObject({ version: SLOW, outcome: 'held' });
      const whileHeld = totalsByVersion(sentBetween(traffic.records, traffic.now() - 5_000));
      expect(whileHeld[SLOW]).toBeGreaterThan(0);
      expect(whileHeld['1.0.0']).toBeGreaterThan(0);
      expect(sentBetween(traffic.records, heldAt).some((r) => r.version === SLOW)).toBe(true);

      // 2. Nobody decided: deploying the same image again is one clear line, and nothing moves.
      const again = await slowDeploy();
      expect(again.exitCode).toBe(1);
      expect(errorLines(again)).toEqual([
        `${SLOW} is held at 50% on green for a decision (score 80): deploy it with 'decision: promote' or 'decision: rollback', or roll it back with the Rollback form`,
      ]);
      expect(releaseState().held).toMatchObject({ percent: 50 });

      // 3. A person rejects it: its traffic goes back to blue, which never stopped being active.
      const rollbackAt = traffic.now();
      const rejected = await slowDeploy({ decision: 'rollback' });
      expect(rejected.exitCode, rejected.stdout).toBe(0);
      expect(rejected.outputs).toMatchObject({ 'rolled-back': 'true', version: '1.0.0', color: 'blue' });
      expect(rejected.summary.split('\n')[0]).toBe(
        `## ↩️ ${release}: ${SLOW} rolled back to 1.0.0 on blue by a person's decision`,
      );
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(switchComplete(sentBetween(traffic.records, rollbackAt), '1.0.0')).not.toBeNull();
      const afterRollback = releaseState();
      expect(afterRollback.held).toBeUndefined();
      expect(afterRollback.history.find((entry) => entry.version === SLOW)).toMatchObject({
        outcome: 'rolled-back',
      });
      // A decision with nothing held is refused in one line.
      const nothing = await slowDeploy({ decision: 'promote' });
      expect(nothing.exitCode).toBe(1);
      expect(errorLines(nothing)[0]).toMatch(
        new RegExp(`^input 'decision': nothing of ${release} is held for a decision`),
      );

      // 4. Deployed again and held again; this time a person promotes it: the rest of the traffic moves.
      const heldAgain = await slowDeploy();
      expect(heldAgain.outputs).toMatchObject({ verdict: 'marginal', 'held-at': '50' });
      // green was kept warm for 30 minutes after the rollback; serving again, it is never due to be scaled down.
      expect(releaseState().scaleDown?.color).not.toBe('green');
      const promoteAt = traffic.now();
      const promoted = await slowDeploy({ decision: 'promote' });
      expect(promoted.exitCode, promoted.stdout).toBe(0);
      expect(promoted.outputs).toMatchObject({ verdict: 'pass', version: SLOW, color: 'green' });
      expect(promoted.stdout).toContain('traffic 100% to green');
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(switchComplete(sentBetween(traffic.records, promoteAt), SLOW)).not.toBeNull();
      expect(story.liveColor()).toBe('green');
      const promotedState = releaseState();
      expect(promotedState.held).toBeUndefined();
      expect(promotedState.activeColor).toBe('green');
      expect(promotedState.history[0]).toMatchObject({ version: SLOW, outcome: 'verified' });
      expect(promotedState.history[0]?.reason).toMatch(
        /^promoted by a person at score 80 \(response-time breached\)$/,
      );

      // Holding, rolling back and promoting lost no request.
      await traffic.stop();
      expect(otherFailures(servedRecords(traffic.records).served)).toEqual([]);
    },
    20 * 60_000,
  );
});
