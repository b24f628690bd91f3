// bluegreen-deploy and rollback on the local platform's real control plane, as the restricted
// deployer identity: gradual switch, instant switch back, never traffic to a color that is not
// ready, a lock per release, faults, and an incident record.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, resetApps, setApp, startApiserver, stopApiserver } from '../../platform/index.mjs';
import { onFakeNodes, writeExampleManifests } from '../../scripts/lib/examples.mjs';
import { lockName, microTime } from '../../shared/cluster/lock.js';
import { errorLines, repoRoot, runBundle } from '../support/bundle.js';
import { attestVerification, generateKeyPair, type KeyPair, signImage } from '../support/cosign.js';
import { startGithubApi } from '../support/github-api.js';
import { usePlatform } from '../support/platform.js';
import { scanEnvironment } from '../support/scan-env.js';
import {
  attestVerificationKeyless,
  certificateIdentityOf,
  type PrivateSigstore,
  signKeyless,
  startPrivateSigstore,
  type WorkflowIdentity,
} from '../support/sigstore.js';
import { requireTool } from '../support/tools.js';

const platform = usePlatform();
const NS = 'pipeline-staging';
/** Releases are named per run, so a rerun on a kept platform starts clean. */
const RUN = Date.now().toString(36).slice(-5);
const rel = (name: string) => `${name}-${RUN}`;

/** The example manifests with the workload named after the release (one app per manifests file). */
function manifestsFor(release: string, transform = (text: string) => text, variant = ''): string {
  // Placeholder digests: the pods go to the kwok nodes, where nothing is pulled.
  return writeExampleManifests(join(platform().stateDir, `${release}${variant}.yaml`), release, (text) =>
    onFakeNodes(transform(text)),
  );
}
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const image = (n: number) => `127.0.0.1:5000/pipeline/app@${digest(n)}`;

function admin(args: string[], input?: string): string {
  return kubectl(['-n', NS, ...args], input ? { input } : {});
}

/** The Ingress a weighted (traffic: ingress) deploy of `release` moves, sending all to blue. */
function applyIngress(release: string, host?: string): void {
  const rule = {
    ...(host ? { host } : {}),
    http: {
      paths: [
        {
          path: '/',
          pathType: 'Prefix',
          backend: { service: { name: `${release}-blue`, port: { number: 80 } } },
        },
      ],
    },
  };
  admin(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: release },
      spec: { rules: [rule] },
    }),
  );
}

/** Manifests whose pods can never be scheduled (no node matches), so they never become ready. */
function stuckManifestsFor(release: string): string {
  return manifestsFor(
    release,
    (text) =>
      text.replace(
        '\n      containers:\n',
        '\n      nodeSelector:\n        pipeline/no-such-node: "true"\n      containers:\n',
      ),
    '-stuck',
  );
}

/** Polls until `probe` holds (a controller's reconcile), or fails with what it waited for. */
async function until(probe: () => unknown, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      if (await probe()) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`not so within ${timeoutMs} ms: ${probe.toString()}`);
}

function liveColor(release: string): string {
  return admin(['get', 'service', release, '-o', 'jsonpath={.spec.selector.color}']);
}

function releaseState(release: string) {
  return JSON.parse(
    JSON.parse(admin(['get', 'configmap', `pipeline-${release}-state`, '-o', 'json'])).data['state.json'],
  );
}

/** Copies the scan environment's images into `repository` under the versions given; their digests by version. */
function copyImages(repository: string, sources: Record<string, string>): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const [version, source] of Object.entries(sources)) {
    execFileSync(requireTool('skopeo'), [
      'copy',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `docker://${source}`,
      `docker://${repository}:${version}`,
    ]);
    digests[version] = source.slice(source.indexOf('@') + 1);
  }
  return digests;
}

function deploy(
  release: string,
  n: number,
  inputs: Record<string, string> = {},
  options: Parameters<typeof runBundle>[2] = {},
) {
  const status = platform();
  return runBundle(
    'bluegreen-deploy',
    {
      namespace: NS,
      release,
      image: image(n),
      version: `1.${n}.0`,
      manifests: manifestsFor(release),
      kubeconfig: readFileSync(status.restrictedKubeconfig, 'utf8'),
      'smoke-url': `blue=${status.apps.blue}/healthz\ngreen=${status.apps.green}/healthz`,
      'smoke-retries': '1',
      'smoke-interval': '200ms',
      timeout: '60s',
      ...inputs,
    },
    options,
  );
}

/**
 * Signals the bundle run whose RUNNER_TEMP is `runnerTemp`: SIGKILL as a lost runner ends, SIGINT
 * as the runner cancels a job.
 */
function signalRun(runnerTemp: string, signal: NodeJS.Signals): void {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue;
    }
    if (environ.split('\0').includes(`RUNNER_TEMP=${runnerTemp}`)) process.kill(Number(pid), signal);
  }
}

/** green's image and the share of requests the canary Ingress gives green, as the cluster has them now. */
function greenNow(release: string): { image: string; share: number } {
  const [canary, green] = JSON.parse(
    admin(['get', `ingress/${release}-canary`, `deployment/${release}-green`, '-o', 'json']),
  ).items;
  const toGreen = canary.spec.rules[0].http.paths[0].backend.service.name === `${release}-green`;
  return {
    image: green.spec.template.spec.containers[0].image,
    share: toGreen ? Number(canary.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']) : 0,
  };
}

function rollback(
  release: string,
  inputs: Record<string, string>,
  options: Parameters<typeof runBundle>[2] = {},
) {
  const status = platform();
  return runBundle(
    'rollback',
    {
      namespace: NS,
      release,
      kubeconfig: status.restrictedKubeconfig,
      'smoke-url': `blue=${status.apps.blue}/healthz\ngreen=${status.apps.green}/healthz`,
      'smoke-retries': '1',
      // Placeholder images carry no signature; the signed path is the describe below.
      'allow-unsigned': 'true',
      ...inputs,
    },
    options,
  );
}

/** The release's lock held as another run holds it (shared/cluster/lock.ts), fresh: not stale. */
function holdLock(release: string, holder: string): void {
  const now = microTime(new Date());
  admin(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: lockName(release) },
      spec: { holderIdentity: holder, leaseDurationSeconds: 300, acquireTime: now, renewTime: now },
    }),
  );
}

