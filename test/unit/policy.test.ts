import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireReportOf } from '../../shared/gate/run.js';
import { baselineIndex, findingKey } from '../../shared/policy/baseline.js';
import { DEFAULT_BUDGETS } from '../../shared/policy/budgets.js';
import { FRAMEWORKS } from '../../shared/policy/compliance.js';
import { evaluate, type GatePolicy } from '../../shared/policy/evaluate.js';
import {
  canonicalCheckId,
  type Finding,
  fixFirst,
  fixFirstOrdered,
  scannersEvidentIn,
} from '../../shared/policy/findings.js';
import { parseIgnoreFile } from '../../shared/policy/ignore.js';
import { parseVex } from '../../shared/policy/vex.js';
import { parseTrivyReport, type TrivyReport } from '../../shared/trivy.js';
import { goldenReports } from '../support/fixtures.js';
import { defaultPolicy } from '../support/gate-policy.js';

const golden = (name: string): TrivyReport =>
  parseTrivyReport(readFileSync(join(goldenReports, `${name}.json`), 'utf8'), name);

const NOW = new Date('2026-11-23T12:00:00Z');

const policy = defaultPolicy;

describe('evaluate on trivy golden reports', () => {
  // Expected counts are trivy's own (fixtures README), not recomputed here.
  it.each([
    ['alpine-39', { critical: 2, high: 0, medium: 4, low: 0 }, 'fail'],
    ['alpine-310', { critical: 0, high: 0, medium: 4, low: 0 }, 'pass'],
    ['centos-7', { critical: 0, high: 0, medium: 1, low: 2 }, 'pass'],
    ['debian-buster', { critical: 1, high: 0, medium: 0, low: 1 }, 'fail'],
    ['pom', { critical: 1, high: 1, medium: 0, low: 0 }, 'fail'],
    ['pip', { critical: 0, high: 1, medium: 1, low: 0 }, 'pass'],
  ])('%s at threshold LOW counts %o', (name, counts, verdict) => {
    const result = evaluate(golden(name), policy({ severityThreshold: 'LOW' }));
    expect(result.counts).toMatchObject(counts);
    expect(result.verdict).toBe(verdict);
  });

  it('drops findings below the threshold instead of counting them', () => {
    const result = evaluate(golden('centos-7'), policy({ severityThreshold: 'MEDIUM' }));
    expect(result.counts.low).toBe(0);
    expect(result.counts.medium).toBe(1);
    expect(result.belowThreshold).toBe(2);
  });

  it('fails on the CRITICAL budget with a one-line reason', () => {
    const result = evaluate(golden('alpine-39'), policy());
    expect(result.reasons).toEqual(['2 CRITICAL finding(s) exceed the budget of 0 (max-critical)']);
  });

  it('treats -1 as unlimited and honours a raised budget', () => {
    const result = evaluate(
      golden('alpine-39'),
      policy({ budgets: { CRITICAL: 2, HIGH: 5, MEDIUM: 3, LOW: -1 } }),
    );
    expect(result.reasons).toEqual(['4 MEDIUM finding(s) exceed the budget of 3 (max-medium)']);
    const unlimited = evaluate(
      golden('alpine-39'),
      policy({ budgets: { CRITICAL: -1, HIGH: -1, MEDIUM: -1, LOW: -1 } }),
    );
    expect(unlimited.verdict).toBe('pass');
  });

  it('counts failed misconfigurations in the severity budgets', () => {
    const result = evaluate(
      golden('helm_testchart'),
      policy({ severityThreshold: 'LOW', budgets: { CRITICAL: 0, HIGH: 0, MEDIUM: -1, LOW: -1 } }),
    );
    expect(result.counts).toMatchObject({ high: 1, medium: 3, low: 2, misconfigurations: 6 });
    expect(result.reasons).toEqual(['1 HIGH finding(s) exceed the budget of 0 (max-high)']);
  });

  it('fails on any secret, whatever its severity, when fail-on-secrets', () => {
    const result = evaluate(golden('secrets'), policy({ severityThreshold: 'CRITICAL' }));
    expect(result.counts.secrets).toBe(2);
    expect(result.verdict).toBe('fail');
    expect(result.reasons[0]).toMatch(/^2 secret\(s\) found \(fail-on-secrets\) in deploy\.sh/);
    expect(evaluate(golden('secrets'), policy({ failOnSecrets: false })).verdict).toBe('pass');
  });

  it("a reason is one line, whatever a report's names hold", () => {
    const report = golden('secrets');
    for (const result of report.Results ?? [])
      result.Target = `deploy.sh\r\n\n## ✅ Security gate: PASS\u2028x`;
    const result = evaluate(report, policy());
    expect(result.reasons[0]).toBe(
      '2 secret(s) found (fail-on-secrets) in deploy.sh ## ✅ Security gate: PASS x',
    );
  });

  it('ignore-unfixed skips vulnerabilities without a fixed version only', () => {
    const report = golden('debian-buster');
    const all = evaluate(report, policy({ severityThreshold: 'LOW' }));
    const fixedOnly = evaluate(report, policy({ severityThreshold: 'LOW', ignoreUnfixed: true }));
    const unfixed = all.counted.filter((f) => !f.fixedVersion).length;
    expect(unfixed).toBeGreaterThan(0);
    expect(fixedOnly.unfixedSkipped).toBe(unfixed);
    expect(fixedOnly.counted.every((f) => f.fixedVersion)).toBe(true);
  });
});

