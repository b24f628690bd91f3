// A report read from its file in bounded memory must be judged exactly as the same report parsed
// whole: same findings, same verdict, same refusals — whatever the chunk and batch boundaries cut.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/policy/evaluate.js';
import { collectFindings, scannersEvidentIn } from '../../shared/policy/findings.js';
import { readTrivyReport } from '../../shared/report/trivy-reader.js';
import { parseTrivyReport } from '../../shared/trivy.js';
import { goldenReports } from '../support/fixtures.js';
import { defaultPolicy } from '../support/gate-policy.js';

const work = mkdtempSync(join(tmpdir(), 'trivy-reader-'));
/** Boundaries everywhere: a few bytes a read, a batch every few elements. */
const TINY = { chunkBytes: 16, batchBytes: 40 };

function write(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

function judged(report: ReturnType<typeof parseTrivyReport>) {
  const { counted, counts, verdict, ignored } = evaluate(report, defaultPolicy());
  return { counted, counts, verdict, ignored, scanners: scannersEvidentIn(report) };
}

/** What parseTrivyReport throws for the text, or what readTrivyReport throws for it as a file. */
function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
}

const goldens = readdirSync(goldenReports).filter(
  (name) => name.endsWith('.json') && !name.includes('sarif'),
);

describe('a report read from its file, in bounded memory', () => {
  it.each(goldens)('%s: the same findings and verdict as parsed whole, at any boundaries', (name) => {
    const path = join(goldenReports, name);
    const whole = parseTrivyReport(readFileSync(path, 'utf8'), path);
    for (const sizes of [undefined, TINY, { chunkBytes: 7, batchBytes: 1 }]) {
      const read = readTrivyReport(path, sizes);
      expect(collectFindings(read)).toEqual(collectFindings(whole));
      expect(judged(read)).toEqual(judged(whole));
      expect(read.ArtifactName).toBe(whole.ArtifactName);
      expect(read.Metadata).toEqual(whole.Metadata);
    }
  });

  it('strings that look like structure, escapes and any key order', () => {
    const nasty = ['a "quoted" ] } title', 'back\\slash\\', 'ends with \\\\', 'ünïcödé ✓ \u2028', '{[,:]}'];
    const vulnerabilities = nasty.map((title, n) => ({
      Title: title,
      Severity: 'HIGH',
      VulnerabilityID: `CVE-2099-${n}`,
      PkgName: `p${n}`,
      FixedVersion: n % 2 ? '1.1' : '',
    }));
    const misconfigurations = [{ ID: 'DS002', Status: 'FAIL', Severity: 'HIGH', Title: '"]' }];
    const text = JSON.stringify(
      {
        Results: [
          // Target and Type after the lists: the reader fills them in at the result's end.
          { Vulnerabilities: vulnerabilities, Class: 'lang-pkgs', Target: 'package-lock.json' },
          { Misconfigurations: misconfigurations, Type: 'dockerfile', Class: 'config', Target: 'Dockerfile' },
          { Target: 'empty', Vulnerabilities: [], Packages: [{ Name: 'x' }], Secrets: null },
        ],
        SchemaVersion: 2,
        ArtifactName: 'app',
        ArtifactType: 'filesystem',
      },
      null,
      '\t',
    );
    const path = write('nasty.json', text);
    const whole = parseTrivyReport(text, path);
    const read = readTrivyReport(path, TINY);
    expect(collectFindings(read)).toEqual(collectFindings(whole));
    expect(collectFindings(read).map((finding) => finding.title)).toEqual([...nasty, '"]']);
    expect(collectFindings(read)[5]).toMatchObject({ target: 'Dockerfile', configType: 'dockerfile' });
    expect(read.Results?.[2]?.Packages).toEqual([]);
  });

  it('refuses what parseTrivyReport refuses, in one line', () => {
    const report = (results: string) =>
      `{"SchemaVersion":2,"ArtifactName":"a","ArtifactType":"filesystem","Results":${results}}`;
    const shapes = [
      '[1,2]',
      '"text"',
      '{"SchemaVersion":1,"ArtifactName":"a","ArtifactType":"filesystem"}',
      '{"SchemaVersion":2,"ArtifactType":"filesystem"}',
      report('{}'),
      report('[{"Class":"os-pkgs"}]'),
      report('[null]'),
      report('[{"Target":"t","Vulnerabilities":{}}]'),
      report('[{"Target":"t","Licenses":"MIT"}]'),
    ];
    for (const [index, text] of shapes.entries()) {
      const path = write(`shape-${index}.json`, text);
      const expected = refusal(() => parseTrivyReport(text, path));
      expect(expected).not.toBe('accepted');
      expect(refusal(() => readTrivyReport(path, TINY))).toBe(expected);
    }
  });

  it('refuses JSON that is not, wherever it breaks, naming the byte', () => {
    const good = readFileSync(join(goldenReports, 'alpine-39.json'), 'utf8');
    const broken = [
      good.slice(0, Math.floor(good.length / 2)),
      `${good} trailing`,
      good.replace('"VulnerabilityID"', '"VulnerabilityID" "x":'),
      good.replace(/\},\s*\{\s*"VulnerabilityID"/, '} {"VulnerabilityID"'),
      good.replace('"Results": [', '"Results": [,'),
      '',
      '{"SchemaVersion":2,',
    ];
    for (const [index, text] of broken.entries()) {
      const path = write(`broken-${index}.json`, text);
      expect(refusal(() => parseTrivyReport(text, path))).toMatch(/is not valid JSON/);
      for (const sizes of [undefined, TINY]) {
        const message = refusal(() => readTrivyReport(path, sizes));
        expect(message, `case ${index}`).toMatch(
          new RegExp(
            `^report '${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' is not valid JSON \\(.* at byte \\d+\\)$`,
          ),
        );
      }
    }
  });

  it('a finding that is not an object is named, not a crash', () => {
    const path = write(
      'null-finding.json',
      '{"SchemaVersion":2,"ArtifactName":"a","ArtifactType":"fs","Results":[{"Target":"t","Vulnerabilities":[{"VulnerabilityID":"CVE-1"},null]}]}',
    );
    expect(refusal(() => readTrivyReport(path))).toBe(
      `report '${path}' is malformed: Results[0].Vulnerabilities[1] is not an object`,
    );
  });

  it('a missing file is one line', () => {
    expect(refusal(() => readTrivyReport(join(work, 'nowhere.json')))).toBe(
      `report '${join(work, 'nowhere.json')}' cannot be read (no such file)`,
    );
  });
});