/** A rollback started now, with a promise that settles once it waits for the release's lock. */
function rollbackWaitingForLock(release: string, inputs: Record<string, string>) {
  let output = '';
  let waiting: () => void;
  const waits = new Promise<void>((resolve) => {
    waiting = resolve;
  });
  const run = rollback(release, inputs, {
    onStdout: (chunk) => {
      output += chunk;
      if (output.includes(`waiting for the deploy lock of ${release}`)) waiting();
    },
  });
  return { run, waits: Promise.race([waits, run.then((done) => Promise.reject(new Error(done.stdout)))]) };
}

/**
 * A rollback pressed while a deploy of version `n` holds the lock (the lock's holder is the
 * workflow run): that deploy lands first, then the rollback goes on from what it read before.
 */
async function rollbackOvertaken(release: string, n: number, inputs: Record<string, string>) {
  const run = { GITHUB_REPOSITORY: 'pipeline/test', GITHUB_RUN_ID: `${RUN}${n}0`, GITHUB_RUN_ATTEMPT: '1' };
  holdLock(release, `${run.GITHUB_REPOSITORY}/${run.GITHUB_RUN_ID}/1`);
  const operator = rollbackWaitingForLock(release, { ...inputs, 'lock-timeout': '60s' });
  await operator.waits;
  const deployed = await deploy(release, n, {}, { env: run });
  expect(deployed.exitCode, deployed.stdout).toBe(0);
  return { deployed, stale: await operator.run };
}

beforeAll(async () => {
  platform();
  await resetApps();
});

