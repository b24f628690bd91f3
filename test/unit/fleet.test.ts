import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ClusterResult, judgeFleet } from '../../shared/fleet/fleet.js';
import { readResults, runFleet } from '../../shared/fleet/run.js';
import { parseWaves } from '../../shared/fleet/waves.js';
import { Inputs, mapInputs } from '../../shared/inputs.js';
import { repoRoot } from '../support/bundle.js';

const NEW = `sha256:${'a'.repeat(64)}`;
const OLD = `sha256:${'b'.repeat(64)}`;
const IMAGE = `registry.example.com/shop@${NEW}`;
const WAVES = '{canary: [eu-1], rest: [eu-2, us-1], last: [ap-1]}';

function result(
  cluster: string,
  outcome: ClusterResult['outcome'],
  digest: string,
  extra = {},
): ClusterResult {
  return {
    cluster,
    after: 'deploy',
    outcome,
    live: { version: digest === NEW ? '2.0.0' : '1.0.0', digest, color: digest === NEW ? 'green' : 'blue' },
    at: '2026-12-03T19:00:00Z',
    ...extra,
  };
}

describe('waves', () => {
  it('reads a mapping in order, and a list of {name, clusters}', async () => {
    expect(await parseWaves(WAVES)).toEqual([
      { name: 'canary', clusters: ['eu-1'] },
      { name: 'rest', clusters: ['eu-2', 'us-1'] },
      { name: 'last', clusters: ['ap-1'] },
    ]);
    expect(await parseWaves('[{"name": "one", "clusters": ["a"]}, {"clusters": "b, c"}]')).toEqual([
      { name: 'one', clusters: ['a'] },
      { name: 'wave 2', clusters: ['b', 'c'] },
    ]);
  });

  it.each([
    ['', /expected the waves/],
    ['{a: [x], b: [y], c: [z], d: [w]}', /expected at most 3 waves/],
    [
      '{a: [eu-1], b: [eu-1]}',
      /got 'eu-1' in wave 'a' and in wave 'b', expected each cluster in one wave only/,
    ],
    ['{a: [eu-1, eu-1]}', /'eu-1' in wave 'a' twice/],
    ['{a: []}', /expected wave 'a' to list at least one cluster/],
    ['{a: [EU_1]}', /got 'EU_1', expected cluster names that are lower-case DNS labels/],
    ['{a: ["x;rm -rf /"]}', /expected cluster names that are lower-case DNS labels/],
    ['{"a: [x]', /expected YAML or JSON/],
    ['just text', /expected a mapping of wave names to clusters/],
  ])('refuses %j in one line', async (text, message) => {
    const refusal = await parseWaves(text).catch((error: Error) => error);
    expect(refusal).toBeInstanceOf(Error);
    expect(String((refusal as Error).message)).toMatch(/^input 'waves': /);
    expect(String((refusal as Error).message)).toMatch(message);
    expect(String((refusal as Error).message)).not.toContain('\n');
  });
});