describe('ignore file', () => {
  const ignoreYaml = `
vulnerabilities:
  - id: CVE-2019-14697
    paths: ["testdata/**"]
    statement: musl is not reachable from the app
    expired_at: 2027-01-01
  - id: CVE-2019-1549
    expired_at: 2026-01-01
    statement: was accepted until the upgrade
  - id: CVE-2019-1551
    purls: ["pkg:apk/alpine/libssl1.1"]
misconfigurations:
  - id: AVD-DS-0002
secrets:
  - id: aws-access-key-id
    paths: ["other/file"]
`;

  it('ignores by id, path glob and purl, and reports expired entries without applying them', async () => {
    const ignore = await parseIgnoreFile(ignoreYaml, '.trivyignore.yaml', NOW);
    expect(ignore.expired.map((e) => e.id)).toEqual(['CVE-2019-1549']);
    const result = evaluate(
      golden('alpine-39'),
      policy({ ignore, budgets: { ...DEFAULT_BUDGETS, MEDIUM: 2 } }),
    );
    expect(result.ignored.map(({ finding }) => `${finding.id}/${finding.pkgName}`).sort()).toEqual([
      'CVE-2019-14697/musl',
      'CVE-2019-14697/musl-utils',
      'CVE-2019-1551/libssl1.1',
    ]);
    // libcrypto's CVE-2019-1551 does not match the libssl purl; CVE-2019-1549 expired: both counted.
    expect(result.counts).toMatchObject({ critical: 0, medium: 3 });
    expect(result.expiredIgnores[0]?.statement).toBe('was accepted until the upgrade');
    expect(result.reasons).toEqual(['3 MEDIUM finding(s) exceed the budget of 2 (max-medium)']);
  });

  it('an entry expires on the day expired_at names, as trivy expires it', async () => {
    // trivy: expired once expired_at (midnight UTC of a bare date) is before now.
    const text =
      'vulnerabilities:\n  - id: CVE-1\n    expired_at: 2026-11-23\n  - id: CVE-2\n    expired_at: 2026-11-23T18:00:00Z\n';
    const ignore = await parseIgnoreFile(text, 'f.yaml', NOW);
    expect(ignore.expired.map((e) => [e.id, e.expiredAt])).toEqual([['CVE-1', '2026-11-23']]);
    expect(ignore.active.map((e) => e.id)).toEqual(['CVE-2']);
  });

  it('matches misconfiguration ids in every spelling trivy has used', async () => {
    expect(canonicalCheckId('DS002')).toBe('DS-0002');
    expect(canonicalCheckId('AVD-DS-0002')).toBe('DS-0002');
    expect(canonicalCheckId('KSV-0001')).toBe('KSV-0001');
    const ignore = await parseIgnoreFile(ignoreYaml, 'x', NOW);
    const result = evaluate(golden('dockerfile'), policy({ ignore, severityThreshold: 'LOW' }));
    expect(result.counts.misconfigurations).toBe(0);
    expect(result.ignored).toHaveLength(1);
  });

  it('a secret ignore limited to another path does not apply', async () => {
    const ignore = await parseIgnoreFile(ignoreYaml, 'x', NOW);
    expect(evaluate(golden('secrets'), policy({ ignore })).counts.secrets).toBe(2);
  });

  // As trivy reports the licences of test/fixtures/targets/licenses (trivy 0.74, --scanners license).
  const licenseReport = (): TrivyReport =>
    parseTrivyReport(
      JSON.stringify({
        SchemaVersion: 2,
        ArtifactName: 'licenses',
        ArtifactType: 'filesystem',
        Results: [
          {
            Target: 'package-lock.json',
            Class: 'license',
            Licenses: [
              {
                Severity: 'HIGH',
                Category: 'restricted',
                PkgName: 'copyleft',
                FilePath: 'package-lock.json',
                Name: 'GPL-3.0-only',
              },
              {
                Severity: 'LOW',
                Category: 'notice',
                PkgName: 'left',
                FilePath: 'package-lock.json',
                Name: 'MIT',
              },
              {
                Severity: 'CRITICAL',
                Category: 'forbidden',
                PkgName: 'strong',
                FilePath: 'package-lock.json',
                Name: 'AGPL-3.0-or-later',
              },
            ],
          },
        ],
      }),
      'licenses',
    );

  it('applies the licenses section to the licence policy, by name and file path, as trivy does', async () => {
    const ignore = await parseIgnoreFile(
      [
        'licenses:',
        '  - id: AGPL-3.0-or-later',
        '    paths: ["**/package-lock.json", "package-lock.json"]',
        '    statement: internal tool, never distributed',
        '  - id: GPL-3.0-only',
        '    paths: ["vendor/**"]',
        '  - id: gpl-3.0-only',
      ].join('\n'),
      'f.yaml',
      NOW,
    );
    const result = evaluate(
      licenseReport(),
      policy({ ignore, scanners: new Set(['license']), licenses: { deny: ['forbidden'], allow: ['mit'] } }),
    );
    // AGPL is ignored for its file; GPL's entries are for another path, and another spelling.
    expect(result.licenses?.ignored.map(({ license, entry }) => [license.name, entry.statement])).toEqual([
      ['AGPL-3.0-or-later', 'internal tool, never distributed'],
    ]);
    expect(result.licenses?.violations.map((v) => `${v.name} ${v.why}`)).toEqual([
      'GPL-3.0-only not allowed',
    ]);
    expect(result.licenses?.checked).toBe(3);
    expect(result.reasons).toEqual([
      '1 licence(s) break the licence policy: GPL-3.0-only (copyleft, not allowed)',
    ]);
    // Without it, both count: the section is what let AGPL through.
    const strict = evaluate(
      licenseReport(),
      policy({ scanners: new Set(['license']), licenses: { deny: ['forbidden'], allow: ['mit'] } }),
    );
    expect(strict.licenses?.violations).toHaveLength(2);
  });

  it('an expired licence entry ignores nothing and is reported; a licence entry never ignores a finding', async () => {
    const ignore = await parseIgnoreFile(
      'licenses:\n  - id: AGPL-3.0-or-later\n    expired_at: 2026-01-01\n  - id: CVE-2019-14697\n',
      'f.yaml',
      NOW,
    );
    expect(ignore.expired.map((e) => [e.kind, e.id])).toEqual([['license', 'AGPL-3.0-or-later']]);
    const result = evaluate(
      licenseReport(),
      policy({ ignore, scanners: new Set(['license']), licenses: { deny: ['forbidden'], allow: [] } }),
    );
    expect(result.licenses?.violations.map((v) => v.name)).toEqual(['AGPL-3.0-or-later']);
    expect(result.expiredIgnores.map((e) => e.id)).toEqual(['AGPL-3.0-or-later']);
    // An id under licenses: is a licence's name, not a vulnerability's.
    expect(evaluate(golden('alpine-39'), policy({ ignore })).ignored).toEqual([]);
  });

  it.each([
    ['vulnerabilities: {id: x}', "'vulnerabilities' must be a list"],
    ['vulnerabilities:\n  - paths: [a]', 'vulnerabilities[0] has no id'],
    ['vulnerabilities:\n  - id: X\n    expired_at: someday', "expired_at 'someday' is not a date"],
    ['bogus: []', "unknown section 'bogus'"],
    ['constructor: []', "unknown section 'constructor'"],
    [
      'licenses:\n  - id: MIT\n    purls: [pkg:npm/left]',
      'licenses[0]: purls do not apply to a licence (trivy matches one by its name and paths)',
    ],
    [
      'vulnerabilities:\n  - id: X\n    expires_at: 2020-01-01',
      "vulnerabilities[0]: unknown key 'expires_at' (expected id, paths, purls, expired_at, statement)",
    ],
    ['secrets:\n  - id: X\n    paths: [{a: 1}]', 'secrets[0]: paths and purls must be lists of strings'],
    ['vulnerabilities:\n  - id: X\n    purls: pkg:npm/a@1', 'paths and purls must be lists of strings'],
    ['vulnerabilities:\n  - id: X\n    statement: [a]', 'vulnerabilities[0]: statement must be text'],
    ['a: [b', 'not valid YAML'],
  ])('rejects %j', async (text, message) => {
    await expect(parseIgnoreFile(text, 'f.yaml', NOW)).rejects.toThrow(message);
  });
});