describe('bluegreen-deploy', () => {
  const release = rel('shop');

  it('deploys v1 to blue, then v2 to green in ingress steps 10,50,100 only after green is ready', async () => {
    const first = await deploy(release, 1);
    expect(first.exitCode, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({
      color: 'blue',
      'previous-color': '',
      version: '1.1.0',
      digest: digest(1),
    });
    expect(liveColor(release)).toBe('blue');
    // The Service's endpoints are blue's pods only.
    const slices = JSON.parse(
      admin(['get', 'endpointslices', '-l', `kubernetes.io/service-name=${release}`, '-o', 'json']),
    );
    const pods = slices.items.flatMap((s: { endpoints?: { targetRef?: { name: string } }[] }) =>
      (s.endpoints ?? []).map((e) => e.targetRef?.name),
    );
    expect(pods.length).toBe(2);
    expect(pods.every((name: string) => name.startsWith(`${release}-blue-`))).toBe(true);

    applyIngress(release, 'shop.example.com');
    const second = await deploy(release, 2, {
      traffic: 'ingress',
      ingress: release,
      'traffic-steps': '10,50,100',
      'step-interval': '1s',
    });
    expect(second.exitCode, second.stdout).toBe(0);
    expect(second.outputs).toMatchObject({ color: 'green', 'previous-color': 'blue', version: '1.2.0' });
    const events = second.summary
      .split('\n')
      .filter((line) => line.startsWith('| 20'))
      .map((line) => line.split('|')[2]!.trim());
    const ready = events.findIndex((e) => e.startsWith('green is ready'));
    const firstStep = events.indexOf('traffic 10% to green');
    expect(ready).toBeGreaterThanOrEqual(0);
    expect(firstStep).toBeGreaterThan(ready);
    expect(events.filter((e) => e.startsWith('traffic '))).toEqual([
      'traffic 10% to green',
      'traffic 50% to green',
      'traffic 100% to green',
    ]);
    expect(liveColor(release)).toBe('green');
    const ingress = JSON.parse(admin(['get', 'ingress', release, '-o', 'json']));
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe(`${release}-green`);
    const canary = JSON.parse(admin(['get', 'ingress', `${release}-canary`, '-o', 'json']));
    expect(canary.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('0');
    // blue is kept warm
    expect(admin(['get', 'deployment', `${release}-blue`, '-o', 'jsonpath={.spec.replicas}'])).toBe('2');
    const state = releaseState(release);
    expect(state).toMatchObject({
      activeColor: 'green',
      previousColor: 'blue',
      counters: { deployments_total: 2 },
    });
    expect(state.history.map((h: { version: string }) => h.version)).toEqual(['1.2.0', '1.1.0']);
  });

  it('re-running the same digest is a no-op success', async () => {
    const again = await deploy(release, 2, { traffic: 'ingress', ingress: release });
    expect(again.exitCode).toBe(0);
    expect(again.outputs.color).toBe('green');
    expect(again.summary).toContain('already live on green');
    expect(releaseState(release).counters.deployments_total).toBe(2);
  });

  it('a color that fails its smoke check never receives traffic', async () => {
    await setApp('blue', { healthy: false });
    try {
      const run = await deploy(release, 3, { traffic: 'ingress', ingress: release });
      expect(run.exitCode).toBe(1);
      expect(errorLines(run)[0]).toMatch(
        /^smoke check of blue failed: .*\/healthz answered 503, expected 200 after 2 attempt\(s\)$/,
      );
      expect(liveColor(release)).toBe('green');
      const canary = JSON.parse(admin(['get', 'ingress', `${release}-canary`, '-o', 'json']));
      expect(canary.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('0');
      expect(releaseState(release).history[0]).toMatchObject({ version: '1.3.0', outcome: 'failed' });
    } finally {
      await resetApps();
    }
  });

  it('a color that never becomes ready never receives traffic', async () => {
    const stuck = stuckManifestsFor(release);
    const run = await deploy(release, 4, {
      manifests: stuck,
      timeout: '5s',
      traffic: 'ingress',
      ingress: release,
    });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)[0]).toMatch(new RegExp(`^blue never became ready \\(${release}-blue\\): `));
    expect(liveColor(release)).toBe('green');
  });

  it('rolls back to blue with one switch in about a second, with an incident record', async () => {
    // blue holds 1.4.0's broken pods now; put v1 back there first, as a later deploy would have.
    const redeploy = await deploy(rel('shop-b'), 1);
    expect(redeploy.exitCode).toBe(0);
    const second = await deploy(rel('shop-b'), 2);
    expect(second.outputs.color).toBe('green');
    const run = await rollback(rel('shop-b'), { to: 'previous', reason: 'error rate above SLO after 1.2.0' });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ version: '1.1.0', digest: digest(1), color: 'blue' });
    expect(liveColor(rel('shop-b'))).toBe('blue');
    const incident = JSON.parse(readFileSync(run.outputs.incident!, 'utf8'));
    expect(incident).toMatchObject({
      release: rel('shop-b'),
      method: 'switch',
      reason: 'error rate above SLO after 1.2.0',
      from: { version: '1.2.0', color: 'green' },
      to: { version: '1.1.0', color: 'blue' },
      verdicts: { smoke: 'pass' },
    });
    expect(incident.durationMs).toBeLessThan(10_000);
    expect(run.summary).toContain(`Rollback of ${rel('shop-b')}`);
    expect(releaseState(rel('shop-b')).counters.rollbacks_total).toBe(1);
  });

  it('refuses to roll back without a signer unless told allow-unsigned, changing nothing', async () => {
    const run = await rollback(rel('shop-b'), { to: '1.2.0', reason: 'test', 'allow-unsigned': 'false' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      "the version put back must carry the release's signature: give 'cosign-key' or 'certificate-identity' (the signer), or set 'allow-unsigned: true' to roll back without checking it",
    ]);
    expect(liveColor(rel('shop-b'))).toBe('blue');
  });

  it('refuses to roll back to an unknown version, changing nothing', async () => {
    const run = await rollback(rel('shop-b'), { to: '9.9.9', reason: 'test' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      `input 'to': '9.9.9' is not in the release history of ${rel('shop-b')} (known versions: 1.1.0, 1.2.0); with 'cosign-key' or 'certificate-identity' a signed image from the registry can be put back too`,
    ]);
    expect(liveColor(rel('shop-b'))).toBe('blue');
  });

  it('a second deploy of the same release waits for the lock: it fails after lock-timeout, or goes on once the lock is free', async () => {
    const release = rel('shop-c');
    // The first deploy holds the lock for its whole (failing) readiness wait.
    const stuck = stuckManifestsFor(release);
    const slow = deploy(release, 5, { manifests: stuck, timeout: '8s' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const blocked = await deploy(release, 6, { 'lock-timeout': '1s' });
    expect(blocked.exitCode).toBe(1);
    expect(errorLines(blocked)[0]).toMatch(
      new RegExp(
        `^release ${release} is locked by local/[0-9a-f-]+ \\(lease pipeline-${release}-lock in pipeline-staging\\); gave up after 1s \\(lock-timeout\\)$`,
      ),
    );
    const waiting = await deploy(release, 6, { 'lock-timeout': '60s' });
    expect((await slow).exitCode).toBe(1);
    expect(errorLines(waiting)).toEqual([]);
    expect(waiting.exitCode).toBe(0);
    expect(waiting.stdout).toContain(`waiting for the deploy lock of ${release}`);
  });

  it('two rollbacks pressed at once: one switches, the other finds it done', async () => {
    const release = rel('shop-x');
    expect((await deploy(release, 1)).exitCode).toBe(0);
    expect((await deploy(release, 2)).exitCode).toBe(0);
    expect(liveColor(release)).toBe('green');
    // Both read "1.2.0 live on green, 1.1.0 warm on blue" while another run holds the lock.
    holdLock(release, 'another-run');
    const operators = [1, 2].map((n) =>
      rollbackWaitingForLock(release, {
        to: 'previous',
        reason: `1.2.0 errors, operator ${n}`,
        'lock-timeout': '60s',
      }),
    );
    await Promise.all(operators.map((operator) => operator.waits));
    admin(['delete', 'lease', `pipeline-${release}-lock`]);
    const runs = await Promise.all(operators.map((operator) => operator.run));
    for (const run of runs) {
      expect(run.exitCode, run.stdout).toBe(0);
      expect(run.outputs).toMatchObject({ version: '1.1.0', digest: digest(1), color: 'blue' });
    }
    const incidents = runs.map((run) => JSON.parse(readFileSync(run.outputs.incident!, 'utf8')));
    const switched = incidents.find((incident) => incident.method === 'switch');
    const found = incidents.find((incident) => incident.method === 'none');
    expect(switched).toMatchObject({ from: { version: '1.2.0', color: 'green' }, to: { color: 'blue' } });
    expect(found).toMatchObject({ from: { version: '1.1.0', color: 'blue' }, to: { color: 'blue' } });
    expect(found.timeline.map((entry: { event: string }) => entry.event)).toEqual([
      '1.1.0 is already live on blue: nothing to roll back',
    ]);
    expect(liveColor(release)).toBe('blue');
    const state = releaseState(release);
    expect(state.counters.rollbacks_total).toBe(1);
    expect(state.history.filter((entry: { action: string }) => entry.action === 'rollback')).toHaveLength(1);
  });

  it('a rollback whose release a deploy changed while it waited for the lock fails in one line, changing nothing', async () => {
    const release = rel('shop-y');
    expect((await deploy(release, 1)).exitCode).toBe(0);
    expect((await deploy(release, 2)).exitCode).toBe(0);
    const { deployed: third, stale } = await rollbackOvertaken(release, 3, {
      to: 'previous',
      reason: '1.2.0 errors',
    });
    expect(third.outputs).toMatchObject({ color: 'blue', version: '1.3.0' });
    expect(stale.exitCode, stale.stdout).toBe(1);
    expect(errorLines(stale)).toEqual([
      `release ${release} changed while this rollback waited for its lock: live was 1.2.0 on green, now 1.3.0 on blue; nothing was changed; run the rollback again to decide against what is live now`,
    ]);
    expect(liveColor(release)).toBe('blue');
    const state = releaseState(release);
    expect(state.counters.rollbacks_total).toBe(0);
    expect(state.history).toMatchObject([
      { action: 'deploy', version: '1.3.0', outcome: 'deployed' },
      { action: 'deploy', version: '1.2.0', outcome: 'deployed' },
      { action: 'deploy', version: '1.1.0', outcome: 'deployed' },
    ]);
  });

  it('a deploy that waits for a rollback switch finds it settled: its color not scaled down under it, the record as the switch left it', async () => {
    const release = rel('shop-w');
    expect((await deploy(release, 1)).exitCode).toBe(0);
    expect((await deploy(release, 2)).exitCode).toBe(0);
    // The deploy starts once the switch is under way, and waits for the rollback's lock. The smoke
    // check of what was put back fails slowly (blue's URL refuses, 4 retries 2 s apart): the
    // rollback settles for ~8 s after its switch, and a deploy that got the lock at the switch would
    // see green scaled down under it and the record rewritten after its own.
    const status = platform();
    let output = '';
    let switching: () => void = () => {};
    const underWay = new Promise<void>((resolve) => {
      switching = resolve;
    });
    const operator = rollback(
      release,
      {
        to: 'previous',
        reason: '1.2.0 errors',
        'scale-down-delay': '0',
        'smoke-url': `blue=http://127.0.0.1:1/healthz\ngreen=${status.apps.green}/healthz`,
        'smoke-retries': '4',
        'smoke-interval': '2s',
      },
      {
        onStdout: (chunk) => {
          output += chunk;
          if (output.includes(`rolling back ${release} from 1.2.0 to 1.1.0`)) switching();
        },
      },
    );
    await Promise.race([underWay, operator.then((done) => Promise.reject(new Error(done.stdout)))]);
    const next = await deploy(release, 3, { 'lock-timeout': '60s' });
    const back = await operator;
    // Put back and recorded, but its smoke check failed: the step says so.
    expect(back.exitCode, back.stdout).toBe(1);
    expect(errorLines(back)[0]).toMatch(/^rolled back to 1\.1\.0, but /);
    expect(next.exitCode, next.stdout).toBe(0);
    expect(next.stdout).toContain(`waiting for the deploy lock of ${release}`);
    // The deploy went to green after the rollback had settled: green serves 1.3.0 and is not
    // scaled down; blue (1.1.0, put back) is what stays warm.
    expect(next.outputs).toMatchObject({ color: 'green', 'previous-color': 'blue', version: '1.3.0' });
    expect(liveColor(release)).toBe('green');
    expect(
      Number(admin(['get', 'deployment', `${release}-green`, '-o', 'jsonpath={.spec.replicas}'])),
    ).toBeGreaterThan(0);
    const state = releaseState(release);
    expect(state).toMatchObject({ activeColor: 'green', previousColor: 'blue' });
    expect(state.colors.blue).toMatchObject({ version: '1.1.0' });
    expect(state.counters.rollbacks_total).toBe(1);
    expect(
      state.history.map(
        (entry: { action: string; version: string; outcome: string }) =>
          `${entry.action} ${entry.version} ${entry.outcome}`,
      ),
    ).toEqual([
      'deploy 1.3.0 deployed',
      'rollback 1.1.0 deployed',
      'deploy 1.2.0 rolled-back',
      'deploy 1.1.0 deployed',
    ]);
  });

  it('a rollback by redeploy whose release a deploy changed while it waited fails in one line too', async () => {
    const release = rel('shop-z');
    for (const n of [1, 2, 3]) expect((await deploy(release, n)).exitCode).toBe(0);
    // 1.3.0 live on blue, 1.2.0 warm on green: 1.1.0 can only be put back by a redeploy, which
    // needs the release's manifests or chart (the form's run without them is refused up front).
    const unsourced = await rollback(release, { to: '1.1.0', reason: '1.3.0 errors' });
    expect(unsourced.exitCode).toBe(1);
    expect(errorLines(unsourced)).toEqual([
      "1.1.0 is not warm on green, so it can only be put back by a redeploy: give 'manifests' or 'chart'; nothing was changed",
    ]);
    const { deployed: fourth, stale } = await rollbackOvertaken(release, 4, {
      to: '1.1.0',
      reason: '1.3.0 errors',
      manifests: manifestsFor(release),
    });
    expect(fourth.outputs).toMatchObject({ color: 'green', version: '1.4.0' });
    // Before, the redeploy replaced 1.4.0 with 1.1.0, and its incident and record said 1.3.0 was
    // the version rolled back.
    expect(stale.exitCode, stale.stdout).toBe(1);
    expect(errorLines(stale)).toEqual([
      `release ${release} changed while this rollback waited for its lock: live was 1.3.0 on blue, now 1.4.0 on green; nothing was changed; run the rollback again to decide against what is live now`,
    ]);
    expect(liveColor(release)).toBe('green');
    const state = releaseState(release);
    expect(state.counters.rollbacks_total).toBe(0);
    expect(
      state.history.map((entry: { version: string; outcome: string }) => `${entry.version} ${entry.outcome}`),
    ).toEqual(['1.4.0 deployed', '1.3.0 deployed', '1.2.0 deployed', '1.1.0 deployed']);
  });

  it('apiserver down during a traffic step fails clearly; after restart a rerun converges', async () => {
    const first = await deploy(rel('shop-d'), 1, { 'scale-down-delay': '0' });
    expect(first.exitCode).toBe(0);
    applyIngress(rel('shop-d'));
    const running = deploy(rel('shop-d'), 2, {
      traffic: 'ingress',
      ingress: rel('shop-d'),
      'traffic-steps': '10,100',
      'step-interval': '8s',
    });
    // Wait for the 10% step, then take the apiserver away.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const canary = JSON.parse(admin(['get', 'ingress', `${rel('shop-d')}-canary`, '-o', 'json']));
        if (canary.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight'] === '10') break;
      } catch {}
      if (Date.now() > deadline) throw new Error('the 10% step never came');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await stopApiserver();
    let failed: Awaited<typeof running>;
    try {
      failed = await running;
    } finally {
      await startApiserver();
    }
    expect(failed.exitCode).toBe(1);
    expect(errorLines(failed)).toHaveLength(1);
    expect(errorLines(failed)[0]).toMatch(
      /^traffic step (10|100)% to green failed( \(.*\) and routing back to blue failed too \(.*\); re-run to converge|, all traffic is back on blue: .*)$/,
    );
    // blue (ready) still has the live Service.
    expect(liveColor(rel('shop-d'))).toBe('blue');
    const rerun = await deploy(rel('shop-d'), 2, {
      traffic: 'ingress',
      ingress: rel('shop-d'),
      'traffic-steps': '10,100',
      'step-interval': '1s',
      'lock-timeout': '90s',
    });
    expect(rerun.exitCode, rerun.stdout).toBe(0);
    // The failed run could not release its lock (the apiserver was gone): it went stale and was taken over.
    expect(rerun.stdout).toMatch(
      /::warning::took over a stale deploy lock of .* held by local\/[0-9a-f-]+ \(expired\)/,
    );
    expect(liveColor(rel('shop-d'))).toBe('green');
  });

  /**
   * 1.1.0 live on blue behind an Ingress, then 1.2.0 deployed to green in steps 50,100 and sent
   * `signal` while half the requests go to green; the run as it ended.
   */
  async function signalAtHalf(release: string, signal: NodeJS.Signals) {
    expect((await deploy(release, 1)).exitCode).toBe(0);
    applyIngress(release);
    const runnerTemp = mkdtempSync(join(tmpdir(), 'split-run-'));
    // The run is signalled once its 50% step is done (noted), not while its kubectl still runs.
    let output = '';
    const split = deploy(
      release,
      2,
      { traffic: 'ingress', ingress: release, 'traffic-steps': '50,100', 'step-interval': '10m' },
      {
        runnerTemp,
        onStdout: (chunk) => {
          output += chunk;
        },
      },
    );
    await until(() => output.includes('traffic 50% to green') && greenNow(release).share === 50, 60_000);
    signalRun(runnerTemp, signal);
    return split;
  }

  it('a run lost at 50% leaves that share on green: the next deploy takes it back before green is replaced', async () => {
    const release = rel('shop-k');
    const weighted = { traffic: 'ingress', ingress: release, 'lock-timeout': '90s' };
    expect((await signalAtHalf(release, 'SIGKILL')).exitCode).toBe(-1);
    expect(greenNow(release)).toEqual({ image: image(2), share: 50 });

    // The next version goes to green too (blue is still live): watched while it deploys, green
    // never gets requests once its pods are being replaced, until the switch moves them all.
    const seen: { image: string; share: number }[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        try {
          seen.push(greenNow(release));
        } catch {}
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const next = await deploy(release, 3, weighted);
    watching = false;
    await watcher;
    expect(next.exitCode, next.stdout).toBe(0);
    expect(next.outputs).toMatchObject({ color: 'green', 'previous-color': 'blue', version: '1.3.0' });
    expect(seen.some((s) => s.image === image(3))).toBe(true);
    expect(seen.filter((s) => s.image === image(3) && s.share > 0)).toEqual([]);
    expect(next.stdout).toContain('traffic: all on blue before green is replaced');
    expect(liveColor(release)).toBe('green');
  });

  it('a run cancelled at 50% sends every request back to blue before it ends, and frees its lock', async () => {
    const release = rel('shop-q');
    // As the runner cancels a job: SIGINT first (SIGTERM follows 7.5 s later).
    const run = await signalAtHalf(release, 'SIGINT');
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      'the run was cancelled (SIGINT) at 50% to green, all traffic is back on blue',
    ]);
    expect(greenNow(release).share).toBe(0);
    expect(liveColor(release)).toBe('blue');
    expect(releaseState(release).history[0]).toMatchObject({ version: '1.2.0', outcome: 'failed' });
    // Its lock went with it: the next deploy does not wait for a stale one.
    const next = await deploy(release, 2, { traffic: 'ingress', ingress: release, 'lock-timeout': '1s' });
    expect(next.exitCode, next.stdout).toBe(0);
    expect(liveColor(release)).toBe('green');
  });

  it('a release held on green for a decision is held no more once a failed deploy has started replacing green', async () => {
    const release = rel('shop-h');
    // 1.2.0 at 50% on green, as the deploy umbrella's on-marginal: wait leaves it: the split from a
    // run that stopped there, the hold in the record.
    expect((await signalAtHalf(release, 'SIGKILL')).exitCode).toBe(-1);
    const configMap = JSON.parse(admin(['get', 'configmap', `pipeline-${release}-state`, '-o', 'json']));
    const state = JSON.parse(configMap.data['state.json']);
    state.held = {
      color: 'green',
      percent: 50,
      version: '1.2.0',
      digest: digest(2),
      score: 80,
      breached: ['response-time'],
      since: new Date().toISOString(),
    };
    configMap.data['state.json'] = JSON.stringify(state);
    admin(['replace', '-f', '-'], JSON.stringify(configMap));
    // 1.3.0 goes to green (blue is live) and never becomes ready there.
    const failed = await deploy(release, 3, {
      traffic: 'ingress',
      ingress: release,
      manifests: stuckManifestsFor(release),
      timeout: '5s',
      'lock-timeout': '90s',
    });
    expect(failed.exitCode, failed.stdout).toBe(1);
    expect(greenNow(release)).toEqual({ image: image(3), share: 0 });
    // Green no longer runs 1.2.0: nothing is left there to promote or to roll back.
    const after = releaseState(release);
    expect(after.held).toBeUndefined();
    expect(after.history[0]).toMatchObject({ version: '1.3.0', outcome: 'failed' });
    expect(liveColor(release)).toBe('blue');
  });
});

