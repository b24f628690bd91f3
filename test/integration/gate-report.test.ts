// The security-gate bundle judging existing trivy reports, run as the runner runs it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, runBundle } from '../support/bundle.js';
import { goldenReports } from '../support/fixtures.js';
import { expectValidSarif } from '../support/sarif.js';

const report = (name: string) => join(goldenReports, `${name}.json`);

describe('security-gate with report', () => {
  it('fails alpine-39 on its two CRITICAL findings, with outputs, summary and exit 1', async () => {
    const run = await runBundle('security-gate', { report: report('alpine-39') });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({
      verdict: 'fail',
      critical: '2',
      high: '0',
      medium: '4',
      low: '0',
      secrets: '0',
    });
    expect(JSON.parse(run.outputs.reasons!)).toEqual([
      '2 CRITICAL finding(s) exceed the budget of 0 (max-critical)',
    ]);
    expect(errorLines(run)).toEqual([
      'security gate failed: 2 CRITICAL finding(s) exceed the budget of 0 (max-critical)',
    ]);
    expect(run.summary).toContain('Security gate: FAIL');
    expect(run.summary).toMatch(
      /\| CRITICAL \| \[CVE-2019-14697\]\([^)]+\) \| musl .*\| 1\.1\.20-r4 \| 1\.1\.20-r5 \|/,
    );
    // report-path holds the report that was judged
    expect(JSON.parse(readFileSync(run.outputs['report-path']!, 'utf8')).ArtifactName).toContain('alpine-39');
  });

  it('mode report sets the verdict but does not fail the step', async () => {
    const run = await runBundle('security-gate', { report: report('alpine-39'), mode: 'report' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.stdout).toContain('::warning::security gate failed');
  });

  it('passes a report within budget and writes SARIF GitHub accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sarif-'));
    const sarif = join(dir, 'gate.sarif');
    const run = await runBundle('security-gate', { report: report('pip'), sarif });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ verdict: 'pass', high: '1', medium: '1', 'sarif-path': sarif });
    const parsed = JSON.parse(readFileSync(sarif, 'utf8'));
    expectValidSarif(parsed);
    expect(parsed.version).toBe('2.1.0');
    expect(parsed.runs[0].results).toHaveLength(2);
    expect(run.summary).toContain('Security gate: PASS');
  });

  it('fails on secrets in a secrets report', async () => {
    const run = await runBundle('security-gate', { report: report('secrets') });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.secrets).toBe('2');
  });

  it('scores compliance from misconfigurations in a Dockerfile report', async () => {
    const run = await runBundle('security-gate', {
      report: report('dockerfile'),
      scanners: 'misconfig',
      compliance: 'cis',
      'max-high': '-1',
    });
    expect(run.outputs['compliance-score']).toBe('0.75');
    expect(run.outputs.misconfigurations).toBe('1');
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.outputs.reasons!)).toEqual([
      'compliance CIS score 0.75 (3/4 controls) is below min-compliance-score 0.8',
    ]);
    const passing = await runBundle('security-gate', {
      report: report('dockerfile'),
      scanners: 'misconfig',
      compliance: 'CIS',
      'min-compliance-score': '0.7',
      'max-high': '-1',
    });
    expect(passing.exitCode).toBe(0);
  });
});