describe('VEX', () => {
  it('suppresses not_affected vulnerabilities for the named product only (OpenVEX)', () => {
    const vex = parseVex(
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        statements: [
          {
            vulnerability: { name: 'CVE-2019-14697' },
            products: [{ '@id': 'pkg:apk/alpine/musl@1.1.20-r4?arch=x86_64&distro=3.9.4' }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
          },
          {
            vulnerability: { name: 'CVE-2019-1549' },
            products: [{ '@id': 'pkg:apk/alpine/libssl1.1' }],
            status: 'affected',
          },
        ],
      }),
      'vex.json',
    );
    const result = evaluate(golden('alpine-39'), policy());
    const withVex = evaluate(golden('alpine-39'), policy({ vex }));
    expect(result.counts.critical).toBe(2);
    expect(withVex.counts.critical).toBe(1);
    expect(withVex.suppressedByVex.map((s) => s.finding.pkgName)).toEqual(['musl']);
    expect(withVex.counts.medium).toBe(4);
  });

  it('matches an OpenVEX vulnerability by its name, also when it has an @id link', () => {
    // The OpenVEX spec's own example: @id is an IRI, name the id trivy reports.
    const vex = parseVex(
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        statements: [
          {
            vulnerability: {
              '@id': 'https://nvd.nist.gov/vuln/detail/CVE-2019-14697',
              name: 'CVE-2019-14697',
            },
            products: [{ '@id': 'pkg:apk/alpine/musl' }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
          },
        ],
      }),
      'vex.json',
    );
    expect(vex[0]?.vulnerability).toBe('CVE-2019-14697');
    expect(
      evaluate(golden('alpine-39'), policy({ vex })).suppressedByVex.map((s) => s.finding.pkgName),
    ).toEqual(['musl']);
  });

  it('matches an OpenVEX product named by identifiers.purl', () => {
    const statement = (product: object) =>
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        statements: [
          { vulnerability: { name: 'CVE-2019-14697' }, products: [product], status: 'not_affected' },
        ],
      });
    const suppressed = (product: object) =>
      evaluate(
        golden('alpine-39'),
        policy({ vex: parseVex(statement(product), 'vex.json') }),
      ).suppressedByVex.map((s) => s.finding.pkgName);
    expect(suppressed({ identifiers: { purl: 'pkg:apk/alpine/musl' } })).toEqual(['musl']);
    expect(
      suppressed({ '@id': 'https://example.com/products/app', identifiers: { purl: 'pkg:apk/alpine/musl' } }),
    ).toEqual(['musl']);
    expect(
      suppressed({
        '@id': 'pkg:oci/app',
        subcomponents: [{ identifiers: { purl: 'pkg:apk/alpine/musl-utils' } }],
      }),
    ).toEqual(['musl-utils']);
  });

  it('reads CycloneDX VEX', () => {
    const vex = parseVex(
      JSON.stringify({
        bomFormat: 'CycloneDX',
        components: [
          { 'bom-ref': 'musl-utils', purl: 'pkg:apk/alpine/musl-utils@1.1.20-r4?arch=x86_64&distro=3.9.4' },
        ],
        vulnerabilities: [
          { id: 'CVE-2019-14697', analysis: { state: 'not_affected' }, affects: [{ ref: 'musl-utils' }] },
        ],
      }),
      'cdx.json',
    );
    expect(
      evaluate(golden('alpine-39'), policy({ vex })).suppressedByVex.map((s) => s.finding.pkgName),
    ).toEqual(['musl-utils']);
  });

  it('rejects a document that is neither format', () => {
    expect(() => parseVex('{"hello":1}', 'v.json')).toThrow(
      "input 'vex': 'v.json' is neither an OpenVEX nor a CycloneDX VEX document",
    );
    // Valid JSON that is no document, or a null entry: the same one line, never a TypeError.
    for (const text of ['null', '"x"', '7'])
      expect(() => parseVex(text, 'v.json')).toThrow(
        "input 'vex': 'v.json' is neither an OpenVEX nor a CycloneDX VEX document",
      );
    expect(() => parseVex('{"statements":[null]}', 'v.json')).toThrow(
      "input 'vex': 'v.json' statements[0] needs a vulnerability and a status",
    );
    expect(() => parseVex('{"bomFormat":"CycloneDX","vulnerabilities":[null]}', 'v.json')).toThrow(
      "input 'vex': 'v.json' vulnerabilities[0] (undefined) affects nothing",
    );
  });
});

