// The real thing, observed from the outside (the story itself: scripts/lib/workload-story.mjs).
// examples/app is built by our own build-push (buildah) into the platform's registry — 1.0.0 and
// 2.0.0 healthy, 3.0.0 with a fault compiled in (30% of its answers are 500) — and the deploy
// umbrella puts each on the real node (containerd pulls it by digest), moves traffic through
// Traefik's Gateway in steps, and judges it with the default SLO's objectives (its queries
// unchanged: the app's own metrics through pod discovery and the kubelet's cAdvisor; window and
// `for` shortened for test time) in Prometheus. A traffic client sends steady traffic through the
// Gateway the whole time and records every answer and the version that served it: no request may
// fail for any reason but the bad release's own errors.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, prometheusQuery } from '../../platform/index.mjs';
import { startTraffic, switchComplete, type Traffic, totalsByVersion } from '../../scripts/lib/traffic.mjs';
import {
  BAD_RELEASE,
  sentBetween,
  servedRecords,
  storyFigures,
  workloadStory,
} from '../../scripts/lib/workload-story.mjs';
import { type BundleRun, errorLines, repoRoot, runBundle } from '../support/bundle.js';
import { usePlatform } from '../support/platform.js';

const platform = usePlatform({ shared: true });
const NS = 'pipeline-staging';
const release = `shop-${Date.now().toString(36).slice(-5)}`;
const work = mkdtempSync(join(tmpdir(), 'workloads-test-'));
let story: ReturnType<typeof workloadStory<BundleRun>>;

function report(run: BundleRun): { objectives: { name: string; status: string }[]; baselineWindow?: object } {
  expect(run.outputs.report, run.stdout).toBeTruthy();
  return JSON.parse(run.outputs.report as string);
}
const statuses = (run: BundleRun) =>
  Object.fromEntries(report(run).objectives.map((objective) => [objective.name, objective.status]));

let traffic: Traffic | undefined;

beforeAll(async () => {
  story = workloadStory({ status: platform(), release, work, namespace: NS, runAction: runBundle });
  await story.buildImages();
  story.applyRoutes();
}, 10 * 60_000);

afterAll(async () => {
  await traffic?.stop();
  try {
    story?.cleanup();
  } catch {}
});