describe('an autoscaler and a disruption budget per color, and a switch never to a minimum-sized color', () => {
  const release = rel('scaled');
  const guards = (text: string) =>
    `${text}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${release}
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${release} }
  minReplicas: 2
  maxReplicas: 8
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${release}
spec:
  minAvailable: 1
  selector: { matchLabels: { app.kubernetes.io/name: ${release} } }
`;
  const manifests = () => manifestsFor(release, guards, '-guarded');
  const replicas = (color: string) =>
    Number(admin(['get', 'deployment', `${release}-${color}`, '-o', 'jsonpath={.spec.replicas}']));
  const object = (kind: string, name: string) => JSON.parse(admin(['get', kind, name, '-o', 'json']));

  it('pre-scales the new color to what the live one runs before the switch, and the warm one again before a rollback', async () => {
    const first = await deploy(release, 1, { manifests: manifests() });
    expect(first.exitCode, first.stdout).toBe(0);
    // The real controller-manager's HPA controller found its own color's Deployment (it reads its
    // scale subresource; without a metrics API it cannot act on CPU, which the platform lacks).
    await until(async () => {
      const hpa = object('hpa', `${release}-blue`);
      return hpa.status?.conditions?.some(
        (c: { type: string; status: string }) => c.type === 'AbleToScale' && c.status === 'True',
      );
    }, 60_000);
    expect(object('hpa', `${release}-blue`).spec.scaleTargetRef.name).toBe(`${release}-blue`);
    expect(object('pdb', `${release}-blue`).spec.selector.matchLabels).toMatchObject({ color: 'blue' });
    // Load grew: blue's autoscaler took it to 5 (as it would under load).
    admin(['scale', 'deployment', `${release}-blue`, '--replicas=5']);

    const second = await deploy(release, 2, { manifests: manifests() });
    expect(second.exitCode, second.stdout).toBe(0);
    expect(second.stdout).toContain(
      `pre-scaled ${release}-green to 5 replicas, as ${release}-blue runs now (was 2)`,
    );
    // …before green was waited for and took any traffic.
    const lines = second.stdout.split('\n');
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(at('pre-scaled')).toBeLessThan(at('green is ready'));
    expect(at('green is ready')).toBeLessThan(at('traffic 100% to green'));
    expect(replicas('green')).toBe(5);
    expect(object('hpa', `${release}-green`).spec.scaleTargetRef.name).toBe(`${release}-green`);
    // green's budget counts green's pods only (blue still runs 5 of its own).
    await until(() => object('pdb', `${release}-green`).status?.expectedPods === 5, 60_000);

    // Idle, blue shrank to its minimum (its autoscaler saw no load); green grew under load.
    admin(['scale', 'deployment', `${release}-blue`, '--replicas=2']);
    admin(['scale', 'deployment', `${release}-green`, '--replicas=7']);
    const back = await rollback(release, { to: 'previous', reason: 'pre-scale test' });
    expect(back.exitCode, back.stdout).toBe(0);
    expect(back.stdout).toContain(
      `pre-scaled ${release}-blue to 7 replicas, as ${release}-green runs now (was 2)`,
    );
    expect(liveColor(release)).toBe('blue');
    expect(replicas('blue')).toBe(7);
  });
});

