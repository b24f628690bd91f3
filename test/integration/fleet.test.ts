// deliver-fleet.yml, run by act on the host against the platform's three clusters (eu-1, and eu-2
// and us-1 from platform/components/clusters.mjs: each its own apiserver, controller-manager,
// scheduler, Gateway and release records; their pods run on the real node and serve real traffic,
// Prometheus labels every series with its cluster).
//
// 1.0.0 goes to the fleet in two waves (eu-1, then eu-2 and us-1), each cluster verified by the
// story's SLO (the default one's objectives, durations shortened) with the fleet's default target,
// which selects the cluster's own series. Then 3.0.0, built with a fault that shows only in us-1
// (30% errors where the cluster's cluster-info ConfigMap says us-1), goes in three waves (eu-1,
// us-1, eu-2) with rollback-fleet: eu-1 verifies it, us-1 breaches and rolls itself back, the
// fleet rolls eu-1 back too, eu-2's wave never starts, and one incident record names them all.
// 2.0.0 then goes to all three in one wave, and the fleet's Rollback form (rollback-fleet.yml, each
// cluster by rollback.yml with its own context and target) takes eu-2 and us-1 back to 1.0.0.
// Users' traffic flows through each cluster's Gateway the whole time.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, prometheusQuery, up } from '../../platform/index.mjs';
import { buildAppBinary } from '../../scripts/lib/app-image.mjs';
import { writeExampleManifests } from '../../scripts/lib/examples.mjs';
import { otherFailures, startTraffic, type Traffic } from '../../scripts/lib/traffic.mjs';
import { servedRecords, workloadStory } from '../../scripts/lib/workload-story.mjs';
import { type ActOptions, type ActRun, jobSpans, runWorkflow, stepOutputs } from '../support/act.js';
import { type BundleRun, repoRoot, runBundle } from '../support/bundle.js';
import { generateKeyPair, type KeyPair, signImage } from '../support/cosign.js';
import { pushTrivyDb } from '../support/fixtures.js';
import { type GithubApi, startGithubApi } from '../support/github-api.js';
import { usePlatform } from '../support/platform.js';
import { requireTool } from '../support/tools.js';

const CLUSTERS = ['eu-1', 'eu-2', 'us-1'] as const;
type Cluster = (typeof CLUSTERS)[number];
const platform = usePlatform({ clusters: CLUSTERS.length, shared: true });
const NS = 'pipeline-staging';
const RUN = Date.now().toString(36).slice(-5);
const release = `fleet-${RUN}`;
const RELEASES = { '1.0.0': [], '2.0.0': [], '3.0.0': ['ERROR_RATE=0.3', 'FAIL_IN=us-1'] };
const STEP_TIMEOUT = 12 * 60_000;

let work: string;
let project: string;
let results: string;
let services: string;
let githubApi: GithubApi;
let keys: KeyPair;
let story: ReturnType<typeof workloadStory<BundleRun>>;
const traffic: Partial<Record<Cluster, Traffic>> = {};

const cluster = (name: Cluster) => {
  const entry = platform().clusters[name];
  if (!entry) throw new Error(`the platform has no cluster ${name}`);
  return entry;
};

/** One kubeconfig with a context per cluster (named after it), each the deployer identity. */
function fleetKubeconfig(): string {
  const config = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] } as {
    clusters: unknown[];
    users: unknown[];
    contexts: unknown[];
    'current-context'?: string;
  };
  for (const name of CLUSTERS) {
    const own = load(readFileSync(cluster(name).restrictedKubeconfig, 'utf8')) as {
      clusters: { cluster: unknown }[];
      users: { user: unknown }[];
    };
    config.clusters.push({ name, cluster: own.clusters[0]?.cluster });
    config.users.push({ name, user: own.users[0]?.user });
    config.contexts.push({ name, context: { cluster: name, user: name, namespace: NS } });
  }
  config['current-context'] = 'eu-1';
  return JSON.stringify(config);
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=act test', '-c', 'user.email=act@example.invalid', ...args], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();
}

function createCallerRepository(): string {
  const dir = join(work, 'app-repo');
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  mkdirSync(join(dir, 'deploy'));
  writeExampleManifests(join(dir, 'deploy', 'app.yaml'), release);
  mkdirSync(join(dir, 'slo'));
  cpSync(story.slo, join(dir, 'slo', 'runbook-fast.yaml'));
  for (const caller of ['deliver-fleet.yml', 'rollback-fleet.yml'])
    cpSync(
      join(repoRoot, 'test', 'fixtures', 'act', 'workflows', caller),
      join(dir, '.github', 'workflows', caller),
    );
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'the fleet');
  return dir;
}

