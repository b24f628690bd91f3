// A report read from its file in bounded memory must be judged exactly as the same report parsed
// whole: same findings, same verdict, same refusals — whatever the chunk and batch boundaries cut.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../shared/policy/evaluate.js';
import { collectFindings, type Finding, scannersEvidentIn } from '../../shared/policy/findings.js';
import { ScannedVulnerability } from '../../shared/report/report-text.js';
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

/**
 * Findings as plain objects: a vulnerability read from a file reads its title, package name and
 * purl from the file when asked (its toJSON asks), one parsed whole holds them.
 */
function asPlain<T>(findings: readonly T[]): T[] {
  return findings.map(
    (finding) => (finding instanceof ScannedVulnerability ? finding.toJSON() : finding) as T,
  );
}

function judged(report: ReturnType<typeof parseTrivyReport>) {
  const { counted, counts, verdict, ignored } = evaluate(report, defaultPolicy());
  return {
    counted: asPlain(counted),
    counts,
    verdict,
    ignored: ignored.map(({ finding, entry }) => ({ finding: asPlain([finding])[0], entry })),
    scanners: scannersEvidentIn(report),
  };
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
      expect(asPlain(collectFindings(read))).toEqual(collectFindings(whole));
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
    expect(asPlain(collectFindings(read))).toEqual(collectFindings(whole));
    expect(asPlain(collectFindings(read)).map((finding) => finding.title)).toEqual([...nasty, '"]']);
    expect(asPlain(collectFindings(read))[5]).toMatchObject({
      target: 'Dockerfile',
      configType: 'dockerfile',
    });
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

/**
 * Vulnerabilities are scanned from the bytes, not JSON.parse'd: whatever a vulnerability holds, its
 * finding must be the one JSON.parse + vulnerabilityFinding make, and whatever breaks must be refused.
 */
describe('vulnerabilities scanned from the bytes', () => {
  const SIZES = [undefined, TINY, { chunkBytes: 7, batchBytes: 1 }, { chunkBytes: 100, batchBytes: 100 }];
  const report = (vulnerabilities: string[]) =>
    `{"SchemaVersion":2,"ArtifactName":"a","ArtifactType":"filesystem","Results":[{"Target":"t","Class":"lang-pkgs","Vulnerabilities":[${vulnerabilities.join(',')}]}]}`;
  let written = 0;

  /** The report's findings read from its file at every size are the ones parsed whole. */
  function sameAsParsedWhole(vulnerabilities: string[]): ReturnType<typeof collectFindings> {
    const text = report(vulnerabilities);
    const path = write(`scanned-${written++}.json`, text);
    const whole = collectFindings(parseTrivyReport(text, path));
    expect(whole).toHaveLength(vulnerabilities.length);
    for (const sizes of SIZES)
      expect(asPlain(collectFindings(readTrivyReport(path, sizes))), JSON.stringify(sizes)).toStrictEqual(
        whole,
      );
    return whole;
  }

  const plain =
    '"VulnerabilityID":"CVE-2099-1","PkgName":"p","InstalledVersion":"1.0","FixedVersion":"1.1","Severity":"HIGH","Title":"t"';

  it('escapes in every member the gate reads', () => {
    const findings = sameAsParsedWhole([
      String.raw`{"VulnerabilityID":"CVE-\"1\"","PkgName":"a\\b","PkgPath":"p\/q\\","InstalledVersion":"1.0-\u00e9","FixedVersion":"2.0 \"x\" \u00E9","Severity":"\u0048IGH","Title":"a \"quoted\" \\ title \u2028 \ud83d\ude00 \b\f\n\r\t","PrimaryURL":"https:\/\/avd.aquasec.com\/nvd\/cve-\"1\"","PkgIdentifier":{"PURL":"pkg:npm\/a%40b@1.0\u0021"}}`,
      String.raw`{"VulnerabilityID":"\u0043VE-2","PrimaryURL":"https:\/\/example.com\/\u00e9","Severity":"\\"}`,
    ]);
    expect(findings[0]).toMatchObject({
      id: 'CVE-"1"',
      pkgName: 'a\\b',
      pkgPath: 'p/q\\',
      installedVersion: '1.0-é',
      fixedVersion: '2.0 "x" é',
      severity: 'HIGH',
      title: 'a "quoted" \\ title \u2028 😀 \b\f\n\r\t',
      avd: true,
      purl: 'pkg:npm/a%40b@1.0!',
    });
    expect(findings[1]).toMatchObject({ id: 'CVE-2', url: 'https://example.com/é', severity: 'UNKNOWN' });
  });

  it('UTF-8 that is not ASCII in every member the gate reads', () => {
    const findings = sameAsParsedWhole([
      '{"VulnerabilityID":"CVE-é","PkgName":"пакет","PkgPath":"/srv/ünï/package.json","InstalledVersion":"1.0-ß","FixedVersion":"2.0-✓","Severity":"hïgh","Title":"ünïcödé ✓ 😀 \u2028","PrimaryURL":"https://avd.aquasec.com/nvd/cve-é","PkgIdentifier":{"PURL":"pkg:npm/ü@1"}}',
      '{"VulnerabilityID":"CVE-3","Title":"😀","PrimaryURL":"https://ex.ample/😀"}',
    ]);
    expect(findings[0]).toMatchObject({ pkgName: 'пакет', title: 'ünïcödé ✓ 😀 \u2028', avd: true });
    expect(findings[1]).toMatchObject({ title: '😀', url: 'https://ex.ample/😀' });
  });

  it('PkgIdentifier with other members, without PURL, or not an object', () => {
    const findings = sameAsParsedWhole([
      `{${plain},"PkgIdentifier":{"UID":"u","PURL":"pkg:a@1","BOMRef":{"k":[1,{"PURL":"nested"}]},"Extra":null}}`,
      `{"PkgIdentifier":{"UID":"u","BOMRef":"b"},${plain}}`,
      `{${plain},"PkgIdentifier":{}}`,
      `{${plain},"PkgIdentifier":null}`,
      `{${plain},"PkgIdentifier":"pkg:not-an-object"}`,
      `{${plain},"PkgIdentifier":[{"PURL":"in-an-array"}]}`,
      `{${plain},"PkgIdentifier":7}`,
      `{${plain},"PkgIdentifier":{"PURL":"first"},"PkgIdentifier":{"UID":"second"}}`,
      `{${plain},"PkgIdentifier":{"PURL":"first","PURL":"second"}}`,
      `{${plain},"PkgIdentifier":{"PURL":12}}`,
      `{${plain},"PkgIdentifier":{"PURL":null}}`,
      `{${plain},"PURL":"not in PkgIdentifier","PkgIdentifier":{"PkgIdentifier":{"PURL":"too deep"}}}`,
    ]);
    expect(findings.map((finding) => finding.purl)).toStrictEqual([
      'pkg:a@1',
      ...Array(7).fill(undefined),
      'second',
      12,
      null,
      undefined,
    ]);
  });

  it('a member named twice counts once, as the last', () => {
    const findings = sameAsParsedWhole([
      `{${plain},"Severity":"LOW","Title":"second","VulnerabilityID":"CVE-2099-2","FixedVersion":"","Severity":"CRITICAL"}`,
      `{"Title":"first",${plain},"InstalledVersion":"9","PkgName":"q","PkgPath":"a","PkgPath":"b","PrimaryURL":"x","PrimaryURL":"y"}`,
    ]);
    expect(findings[0]).toMatchObject({ id: 'CVE-2099-2', severity: 'CRITICAL', title: 'second' });
    expect(findings[0]?.fixedVersion).toBeUndefined();
    expect(findings[1]).toMatchObject({ title: 't', installedVersion: '9', pkgPath: 'b', url: 'y' });
  });

  it('members the gate does not read, whatever they hold, and white space anywhere', () => {
    const deep = `${'['.repeat(5000)}{"a":[]}${']'.repeat(5000)}`;
    const findings = sameAsParsedWhole([
      `{"CVSS":{"nvd":{"V3Vector":"CVSS:3.1/AV:N","V3Score":9.8},"redhat":{}},${plain},"CweIDs":["CWE-79",[],{},[[[]]]],"Numbers":[0,-0,12,-12,0.5,-0.5e+10,1E-7,3e5,1.25E+2],"Literals":[true,false,null],"Deep":${deep},"Escapes":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\ud83d","Unicode":"ü✓😀","Empty":"","Status":"fixed"}`,
      ` \t\r\n{ \t"Title" :\r\n "spaced" ,\n "Other"\t:\t[ 1 , { "x" : null } ] , "Severity":"LOW" , "VulnerabilityID" : "CVE-2099-3" , "PkgIdentifier" : { "PURL" : "pkg:s@1" , "UID" : 1 } } `,
      `{"Title2":"x","Titl":"y","VulnerabilityIDs":"z","PkgNam":"w","Severit":"LOW","PURLs":"v",${plain}}`,
      `{"Titl\\u0065":"escaped name","\\u0053everity":"CRITICAL","Pkg\\u0049dentifier":{"P\\u0055RL":"pkg:e@1"},"VulnerabilityID":"CVE-2099-4"}`,
    ]);
    expect(findings[0]).toMatchObject({ id: 'CVE-2099-1', title: 't', severity: 'HIGH' });
    expect(findings[1]).toMatchObject({ id: 'CVE-2099-3', title: 'spaced', purl: 'pkg:s@1' });
    expect(findings[2]).toMatchObject({ id: 'CVE-2099-1', title: 't', severity: 'HIGH' });
    expect(findings[3]).toMatchObject({ title: 'escaped name', severity: 'CRITICAL', purl: 'pkg:e@1' });
  });

  it('values that are not strings where trivy writes strings: as JSON.parse gives them', () => {
    const findings = sameAsParsedWhole([
      '{"VulnerabilityID":"CVE-2099-6","Severity":3,"Title":null,"PkgName":["x"],"PkgPath":true,"InstalledVersion":{"v":1},"FixedVersion":false,"PrimaryURL":1.5}',
      '{"VulnerabilityID":"CVE-2099-5","Severity":null,"Title":"","FixedVersion":0,"InstalledVersion":-1e3}',
    ]);
    expect(findings[0]).toMatchObject({
      id: 'CVE-2099-6',
      severity: 'UNKNOWN',
      title: 'CVE-2099-6',
      pkgName: ['x'],
    });
    expect(findings[1]).toMatchObject({ title: 'CVE-2099-5', installedVersion: -1000 });
    expect(findings[1]?.fixedVersion).toBeUndefined();
  });

  it('long strings, whatever lies where in them (the scan passes four ordinary bytes at a time)', () => {
    const specials = ['\\"', '\\\\', '\\u00e9', '\\/', 'é', '😀', '\u007f', ' '];
    const vulnerabilities: string[] = [];
    for (let shift = 0; shift < 8; shift++)
      for (const special of specials) {
        const text = `${'a'.repeat(9 + shift)}${special}${'b'.repeat(9)}${special}`;
        vulnerabilities.push(
          `{${plain},"Title":"${text}","Description":"${text}","PkgIdentifier":{"PURL":"${text}"},"PkgName":"${text}"}`,
        );
      }
    sameAsParsedWhole(vulnerabilities);
    for (let shift = 0; shift < 8; shift++)
      for (const [index, broken] of ['\t', '\n', '\u0000', '\u001f', '\\x'].entries())
        for (const member of ['Title', 'Description']) {
          const text = report([`{${plain},"${member}":"${'a'.repeat(9 + shift)}${broken}${'b'.repeat(9)}"}`]);
          const path = write(`scanned-long-${shift}-${index}-${member}.json`, text);
          for (const sizes of SIZES)
            expect(
              refusal(() => readTrivyReport(path, sizes)),
              `${member} ${shift} ${index}`,
            ).toMatch(/is not valid JSON \((unexpected control character|unexpected 'x') at byte \d+\)$/);
        }
  });

  it('refuses JSON that breaks inside a vulnerability, wherever, naming the byte', () => {
    const broken = [
      // Inside members the gate does not read.
      '"CVSS":{"nvd":{"V3Score":9.8,}}',
      '"CweIDs":["a",]',
      '"X":[1 2]',
      '"X":{"a" 1}',
      '"X":{"a":1 "b":2}',
      '"X":{1:2}',
      '"X":[}',
      '"X":{]',
      '"X":[1]]',
      '"X":[1}',
      '"X":{"a":1]',
      '"X":[[1}]',
      '"X":tru',
      '"X":nul',
      '"X":True',
      '"X":01',
      '"X":1.',
      '"X":.5',
      '"X":-',
      '"X":1e',
      '"X":1e+',
      '"X":+1',
      '"X":NaN',
      '"X":undefined',
      '"X":\'a\'',
      '"X":"bad \\x escape"',
      '"X":"bad \\u12g4"',
      '"X":"raw \t tab"',
      '"X":"raw \n newline"',
      '"X":"raw \u0001 control"',
      '"X":',
      '"X" "y"',
      '"X"',
      'X:1',
      '"X":1,',
      '"X":[1,2',
      '"X":{"a":"unterminated}]',
      // Inside members the gate reads.
      '"Title":"bad \\x"',
      '"Title":"raw \t tab"',
      '"VulnerabilityID":"\\u00e"',
      '"Severity":"HIGH',
      '"PkgName":"a\\"',
      '"Title":tru',
      '"Severity":1.',
      '"Title":}',
      '"Title" "t"',
      '"Ti\tle":"t"',
      '"Ti\\xle":"t"',
      '"PkgIdentifier":{"PURL":"bad \\q"}',
      '"PkgIdentifier":{"PURL":"x",}',
      '"PkgIdentifier":{"PURL" "x"}',
      '"PkgIdentifier":{"PURL":"x"',
      '"PkgIdentifier":{"PURL":"x"]',
      '"PkgIdentifier":{"UID":[}',
      '"PkgIdentifier":{,}',
    ];
    for (const [index, member] of broken.entries())
      for (const vulnerability of [`{${plain},${member}}`, `{${member},${plain}}`]) {
        const text = report([`{${plain}}`, vulnerability, `{${plain}}`]);
        const path = write(`scanned-broken-${index}.json`, text);
        expect(
          refusal(() => parseTrivyReport(text, path)),
          member,
        ).toMatch(/is not valid JSON/);
        for (const sizes of SIZES)
          expect(
            refusal(() => readTrivyReport(path, sizes)),
            `${member} at ${JSON.stringify(sizes)}`,
          ).toMatch(
            new RegExp(
              `^report '${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' is not valid JSON \\(.* at byte \\d+\\)$`,
            ),
          );
      }
  });

  it('a report broken anywhere, at random, is refused as parseTrivyReport refuses it, else read the same', () => {
    const description = `A \\"long\\" description\\nwith escapes \\u00e9 \\\\ and ünïcödé ✓, ${'x'.repeat(40)}`;
    const good = report([
      `{${plain},"PkgIdentifier":{"PURL":"pkg:a@1","UID":[1,-2.5e3,true,null,{}]},"PrimaryURL":"https://avd.aquasec.com/nvd/cve-2099-1"}`,
      `{"CVSS":{"nvd":{"V3Score":9.8,"x":[false,"\\n"]}},"Description":"${description}",${plain},"Title":"${description}"}`,
    ]);
    expect(collectFindings(parseTrivyReport(good, 'good'))).toHaveLength(2);
    const alphabet = '{}[]:,"\\ tfnrue0123456789.-+eEaxX\t\n\u0001é';
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % below;
    };
    const path = join(work, 'scanned-random.json');
    for (let round = 0; round < 400; round++) {
      let text = good;
      for (let edit = random(3); edit >= 0; edit--) {
        const at = random(text.length);
        const char = alphabet[random(alphabet.length)];
        const kind = random(3);
        text = text.slice(0, at) + (kind === 0 ? '' : char) + text.slice(kind === 1 ? at : at + 1);
      }
      writeFileSync(path, text);
      let whole: unknown;
      const wholeRefusal = refusal(() => {
        whole = collectFindings(parseTrivyReport(text, path));
      });
      for (const sizes of [undefined, TINY, { chunkBytes: 7, batchBytes: 1 }]) {
        let read: unknown;
        const readRefusal = refusal(() => {
          read = asPlain(collectFindings(readTrivyReport(path, sizes)));
        });
        const context = `${JSON.stringify(text)} at ${JSON.stringify(sizes)}: ${wholeRefusal} / ${readRefusal}`;
        // A result without its Target is named before JSON that breaks after it is reached.
        if (/is not valid JSON/.test(wholeRefusal))
          expect(readRefusal, context).toMatch(/is not valid JSON \(.* at byte \d+\)$|has no Target$/);
        else if (wholeRefusal === 'accepted' && !/is malformed/.test(readRefusal))
          expect(read, context).toStrictEqual(whole);
        else expect(readRefusal, context).not.toBe('accepted');
      }
    }
  });

  it('names the byte where a vulnerability breaks', () => {
    const cases: [string, number, string][] = [
      // The member, the index in it of the byte that breaks it (its length: the byte after it), why.
      ['"X":[1 2]', 7, "unexpected '2'"],
      ['"X":tru', 7, "unexpected '}'"],
      ['"Title":"bad \\x"', 14, "unexpected 'x'"],
      ['"Title":"raw \t tab"', 13, 'unexpected control character'],
      ['"PkgIdentifier":{"PURL":"x",}', 28, "unexpected '}'"],
      ['"Numbers":[1.5e]', 15, "unexpected ']'"],
    ];
    for (const [index, [member, offset, why]] of cases.entries()) {
      const text = report([`{${plain},${member}}`, `{${plain}}`]);
      const byte = text.indexOf(member) + offset + 1;
      const path = write(`scanned-byte-${index}.json`, text);
      for (const sizes of SIZES)
        expect(refusal(() => readTrivyReport(path, sizes))).toBe(
          `report '${path}' is not valid JSON (${why} at byte ${byte})`,
        );
    }
  });

  it('a finding without its id is refused as parsed whole refuses it, once the whole file is JSON', () => {
    // A finding is named by its id: without one it can be neither judged nor ignored.
    const cases: [string, string][] = [
      ['{"PrimaryURL":"https://example.com/no-id"}', 'Vulnerabilities[1] has no VulnerabilityID'],
      ['{}', 'Vulnerabilities[1] has no VulnerabilityID'],
      ['{"VulnerabilityID":42,"Title":"t"}', 'Vulnerabilities[1] has no VulnerabilityID'],
      ['{"VulnerabilityID":"","Severity":"HIGH"}', 'Vulnerabilities[1] has no VulnerabilityID'],
    ];
    for (const [index, [element, why]] of cases.entries()) {
      const text = report([`{${plain}}`, element, '{"VulnerabilityID":null}']);
      const path = write(`scanned-unnamed-${index}.json`, text);
      const expected = `report '${path}' is malformed: Results[0].${why} (a non-empty string)`;
      expect(refusal(() => parseTrivyReport(text, path))).toBe(expected);
      for (const sizes of SIZES) expect(refusal(() => readTrivyReport(path, sizes))).toBe(expected);
      // Broken JSON after it: refused as not JSON, as JSON.parse refuses the whole file first.
      const broken = write(
        `scanned-unnamed-broken-${index}.json`,
        report([element, `{${plain}}`, '{"Title":tru}']),
      );
      for (const sizes of SIZES)
        expect(refusal(() => readTrivyReport(broken, sizes))).toMatch(/is not valid JSON/);
    }
    const others = `{"SchemaVersion":2,"ArtifactName":"a","ArtifactType":"filesystem","Results":[{"Target":"t","Class":"config","Misconfigurations":[{"ID":"DS001","Status":"FAIL"},{"Title":"no id","Status":"FAIL"}]},{"Target":"s","Class":"secret","Secrets":[{"RuleID":""}]}]}`;
    const path = write('scanned-unnamed-others.json', others);
    const expected = `report '${path}' is malformed: Results[0].Misconfigurations[1] has no AVDID or ID (a non-empty string)`;
    expect(refusal(() => parseTrivyReport(others, path))).toBe(expected);
    for (const sizes of SIZES) expect(refusal(() => readTrivyReport(path, sizes))).toBe(expected);
  });

  it('an element that is not an object is named after it is checked as JSON', () => {
    for (const [index, element] of ['null', '"CVE-1"', '[{"VulnerabilityID":"CVE-1"}]', '7'].entries()) {
      const path = write(`scanned-not-object-${index}.json`, report([`{${plain}}`, element]));
      for (const sizes of SIZES)
        expect(refusal(() => readTrivyReport(path, sizes))).toBe(
          `report '${path}' is malformed: Results[0].Vulnerabilities[1] is not an object`,
        );
    }
    const path = write('scanned-not-json.json', report([`{${plain}}`, 'nul']));
    for (const sizes of SIZES)
      expect(refusal(() => readTrivyReport(path, sizes))).toMatch(/is not valid JSON/);
  });
});