describe('scale-down-delay without a controller: the next run, or housekeeping, scales the warm color down', () => {
  const release = rel('tidy');
  const replicas = (color: string) =>
    admin(['get', 'deployment', `${release}-${color}`, '-o', 'jsonpath={.spec.replicas}']);
  const housekeeping = () =>
    runBundle('housekeeping', {
      namespace: NS,
      release,
      kubeconfig: readFileSync(platform().restrictedKubeconfig, 'utf8'),
    });

  it('keeps blue warm until its delay passes, then scales it down, never the live color', async () => {
    expect((await deploy(release, 1)).exitCode).toBe(0);
    // A delay a loaded machine cannot overrun between the deploy and the first housekeeping run.
    expect((await deploy(release, 2, { 'scale-down-delay': '15s' })).exitCode).toBe(0);
    const early = await housekeeping();
    expect(early.exitCode, early.stdout).toBe(0);
    expect(early.outputs['scaled-down']).toBe('');
    const warmUntil = Date.parse(early.outputs['warm-until'] ?? '');
    expect(warmUntil).toBeGreaterThan(Date.now());
    expect(early.summary).toContain('blue stays warm until');
    expect(replicas('blue')).toBe('2');

    await new Promise((resolve) => setTimeout(resolve, warmUntil - Date.now() + 500));
    const due = await housekeeping();
    expect(due.exitCode, due.stdout).toBe(0);
    expect(due.outputs['scaled-down']).toBe('blue');
    expect(replicas('blue')).toBe('0');
    expect(replicas('green')).toBe('2');
    expect(liveColor(release)).toBe('green');
    expect(releaseState(release).scaleDown).toBeUndefined();
    expect((await housekeeping()).summary).toContain('nothing kept warm');
  });

  it('after a rollback by switch the color taken away is the one kept warm, then scaled down', async () => {
    expect((await deploy(release, 3, { 'scale-down-delay': '30m' })).exitCode).toBe(0);
    expect(liveColor(release)).toBe('blue');
    // The record says green (2.0) stays warm for 30 minutes: the rollback switches to it.
    const back = await rollback(release, { reason: 'housekeeping test', 'scale-down-delay': '2s' });
    expect(back.exitCode, back.stdout).toBe(0);
    expect(liveColor(release)).toBe('green');
    expect(releaseState(release).scaleDown).toMatchObject({ color: 'blue' });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const due = await housekeeping();
    expect(due.outputs['scaled-down']).toBe('blue');
    expect(replicas('blue')).toBe('0');
    expect(replicas('green')).toBe('2');
  });

  it('a record that names the live color is cleared, nothing scaled down', async () => {
    const state = releaseState(release);
    state.scaleDown = { color: 'green', after: new Date(Date.now() - 1000).toISOString() };
    const configMap = JSON.parse(admin(['get', 'configmap', `pipeline-${release}-state`, '-o', 'json']));
    configMap.data['state.json'] = JSON.stringify(state);
    admin(['replace', '-f', '-'], JSON.stringify(configMap));
    const run = await housekeeping();
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs['scaled-down']).toBe('');
    expect(run.summary).toContain('green is live again');
    expect(replicas('green')).toBe('2');
    expect(releaseState(release).scaleDown).toBeUndefined();
  });
});