describe('compliance from a given report: only what the report shows was scanned', () => {
  // The pip report is a dependency scan with vulnerabilities and no secret result. Claiming
  // `scanners: vuln,secret` must not make "no secrets" a passed control: a report cannot show a
  // clean secret scan, so the secrets control is not evaluated.
  it('counts a scanner the report shows, never one it only claims', async () => {
    const run = await runBundle('security-gate', {
      report: report('pip'),
      scanners: 'vuln,secret,misconfig',
      compliance: 'NIST',
      'max-high': '-1',
      'min-compliance-score': '0',
    });
    expect(run.exitCode, run.stdout).toBe(0);
    // 4.1.1 (HIGH+ vulnerabilities) fails on pip's HIGH; nothing else can be judged: 0 of 1.
    expect(run.outputs['compliance-score']).toBe('0.00');
    expect(run.summary).toContain('scanners the report shows ran: vuln');
    expect(run.summary).toContain(
      '| 4.1.4 | Embedded clear-text secrets | — not evaluated | the report shows no secret scanning |',
    );
    expect(run.summary).toMatch(/\| 4\.1\.1 \| [^|]+ \| ❌ fail \| 1 HIGH\+ vulnerabilities \|/);
    expect(run.summary).toMatch(
      /\| 4\.1\.2 \| [^|]+ \| — not evaluated \| no dockerfile configuration was checked \|/,
    );
  });

  it('a report with secret results judges the secrets control; a config-only report no vulnerabilities', async () => {
    const secrets = await runBundle('security-gate', {
      report: report('secrets'),
      compliance: 'SOC2',
      'fail-on-secrets': 'false',
      'min-compliance-score': '0',
    });
    expect(secrets.summary).toMatch(/\| CC6\.1 \| [^|]+ \| ❌ fail \| 2 secret\(s\) found \|/);
    const dockerfile = await runBundle('security-gate', {
      report: report('dockerfile'),
      scanners: 'vuln,misconfig',
      compliance: 'SOC2',
      'max-high': '-1',
      'min-compliance-score': '0',
    });
    expect(dockerfile.summary).toContain('scanners the report shows ran: misconfig');
    expect(dockerfile.summary).toMatch(
      /\| CC7\.1 \| [^|]+ \| — not evaluated \| the report shows no vulnerability scanning \|/,
    );
  });
});

describe('security-gate bad inputs: one line, exit 1, nothing judged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bad-'));
  const notJson = join(dir, 'broken.json');
  writeFileSync(notJson, '{"SchemaVersion": 2, "Results": [');
  const notTrivy = join(dir, 'package.json');
  writeFileSync(notTrivy, '{"name": "x", "version": "1.0.0"}');

  it.each([
    [
      { report: report('pip'), 'severity-threshold': 'SEVERE' },
      "input 'severity-threshold': got 'SEVERE', expected one of UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL",
    ],
    [
      { report: report('pip'), 'max-high': 'lots' },
      "input 'max-high': got 'lots', expected a whole number of at least -1",
    ],
    [
      { report: join(dir, 'missing.json') },
      `input 'report': got '${join(dir, 'missing.json')}', expected a path to an existing trivy JSON report`,
    ],
    [{ report: notJson }, `report '${notJson}' is not valid JSON`],
    [
      { report: notTrivy },
      `report '${notTrivy}' is not a trivy JSON report: no SchemaVersion, expected SchemaVersion 2`,
    ],
    [
      { report: report('pip'), compliance: 'HIPAA!' },
      "input 'compliance': got 'HIPAA!', expected CIS, NIST, SOC2 or a trivy compliance spec id",
    ],
    [{ report: report('pip'), mode: 'audit' }, "input 'mode': got 'audit', expected one of enforce, report"],
    [
      { report: report('pip'), scanners: 'vuln,viruses' },
      "input 'scanners': got 'viruses', expected a list of vuln, secret, misconfig, license",
    ],
    [{ report: report('pip'), 'ignore-file': join(dir, 'nope.yaml') }, "input 'ignore-file': got"],
    [{ 'scan-type': 'fs', 'scan-ref': join(dir, 'no-dir') }, "input 'scan-ref': got"],
    [{}, "input 'scan-ref' is required unless 'report' is given"],
    [
      { 'scan-type': 'config', 'scan-ref': '.', scanners: 'vuln,misconfig' },
      "input 'scanners': got 'vuln' for scan-type config, expected misconfig",
    ],
    [{ 'scan-ref': 'alpine:3', 'verify-signature': 'true' }, "signature verification needs 'cosign-key'"],
  ])('%o', async (inputs, message) => {
    const run = await runBundle('security-gate', inputs as Record<string, string>);
    expect(run.exitCode).toBe(1);
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(run.stdout).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.outputs.verdict ?? '').not.toBe('pass');
    expect(run.summary).toBe('');
  });
});
