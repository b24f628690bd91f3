import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/policy/findings.js';
import { toSarif } from '../../shared/report/sarif.js';
import { SEVERITIES } from '../../shared/trivy.js';

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

  it('shrinks until the gzipped file fits the size limit', () => {
    const limit = 64 * 1024;
    const { json, dropped } = toSarif(findings(2_000, 2_000), { toolVersion: '0.74.0', maxGzipBytes: limit });
    expect(dropped).toBeGreaterThan(0);
    expect(gzipSync(json).length).toBeLessThanOrEqual(limit);
    expect(JSON.parse(gunzipSync(gzipSync(json)).toString()).runs[0].properties.truncated).toBe(true);
  });
});