describe('rollback with a signer: signed and verified versions only, from the history or the registry', () => {
  const release = rel('signed');
  let repository: string;
  let keys: KeyPair;
  const digests: Record<string, string> = {};
  const signerInputs = () => ({ 'cosign-key': keys.publicKey, 'ignore-tlog': 'true' });

  beforeAll(() => {
    // Two real images in the platform's registry: 1.5.0 signed by the release's key, 1.6.0 unsigned.
    const status = platform();
    repository = `${status.registry}/rb-${RUN}/app`;
    const { images } = scanEnvironment();
    Object.assign(
      digests,
      copyImages(repository, { '1.5.0': images.cleanDigest, '1.6.0': images.vulnerableDigest }),
    );
    keys = generateKeyPair(join(status.stateDir, 'keys'));
    signImage(`${repository}@${digests['1.5.0']}`, keys);
    // 1.5.0 passed verification in this environment (the rollback's default: the namespace).
    attestVerification(`${repository}@${digests['1.5.0']}`, NS, keys);
  }, 120_000);

  it('puts back a signed version that is no longer in the history, from the registry by tag', async () => {
    const live = await deploy(release, 6, { image: `${repository}@${digests['1.6.0']}`, version: '1.6.0' });
    expect(live.exitCode, live.stdout).toBe(0);
    const run = await rollback(release, {
      to: '1.5.0',
      reason: 'the 1.5 line is the last good one',
      manifests: manifestsFor(release),
      ...signerInputs(),
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ version: '1.5.0', digest: digests['1.5.0'] });
    const incident = JSON.parse(readFileSync(run.outputs.incident!, 'utf8'));
    expect(incident).toMatchObject({
      method: 'redeploy',
      from: { version: '1.6.0' },
      to: { version: '1.5.0' },
    });
    expect(incident.verdicts.signature).toMatch(
      /valid signature.*; passed verification in pipeline-staging$/,
    );
    expect(run.summary).toContain('signature: ');
    const state = releaseState(release);
    expect(state.colors[state.activeColor]).toMatchObject({ version: '1.5.0', digest: digests['1.5.0'] });
  });

  it('refuses an unsigned version, even one in the history, and changes nothing', async () => {
    const before = releaseState(release);
    const run = await rollback(release, { to: '1.6.0', reason: 'test', ...signerInputs() });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toHaveLength(1);
    expect(errorLines(run)[0]).toMatch(
      new RegExp(
        `^refusing to roll back to ${repository}@${digests['1.6.0']}: signature not verified: .*no signatures found`,
      ),
    );
    expect(releaseState(release)).toEqual(before);
  });

  it('refuses a signed version that never passed verification, and changes nothing', async () => {
    signImage(`${repository}@${digests['1.6.0']}`, keys);
    const before = releaseState(release);
    const run = await rollback(release, { to: '1.6.0', reason: 'test', ...signerInputs() });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toHaveLength(1);
    expect(errorLines(run)[0]).toMatch(
      new RegExp(
        `^refusing to roll back to ${repository}@${digests['1.6.0']}: it never passed verification in pipeline-staging: no signed verification attestation`,
      ),
    );
    expect(releaseState(release)).toEqual(before);
  });

  it('refuses a version neither the history nor the registry has', async () => {
    const run = await rollback(release, { to: '7.7.7', reason: 'test', ...signerInputs() });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      `input 'to': '7.7.7' is not in the release history of ${release} (known versions: 1.5.0, 1.6.0), nor in the registry`,
    ]);
  });
});