function act(options: ActOptions): Promise<ActRun> {
  const status = platform();
  return runWorkflow(project, work, {
    ...options,
    timeoutMs: STEP_TIMEOUT,
    vars: {
      NAMESPACE: NS,
      RELEASE: release,
      PROMETHEUS_URL: status.prometheus,
      // What the Rollback form reads from each cluster's environment (deliver-fleet takes inputs).
      TRAFFIC: 'gateway',
      HTTP_ROUTE: release,
      INSECURE_REGISTRY: 'true',
      TRANSPARENCY_LOG: 'false',
      TRAFFIC_STEPS: '50,100',
      STEP_INTERVAL: '3s',
      SLO: 'slo/runbook-fast.yaml',
      REGISTRY_USERNAME: 'act',
      TRIVY_DB_REPOSITORY: `${status.registry}/trivy-db:2`,
      COSIGN_PUBLIC_KEY: readFileSync(keys.publicKey, 'utf8'),
      ...options.vars,
    },
    secrets: {
      GITHUB_TOKEN: 'ghs_act_test_token',
      KUBECONFIG: fleetKubeconfig(),
      REGISTRY_PASSWORD: 'act-registry-password',
      COSIGN_KEY: readFileSync(keys.privateKey, 'utf8'),
      COSIGN_PASSWORD: keys.password,
    },
    env: {
      RESULTS_DIR: results,
      GITHUB_SERVICES_DIR: services,
      GITHUB_API_URL: githubApi.url,
    },
  });
}

function deliverFleet(version: keyof typeof RELEASES, waves: string, rollbackFleet = false): Promise<ActRun> {
  const image = story.images[version];
  if (!image) throw new Error(`no image for ${version}`);
  return act({
    event: 'workflow_dispatch',
    workflow: '.github/workflows/deliver-fleet.yml',
    inputs: { image, version, waves, 'rollback-fleet': String(rollbackFleet) },
  });
}

function report(version: string): { result: string; outputs: Record<string, string> } {
  return JSON.parse(readFileSync(join(results, `fleet-${version}.json`), 'utf8'));
}

/** A cluster's release record. */
function releaseState(name: Cluster): {
  activeColor: string;
  colors: Record<string, { version: string }>;
  history: { action: string; version: string; outcome: string; reason?: string }[];
} {
  const configMap = JSON.parse(
    kubectl(['-n', NS, 'get', 'configmap', `pipeline-${release}-state`, '-o', 'json'], {
      kubeconfig: cluster(name).kubeconfig,
    }),
  );
  return JSON.parse(configMap.data['state.json']);
}
const liveVersion = (name: Cluster) => {
  const state = releaseState(name);
  return state.colors[state.activeColor]?.version;
};
const logTail = (run: ActRun) => `exit ${run.exitCode}\n${run.errors.join('\n')}\n${run.log.slice(-6000)}`;

/** The artifacts uploaded so far. */
function artifacts(): string[] {
  const dir = join(services, 'artifacts');
  try {
    return readdirSync(dir).filter((name) => !name.endsWith('.retention-days'));
  } catch {
    return [];
  }
}

beforeAll(async () => {
  requireTool('act');
  work = mkdtempSync(join(tmpdir(), 'pipeline-fleet-'));
  results = join(work, 'results');
  services = join(work, 'services');
  mkdirSync(results);
  mkdirSync(services);
  story = workloadStory({
    status: platform(),
    release,
    work,
    namespace: NS,
    runAction: runBundle,
    releases: RELEASES,
  });
  buildAppBinary();
  await story.buildImages();
  keys = generateKeyPair(work);
  for (const image of Object.values(story.images)) signImage(image, keys);
  project = createCallerRepository();
  githubApi = await startGithubApi();
  pushTrivyDb(`${platform().registry}/trivy-db:2`, work);
  // In every cluster, the release's routes on its own Gateway, and its users on them.
  for (const name of CLUSTERS) {
    story.applyRoutes({ kubeconfig: cluster(name).kubeconfig });
    const live = cluster(name).dataplane.gateways[NS]?.live;
    traffic[name] = startTraffic({
      url: `${live}/${release}/`,
      rps: 20,
      durationMs: 30 * 60_000,
      maxRequests: 40_000,
    });
  }
}, 10 * 60_000);

afterAll(async () => {
  for (const client of Object.values(traffic)) await client?.stop();
  await githubApi?.close();
  for (const name of CLUSTERS) {
    try {
      story?.cleanup({ kubeconfig: cluster(name).kubeconfig });
    } catch {}
  }
  if (work) rmSync(work, { recursive: true, force: true });
  // The other clusters cost two cores' worth of control planes: the files after this one run without.
  await up({ clusters: 1 });
});

