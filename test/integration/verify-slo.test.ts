// verify-slo for real: the bundle, run as the runner runs it, against the local platform's
// Prometheus scraping the blue and green stand-in apps. The runbook SLO (examples/slo/default.yaml)
// is extended with shorter `for` durations and rate windows so each scenario takes seconds, not
// minutes; its thresholds (5%, 2×, 85%) are the runbook's.
//
// The scenarios that leave the apps alone run concurrently; those that change an app run one
// after the other, each starting from reset apps.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AppSettings,
  resetApps,
  setApp,
  startPrometheus,
  stopPrometheus,
} from '../../platform/index.mjs';
import { writeImageLayout } from '../../platform/oci.mjs';
import {
  missingVerificationProof,
  parseAttestations,
  VERIFICATION_PREDICATE_TYPE,
} from '../../shared/release/verification.js';
import { type BundleRun, errorLines, runBundle } from '../support/bundle.js';
import { generateKeyPair, type KeyPair, signImage, verifyWithKey } from '../support/cosign.js';
import { usePlatform } from '../support/platform.js';
import { scanEnvironment } from '../support/scan-env.js';

const platform = usePlatform();
const work = mkdtempSync(join(tmpdir(), 'verify-slo-test-'));

/** The runbook with seconds instead of minutes: rate windows of 6s, `for: 10s`, judged every 2s. */
const FAST_RUNBOOK = join(work, 'fast-runbook.yaml');
writeFileSync(
  FAST_RUNBOOK,
  `apiVersion: pipeline/v1
kind: SLO
name: fast-runbook
extends: default
interval: 2s
objectives:
  - name: error-rate
    query: |
      (sum(rate(http_requests_total{ {{selector}}, code=~"5.." }[6s])) or vector(0))
        / sum(rate(http_requests_total{ {{selector}} }[6s]))
    for: 10s
  - name: response-time
    query: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{ {{selector}} }[6s])))
    for: 10s
  - name: cpu
    # The stand-ins report their CPU as a gauge; the runbook's own query reads cAdvisor.
    query: max(app_cpu_usage_ratio{ {{selector}} })
    for: 10s
`,
);

/** Mean latency sample by sample, judged as Kayenta would: significant and at least 20% worse. */
const MANN_WHITNEY = `apiVersion: pipeline/v1
kind: SLO
name: latency-comparison
interval: 2s
objectives:
  - name: latency-distribution
    kind: mann-whitney
    query: |
      sum(rate(http_request_duration_seconds_sum{ {{selector}} }[4s]))
        / sum(rate(http_request_duration_seconds_count{ {{selector}} }[4s]))
    direction: increase
    confidence: 0.99
    allowed-increase: 1.2
    min-samples: 8
    unit: seconds
`;

// The stand-ins' own scrape job: the act and workloads tests run real pods labelled color="green"
// on the same Prometheus, and a selector of the color alone would judge those too.
const GREEN = 'job="standin", color="green"';
const BLUE = 'job="standin", color="blue"';

function verify(inputs: Record<string, string>, options: { runnerTemp?: string } = {}): Promise<BundleRun> {
  return runBundle(
    'verify-slo',
    {
      'prometheus-url': platform().prometheus,
      slo: FAST_RUNBOOK,
      target: GREEN,
      baseline: BLUE,
      ...inputs,
    },
    options,
  );
}

function report(run: BundleRun): {
  verdict: string;
  reason: string;
  breached: string[];
  elapsedSeconds: number;
  objectives: { name: string; status: string; detail: string; samples: number }[];
  attestation?: { image: string; predicate: { environment: string; digest: string; checks: unknown[] } };
} {
  expect(run.outputs.report, run.stdout).toBeTruthy();
  return JSON.parse(run.outputs.report as string);
}