describe('rollback with a keyless signer (a private Sigstore): the release workflow only', () => {
  const release = rel('keyless');
  const RELEASE: WorkflowIdentity = {
    repository: 'acme/shop',
    workflow: '.github/workflows/release.yml',
    ref: 'refs/heads/main',
  };
  let sigstore: PrivateSigstore;
  let repository: string;
  const digests: Record<string, string> = {};
  const signerInputs = () => ({
    'certificate-identity': certificateIdentityOf(RELEASE),
    'certificate-oidc-issuer': sigstore.issuers[0]!.url,
    'trusted-root': sigstore.trustedRoot,
    'allow-unsigned': 'false',
  });

  beforeAll(async () => {
    sigstore = await startPrivateSigstore();
    const status = platform();
    repository = `${status.registry}/rbk-${RUN}/app`;
    const { images } = scanEnvironment();
    Object.assign(
      digests,
      copyImages(repository, { '2.1.0': images.cleanDigest, '2.2.0': images.vulnerableDigest }),
    );
    // 2.1.0: signed by the release workflow, and its verification in this environment attested.
    await signKeyless(sigstore, `${repository}@${digests['2.1.0']}`, RELEASE);
    await attestVerificationKeyless(sigstore, `${repository}@${digests['2.1.0']}`, NS, RELEASE);
    // 2.2.0: signed by the same workflow file of another repository.
    await signKeyless(sigstore, `${repository}@${digests['2.2.0']}`, {
      ...RELEASE,
      repository: 'mallory/shop',
    });
  }, 120_000);

  afterAll(async () => {
    await sigstore?.stop();
  });

  it("refuses a version signed by another repository's workflow, in one line, and changes nothing", async () => {
    const earlier = await deploy(release, 7, {
      image: `${repository}@${digests['2.2.0']}`,
      version: '2.2.0',
    });
    expect(earlier.exitCode, earlier.stdout).toBe(0);
    const live = await deploy(release, 8, { image: `${repository}@${digests['2.1.0']}`, version: '2.1.0' });
    expect(live.exitCode, live.stdout).toBe(0);
    const before = releaseState(release);
    const run = await rollback(release, { to: '2.2.0', reason: 'test', ...signerInputs() });
    expect(run.exitCode).toBe(1);
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      `refusing to roll back to ${repository}@${digests['2.2.0']}: signature not verified`,
    );
    expect(errors[0]).toContain(
      'got "https://github.com/mallory/shop/.github/workflows/release.yml@refs/heads/main"',
    );
    expect(releaseState(release)).toEqual(before);
  });

  it("puts back the version the release workflow signed, verified against the private root's timestamps", async () => {
    // An unsigned release goes live; the previous one, 2.1.0, is put back.
    const bad = await deploy(release, 9);
    expect(bad.exitCode, bad.stdout).toBe(0);
    const run = await rollback(release, { to: 'previous', reason: 'keyless', ...signerInputs() });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ version: '2.1.0', digest: digests['2.1.0'] });
    expect(run.stdout).toContain('--use-signed-timestamps=true');
    const incident = JSON.parse(readFileSync(run.outputs.incident!, 'utf8'));
    expect(incident.verdicts.signature).toContain(`by ${certificateIdentityOf(RELEASE)}`);
  });
});