describe('deliver-fleet.yml, run by act on three clusters', () => {
  it(
    'a healthy release goes through two waves, each cluster verified on its own series',
    async () => {
      const run = await deliverFleet('1.0.0', '{canary: [eu-1], rest: [eu-2, us-1]}');
      expect(run.exitCode, logTail(run)).toBe(0);
      const { result, outputs } = report('1.0.0');
      expect(result).toBe('success');
      expect(outputs.outcome).toBe('delivered');
      const status = JSON.parse(outputs['fleet-status'] as string);
      expect(status.map((entry: { cluster: string; wave: number }) => [entry.cluster, entry.wave])).toEqual([
        ['eu-1', 1],
        ['eu-2', 2],
        ['us-1', 2],
      ]);
      for (const name of CLUSTERS) {
        expect(liveVersion(name), name).toBe('1.0.0');
        expect(releaseState(name).history[0]).toMatchObject({ version: '1.0.0', outcome: 'verified' });
      }
      // Wave 2 started only after wave 1 verified: eu-1's deploy finished before eu-2's began.
      const order = [...run.log.matchAll(/Wave (\d) \((eu-1|eu-2|us-1)\)/g)].map((m) => m[1]);
      expect(order.indexOf('2')).toBeGreaterThan(order.lastIndexOf('1'));
      // What a fleet costs here: each job's span, the gap between waves (act starts the next wave's
      // jobs once the last of the wave before ended), and the whole run.
      const spans = jobSpans(run, /.*/).map(({ name, from, to }) => ({
        job: name.split('/').pop(),
        seconds: Number(((to - from) / 1000).toFixed(1)),
        from: Number((from / 1000).toFixed(1)),
      }));
      console.log(
        `[fleet] 1.0.0 to 3 clusters in 2 waves: ${(run.ms / 1000).toFixed(0)} s; jobs ${JSON.stringify(spans)}`,
      );
      // Each cluster's verification read its own pods' series: Prometheus has them per cluster.
      for (const name of CLUSTERS) {
        const series = await prometheusQuery(`up{cluster="${name}", release="${release}", version="1.0.0"}`);
        expect(series.length, name).toBeGreaterThan(0);
        expect(
          series.every((entry: { metric: { namespace?: string } }) => entry.metric.namespace === NS),
        ).toBe(true);
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'a release that breaches in wave 2 only is rolled back there and, with rollback-fleet, in wave 1; wave 3 never starts',
    async () => {
      const before = artifacts();
      const run = await deliverFleet('3.0.0', '{canary: [eu-1], regions: [us-1], rest: [eu-2]}', true);
      writeFileSync(join(tmpdir(), 'pipeline-fleet-3.0.0.log'), run.log);
      expect(run.exitCode, logTail(run)).not.toBe(0);
      const outputs = stepOutputs(run, 'report');
      expect(outputs.outcome, logTail(run)).toBe('stopped');
      expect(stepOutputs(run, 'decide')).toMatchObject({
        'failed-wave': '2',
        'rollback-clusters': '["eu-1"]',
      });
      expect(run.errors.join('\n')).toMatch(
        /fleet delivery stopped: wave 2 \(regions\) failed in us-1; back on the previous release: eu-1, us-1; wave\(s\) 3 not started/,
      );
      // us-1 breached and rolled itself back; eu-1 had verified 3.0.0 (its fault does not show
      // there) and the fleet rolled it back; eu-2 never saw 3.0.0.
      expect(releaseState('us-1').history.find((entry) => entry.version === '3.0.0')?.outcome).toBe(
        'rolled-back',
      );
      expect(releaseState('us-1').history[0]).toMatchObject({ action: 'rollback', version: '1.0.0' });
      expect(releaseState('eu-1').history.find((entry) => entry.version === '3.0.0')?.outcome).toBe(
        'rolled-back',
      );
      expect(releaseState('eu-1').history[0]).toMatchObject({ action: 'rollback', version: '1.0.0' });
      expect(releaseState('eu-2').history.some((entry) => entry.version === '3.0.0')).toBe(false);
      for (const name of CLUSTERS) expect(liveVersion(name), name).toBe('1.0.0');
      expect(run.log).not.toMatch(/Wave 3 \(eu-2\).*deploy@v1/);

      // One incident record names every cluster touched and the wave that never started.
      const incidents = artifacts().filter(
        (name) => !before.includes(name) && name.startsWith('fleet-incident-'),
      );
      expect(incidents).toHaveLength(1);
      const incident = JSON.parse(
        readFileSync(join(services, 'artifacts', incidents[0] as string, 'fleet-incident.json'), 'utf8'),
      );
      expect(incident.reason).toBe('wave 2 (regions) failed in us-1');
      expect(incident.clusters.map((entry: { cluster: string }) => entry.cluster)).toEqual(['eu-1', 'us-1']);
      expect(
        incident.clusters.find((entry: { cluster: string }) => entry.cluster === 'eu-1').happened,
      ).toMatch(/rolled back with its wave/);
      expect(incident.notStarted).toEqual([{ wave: 3, name: 'rest', clusters: ['eu-2'] }]);
      const status = JSON.parse(outputs['fleet-status'] as string);
      expect(status.find((entry: { cluster: string }) => entry.cluster === 'eu-2')).toMatchObject({
        version: '1.0.0',
        happened: 'not started (an earlier wave failed)',
      });
    },
    STEP_TIMEOUT,
  );

  it(
    'a healthy release in one wave of all three clusters, deployed in parallel',
    async () => {
      const run = await deliverFleet('2.0.0', '{everywhere: [eu-1, eu-2, us-1]}');
      expect(run.exitCode, logTail(run)).toBe(0);
      expect(report('2.0.0').outputs.outcome).toBe('delivered');
      for (const name of CLUSTERS) expect(liveVersion(name), name).toBe('2.0.0');
      const spans = jobSpans(run, /Wave 1/);
      expect(spans).toHaveLength(CLUSTERS.length);
      console.log(
        `[fleet] 2.0.0 to 3 clusters in 1 wave: ${(run.ms / 1000).toFixed(0)} s; wave jobs ${JSON.stringify(
          spans.map(({ name, from, to }) => [name.split('/').pop(), Number(((to - from) / 1000).toFixed(1))]),
        )}`,
      );
    },
    STEP_TIMEOUT,
  );

  it(
    "the fleet's Rollback form takes two clusters back, each verified on its own series, and leaves the third",
    async () => {
      const before = artifacts();
      const run = await act({
        event: 'workflow_dispatch',
        workflow: '.github/workflows/rollback-fleet.yml',
        inputs: {
          clusters: 'eu-2, us-1',
          version: '',
          reason: 'act: 2.0.0 pages the on-call in eu-2',
          verify: 'true',
        },
      });
      expect(run.exitCode, logTail(run)).toBe(0);
      expect(liveVersion('eu-1')).toBe('2.0.0');
      for (const name of ['eu-2', 'us-1'] as const) {
        expect(liveVersion(name), name).toBe('1.0.0');
        expect(releaseState(name).history[0], name).toMatchObject({
          action: 'rollback',
          version: '1.0.0',
          reason: 'act: 2.0.0 pages the on-call in eu-2',
        });
        // Each cluster keeps its own incident record, verified against that cluster's pods only.
        const incident = artifacts().find(
          (artifact) => !before.includes(artifact) && artifact.startsWith(`incident-${name}-`),
        );
        expect(incident, name).toBeDefined();
        const folder = join(services, 'artifacts', incident as string);
        expect(JSON.parse(readFileSync(join(folder, 'incident.json'), 'utf8'))).toMatchObject({
          from: { version: '2.0.0' },
          to: { version: '1.0.0', digest: story.images['1.0.0']?.split('@')[1] },
          verdicts: { slo: 'pass' },
        });
        const verification = JSON.parse(readFileSync(join(folder, 'verification.json'), 'utf8'));
        expect(verification.verdict).toBe('pass');
        expect(verification.target).toMatch(
          new RegExp(`^cluster="${name}", namespace="${NS}", release="${release}"`),
        );
      }
      expect(
        artifacts().some((artifact) => !before.includes(artifact) && artifact.startsWith('incident-eu-1-')),
      ).toBe(false);
    },
    STEP_TIMEOUT,
  );

  it("the users of every cluster: no request failed but for the bad release's own errors, and those only in us-1", async () => {
    for (const name of CLUSTERS) {
      const client = traffic[name];
      if (!client) throw new Error(`no traffic for ${name}`);
      const { served } = servedRecords((await client.stop()).records);
      traffic[name] = undefined;
      // No refused or reset connection, no 502/503 from a Gateway.
      expect(otherFailures(served), name).toEqual([]);
      const badErrors = served.filter((record) => record.version === '3.0.0' && record.status === 500).length;
      if (name === 'us-1') expect(badErrors).toBeGreaterThan(0);
      else expect(badErrors, name).toBe(0);
      console.log(`[fleet] ${name}: ${served.length} requests, ${badErrors} answered 500 by 3.0.0`);
    }
  });
});