describe('compliance', () => {
  it('reads from a report the scanners it shows ran, and only those', () => {
    expect(scannersEvidentIn(golden('alpine-39'))).toEqual(['vuln']);
    expect(scannersEvidentIn(golden('secrets'))).toEqual(['secret']);
    expect(scannersEvidentIn(golden('dockerfile'))).toEqual(['misconfig']);
    const report = (results: unknown[]) =>
      ({
        SchemaVersion: 2,
        ArtifactName: 'x',
        ArtifactType: 'container_image',
        Results: results,
      }) as TrivyReport;
    // A clean scan's package result (no Packages list) shows the vulnerability scan ran…
    expect(
      scannersEvidentIn(report([{ Target: 'x (alpine 3.20)', Class: 'os-pkgs', Type: 'alpine' }])),
    ).toEqual(['vuln']);
    // …a package listing with no vulnerability anywhere may be an SBOM listing: not evidence.
    const listing = [
      { Target: 'x (alpine 3.20)', Class: 'os-pkgs', Type: 'alpine', Packages: [{ Name: 'musl' }] },
    ];
    expect(scannersEvidentIn(report(listing))).toEqual([]);
    expect(scannersEvidentIn(report([]))).toEqual([]);
  });

  it('judges what is not ignored: an ignored finding is no evidence, those before and after it are', () => {
    const vulnerability = (id: string, severity: string) => ({
      VulnerabilityID: id,
      PkgName: 'p',
      InstalledVersion: '1',
      Severity: severity,
    });
    const report = (...vulnerabilities: object[]) =>
      ({
        SchemaVersion: 2,
        ArtifactName: 'x',
        ArtifactType: 'filesystem',
        Results: [{ Target: 'package-lock.json', Class: 'lang-pkgs', Vulnerabilities: vulnerabilities }],
      }) as TrivyReport;
    const ignore = {
      active: [{ kind: 'vulnerability' as const, id: 'CVE-2099-1', paths: [], purls: [] }],
      expired: [],
    };
    // NIST 4.1.1: no CRITICAL or HIGH vulnerability.
    const control = (judged: TrivyReport) =>
      evaluate(
        judged,
        policy({ ignore, compliance: [FRAMEWORKS.NIST], scanners: new Set(['vuln']) }),
      ).compliance[0]?.controls.find((c) => c.id === '4.1.1')?.status;
    expect(control(report(vulnerability('CVE-2099-1', 'HIGH'), vulnerability('CVE-2099-2', 'LOW')))).toBe(
      'pass',
    );
    expect(control(report(vulnerability('CVE-2099-1', 'HIGH'), vulnerability('CVE-2099-3', 'HIGH')))).toBe(
      'fail',
    );
    expect(control(report(vulnerability('CVE-2099-3', 'HIGH'), vulnerability('CVE-2099-1', 'HIGH')))).toBe(
      'fail',
    );
    expect(control(report(vulnerability('CVE-2099-2', 'LOW')))).toBe('pass');
  });

  it('scores only controls whose evidence was collected', () => {
    const result = evaluate(
      golden('dockerfile'),
      policy({ compliance: [FRAMEWORKS.CIS], scanners: new Set(['misconfig']) }),
    );
    const cis = result.compliance[0]!;
    // Dockerfile checks 4.1 (DS-0002 fails), 4.6, 4.7, 4.9 are evaluated; no vuln/secret scan, no signature.
    expect(
      cis.controls.filter((c) => c.status !== 'not-evaluated').map((c) => `${c.id}:${c.status}`),
    ).toEqual(['4.1:fail', '4.6:pass', '4.7:pass', '4.9:pass']);
    expect(cis.score).toBe(0.75);
    expect(result.reasons).toContain(
      'compliance CIS score 0.75 (3/4 controls) is below min-compliance-score 0.8',
    );
  });

  it('counts a verified signature as evidence and a failed one against', () => {
    const signed = evaluate(
      golden('alpine-310'),
      policy({ compliance: [FRAMEWORKS.NIST], signature: { verified: true, detail: 'ok' } }),
    );
    expect(signed.compliance[0]).toMatchObject({ passed: 3, evaluated: 3, score: 1 });
    const unsigned = evaluate(
      golden('alpine-310'),
      policy({
        compliance: [FRAMEWORKS.NIST],
        signature: { verified: false, detail: 'no signatures found' },
      }),
    );
    expect(unsigned.compliance[0]).toMatchObject({ passed: 2, evaluated: 3 });
    expect(unsigned.reasons[0]).toBe('image signature not verified: no signatures found');
  });

  it('judges controls on every finding not ignored, whatever the threshold or ignore-unfixed', () => {
    // pom has a HIGH; a CRITICAL threshold keeps it out of the budgets but not out of NIST 4.1.1.
    const result = evaluate(
      golden('pom'),
      policy({
        severityThreshold: 'CRITICAL',
        compliance: [FRAMEWORKS.NIST],
        budgets: { CRITICAL: -1, HIGH: 0, MEDIUM: -1, LOW: -1 },
      }),
    );
    expect(result.counts.high).toBe(0);
    const control = result.compliance[0]!.controls.find((c) => c.id === '4.1.1')!;
    expect(control).toMatchObject({ status: 'fail', detail: '2 HIGH+ vulnerabilities' });
    // A LOW misconfiguration below a MEDIUM threshold still fails its CIS control.
    const chart = evaluate(
      golden('helm_testchart'),
      policy({
        severityThreshold: 'CRITICAL',
        compliance: [FRAMEWORKS.CIS],
        scanners: new Set(['misconfig']),
      }),
    );
    expect(chart.compliance[0]!.controls.find((c) => c.id === '5.2')).toMatchObject({ status: 'fail' });
  });

  it('a framework with nothing to evaluate fails closed', () => {
    const result = evaluate(
      golden('alpine-310'),
      policy({ compliance: [FRAMEWORKS.SOC2], scanners: new Set(['license']) }),
    );
    expect(result.compliance[0]?.score).toBeUndefined();
    expect(result.verdict).toBe('fail');
  });
});

