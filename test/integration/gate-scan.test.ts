// security-gate scanning real targets with real trivy, offline, on the DB this project builds
// from its own fixtures and serves from a local registry (the `db-repository` path of a mirror).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorLines, runBundle } from '../support/bundle.js';
import { fixtures } from '../support/fixtures.js';
import type { ScanEnvironment } from '../support/global-setup.js';
import { expectValidSarif } from '../support/sarif.js';
import { scanEnvironment } from '../support/scan-env.js';
import { requireTool } from '../support/tools.js';

let env: ScanEnvironment;
let cacheDir: string;
const targets = join(fixtures, 'targets');

function gate(inputs: Record<string, string>) {
  return runBundle('security-gate', { 'db-repository': env.dbRepository, 'cache-dir': cacheDir, ...inputs });
}

beforeAll(() => {
  env = scanEnvironment();
  cacheDir = join(env.workDir, 'trivy-cache-gate-scan');
});

describe('security-gate scanning an image', () => {
  it('fails the vulnerable image from the registry on its CRITICAL, counting what the fixtures plant', async () => {
    const run = await gate({ 'scan-ref': env.images.vulnerable });
    expect(run.outputs).toMatchObject({
      verdict: 'fail',
      critical: '1',
      high: '2',
      medium: '1',
      low: '0',
      secrets: '0',
    });
    expect(JSON.parse(run.outputs.reasons!)).toEqual([
      '1 CRITICAL finding(s) exceed the budget of 0 (max-critical)',
    ]);
    expect(run.exitCode).toBe(1);
    expect(run.summary).toMatch(
      /\| CRITICAL \| \[CVE-2099-1001\]\([^)]+\) \| musl .*\| 1\.2\.4_git20230717-r4 \| 1\.2\.4_git20230717-r5 \|/,
    );
    expect(run.summary).toMatch(/\| HIGH \| \[CVE-2099-1003\]\([^)]+\) \| zlib .*\| no fix yet \|/);
  });

  it('ignore-unfixed drops the HIGH without a fix; the clean image passes', async () => {
    const unfixed = await gate({
      'scan-ref': env.images.vulnerable,
      'ignore-unfixed': 'true',
      'max-critical': '1',
    });
    expect(unfixed.outputs).toMatchObject({ verdict: 'pass', critical: '1', high: '1' });
    expect(unfixed.exitCode).toBe(0);
    const clean = await gate({ 'scan-ref': env.images.cleanDigest });
    expect(clean.outputs).toMatchObject({ verdict: 'pass', critical: '0', high: '0', medium: '0' });
    expect(clean.exitCode).toBe(0);
  });

  it('scans an OCI archive the same as the pushed image', async () => {
    const run = await gate({ 'scan-ref': env.archive });
    expect(run.outputs).toMatchObject({ verdict: 'fail', critical: '1', high: '2', medium: '1' });
  });

  it('judges its own report through `report` exactly as the scan judged it', async () => {
    const scan = await gate({
      'scan-ref': env.images.vulnerable,
      'severity-threshold': 'LOW',
      'max-critical': '3',
    });
    const judged = await runBundle('security-gate', {
      report: scan.outputs['report-path']!,
      'severity-threshold': 'LOW',
      'max-critical': '3',
    });
    const { 'report-path': _a, ...scanOutputs } = scan.outputs;
    const { 'report-path': _b, ...reportOutputs } = judged.outputs;
    expect(reportOutputs).toEqual(scanOutputs);
    expect(scanOutputs).toMatchObject({ verdict: 'pass', low: '1' });
    // The same summary but the subject and the scanners: the scan names those it ran, the report
    // only those it shows (a clean secret scan leaves no trace in it).
    expect(scan.summary).toContain('scanners vuln, secret');
    expect(judged.summary).toContain('scanners the report shows ran: vuln');
    // The scan also says which DB judged it; a given report has no DB of its own to name.
    expect(scan.summary).toMatch(/^Vulnerability DB .+\.$/m);
    const judgedPart = (summary: string) =>
      summary
        .replace(/Subject: `[^`]+`/, '')
        .replace(/ · scanners[^·\n]*/, '')
        .replace(/^Vulnerability DB .+\.\n\n?/m, '');
    expect(judgedPart(judged.summary)).toBe(judgedPart(scan.summary));
  });

  it('applies an ignore file and reports its expired entries', async () => {
    const ignoreFile = join(env.workDir, 'trivyignore-image.yaml');
    writeFileSync(
      ignoreFile,
      [
        'vulnerabilities:',
        '  - id: CVE-2099-1001',
        '    statement: musl path not reachable; upgrade scheduled',
        '    expired_at: 2099-01-01',
        '  - id: CVE-2099-1002',
        '    statement: accepted until the busybox upgrade',
        '    expired_at: 2024-01-01',
        '',
      ].join('\n'),
    );
    const run = await gate({ 'scan-ref': env.images.vulnerable, 'ignore-file': ignoreFile });
    expect(run.outputs).toMatchObject({ verdict: 'pass', critical: '0', high: '2' });
    expect(run.stdout).toContain('::warning::ignore entry CVE-2099-1002 expired on 2024-01-01');
    expect(run.summary).toContain('Expired ignore entries (no longer ignoring)');
    expect(run.summary).toMatch(
      /\| CVE-2099-1001 \| musl \| musl path not reachable; upgrade scheduled \| 2099-01-01 \|/,
    );
  });

  it('scores NIST with the image configuration checked as well', async () => {
    const run = await gate({
      'scan-ref': env.images.vulnerable,
      scanners: 'vuln,secret,misconfig',
      compliance: 'NIST',
      'max-critical': '-1',
      'max-high': '-1',
    });
    // 4.1.1 fails (CRITICAL/HIGH), 4.1.2 fails (DS-0002 root user), 4.1.4 passes (no secrets).
    expect(run.outputs['compliance-score']).toBe('0.33');
    expect(run.outputs.misconfigurations).toBe('1');
    expect(run.outputs.verdict).toBe('fail');
  });
  it("scores a trivy compliance spec from trivy's own compliance run", async () => {
    const run = await gate({
      'scan-ref': env.images.vulnerable,
      compliance: 'docker-cis-1.6.0',
      'max-critical': '-1',
    });
    // trivy evaluates 4.1, 4.4, 4.6 (fail) and 4.7, 4.9, 4.10 (pass); its Manual controls are not evaluated.
    expect(run.outputs['compliance-score']).toBe('0.50');
    expect(JSON.parse(run.outputs.reasons!)).toEqual([
      'compliance docker-cis-1.6.0 score 0.50 (3/6 controls) is below min-compliance-score 0.8',
    ]);
    expect(run.summary).toContain('Compliance docker-cis-1.6.0: 50% (3/6, minimum 80%)');
  });

  it('refuses a trivy compliance spec with a report, which has nothing to run it on', async () => {
    const scan = await gate({ 'scan-ref': env.images.clean });
    const run = await runBundle('security-gate', {
      report: scan.outputs['report-path']!,
      compliance: 'docker-cis-1.6.0',
    });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)[0]).toMatch(/^input 'compliance': trivy spec docker-cis-1\.6\.0 needs a scan/);
  });
});

describe('security-gate scanning directories and config', () => {
  it('licences: the default scan adds the licence scanner; a denied and a not-allowed licence fail apart from severity', async () => {
    // left is MIT, copyleft GPL-3.0-only (restricted), strong AGPL-3.0-or-later (forbidden).
    const dir = join(targets, 'licenses');
    const denied = await gate({ 'scan-type': 'fs', 'scan-ref': dir, 'licenses-deny': 'forbidden' });
    expect(denied.exitCode).toBe(1);
    expect(denied.outputs).toMatchObject({ verdict: 'fail', 'license-violations': '1', critical: '0' });
    expect(JSON.parse(denied.outputs.reasons!)).toEqual([
      '1 licence(s) break the licence policy: AGPL-3.0-or-later (strong, denied)',
    ]);
    expect(denied.summary).toContain('### Licences: 3 checked · 1 break the policy (deny forbidden)');
    const allowed = await gate({
      'scan-type': 'fs',
      'scan-ref': dir,
      'licenses-allow': 'MIT,notice,permissive',
    });
    expect(JSON.parse(allowed.outputs.reasons!)).toEqual([
      '2 licence(s) break the licence policy: GPL-3.0-only (copyleft, not allowed), AGPL-3.0-or-later (strong, not allowed)',
    ]);
    const fine = await gate({
      'scan-type': 'fs',
      'scan-ref': dir,
      'licenses-allow': 'MIT,gpl-3.0-only,agpl-3.0-or-later',
    });
    expect(fine.outputs).toMatchObject({ verdict: 'pass', 'license-violations': '0' });
    // The ignore file's licenses section lets a denied licence through for its file, and says so.
    const ignoreFile = join(env.workDir, 'licenses-ignore.yaml');
    writeFileSync(
      ignoreFile,
      'licenses:\n  - id: AGPL-3.0-or-later\n    paths: ["package-lock.json"]\n    statement: internal tool, never shipped\n',
    );
    const ignored = await gate({
      'scan-type': 'fs',
      'scan-ref': dir,
      'licenses-deny': 'forbidden',
      'ignore-file': ignoreFile,
    });
    expect(ignored.outputs).toMatchObject({ verdict: 'pass', 'license-violations': '0' });
    expect(ignored.summary).toContain(
      '### Licences: 3 checked · 0 break the policy (deny forbidden) · 1 ignored',
    );
    expect(ignored.summary).toContain(
      '| licence AGPL-3.0-or-later | strong | internal tool, never shipped |  |',
    );
    // Judged again from the scan's own report: the report shows the licence scan ran.
    const fromReport = await runBundle('security-gate', {
      report: denied.outputs['report-path']!,
      'licenses-deny': 'forbidden',
    });
    expect(fromReport.outputs).toMatchObject({ verdict: 'fail', 'license-violations': '1' });
    // Asked without the licence scanner: one line, nothing scanned.
    const without = await gate({
      'scan-type': 'fs',
      'scan-ref': dir,
      scanners: 'vuln',
      'licenses-deny': 'forbidden',
    });
    expect(errorLines(without)).toEqual([
      "input 'licenses-deny': needs the license scanner (add license to 'scanners')",
    ]);
    // A report with no licence scan fails closed.
    const lockReport = await gate({ 'scan-type': 'fs', 'scan-ref': join(targets, 'lockfile') });
    const blind = await runBundle('security-gate', {
      report: lockReport.outputs['report-path']!,
      'licenses-deny': 'forbidden',
    });
    expect(JSON.parse(blind.outputs.reasons!)).toContain(
      'licence policy: the report shows no licence scanning (scan with the license scanner)',
    );
  });

  it('db-repository is a list: a rate-limited mirror is passed over, and the summary says who served the DB', async () => {
    // A mirror that answers every manifest request 429 TOOMANYREQUESTS, as a busy registry does.
    const limited = createServer((request, response) => {
      if (request.url === '/v2/') return void response.writeHead(200).end('{}');
      response
        .writeHead(429, { 'content-type': 'application/json' })
        .end('{"errors":[{"code":"TOOMANYREQUESTS","message":"rate limit exceeded"}]}');
    });
    await new Promise<void>((resolve) => limited.listen(0, '127.0.0.1', resolve));
    const mirror = `127.0.0.1:${(limited.address() as AddressInfo).port}/aquasecurity/trivy-db:2`;
    try {
      const run = await runBundle('security-gate', {
        'db-repository': `${mirror},${env.dbRepository}`,
        'cache-dir': join(env.workDir, `trivy-cache-db-list-${Date.now()}`),
        'scan-type': 'fs',
        'scan-ref': join(targets, 'lockfile'),
      });
      expect(run.outputs.verdict, run.stdout).toBe('pass');
      expect(run.summary).toMatch(
        new RegExp(
          `Vulnerability DB updated \\d{4}-\\d{2}-\\d{2} \\(\\d+ day\\(s\\) old\\), downloaded from \`${env.dbRepository.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` after \`${mirror.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` failed\\.`,
        ),
      );
    } finally {
      limited.close();
    }
  }, 180_000);

  it('a lockfile directory within budget passes', async () => {
    const run = await gate({ 'scan-type': 'fs', 'scan-ref': join(targets, 'lockfile') });
    expect(run.outputs).toMatchObject({ verdict: 'pass', high: '1', medium: '1' });
    expect(run.exitCode).toBe(0);
  });

  it('a planted secret fails the gate whatever the threshold', async () => {
    const run = await gate({
      'scan-type': 'fs',
      'scan-ref': join(targets, 'secrets'),
      'severity-threshold': 'CRITICAL',
      scanners: 'secret',
    });
    expect(run.outputs).toMatchObject({ verdict: 'fail', secrets: '2' });
    expect(JSON.parse(run.outputs.reasons!)[0]).toMatch(
      /^2 secret\(s\) found \(fail-on-secrets\) in config\.env/,
    );
  });

  it('a misconfigured Dockerfile fails on HIGH misconfigurations and the CIS score', async () => {
    const dir = join(env.workDir, 'sarif');
    mkdirSync(dir, { recursive: true });
    const run = await gate({
      'scan-type': 'config',
      'scan-ref': join(targets, 'dockerfile'),
      scanners: 'misconfig',
      'severity-threshold': 'LOW',
      'max-high': '1',
      compliance: 'CIS',
      sarif: join(dir, 'dockerfile.sarif'),
    });
    expect(run.outputs).toMatchObject({
      verdict: 'fail',
      high: '2',
      medium: '2',
      low: '2',
      misconfigurations: '6',
    });
    // CIS 4.1 (DS-0002) and 4.6 (DS-0026) and 4.9 (DS-0005) fail, 4.7 (DS-0017) passes.
    expect(run.outputs['compliance-score']).toBe('0.25');
    expect(JSON.parse(run.outputs.reasons!)).toEqual([
      '2 HIGH finding(s) exceed the budget of 1 (max-high)',
      'compliance CIS score 0.25 (1/4 controls) is below min-compliance-score 0.8',
    ]);
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-path']!, 'utf8'));
    expectValidSarif(sarif);
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(
      ['DS-0001', 'DS-0002', 'DS-0004', 'DS-0005', 'DS-0025', 'DS-0026'].map(
        (id) => `misconfiguration/${id}`,
      ),
    );
  });

  it('a clean directory passes every scanner', async () => {
    const run = await gate({
      'scan-type': 'fs',
      'scan-ref': join(targets, 'clean'),
      scanners: 'vuln,secret,misconfig',
      compliance: 'CIS',
    });
    expect(run.outputs).toMatchObject({
      verdict: 'pass',
      critical: '0',
      high: '0',
      medium: '0',
      secrets: '0',
      misconfigurations: '0',
    });
    expect(run.exitCode).toBe(0);
  });
});

describe('security-gate on an SBOM and with VEX', () => {
  it('scans a CycloneDX SBOM of the image with the same findings', async () => {
    const sbom = join(env.workDir, 'vulnerable.cdx.json');
    execFileSync(
      requireTool('trivy'),
      [
        'image',
        '--format',
        'cyclonedx',
        '--output',
        sbom,
        '--skip-version-check',
        '--disable-telemetry',
        '--cache-dir',
        cacheDir,
        '--db-repository',
        env.dbRepository,
        env.images.vulnerable,
      ],
      { stdio: 'pipe' },
    );
    const run = await gate({ 'scan-type': 'sbom', 'scan-ref': sbom });
    expect(run.outputs).toMatchObject({ verdict: 'fail', critical: '1', high: '2', medium: '1' });
  });

  it('an OpenVEX not_affected statement suppresses the CRITICAL and the gate passes', async () => {
    const scan = await gate({ 'scan-ref': env.images.vulnerable });
    const report = JSON.parse(readFileSync(scan.outputs['report-path']!, 'utf8'));
    const musl = report.Results[0].Vulnerabilities.find(
      (v: { VulnerabilityID: string }) => v.VulnerabilityID === 'CVE-2099-1001',
    );
    const vex = join(env.workDir, 'musl.openvex.json');
    writeFileSync(
      vex,
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        '@id': 'https://example.com/vex/musl',
        author: 'platform team',
        timestamp: '2026-11-01T00:00:00Z',
        version: 1,
        statements: [
          {
            vulnerability: { name: 'CVE-2099-1001' },
            products: [{ '@id': musl.PkgIdentifier.PURL }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
          },
        ],
      }),
    );
    const run = await gate({ 'scan-ref': env.images.vulnerable, vex });
    expect(run.outputs).toMatchObject({ verdict: 'pass', critical: '0', high: '2' });
    expect(run.summary).toMatch(
      /\| CVE-2099-1001 \| musl \| VEX not_affected: vulnerable_code_not_in_execute_path \|/,
    );
  });
});

describe('security-gate fails closed', () => {
  it('an unreachable DB is a failed gate quoting trivy, never a pass', async () => {
    const run = await runBundle('security-gate', {
      'scan-ref': env.images.clean,
      'db-repository': '127.0.0.1:9/trivy-db:2',
      'cache-dir': join(env.workDir, 'empty-cache'),
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^trivy image failed \(exit 1\): run error: init error: DB error: failed to download vulnerability DB/,
    );
  });

  it('a cache another trivy holds is a failed gate that says which directory and what to do', async () => {
    // What two jobs of one self-hosted runner host sharing trivy's default cache meet: its scan
    // cache is a BoltDB, locked (flock) by the process that has it open.
    const shared = join(env.workDir, `held-cache-${Date.now()}`);
    mkdirSync(join(shared, 'fanal'), { recursive: true });
    const holder = spawn('flock', [join(shared, 'fanal', 'fanal.db'), 'sleep', '60'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const run = await runBundle('security-gate', {
        'scan-ref': env.archive,
        'db-repository': env.dbRepository,
        'cache-dir': shared,
      });
      expect(run.exitCode).toBe(1);
      expect(run.outputs.verdict).toBe('fail');
      const errors = errorLines(run);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^trivy image failed \(exit 1\): .*cache may be in use by another process/);
      expect(errors[0]).toContain(
        `another trivy is using the cache directory ${shared}: give each job that may run at the same time its own cache-dir`,
      );
    } finally {
      holder.kill();
    }
  });

  it('in report mode the same fault still sets verdict fail without failing the step', async () => {
    const run = await runBundle('security-gate', {
      'scan-ref': env.images.clean,
      'db-repository': '127.0.0.1:9/trivy-db:2',
      'cache-dir': join(env.workDir, 'empty-cache-2'),
      mode: 'report',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.verdict).toBe('fail');
    expect(JSON.parse(run.outputs.reasons!)[0]).toMatch(
      /^no verdict could be reached: trivy image failed \(exit 1\)/,
    );
  });
});
