import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { getGateInputs } from '../../shared/gate/inputs.js';
import { securityGate } from '../../shared/gate/run.js';
import { Inputs, mapInputs } from '../../shared/inputs.js';
import { collectFindings, type Finding } from '../../shared/policy/findings.js';
import { artifactUri, toSarif, withoutOsSuffix } from '../../shared/report/sarif.js';
import { SEVERITIES } from '../../shared/severity.js';
import { parseTrivyReport } from '../../shared/trivy.js';
import { expectValidSarif, sarifProblems } from '../support/sarif.js';

const goldenDir = join(import.meta.dirname, '..', 'fixtures', 'trivy-reports');
const goldenReports = readdirSync(goldenDir).filter(
  (name) => name.endsWith('.json') && !name.includes('.sarif'),
);

function findings(count: number, titleBytes = 20): Finding[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'vulnerability' as const,
    id: `CVE-2099-${i}`,
    severity: SEVERITIES[i % SEVERITIES.length]!,
    target: 'app/package-lock.json',
    title: `t${i}-${'x'.repeat(titleBytes)}`,
    pkgName: `pkg${i}`,
    installedVersion: '1.0.0',
    fixedVersion: i % 2 ? '1.0.1' : undefined,
  }));
}

describe('SARIF', () => {
  it('is SARIF 2.1.0 with rules, levels and security-severity GitHub reads', () => {
    const { json, results, dropped } = toSarif(findings(5), { toolVersion: '0.74.0' });
    expectValidSarif(json);
    const sarif = JSON.parse(json);
    expect(sarif.version).toBe('2.1.0');
    expect(results).toBe(5);
    expect(dropped).toBe(0);
    const run = sarif.runs[0];
    expect(run.results[0]).toMatchObject({
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'app/package-lock.json' } } }],
    });
    const critical = run.tool.driver.rules.find((r: { id: string }) => r.id === 'CVE-2099-4');
    expect(critical.properties['security-severity']).toBe('9.5');
    expect(run.properties).toBeUndefined();
  });

  it('keeps at most 25,000 results, most severe first, and says it truncated', () => {
    // (Not schema-checked: the schema's uniqueItems makes 25,000 rules a quadratic check.)
    const { json, results, dropped } = toSarif(findings(26_000, 4), { toolVersion: '0.74.0' });
    const run = JSON.parse(json).runs[0];
    expect(results).toBe(25_000);
    expect(dropped).toBe(1_000);
    expect(run.results).toHaveLength(25_000);
    expect(run.properties).toMatchObject({ truncated: true, totalResults: 26_000 });
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(
      /^truncated: 1000 of 26000/,
    );
    // The least severe were dropped: every UNKNOWN is gone before any CRITICAL would be.
    const levels = new Set(run.results.map((r: { level: string }) => r.level));
    expect(levels.has('error')).toBe(true);
  });

  it('past the limit, a vulnerability known to be exploited stays before a more severe one that is not', () => {
    const all = findings(30);
    const exploitedLow = all.find((f) => f.severity === 'LOW') as Finding;
    exploitedLow.kev = { dateAdded: '2026-11-20', ransomware: false } as Finding['kev'];
    const { json } = toSarif(all, { toolVersion: '0.74.0', maxResults: 6 });
    const kept = JSON.parse(json).runs[0].results.map((r: { ruleId: string }) => r.ruleId);
    expect(kept).toHaveLength(6);
    expect(kept[0]).toBe(exploitedLow.id);
    expect(kept.slice(1).every((id: string) => all.find((f) => f.id === id)?.severity === 'CRITICAL')).toBe(
      true,
    );
  });

  it('shrinks until the gzipped file fits the size limit', () => {
    const limit = 64 * 1024;
    const { json, bytes, dropped } = toSarif(findings(2_000, 2_000), {
      toolVersion: '0.74.0',
      maxGzipBytes: limit,
    });
    expect(dropped).toBeGreaterThan(0);
    // What is written is what was measured.
    expect(bytes.equals(Buffer.from(json))).toBe(true);
    expect(gzipSync(json).length).toBeLessThanOrEqual(limit);
    expect(JSON.parse(gunzipSync(gzipSync(json)).toString()).runs[0].properties.truncated).toBe(true);
  });

  it('validates against the SARIF 2.1.0 schema, formats checked, for every golden trivy report', () => {
    expect(goldenReports.length).toBeGreaterThanOrEqual(15);
    // The validator itself: trivy's own SARIF passes, a space in a URI does not.
    expect(sarifProblems(readFileSync(join(goldenDir, 'alpine-310.sarif.json'), 'utf8'))).toEqual([]);
    for (const name of goldenReports) {
      const report = parseTrivyReport(readFileSync(join(goldenDir, name), 'utf8'), name);
      const { json } = toSarif(collectFindings(report), { toolVersion: '0.74.0' });
      expect(sarifProblems(json), name).toEqual([]);
    }
  });

  it('turns any target into a relative URI reference: OS suffix off (nested too), segments encoded', () => {
    expect(withoutOsSuffix('disk.img (amazon 2 (Karoo))')).toBe('disk.img');
    expect(withoutOsSuffix('app (1).tar')).toBe('app (1).tar');
    const uri = (target: string, pkgPath?: string) => artifactUri({ target, pkgPath });
    expect(uri('disk.img (amazon 2 (Karoo))')).toBe('disk.img');
    expect(uri('testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2)')).toBe(
      'testdata/fixtures/images/alpine-310.tar.gz',
    );
    expect(uri('127.0.0.1:5000/shop:1.0.0 (alpine 3.20.1)')).toBe('127.0.0.1%3A5000/shop%3A1.0.0');
    expect(uri('Java', '/opt/my app/lib#1/x?.jar')).toBe('opt/my%20app/lib%231/x%3F.jar');
    expect(uri('C:\\src\\go.mod')).toBe('C%3A/src/go.mod');
    expect(uri('')).toBe('unknown');
    const hostile: Finding[] = [
      'disk.img (amazon 2 (Karoo))',
      '127.0.0.1:5000/shop:1.0.0 (alpine 3.20.1)',
      'dir with spaces/package-lock.json',
      'ünïcødé/requirements.txt',
      '%zz/[brackets]/{braces}|pipe^caret`tick"quote<lt>',
    ].map((target, i) => ({
      kind: 'vulnerability' as const,
      id: `CVE-2099-${i}`,
      severity: 'HIGH' as const,
      target,
      title: 'hostile target',
      // Neither a URI nor an integer line: left out, and line 1.
      url: i % 2 ? 'not a url' : 'javascript:alert(1)',
      startLine: 2.5,
    }));
    const { json } = toSarif(hostile, { toolVersion: '0.74.0' });
    expectValidSarif(json);
    const run = JSON.parse(json).runs[0];
    expect(run.tool.driver.rules.every((rule: { helpUri?: string }) => rule.helpUri === undefined)).toBe(
      true,
    );
    expect(run.results[0].locations[0].physicalLocation.region.startLine).toBe(1);
  });
});

describe("the gate's sarif input", () => {
  const runnerTemp = process.env.RUNNER_TEMP;
  const dirs: string[] = [];
  afterEach(() => {
    process.env.RUNNER_TEMP = runnerTemp;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const gateInputs = (sarif: string) =>
    getGateInputs(new Inputs(mapInputs({ report: join(goldenDir, 'alpine-310.json'), sarif })));

  it('writes into a folder that does not exist yet, and the verdict stands', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-sarif-'));
    dirs.push(dir);
    process.env.RUNNER_TEMP = dir;
    const sarif = join(dir, 'reports', 'trivy.sarif');
    const outcome = await securityGate(await gateInputs(sarif));
    expect(outcome.result.verdict).toBe('pass');
    expect(outcome.sarifPath).toBe(sarif);
    expectValidSarif(readFileSync(sarif, 'utf8'));
  });

  it('refuses a directory before anything runs, naming the input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-sarif-'));
    dirs.push(dir);
    await expect(gateInputs(dir)).rejects.toThrow(
      `input 'sarif': got '${dir}', a directory; expected the path of a file to write, e.g. trivy.sarif`,
    );
  });
});