describe('the gate never passes what it cannot judge', () => {
  const strict = (overrides: Partial<GatePolicy> = {}) =>
    policy({ budgets: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 }, severityThreshold: 'LOW', ...overrides });
  const report = (results: unknown[]) =>
    parseTrivyReport(
      JSON.stringify({
        SchemaVersion: 2,
        ArtifactName: 'app:1',
        ArtifactType: 'container_image',
        Results: results,
      }),
      'test',
    );

  it('a misconfiguration with no Status (or an unknown one) counts as failed; PASS and EXCEPTION pass', () => {
    const misconfig = (Status?: string) => ({
      ID: 'DS002',
      AVDID: 'AVD-DS-0002',
      Title: 'root user',
      Severity: 'HIGH',
      ...(Status ? { Status } : {}),
    });
    const verdictWith = (status?: string) =>
      evaluate(
        report([{ Target: 'Dockerfile', Misconfigurations: [misconfig(status)] }]),
        strict({ scanners: new Set(['misconfig']) }),
      ).verdict;
    for (const status of [undefined, 'UNKNOWN', 'FAIL'])
      expect(verdictWith(status), String(status)).toBe('fail');
    for (const status of ['PASS', 'EXCEPTION']) expect(verdictWith(status), status).toBe('pass');
  });

  it('an ignore entry scoped to a purl never applies to a finding that has no purl', async () => {
    const ignore = await parseIgnoreFile(
      'vulnerabilities:\n  - id: CVE-2024-0001\n    purls: ["pkg:npm/lodash@4.17.20"]\n',
      'ignore.yaml',
      new Date(),
    );
    const finding = {
      VulnerabilityID: 'CVE-2024-0001',
      PkgName: 'lodash',
      Severity: 'HIGH',
      InstalledVersion: '4.17.20',
    };
    expect(
      evaluate(report([{ Target: 'package-lock.json', Vulnerabilities: [finding] }]), strict({ ignore }))
        .verdict,
    ).toBe('fail');
  });

  it('a VEX statement with no products is refused, not applied to everything', () => {
    const openvex = JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      statements: [{ vulnerability: { name: 'CVE-2024-0001' }, status: 'not_affected', justification: 'x' }],
    });
    expect(() => parseVex(openvex, 'vex.json')).toThrow(
      "input 'vex': 'vex.json' statements[0] (CVE-2024-0001) names no products: a statement must say what it is about",
    );
    const cyclonedx = JSON.stringify({
      bomFormat: 'CycloneDX',
      vulnerabilities: [{ id: 'CVE-2024-0001', analysis: { state: 'not_affected' } }],
    });
    expect(() => parseVex(cyclonedx, 'vex.cdx.json')).toThrow(
      'vulnerabilities[0] (CVE-2024-0001) affects nothing',
    );
  });

  it('a report that names no artifact is not a trivy report', () => {
    expect(() => parseTrivyReport('{"SchemaVersion":2}', 'r.json')).toThrow(
      "report 'r.json' is not a trivy JSON report: no ArtifactName (trivy always names what it scanned)",
    );
  });
});