describe('real workloads: deploy, verify and roll back, as the users see it', () => {
  it(
    'first deploy, a healthy second, a breaching third rolled back, the Rollback form — no request lost',
    async () => {
      // The users arrive before the first release does (what they get until it answers is not
      // counted against the data plane), and keep coming until the end.
      traffic = startTraffic({ url: story.liveUrl, rps: 100, durationMs: 20 * 60_000, maxRequests: 150_000 });

      // 1. First deploy, judged by the default SLO as shipped (observed 5 minutes): nothing to
      // compare with, so the relative objective is not evaluated and the absolute ones decide.
      const first = await story.deploy('1.0.0', { slo: 'default' });
      expect(first.exitCode, first.stdout).toBe(0);
      expect(first.outputs).toMatchObject({ color: 'blue', verdict: 'pass', 'rolled-back': 'false' });
      expect(statuses(first)).toEqual({
        'error-rate': 'pass',
        'response-time': 'not-evaluated',
        cpu: 'pass',
      });
      const pods = JSON.parse(
        kubectl(['-n', NS, 'get', 'pods', '-l', `app.kubernetes.io/part-of=${release}`, '-o', 'json']),
      ).items as { spec: { nodeName: string } }[];
      expect(pods.length).toBeGreaterThanOrEqual(2);
      for (const pod of pods) expect(pod.spec.nodeName).toBe('real-node-0');
      // Prometheus found the pods through the apiserver, and the kubelet reports their CPU.
      const scraped = await prometheusQuery(`up{namespace="${NS}", release="${release}", color="blue"} == 1`);
      expect(scraped.length).toBe(2);
      expect(totalsByVersion(traffic.records)).toMatchObject({ '1.0.0': expect.any(Number) });

      // 2. A healthy release, judged against the previous color as it was before the switch.
      const secondAt = traffic.now();
      const second = await story.deploy('2.0.0');
      expect(second.exitCode, second.stdout).toBe(0);
      expect(second.outputs).toMatchObject({ color: 'green', verdict: 'pass', 'rolled-back': 'false' });
      expect(statuses(second)).toEqual({ 'error-rate': 'pass', 'response-time': 'pass', cpu: 'pass' });
      expect(report(second).baselineWindow).toBeDefined();
      // Judged from the first traffic step: the 3 s step's time is added to the 60 s window.
      expect(second.stdout).toContain('verifying green from its first traffic step: a 63s window');
      expect(report(second)).toMatchObject({ windowSeconds: 63 });
      expect(switchComplete(sentBetween(traffic.records, secondAt), '2.0.0')).not.toBeNull();

      // 3. A release that answers 30% errors: rolled back automatically, the team told through a
      // signed webhook (a loopback receiver that checks the signature, as a chat bridge would).
      const hook = await startReceiver('team-hmac-secret');
      const badDeployAt = traffic.now();
      const third = await story.deploy(BAD_RELEASE, {
        'notify-webhook': hook.url,
        'notify-webhook-secret': 'team-hmac-secret',
      });
      await hook.close();
      expect(hook.events.map((event) => event.event)).toEqual(['started', 'breached', 'rolled-back']);
      expect(hook.events.every((event) => event.signed)).toBe(true);
      expect(hook.events[2]).toMatchObject({
        release,
        version: '3.0.0',
        rolledBackTo: '2.0.0',
        breached: ['error-rate'],
      });
      expect(third.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(hook.url);
      expect(third.exitCode).toBe(1);
      expect(third.outputs).toMatchObject({
        verdict: 'fail',
        breached: 'error-rate',
        'rolled-back': 'true',
        color: 'green',
        version: '2.0.0',
      });
      expect(errorLines(third)[0]).toMatch(
        /^rolled back 3\.0\.0 → 2\.0\.0 on green: SLO verification failed: /,
      );
      expect(third.outputs['previous-color']).toBe('blue');
      expect(third.summary.split('\n')[0]).toBe(
        `## ❌ ${release}: 3.0.0 rolled back to 2.0.0 on green — error-rate`,
      );
      expect(third.summary).toContain('Time to rollback');
      const incident = JSON.parse(readFileSync(third.outputs.incident!, 'utf8'));
      expect(incident).toMatchObject({
        method: 'switch',
        from: { version: '3.0.0', color: 'blue' },
        to: { version: '2.0.0', color: 'green' },
      });
      expect(incident.timeToRollback.decisionToTrafficBackSeconds).toBeLessThan(15);
      expect(releaseState().counters).toMatchObject({
        deployments_total: 3,
        rollbacks_total: 1,
        sla_violations_total: 1,
      });

      // 4. The Rollback form, back to 1.0.0 (no longer warm: redeployed through the blue-green path).
      const formAt = traffic.now();
      const formHook = await startReceiver('form-secret');
      const form = await story.rollbackForm('1.0.0', 'workloads test: back to the first release', {
        'notify-webhook': formHook.url,
        'notify-webhook-secret': 'form-secret',
      });
      await formHook.close();
      expect(form.exitCode, form.stdout).toBe(0);
      expect(formHook.events).toEqual([
        expect.objectContaining({
          event: 'rolled-back',
          signed: true,
          version: '2.0.0',
          rolledBackTo: '1.0.0',
        }),
      ]);
      expect(form.outputs.version).toBe('1.0.0');
      // Redeployed onto blue, where 3.0.0 answered 30% errors seconds ago: inside every rate()
      // range the old pods' series are still there. The form's target names the version put back.
      expect(form.outputs).toMatchObject({
        color: 'blue',
        target: `namespace="${NS}", release="${release}", color="blue", version="1.0.0"`,
      });
      const errors = async (selector: string) =>
        Number(
          (
            await prometheusQuery(`sum(rate(http_requests_total{${selector}, code=~"5.."}[1m])) or vector(0)`)
          )[0]?.value[1] ?? 0,
        );
      expect(await errors(`namespace="${NS}", release="${release}", color="blue"`)).toBeGreaterThan(0);
      expect(await errors(form.outputs.target!)).toBe(0);
      // The Rollback form's verification, as its workflow runs it: the default SLO's objectives,
      // nothing to compare with, the version put back only.
      const verified = await runBundle('verify-slo', {
        'prometheus-url': platform().prometheus,
        slo: story.slo,
        // The pods were started seconds ago: cAdvisor has a CPU rate for a new container only after
        // two housekeeping cycles (10-20 s). The workflow's 300 s window absorbs that; a window
        // this short needs the warm-up a user would give it (CI once saw CPU data only at 18 s of 20).
        'warm-up': '20s',
        window: '20s',
        target: form.outputs.target!,
        baseline: 'none',
      });
      expect(verified.exitCode, verified.stdout).toBe(0);
      expect(verified.outputs.verdict).toBe('pass');
      expect(statuses(verified)).toEqual({
        'error-rate': 'pass',
        'response-time': 'not-evaluated',
        cpu: 'pass',
      });

      const run = await traffic.stop();
      const figures = storyFigures(run.records, {
        badDeployAt,
        formAt,
      });
      // The users saw the bad release's errors, then only 2.0.0 again; then only 1.0.0.
      expect(figures.firstBadAnswerAt).not.toBeNull();
      expect(figures.badErrorToPreviousMs).not.toBeNull();
      expect(figures.formToTrafficBackMs).not.toBeNull();
      // Nothing but the bad release's own 500s: no refused or reset connection, no 502/503 from Traefik.
      expect(figures.otherFailures).toEqual([]);
      const { served } = servedRecords(run.records);
      expect(Object.keys(totalsByVersion(served)).sort()).toEqual(['1.0.0', '2.0.0', '3.0.0']);
      console.log(
        `[workloads] ${figures.requests} requests, ${JSON.stringify(totalsByVersion(served))}; other failures ${figures.otherFailures.length}; ` +
          `bad release's first error → all 2.0.0: ${figures.badErrorToPreviousMs} ms; Rollback form → all 1.0.0: ${figures.formToTrafficBackMs} ms; ` +
          `before the first release answered: ${run.records.length - served.length} requests`,
      );
    },
    20 * 60_000,
  );

  it(
    'auto-rollback false keeps the breaching release live and only reports',
    async () => {
      const live = story.liveColor();
      const next = live === 'blue' ? 'green' : 'blue';
      traffic = startTraffic({ url: story.liveUrl, rps: 50, durationMs: 5 * 60_000, maxRequests: 15_000 });
      const run = await story.deploy(BAD_RELEASE, { 'auto-rollback': 'false' });
      await traffic.stop();
      expect(run.exitCode).toBe(1);
      expect(run.outputs).toMatchObject({ verdict: 'fail', 'rolled-back': 'false', color: next });
      expect(errorLines(run)[0]).toMatch(
        new RegExp(
          `^SLO verification failed: .*; 3\\.0\\.0 stays live on ${next} \\(auto-rollback is off\\)$`,
        ),
      );
      expect(run.summary.split('\n')[0]).toBe(
        `## ❌ ${release}: 3.0.0 breached its SLOs and stays live on ${next} (auto-rollback is off)`,
      );
      expect(story.liveColor()).toBe(next);

      // A re-run of that digest is no pass by default: the record has it breached, not verified, so
      // it is judged again (and breaches again) instead of a no-op success.
      traffic = startTraffic({ url: story.liveUrl, rps: 50, durationMs: 5 * 60_000, maxRequests: 15_000 });
      const rerun = await story.deploy(BAD_RELEASE, { 'auto-rollback': 'false' });
      await traffic.stop();
      expect(rerun.exitCode).toBe(1);
      expect(rerun.stdout).toContain('3.0.0 is live but the record has it breached: verifying it');
      expect(rerun.outputs).toMatchObject({ verdict: 'fail', 'rolled-back': 'false', color: next });
      expect(story.liveColor()).toBe(next);
    },
    5 * 60_000,
  );

  it(
    'a first deploy that breaches fails and stays live: nothing to roll back to',
    async () => {
      // Another release in the namespace, the same images: its first version is the bad one.
      const first = workloadStory({
        status: platform(),
        release: `${release}-new`,
        work,
        namespace: NS,
        runAction: runBundle,
      });
      Object.assign(first.images, story.images);
      first.applyRoutes();
      const users = startTraffic({ url: first.liveUrl, rps: 50, durationMs: 3 * 60_000, maxRequests: 9_000 });
      try {
        const run = await first.deploy(BAD_RELEASE);
        expect(run.exitCode).toBe(1);
        expect(run.outputs).toMatchObject({
          verdict: 'fail',
          breached: 'error-rate',
          'rolled-back': 'false',
        });
        expect(errorLines(run)[0]).toMatch(
          /^SLO verification failed: .*; 3\.0\.0 stays live on blue \(nothing to roll back to\)$/,
        );
        // No baseline on a first deploy: the relative objective is not evaluated, the absolute one decided.
        expect(statuses(run)['response-time']).toBe('not-evaluated');
        // The record says so: never `previous` for anything later.
        const state = releaseState(first.release);
        expect(state.history[0]).toMatchObject({ version: '3.0.0', outcome: 'breached' });
        expect(state.counters.sla_violations_total).toBe(1);
      } finally {
        await users.stop();
        first.cleanup();
      }
    },
    5 * 60_000,
  );

  it(
    'the pre-switch check judges the idle color on smoke traffic and stops a bad release before any user gets it',
    async () => {
      const guarded = workloadStory({
        status: platform(),
        release: `${release}-pre`,
        work,
        namespace: NS,
        runAction: runBundle,
      });
      Object.assign(guarded.images, story.images);
      guarded.applyRoutes();
      const listeners = platform().dataplane.gateways[NS] as Record<string, string>;
      const preSwitch = {
        // The shipped pre-switch SLO as it is, with its default window (30 s).
        'pre-switch-slo': join(repoRoot, 'examples/slo/pre-switch.yaml'),
        // Smoke traffic on the path the users take (health endpoints are not in the app's metrics).
        'pre-switch-url': ['blue', 'green']
          .map((color) => `${color}=${listeners[`preview-${color}`]}/${guarded.release}/`)
          .join('\n'),
      };
      const users = startTraffic({
        url: guarded.liveUrl,
        rps: 50,
        durationMs: 4 * 60_000,
        maxRequests: 12_000,
      });
      try {
        const first = await guarded.deploy('1.0.0', preSwitch);
        expect(first.exitCode, first.stdout).toBe(0);
        expect(first.summary).toMatch(/\| Pre-switch check \| pass on \d+ smoke requests: /);
        expect(first.stdout).toContain(`pre-switch check of blue (1.0.0)`);

        const badAt = users.now();
        const bad = await guarded.deploy(BAD_RELEASE, preSwitch);
        expect(bad.exitCode).toBe(1);
        expect(errorLines(bad)[0]).toMatch(
          /^the pre-switch SLO check of green did not pass \(fail: .*error-rate.*\); no traffic moved$/,
        );
        expect(guarded.liveColor()).toBe('blue');
        const state = releaseState(guarded.release);
        expect(state.history[0]).toMatchObject({ version: '3.0.0', outcome: 'failed' });
        // The users never got an answer from the bad release: only the smoke traffic saw its errors.
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const since = sentBetween(users.records, badAt);
        expect(since.length).toBeGreaterThan(100);
        expect(totalsByVersion(since)).not.toHaveProperty('3.0.0');
        expect(since.filter((record) => record.status !== 200)).toEqual([]);
      } finally {
        await users.stop();
        guarded.cleanup();
      }
    },
    6 * 60_000,
  );

  it(
    'pre-switch-mirror: the idle color is judged on a copy of the live requests; a bad release is stopped and nobody got its answers',
    async () => {
      const mirrored = workloadStory({
        status: platform(),
        release: `${release}-mir`,
        work,
        namespace: NS,
        runAction: runBundle,
      });
      Object.assign(mirrored.images, story.images);
      mirrored.applyRoutes();
      // The shipped pre-switch SLO, half of the users' requests copied: no smoke traffic at all.
      const preSwitch = {
        'pre-switch-slo': join(repoRoot, 'examples/slo/pre-switch.yaml'),
        'pre-switch-mirror': '50',
      };
      const mirrorService = `${mirrored.release}-mirror`;
      const routeBackends = () =>
        JSON.parse(kubectl(['-n', NS, 'get', 'httproute', mirrored.release, '-o', 'json'])).spec.rules.map(
          (rule: { backendRefs: { kind?: string; name: string; weight?: number }[] }) =>
            rule.backendRefs.map((ref) => `${ref.kind ?? 'Service'}/${ref.name}:${ref.weight ?? '-'}`),
        );
      const users = startTraffic({
        url: mirrored.liveUrl,
        rps: 50,
        durationMs: 5 * 60_000,
        maxRequests: 15_000,
      });
      try {
        // A first deploy: nothing live to copy, so nothing to judge before the switch.
        const first = await mirrored.deploy('1.0.0', preSwitch);
        expect(first.exitCode, first.stdout).toBe(0);
        expect(first.stdout).toContain(
          'pre-switch check of blue: skipped, no live requests to mirror on a first deploy',
        );

        const badAt = users.now();
        const bad = await mirrored.deploy(BAD_RELEASE, preSwitch);
        expect(bad.exitCode).toBe(1);
        expect(bad.stdout).toContain('traffic: 100% blue, 50% of it mirrored to green (traefik-service)');
        // A breach seen in data, not a check that found nothing to judge.
        expect(errorLines(bad)[0]).toMatch(
          /^the pre-switch SLO check of green did not pass \(fail: (?!not enough data).*error-rate breached: .*\); no traffic moved$/,
        );
        // Judged on data: only the copies of the users' requests reached green, and 3.0.0 failed ~30% of them.
        expect(bad.stdout).toMatch(
          /pre-switch check of green: fail, .*\(50% of live requests, mirrored \(traefik-service\)\)/,
        );
        expect(mirrored.liveColor()).toBe('blue');
        // The route is back on the color Services, and the mirror is gone.
        expect(routeBackends()).toEqual([
          [`Service/${mirrored.release}-blue:100`, `Service/${mirrored.release}-green:0`],
        ]);
        expect(kubectl(['-n', NS, 'get', 'traefikservices', '-o', 'name'])).not.toContain(mirrorService);
        // The users never got an answer from the bad release, though it answered half of their requests.
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const since = sentBetween(users.records, badAt);
        expect(since.length).toBeGreaterThan(100);
        expect(totalsByVersion(since)).not.toHaveProperty(BAD_RELEASE);
        expect(since.filter((record) => record.status !== 200)).toEqual([]);

        // A healthy release passes on the same copies and then takes the traffic.
        const good = await mirrored.deploy('2.0.0', preSwitch);
        expect(good.exitCode, good.stdout).toBe(0);
        expect(good.summary).toMatch(
          /\| Pre-switch check \| pass on 50% of live requests, mirrored \(traefik-service\): /,
        );
        expect(mirrored.liveColor()).toBe('green');
        await users.stop();
        expect(servedRecords(users.records).served.filter((record) => record.status !== 200)).toEqual([]);
      } finally {
        await users.stop();
        mirrored.cleanup();
        kubectl(['-n', NS, 'delete', 'traefikservice', mirrorService, '--ignore-not-found']);
      }
    },
    8 * 60_000,
  );
});

/** The release record the actions keep in the namespace. */
function releaseState(name = release): {
  counters: Record<string, number>;
  history: { version: string; outcome: string }[];
} {
  const configMap = JSON.parse(
    kubectl(['-n', NS, 'get', 'configmap', `pipeline-${name}-state`, '-o', 'json']),
  );
  return JSON.parse(configMap.data['state.json']);
}

/** A webhook receiver on loopback: each event it got, and whether its HMAC signature checked out. */
async function startReceiver(secret: string) {
  const events: { event: string; signed: boolean; [key: string]: unknown }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const signed =
        request.headers['x-pipeline-signature-256'] ===
        `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      events.push({ ...JSON.parse(body), signed });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/deploys`,
    events,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