function statuses(run: BundleRun): Record<string, string> {
  return Object.fromEntries(report(run).objectives.map((objective) => [objective.name, objective.status]));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A loopback port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Keeps an app's settings applied every second while `body` runs, so the scenario holds even if
 * another test file resets the shared apps in between.
 */
async function holding<T>(
  color: string,
  settings: AppSettings | (() => AppSettings),
  body: () => Promise<T>,
) {
  let stop = false;
  const apply = () => setApp(color, typeof settings === 'function' ? settings() : settings);
  await apply();
  const keeper = (async () => {
    while (!stop) {
      await sleep(1000);
      if (!stop) await apply().catch(() => {});
    }
  })();
  try {
    return await body();
  } finally {
    stop = true;
    await keeper;
  }
}

beforeEach(async () => {
  platform();
  await resetApps();
});

afterAll(async () => {
  await resetApps().catch(() => {});
});

describe('apps left alone (concurrently)', () => {
  let keys: KeyPair;
  let image: string;
  let digest: string;

  beforeAll(() => {
    // A signed image of our own in the scan environment's registry (the one promote's tests use).
    const env = scanEnvironment();
    keys = generateKeyPair(join(work, 'keys'));
    const layout = join(work, 'layout');
    digest = writeImageLayout(layout, { tag: 'v1', files: { 'app.txt': `verify-slo ${Date.now()}\n` } });
    execFileSync('skopeo', [
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      `oci:${layout}:v1`,
      `docker://${env.registry}/staging/slo-app:v1`,
    ]);
    image = `${env.registry}/staging/slo-app@${digest}`;
    signImage(image, keys);
  });

  it.concurrent('a sloth spec as it is (examples/slo/sloth.yaml): healthy green passes on its burn rate', async () => {
    const slo = join(import.meta.dirname, '..', '..', 'examples', 'slo', 'sloth.yaml');
    const run = await verify({ slo, window: '16s', interval: '2s' });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    expect(statuses(run)).toEqual({ 'requests-availability': 'pass' });
    expect(report(run).objectives[0]?.samples).toBeGreaterThanOrEqual(3);
  });

  it.concurrent('a healthy release passes after the window and is attested; promote accepts the proof', async () => {
    const runnerTemp = mkdtempSync(join(work, 'runner-'));
    const started = Date.now();
    const run = await verify(
      {
        window: '16s',
        image,
        environment: 'staging',
        // PEM content, as a secret would give it: written 0600 under RUNNER_TEMP, removed in post.
        'cosign-key': readFileSync(keys.privateKey, 'utf8'),
        'cosign-password': keys.password,
        'tlog-upload': 'false',
        'insecure-registry': 'true',
      },
      { runnerTemp },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(16_000);
    expect(run.outputs.verdict).toBe('pass');
    expect(run.outputs.breached).toBe('');
    const result = report(run);
    expect(statuses(run)).toEqual({ 'error-rate': 'pass', 'response-time': 'pass', cpu: 'pass' });
    expect(result.objectives.every((objective) => objective.samples >= 5)).toBe(true);
    expect(result.attestation?.predicate).toMatchObject({ environment: 'staging', digest });
    expect(run.summary).toContain('## ✅ SLO verification: PASS');
    expect(run.summary).toContain('| **error-rate** | threshold | > 5% for 10s |');
    expect(run.summary).toContain('| **response-time** | relative | > 2× baseline for 10s |');
    expect(run.summary).toContain('| **cpu** | threshold | > 85% for 10s |');
    expect(run.summary.match(/```mermaid\n/g)).toHaveLength(3);
    expect(run.summary).toContain(`🔏 Attested \`${image}\`: passed verification in **staging**`);

    // The key was written 0600 and is removed by the post step.
    const cleanup = JSON.parse(run.state['cleanup-paths'] ?? '[]') as string[];
    expect(cleanup.length).toBe(1);
    const keyFile = join(cleanup[0] as string, 'cosign.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(keyFile.startsWith(runnerTemp)).toBe(true);
    const post = await runBundle('verify-slo', {}, { entry: 'post', state: run.state, runnerTemp });
    expect(post.exitCode, post.stdout).toBe(0);
    expect(existsSync(cleanup[0] as string)).toBe(false);

    // The attestation verifies with the public key and proves this digest passed in staging.
    const attested = verifyWithKey(image, keys.publicKey, VERIFICATION_PREDICATE_TYPE);
    expect(missingVerificationProof(parseAttestations(attested), digest, 'staging')).toBeUndefined();

    // …which is exactly what promote requires.
    const env = scanEnvironment();
    const promoted = await runBundle('promote', {
      image,
      'source-environment': 'staging',
      'target-environment': 'production',
      'target-repository': `${env.registry}/production/slo-app`,
      'cosign-key': keys.publicKey,
      'ignore-tlog': 'true',
      'insecure-registry': 'true',
    });
    expect(promoted.exitCode, errorLines(promoted).join('\n') || promoted.stdout).toBe(0);
    expect(promoted.outputs.digest).toBe(digest);
  });

  it.concurrent('a query that returns no series fails at the end of the window, naming the objective', async () => {
    const slo = `apiVersion: pipeline/v1
kind: SLO
interval: 2s
objectives:
  - name: queue-depth
    kind: threshold
    query: sum(nonexistent_queue_depth{ {{selector}} })
    threshold: 100
`;
    const run = await verify({ slo, window: '6s' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(report(run).reason).toBe(
      'not enough data for queue-depth (no data: the query returned no series (or only NaN))',
    );
    expect(errorLines(run).join('\n')).toContain('SLO verification failed: not enough data for queue-depth');
    expect(statuses(run)).toEqual({ 'queue-depth': 'no-data' });
  });

  it.concurrent('on-no-data: inconclusive does not fail the step and attests nothing', async () => {
    const slo = `apiVersion: pipeline/v1
kind: SLO
interval: 2s
objectives:
  - { name: queue-depth, kind: threshold, query: "sum(nonexistent_queue_depth{ {{selector}} })", threshold: 100 }
`;
    const run = await verify({ slo, window: '4s', 'warm-up': '2s', 'on-no-data': 'inconclusive' });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs.verdict).toBe('inconclusive');
    const { startedAt, windowStart } = JSON.parse(run.outputs.report as string);
    expect(Date.parse(windowStart) - Date.parse(startedAt)).toBe(2000);
    expect(run.stdout).toContain('warming up for 2s before judging');
    expect(run.stdout).toMatch(/::warning::SLO verification inconclusive: not enough data for queue-depth/);
    expect(run.summary).toContain('## ⚠️ SLO verification: INCONCLUSIVE');
  });

  it.concurrent('a query Prometheus rejects fails at once, naming the objective and the field', async () => {
    const slo = `apiVersion: pipeline/v1
kind: SLO
objectives:
  - { name: broken, kind: threshold, query: "sum(rate(http_requests_total{ {{selector}} }[1m])", threshold: 1 }
`;
    const started = Date.now();
    const run = await verify({ slo });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(errorLines(run)).toHaveLength(1);
    expect(errorLines(run)[0]).toMatch(
      /^SLO objective 'broken', field 'query': Prometheus rejected the query: .*parse error.*: sum\(rate\(http_requests_total\{ job="standin", color="green" \}\[1m\]\)$/,
    );
  });

  it.concurrent('a query with several series is refused with the fix', async () => {
    const slo = `apiVersion: pipeline/v1
kind: SLO
interval: 2s
objectives:
  - { name: requests, kind: threshold, query: "rate(http_requests_total{ {{selector}} }[10s])", threshold: 1000 }
`;
    const run = await verify({ slo, window: '4s' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)[0]).toMatch(
      /^SLO objective 'requests', field 'query': the target query returned 2 series \(.*code="200".*\); aggregate it to one, e\.g\. with sum, avg or max/,
    );
  });

  it.concurrent('Prometheus unreachable from the start fails closed at once, or as on-no-data says', async () => {
    const port = await closedPort();
    const closed = { 'prometheus-url': `http://127.0.0.1:${port}` };
    const run = await verify(closed);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(report(run).reason).toMatch(
      /^no observation possible: Prometheus at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED[^)]*\) \(before the window began\)$/,
    );
    const lenient = await verify({ ...closed, 'on-no-data': 'inconclusive' });
    expect(lenient.exitCode, lenient.stdout).toBe(0);
    expect(lenient.outputs.verdict).toBe('inconclusive');
    expect(report(lenient).reason).toMatch(/ — on-no-data: inconclusive$/);
  });

  it.concurrent('bad SLO files and inputs are one line before anything is observed', async () => {
    const run = await verify({
      slo: 'apiVersion: pipeline/v1\nkind: SLO\nobjectives:\n  - { name: p95, kind: ratio, query: up }\n',
    });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      "SLO inline: objective 'p95', field 'kind': got 'ratio', expected one of threshold, relative, mann-whitney, burn-rate",
    ]);
    const noBaseline = await verify({ baseline: '' });
    expect(errorLines(noBaseline)).toEqual([
      `input 'baseline' is required: objective 'response-time' (relative) compares the target with a baseline, e.g. color="blue"`,
    ]);
  });
});

describe('bad releases (one at a time: they change the green app)', () => {
  it('green error rate 20% fails on error-rate within seconds of for: 10s after the breach starts', async () => {
    const pending = verify({ window: '60s' });
    await sleep(4000);
    const breachStarted = Date.now();
    const run = await holding('green', { errorRate: 0.2 }, () => pending);
    const afterBreach = (Date.now() - breachStarted) / 1000;
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', breached: 'error-rate' });
    // for (10s) + the rate window filling past 5% (~2s) + a scrape (2s) + an interval (2s), with slack
    expect(afterBreach).toBeGreaterThanOrEqual(10);
    expect(afterBreach).toBeLessThan(25);
    expect(report(run).reason).toMatch(/^error-rate breached: [\d.]+% > 5% held for 1\ds/);
    expect(errorLines(run)[0]).toMatch(/^SLO verification failed: error-rate breached: /);
    expect(statuses(run)).toMatchObject({ 'error-rate': 'breached', cpu: 'pending' });
    expect(run.summary).toContain('## ❌ SLO verification: FAIL');
    expect(run.summary).toContain('❌ breached');
  });

  it('an OpenSLO file as it is (examples/slo/openslo.yaml): a color at 800 ms fails its p95 threshold', async () => {
    const slo = join(import.meta.dirname, '..', '..', 'examples', 'slo', 'openslo.yaml');
    // Judged on blue, whose errors no test raises: green's from the tests before would (rightly)
    // breach the file's availability burn rate over its 5m window first.
    const run = await holding('blue', { latencyMs: 800 }, () => verify({ slo, window: '40s', target: BLUE }));
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', breached: 'web-latency' });
    // Judged on blue only ({{selector}} added to their query): green at 20 ms is not mixed in.
    expect(report(run).reason).toMatch(/^web-latency breached: /);
    expect(statuses(run)['web-availability']).not.toBe('fail');
  });

  it('green latency 3× blue fails on the relative objective (response-time)', async () => {
    const run = await holding('green', { latencyMs: 60 }, () => verify({ window: '40s' }));
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', breached: 'response-time' });
    expect(report(run).reason).toMatch(
      /^response-time breached: target [\d.]+ ms is [\d.]+× baseline [\d.]+ ms \(> 2×\) held for 1\ds/,
    );
  });

  it('green CPU at 90% fails on cpu once held for `for`', async () => {
    const run = await holding('green', { cpu: 0.9 }, () => verify({ window: '40s' }));
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', breached: 'cpu' });
    expect(report(run).reason).toMatch(/^cpu breached: 90% > 85% held for 1\ds/);
    expect(report(run).elapsedSeconds).toBeGreaterThanOrEqual(10);
  });
  it('an error-budget burn fails once both windows burn faster than the factor', async () => {
    const slo = `apiVersion: pipeline/v1
kind: SLO
interval: 2s
objectives:
  - name: availability-burn
    kind: burn-rate
    query: |
      (sum(rate(http_requests_total{ {{selector}}, code=~"5.." }[{{window}}])) or vector(0))
        / sum(rate(http_requests_total{ {{selector}} }[{{window}}]))
    objective: 99%
    windows: [{ long: 30s, short: 6s, factor: 10 }]
`;
    const run = await holding('green', { errorRate: 0.2 }, () => verify({ slo, window: '60s' }));
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', breached: 'availability-burn' });
    expect(report(run).reason).toMatch(
      /^availability-burn breached: burn rate [\d.]+× over 30s and [\d.]+× over 6s > 10× \(objective 99%, budget 1%: /,
    );
    // The short window burns at 20× within seconds; the long one needs about half its 30s.
    expect(report(run).elapsedSeconds).toBeGreaterThanOrEqual(8);
  });
});

describe('Mann-Whitney against the baseline', () => {
  /** Latency noise, the same distribution for both colors (green optionally slower). */
  async function noisy<T>(greenFactor: number, body: () => Promise<T>): Promise<T> {
    const latency = () => Math.round(30 + 20 * Math.random());
    return holding(
      'blue',
      () => ({ latencyMs: latency() }),
      () => holding('green', () => ({ latencyMs: Math.round(latency() * greenFactor) }), body),
    );
  }

  it('a noisy but equal green passes: no false alarm over repeated runs', async () => {
    const runs = await noisy(1, () =>
      Promise.all(
        [0, 4, 8].map(async (delay) => {
          await sleep(delay * 1000);
          return verify({ slo: MANN_WHITNEY, window: '30s' });
        }),
      ),
    );
    for (const run of runs) {
      expect(run.exitCode, run.stdout).toBe(0);
      expect(run.outputs.verdict).toBe('pass');
      const [objective] = report(run).objectives;
      expect(objective).toMatchObject({ name: 'latency-distribution', status: 'pass' });
      expect(objective?.samples).toBeGreaterThanOrEqual(12);
    }
  });

  it('a noisy green 1.6× slower fails on the Mann-Whitney objective', async () => {
    const run = await noisy(1.6, () => verify({ slo: MANN_WHITNEY, window: '30s' }));
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', breached: 'latency-distribution' });
    expect(report(run).reason).toMatch(
      /^latency-distribution breached: target is significantly higher than baseline \(p = [\d.e-]+, mean ratio 1\.\d+×/,
    );
  });
});

describe('Prometheus goes away', () => {
  it('stopped mid-window: fails closed with the reason', async () => {
    const pending = verify({ window: '60s' });
    await sleep(6000);
    try {
      await stopPrometheus();
      const stopped = Date.now();
      const run = await pending;
      expect((Date.now() - stopped) / 1000).toBeLessThan(10);
      expect(run.exitCode).toBe(1);
      expect(run.outputs.verdict).toBe('fail');
      expect(report(run).reason).toMatch(
        /^no observation possible: Prometheus at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED[^)]*\) \(\d+s into the window\)$/,
      );
      expect(errorLines(run)[0]).toMatch(
        /^SLO verification failed: no observation possible: Prometheus at .* is unreachable/,
      );
    } finally {
      await startPrometheus();
    }
  });
});