describe('a report given beside scan-ref must be of that artifact', () => {
  const image = (name: string, repoDigests: string[] = []) =>
    ({
      SchemaVersion: 2,
      ArtifactName: name,
      ArtifactType: 'container_image',
      Metadata: { RepoDigests: repoDigests },
    }) as TrivyReport;
  const digest = `sha256:${'b'.repeat(64)}`;

  it('accepts the same image however it is spelled, or a tag report whose repo digests hold the digest', () => {
    expect(() =>
      requireReportOf(image('alpine:3.19'), 'r.json', 'docker.io/library/alpine:3.19'),
    ).not.toThrow();
    expect(() =>
      requireReportOf(
        image('ghcr.io/org/app:1.0', [`ghcr.io/org/app@${digest}`]),
        'r.json',
        `ghcr.io/org/app@${digest}`,
      ),
    ).not.toThrow();
  });

  it('refuses a report of another image', () => {
    expect(() => requireReportOf(image('ghcr.io/org/other:1.0'), 'r.json', 'ghcr.io/org/app:1.0')).toThrow(
      "report 'r.json' is a report of 'ghcr.io/org/other:1.0', not of scan-ref 'ghcr.io/org/app:1.0': it cannot judge that",
    );
  });
});

describe('baseline keys', () => {
  it('a CVE still in the same package is existing at another version; another package is new', () => {
    const finding = (pkgName: string, installedVersion: string): Finding => ({
      kind: 'vulnerability',
      id: 'CVE-2099-1',
      severity: 'HIGH',
      target: 'registry.example.com/shop:2 (alpine 3.20.1)',
      title: 't',
      pkgName,
      installedVersion,
    });
    const baseline = baselineIndex([
      { ...finding('musl', '1.2.3'), target: 'registry.example.com/shop:1 (alpine 3.20.0)' },
    ]);
    expect(baseline.has(findingKey(finding('musl', '1.2.4')))).toBe(true);
    expect(baseline.has(findingKey(finding('musl-utils', '1.2.4')))).toBe(false);
  });
});