describe('bluegreen-deploy with a Helm chart', () => {
  it('installs <release>-<color> with the image by digest and switches the Service', async () => {
    const status = platform();
    const release = rel('chart');
    const helmDeploy = (n: number) =>
      runBundle('bluegreen-deploy', {
        namespace: 'pipeline-production',
        release,
        image: image(n),
        version: `2.${n}.0`,
        chart: join(repoRoot, 'examples', 'chart'),
        // Placeholder digests: the pods go to the kwok nodes.
        set: [
          'replicas=1',
          'nodeSelector.type=kwok',
          'tolerations[0].key=kwok.x-k8s.io/node',
          'tolerations[0].operator=Exists',
          'tolerations[0].effect=NoSchedule',
        ].join('\n'),
        selector: 'app.kubernetes.io/name=standin',
        kubeconfig: status.restrictedKubeconfig,
        timeout: '60s',
      });
    const first = await helmDeploy(1);
    expect(first.exitCode, first.stdout).toBe(0);
    const second = await helmDeploy(2);
    expect(second.exitCode, second.stdout).toBe(0);
    expect(second.outputs).toMatchObject({ color: 'green', 'previous-color': 'blue' });
    const prod = (args: string[]) => kubectl(['-n', 'pipeline-production', ...args]);
    expect(prod(['get', 'service', release, '-o', 'jsonpath={.spec.selector.color}'])).toBe('green');
    const green = JSON.parse(
      prod(['get', 'deployments', '-l', `app.kubernetes.io/instance=${release}-green`, '-o', 'json']),
    ).items;
    expect(green).toHaveLength(1);
    expect(green[0].metadata.labels.color).toBe('green');
    expect(green[0].spec.template.spec.containers[0].image).toBe(image(2));
    // The chart's selector is shared by every release of it in the namespace: leave none behind.
    for (const color of ['blue', 'green']) {
      execFileSync(
        'helm',
        ['uninstall', `${release}-${color}`, '-n', 'pipeline-production', '--kubeconfig', status.kubeconfig],
        { stdio: 'pipe' },
      );
    }
    prod(['delete', 'service', release, '--ignore-not-found']);
  });
});

describe('bluegreen-deploy reports a GitHub Deployment', () => {
  it('creates the deployment and its in_progress and success statuses (replayed API)', async () => {
    const api = await startGithubApi();
    const { requests } = api;
    try {
      const release = rel('gh');
      const run = await runBundle(
        'bluegreen-deploy',
        {
          namespace: NS,
          release,
          image: image(1),
          version: '1.0.0',
          environment: 'staging',
          manifests: manifestsFor(release),
          kubeconfig: platform().restrictedKubeconfig,
          token: 'ghs_test_token_value',
        },
        {
          env: {
            GITHUB_API_URL: api.url,
            GITHUB_REPOSITORY: 'octo-org/shop',
            GITHUB_SHA: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
            GITHUB_RUN_ID: '42',
          },
        },
      );
      expect(run.exitCode, run.stdout).toBe(0);
      expect(run.stdout).not.toMatch(/ghs_test_token_value(?!\n)/);
      expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST /repos/octo-org/shop/deployments',
        'POST /repos/octo-org/shop/deployments/1/statuses',
        'POST /repos/octo-org/shop/deployments/1/statuses',
      ]);
      expect(requests[0]!.body).toMatchObject({
        ref: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
        environment: 'staging',
        auto_merge: false,
        required_contexts: [],
      });
      expect(requests.slice(1).map((r) => r.body.state)).toEqual(['in_progress', 'success']);
      expect(requests[2]!.body).toMatchObject({
        log_url: 'https://github.com/octo-org/shop/actions/runs/42',
      });
    } finally {
      await api.close();
    }
  });

  it('rollback: the version put back is the active deployment again, and the incident becomes an issue', async () => {
    const release = rel('gh-back');
    expect((await deploy(release, 1)).exitCode).toBe(0);
    expect((await deploy(release, 2)).exitCode).toBe(0);
    const api = await startGithubApi();
    try {
      const run = await rollback(
        release,
        {
          to: 'previous',
          reason: 'error rate above SLO after 1.2.0',
          environment: 'staging',
          token: 'ghs_test_token_value',
          'incident-issue': 'true',
        },
        {
          env: {
            GITHUB_API_URL: api.url,
            GITHUB_REPOSITORY: 'octo-org/shop',
            GITHUB_SHA: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
          },
        },
      );
      expect(run.exitCode, run.stdout).toBe(0);
      expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST /repos/octo-org/shop/deployments',
        'POST /repos/octo-org/shop/deployments/1/statuses',
        'POST /repos/octo-org/shop/deployments/1/statuses',
        'POST /repos/octo-org/shop/issues',
      ]);
      expect(api.requests[0]!.body).toMatchObject({ environment: 'staging', payload: { version: '1.1.0' } });
      expect(api.requests[2]!.body).toMatchObject({ state: 'success', auto_inactive: true });
      const issue = api.requests[3]!.body as { title: string; body: string; labels: string[] };
      expect(issue.title).toBe(`Rollback of ${release} (staging): 1.2.0 → 1.1.0`);
      expect(issue.labels).toEqual(['incident']);
      expect(issue.body).toContain('**Reason:** error rate above SLO after 1.2.0');
      expect(run.outputs['issue-url']).toBe('https://github.com/octo-org/shop/issues/7');
      expect(run.stdout).not.toMatch(/ghs_test_token_value(?!\n)/);
    } finally {
      await api.close();
    }
  });
});

describe('bluegreen-deploy bad inputs: one line, nothing changed', () => {
  it.each([
    [{ traffic: 'dns' }, "input 'traffic': got 'dns', expected one of service, ingress, gateway, istio"],
    [
      { traffic: 'ingress', ingress: 'x', 'traffic-steps': '10,50' },
      "input 'traffic-steps': got '10,50', expected steps ending at 100",
    ],
    [
      { traffic: 'ingress', ingress: 'x', 'traffic-steps': '50,10,100' },
      "input 'traffic-steps': got '50,10,100', expected increasing percentages",
    ],
    [
      { 'traffic-steps': '10,100' },
      "input 'traffic-steps': got '10,100' with traffic 'service', which switches at once",
    ],
    [
      { 'step-interval': 'soon' },
      "input 'step-interval': got 'soon', expected a duration like 90s, 2m or 1h30m",
    ],
    [{ manifests: '' }, "give exactly one of 'chart' and 'manifests' (got neither)"],
    [
      { image: '127.0.0.1:5000/pipeline/app:1.0' },
      "input 'image': got '127.0.0.1:5000/pipeline/app:1.0', expected an image pinned by digest",
    ],
    [
      { namespace: 'no-such-namespace' },
      "input 'namespace': namespace no-such-namespace does not exist (or is not visible to this identity)",
    ],
  ])('%o', async (inputs, message) => {
    const run = await deploy(rel('shop-bad'), 7, inputs as Record<string, string>);
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toHaveLength(1);
    expect(errorLines(run)[0]).toContain(message);
    expect(admin(['get', 'deployments', '-o', 'name'])).not.toContain(rel('shop-bad'));
  });
});
