// The security-gate bundle judging existing trivy reports, run as the runner runs it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, runBundle } from '../support/bundle.js';
import { fixtures, goldenReports } from '../support/fixtures.js';
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

  it('report-path names the report given, and a second gate in the job judges it as it was', async () => {
    // Both steps share RUNNER_TEMP, as two steps of one job do.
    const runnerTemp = mkdtempSync(join(tmpdir(), 'security-gate-job-'));
    const given = report('alpine-39');
    const bytes = readFileSync(given);
    const first = await runBundle('security-gate', { report: given, mode: 'report' }, { runnerTemp });
    expect(first.outputs['report-path']).toBe(given);
    const second = await runBundle(
      'security-gate',
      { report: first.outputs['report-path']!, 'max-critical': '2' },
      { runnerTemp },
    );
    expect(errorLines(second)).toEqual([]);
    expect(second.outputs).toMatchObject({ verdict: 'pass', critical: '2', 'report-path': given });
    expect(readFileSync(given).equals(bytes)).toBe(true);
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

describe('new against existing: a baseline report', () => {
  // alpine-310's four MEDIUM openssl findings are in alpine-39 too; alpine-39 adds musl's CRITICAL.
  it('lists new, fixed and unchanged; fail-on new counts only what the change introduced', async () => {
    const all = await runBundle('security-gate', {
      report: report('alpine-39'),
      baseline: report('alpine-310'),
    });
    expect(all.exitCode).toBe(1);
    expect(all.outputs).toMatchObject({
      'new-findings': '2',
      'fixed-findings': '0',
      critical: '2',
      medium: '4',
    });
    expect(all.summary).toContain('### Against the baseline: 2 new · 0 fixed · 4 unchanged');
    expect(all.summary).toMatch(/\| 🆕 new \| CRITICAL \| CVE-2019-14697 \| musl /);
    const onlyNew = await runBundle('security-gate', {
      report: report('alpine-39'),
      baseline: report('alpine-310'),
      'fail-on': 'new',
    });
    // The CRITICAL is new: it still fails; the openssl MEDIUMs are left out of the budgets.
    expect(onlyNew.exitCode).toBe(1);
    expect(onlyNew.outputs).toMatchObject({ critical: '2', medium: '0' });
    expect(onlyNew.summary).toContain('4 already in the baseline (fail-on new)');
  });

  it('the same findings as the live release pass with fail-on new, fail with the default', async () => {
    // The live release's scan: the same image contents under another name, as a rebuild gives.
    const dir = mkdtempSync(join(tmpdir(), 'baseline-'));
    const live = join(dir, 'live.json');
    const previous = JSON.parse(readFileSync(report('alpine-39'), 'utf8'));
    previous.ArtifactName = 'registry.example.com/shop@sha256:1111';
    writeFileSync(live, JSON.stringify(previous));
    const onlyNew = await runBundle('security-gate', {
      report: report('alpine-39'),
      baseline: live,
      'fail-on': 'new',
    });
    expect(onlyNew.exitCode, onlyNew.stdout).toBe(0);
    expect(onlyNew.outputs).toMatchObject({ verdict: 'pass', 'new-findings': '0', critical: '0' });
    const everything = await runBundle('security-gate', { report: report('alpine-39'), baseline: live });
    expect(everything.outputs).toMatchObject({ verdict: 'fail', critical: '2' });
    // And the other way round: the upgrade fixed musl.
    const upgraded = await runBundle('security-gate', { report: report('alpine-310'), baseline: live });
    expect(upgraded.outputs).toMatchObject({ verdict: 'pass', 'new-findings': '0', 'fixed-findings': '2' });
    expect(upgraded.summary).toMatch(/\| ✅ fixed \| CRITICAL \| CVE-2019-14697 \|/);
  });

  it('refuses fail-on new without a baseline, and a baseline that is not a trivy report', async () => {
    const alone = await runBundle('security-gate', { report: report('pip'), 'fail-on': 'new' });
    expect(errorLines(alone)).toEqual([
      `input 'fail-on': new needs 'baseline' (a previous trivy JSON report) or 'baseline-image'`,
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'baseline-'));
    const notReport = join(dir, 'package.json');
    writeFileSync(notReport, '{"name": "shop"}');
    const wrong = await runBundle('security-gate', { report: report('pip'), baseline: notReport });
    expect(errorLines(wrong)).toEqual([
      `input 'baseline': report '${notReport}' is not a trivy JSON report: no SchemaVersion, expected SchemaVersion 2`,
    ]);
  });
});

describe('exploitability: the CISA KEV catalog and EPSS scores', () => {
  const exploitability = join(fixtures, 'exploitability');
  const kev = join(exploitability, 'known_exploited_vulnerabilities.json');
  const epssGz = readFileSync(join(exploitability, 'epss_scores-2026-12-02.csv.gz'));
  // A loopback web server for the URL form: what the runner would fetch from FIRST or CISA.
  let server: Server;
  let base: string;
  const requests: { url?: string; authorization?: string }[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push({ url: request.url, authorization: request.headers.authorization });
      if (request.url === '/epss_scores-current.csv.gz') response.writeHead(200).end(epssGz);
      else response.writeHead(404).end('not here');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('a known exploited vulnerability fails the gate by default, below the threshold too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kev-'));
    const sarif = join(dir, 'gate.sarif');
    // npm: one MEDIUM (CVE-2019-11358), which the default budgets allow; it is in the catalog.
    const plain = await runBundle('security-gate', { report: report('npm') });
    expect(plain.outputs).toMatchObject({ verdict: 'pass', kev: '' });
    const run = await runBundle('security-gate', {
      report: report('npm'),
      kev,
      'severity-threshold': 'HIGH',
      sarif,
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', kev: '1', medium: '0' });
    expect(errorLines(run)).toEqual([
      'security gate failed: 1 vulnerability(ies) in the CISA KEV catalog exceed the budget of 0 (max-kev): CVE-2019-11358',
    ]);
    expect(run.summary).toContain('Exploitability: 1 in the CISA KEV catalog (budget 0, max-kev).');
    expect(run.summary).toMatch(/\| MEDIUM \| ⚠️ since 2026-11-20 \| \[CVE-2019-11358\]/);
    const parsed = JSON.parse(readFileSync(sarif, 'utf8'));
    expectValidSarif(parsed);
    expect(parsed.runs[0].results[0].properties).toMatchObject({ kev: true, kevDateAdded: '2026-11-20' });
    const allowed = await runBundle('security-gate', { report: report('npm'), kev, 'max-kev': '1' });
    expect(allowed.outputs).toMatchObject({ verdict: 'pass', kev: '1' });
  });

  it('EPSS scores from a URL: the threshold fails a likely exploited one; the password is not shown', async () => {
    requests.length = 0;
    const run = await runBundle('security-gate', {
      report: report('pip'),
      epss: `http://reader:Epss-s3cret@${base.slice('http://'.length)}/epss_scores-current.csv.gz`,
      'epss-threshold': '40%',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', 'epss-max': '0.42017', kev: '' });
    expect(JSON.parse(run.outputs.reasons!)).toEqual([
      '1 vulnerability(ies) with an EPSS score at or above 0.4 (epss-threshold): CVE-2020-28724',
    ]);
    expect(run.summary).toContain('highest EPSS 42.0% · 1 at or above 40.0% (epss-threshold)');
    expect(requests).toEqual([
      {
        url: '/epss_scores-current.csv.gz',
        authorization: `Basic ${Buffer.from('reader:Epss-s3cret').toString('base64')}`,
      },
    ]);
    const shown = `${run.stdout.replace(/^::add-mask::.*$/gm, '')}\n${run.summary}`;
    expect(shown).not.toContain('Epss-s3cret');
  });

  it('a source that cannot be read stops the gate in one line, before anything is judged', async () => {
    const missing = await runBundle('security-gate', { report: report('pip'), epss: `${base}/gone.csv.gz` });
    expect(missing.exitCode).toBe(1);
    expect(errorLines(missing)).toEqual([
      `input 'epss': could not download '${base}/gone.csv.gz': HTTP 404 Not Found`,
    ]);
    expect(missing.outputs.verdict).toBeUndefined();
    const notKev = await runBundle('security-gate', { report: report('pip'), kev: report('pip') });
    expect(errorLines(notKev)).toEqual([
      `input 'kev': '${report('pip')}' is not a CISA KEV catalog: no catalogVersion`,
    ]);
    const alone = await runBundle('security-gate', { report: report('pip'), 'max-kev': '2' });
    expect(errorLines(alone)).toEqual([
      `input 'max-kev': needs 'kev' (the CISA KEV catalog, a file or a URL)`,
    ]);
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