describe('fix-first order', () => {
  it('is what a stable sort by fixFirst gives: KEV, then severity, then EPSS, ties in the order read', () => {
    // A seeded generator: the same mix every run, with many ties on every key.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const severities = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'NOT-ONE'] as const;
    const made = (withEpss: boolean): Finding[] =>
      Array.from({ length: 3000 }, (_, n) => ({
        kind: 'vulnerability' as const,
        id: `CVE-2099-${n}`,
        severity: severities[next(6)] as Finding['severity'],
        target: 'package-lock.json',
        title: `finding ${n}`,
        ...(next(4) === 0 ? { kev: { dateAdded: '2024-01-01' } as Finding['kev'] } : {}),
        ...(withEpss && next(2) === 0
          ? { epss: { score: next(5) / 4, percentile: 0.5 } as Finding['epss'] }
          : {}),
      }));
    for (const withEpss of [false, true]) {
      const findings = made(withEpss);
      const ids = findings.map((finding) => finding.id);
      const expected = [...findings].sort(fixFirst).map((finding) => finding.id);
      expect(fixFirstOrdered(findings).map((finding) => finding.id)).toEqual(expected);
      // It did reorder, and left the list it was given as it was.
      expect(expected).not.toEqual(ids);
      expect(findings.map((finding) => finding.id)).toEqual(ids);
    }
  });
});