describe('text read from the file when shown', () => {
  const vulnerability = (n: number) => ({
    VulnerabilityID: `CVE-2099-${n}`,
    PkgName: `package-${n}`,
    PkgIdentifier: { PURL: `pkg:npm/package-${n}@1.0.${n}` },
    InstalledVersion: `1.0.${n}`,
    Severity: 'HIGH',
    Title: `title ${n} ${'x'.repeat(n % 97)}`,
    Description: 'y'.repeat(200),
  });
  const reportOf = (count: number) =>
    JSON.stringify({
      SchemaVersion: 2,
      ArtifactName: 'a',
      ArtifactType: 'filesystem',
      Results: [
        {
          Target: 't',
          Class: 'lang-pkgs',
          Vulnerabilities: Array.from({ length: count }, (_, n) => vulnerability(n)),
        },
      ],
    });

  it('is the same in any order, across the blocks it is read in', () => {
    // About 700 KB: ten blocks and more, read backwards and shuffled.
    const text = reportOf(2000);
    const path = write('shown.json', text);
    const whole = collectFindings(parseTrivyReport(text, path));
    const read = collectFindings(readTrivyReport(path));
    const order = [...whole.keys()].reverse();
    for (let at = 0; at < order.length; at += 7) order.push(order[(at * 31) % order.length] as number);
    for (const at of order) {
      const [shown, parsed] = [read[at] as Finding, whole[at] as Finding];
      expect([shown.title, shown.pkgName, shown.purl]).toEqual([parsed.title, parsed.pkgName, parsed.purl]);
    }
  });

  it('from a pipe is made as it is read: there is no file to read it again from', async () => {
    const text = reportOf(50);
    const fifo = join(work, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    // The writer is another process: opening a pipe waits for it.
    const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', write('piped.json', text), fifo]);
    const read = collectFindings(readTrivyReport(fifo));
    await new Promise((done) => writer.on('close', done));
    expect(asPlain(read)).toEqual(collectFindings(parseTrivyReport(text, fifo)));
  });

  it('is refused when a pipe has taken the place of the file, without waiting for a writer', () => {
    const path = write('replaced.json', reportOf(3));
    const [first] = collectFindings(readTrivyReport(path));
    rmSync(path);
    execFileSync('mkfifo', [path]);
    expect(refusal(() => first?.title)).toBe(`report '${path}' changed while the gate was judging it`);
  });

  it('from a file changed since it was read is refused, never taken from the new file', () => {
    const path = write('changed.json', reportOf(3));
    const [first, second] = collectFindings(readTrivyReport(path));
    // Rewritten in place (another size), then replaced (another file at the path): both refused.
    writeFileSync(path, reportOf(4).replace(/title/g, 'TITLE'));
    expect(refusal(() => first?.title)).toBe(`report '${path}' changed while the gate was judging it`);
    const [again] = collectFindings(readTrivyReport(path));
    expect(again?.title).toBe('TITLE 0 ');
    renameSync(write('other.json', reportOf(4)), path);
    // Text already read stays as read; text still in the file is not read from another.
    expect(again?.title).toBe('TITLE 0 ');
    expect(refusal(() => second?.pkgName)).toBe(`report '${path}' changed while the gate was judging it`);
  });
});