describe('judging a fleet', () => {
  const facts = async (deploys: ClusterResult[], rollbackFleet = false, rollbacks: ClusterResult[] = []) => ({
    waves: await parseWaves(WAVES),
    digest: NEW,
    rollbackFleet,
    deploys: new Map(deploys.map((entry) => [entry.cluster, entry])),
    rollbacks: new Map(rollbacks.map((entry) => [entry.cluster, entry])),
  });

  it('is delivered when every wave verified, and incomplete when a wave never reported', async () => {
    const all = ['eu-1', 'eu-2', 'us-1', 'ap-1'].map((c) => result(c, 'success', NEW, { verdict: 'pass' }));
    const delivered = judgeFleet(await facts(all));
    expect(delivered.outcome).toBe('delivered');
    expect(delivered.rollback).toEqual([]);
    expect(delivered.clusters.every((state) => state.onRelease)).toBe(true);
    const cancelled = judgeFleet(await facts(all.slice(0, 3)));
    expect(cancelled).toMatchObject({ outcome: 'incomplete', notStarted: [3] });
  });

  it('a breach in wave 2 rolls back that wave (not the cluster already back) and stops wave 3', async () => {
    const judgement = judgeFleet(
      await facts([
        result('eu-1', 'success', NEW, { verdict: 'pass' }),
        result('eu-2', 'success', NEW, { verdict: 'pass' }),
        result('us-1', 'failure', OLD, { verdict: 'fail', rolledBack: true }),
      ]),
    );
    expect(judgement).toMatchObject({
      outcome: 'stopped',
      failedWave: 2,
      failedClusters: ['us-1'],
      rollback: ['eu-2'],
      notStarted: [3],
    });
    expect(judgement.clusters.find((c) => c.cluster === 'us-1')?.happened).toBe(
      'breached (SLO verdict fail), rolled back automatically',
    );
    expect(judgement.clusters.find((c) => c.cluster === 'ap-1')?.happened).toMatch(/^not started/);
    expect(judgement.notStartedClusters).toEqual(['ap-1']);
    // What is live in a cluster whose wave never started is read afterwards (outcome skipped): it
    // is known, and the wave still counts as not started.
    const read = judgeFleet(
      await facts([
        result('eu-1', 'success', NEW),
        result('eu-2', 'success', NEW),
        result('us-1', 'failure', OLD, { rolledBack: true }),
        result('ap-1', 'skipped', OLD),
      ]),
    );
    expect(read).toMatchObject({ outcome: 'stopped', failedWave: 2, notStarted: [3] });
    expect(read.clusters.find((c) => c.cluster === 'ap-1')).toMatchObject({
      live: { version: '1.0.0' },
      onRelease: false,
      happened: 'not started (an earlier wave failed)',
    });
  });

  it('with rollback-fleet, the earlier waves go back too; a job that never wrote its result fails its wave', async () => {
    const judgement = judgeFleet(
      await facts([result('eu-1', 'success', NEW), result('eu-2', 'success', NEW)], true),
    );
    // us-1 wrote nothing: its wave failed, closed.
    expect(judgement).toMatchObject({ outcome: 'stopped', failedWave: 2, failedClusters: ['us-1'] });
    expect(judgement.rollback).toEqual(['eu-1', 'eu-2']);
  });

  it('after the fleet rollback, the clusters it moved are back and said so', async () => {
    const back = { ...result('eu-2', 'success', OLD), after: 'rollback' as const };
    const judgement = judgeFleet(
      await facts(
        [
          result('eu-1', 'success', NEW),
          result('eu-2', 'success', NEW),
          result('us-1', 'failure', OLD, { rolledBack: true }),
        ],
        false,
        [back],
      ),
    );
    expect(judgement.rollback).toEqual([]);
    const eu2 = judgement.clusters.find((c) => c.cluster === 'eu-2');
    expect(eu2).toMatchObject({
      onRelease: false,
      happened: 'deployed and verified; rolled back with its wave',
    });
  });
});

describe('the fleet action', () => {
  let dir = '';
  let outputs: Record<string, string> = {};
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-'));
    outputs = {};
    const outputFile = join(dir, 'output');
    writeFileSync(outputFile, '');
    vi.stubEnv('GITHUB_OUTPUT', outputFile);
    vi.stubEnv('GITHUB_STEP_SUMMARY', join(dir, 'summary.md'));
    writeFileSync(join(dir, 'summary.md'), '');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });
  const readOutputs = () => {
    const text = readFileSync(join(dir, 'output'), 'utf8');
    for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
      outputs[match[1] as string] = match[3] as string;
    return outputs;
  };
  const fleet = (values: Record<string, string>) =>
    runFleet(new Inputs(mapInputs(values)), { ...process.env, RUNNER_TEMP: dir });

  it('plan gives each wave job its matrix and refuses an image not pinned by digest', async () => {
    await fleet({ mode: 'plan', waves: WAVES, image: IMAGE });
    expect(readOutputs()).toMatchObject({
      'wave-1': '["eu-1"]',
      'wave-2': '["eu-2","us-1"]',
      'wave-3': '["ap-1"]',
      'wave-count': '3',
      digest: NEW,
    });
    await expect(
      fleet({ mode: 'plan', waves: WAVES, image: 'registry.example.com/shop:2.0.0' }),
    ).rejects.toThrow(/^input 'image': got 'registry.example.com\/shop:2.0.0', expected an image by digest/);
    await expect(fleet({ mode: 'deploy' })).rejects.toThrow(
      /^input 'mode': got 'deploy', expected one of plan/,
    );
    // The fleet's Rollback form: clusters as the form's text, no image.
    await fleet({ mode: 'plan', waves: '[{"name": "rollback", "clusters": "eu-2, us-1"}]' });
    expect(readOutputs()).toMatchObject({
      'wave-1': '["eu-2","us-1"]',
      clusters: '["eu-2","us-1"]',
      digest: '',
    });
    await expect(
      fleet({ mode: 'plan', waves: '[{"name": "rollback", "clusters": "eu-2 $(id)"}]' }),
    ).rejects.toThrow(/got '\$\(id\)', expected cluster names that are lower-case DNS labels/);
  });

  it('decide and report read the results the jobs wrote, and report fails with one line and an incident', async () => {
    const results = join(dir, 'results');
    mkdirSync(join(results, 'fleet-result-eu-1'), { recursive: true });
    mkdirSync(join(results, 'fleet-result-us-1'), { recursive: true });
    // As download-artifact lays them out: a folder per artifact.
    writeFileSync(
      join(results, 'fleet-result-eu-1', 'deploy-eu-1.json'),
      JSON.stringify(result('eu-1', 'success', NEW)),
    );
    writeFileSync(
      join(results, 'fleet-result-us-1', 'deploy-us-1.json'),
      JSON.stringify(result('us-1', 'failure', OLD, { verdict: 'fail', rolledBack: true })),
    );
    writeFileSync(join(results, 'deploy-eu-2.json'), JSON.stringify(result('eu-2', 'success', NEW)));
    const common = { waves: WAVES, image: IMAGE, results, release: 'shop', version: '2.0.0' };
    await fleet({ mode: 'decide', ...common, 'rollback-fleet': 'true' });
    expect(readOutputs()).toMatchObject({
      outcome: 'stopped',
      'failed-wave': '2',
      'rollback-clusters': '["eu-1","eu-2"]',
    });
    writeFileSync(
      join(results, 'rollback-eu-2.json'),
      JSON.stringify({ ...result('eu-2', 'success', OLD), after: 'rollback' }),
    );
    await expect(fleet({ mode: 'report', ...common })).rejects.toThrow(
      /^fleet delivery stopped: wave 2 \(rest\) failed in us-1; back on the previous release: eu-2, us-1; wave\(s\) 3 not started$/,
    );
    const incident = JSON.parse(readFileSync(readOutputs().incident as string, 'utf8'));
    expect(incident.reason).toBe('wave 2 (rest) failed in us-1');
    expect(incident.clusters.map((c: { cluster: string }) => c.cluster)).toEqual(['eu-1', 'eu-2', 'us-1']);
    expect(incident.notStarted).toEqual([{ wave: 3, name: 'last', clusters: ['ap-1'] }]);
    const status = JSON.parse(outputs['fleet-status'] as string);
    expect(status.find((c: { cluster: string }) => c.cluster === 'eu-1')).toMatchObject({
      version: '2.0.0',
      onRelease: true,
    });
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('| 2. rest | us-1 | 1.0.0 |');
  });

  it('refuses a result for a cluster outside the waves, or one that names another cluster', async () => {
    const waves = await parseWaves(WAVES);
    writeFileSync(join(dir, 'deploy-xx-9.json'), JSON.stringify(result('xx-9', 'success', NEW)));
    expect(() => readResults(dir, waves)).toThrow(/cluster 'xx-9' is in none of the waves/);
    rmSync(join(dir, 'deploy-xx-9.json'));
    writeFileSync(join(dir, 'deploy-eu-1.json'), JSON.stringify(result('eu-2', 'success', NEW)));
    expect(() => readResults(dir, waves)).toThrow(
      /deploy-eu-1.json is not a result for eu-1 after its deploy/,
    );
  });
});

describe('deliver-fleet.yml', () => {
  it('has three wave jobs that differ only in their number and what they wait for', () => {
    const workflow = load(
      readFileSync(join(repoRoot, '.github', 'workflows', 'deliver-fleet.yml'), 'utf8'),
    ) as {
      jobs: Record<string, Record<string, unknown>>;
    };
    // Each wave job with its number and the job it waits for taken out: what is left must be equal.
    const shapeOf = (wave: number) => {
      const before = wave === 1 ? 'gate' : `wave-${wave - 1}`;
      const { if: condition, needs, ...job } = workflow.jobs[`wave-${wave}`] ?? {};
      expect(needs, `wave-${wave} needs`).toEqual(['plan', before]);
      expect(String(condition), `wave-${wave} if`).toContain(`needs.${before}.result == 'success'`);
      expect(String(condition)).toContain(`needs.plan.outputs.wave-${wave} != '[]'`);
      return JSON.stringify(job)
        .replaceAll(`Wave ${wave} `, 'Wave N ')
        .replaceAll(`needs.plan.outputs.wave-${wave})`, 'needs.plan.outputs.wave-N)');
    };
    expect(shapeOf(2)).toEqual(shapeOf(1));
    expect(shapeOf(3)).toEqual(shapeOf(1));
    expect(workflow.jobs['wave-4']).toBeUndefined();
  });
});
