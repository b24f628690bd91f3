// The gate's job summary shows what a report holds as text: a scanned file's name, a package, a
// title cannot add HTML, links, lines or table cells to it.
import { describe, expect, it } from 'vitest';
import type { GateInputs } from '../../shared/gate/inputs.js';
import { gateSummary } from '../../shared/gate/summary.js';
import { DEFAULT_BUDGETS } from '../../shared/policy/budgets.js';
import { evaluate } from '../../shared/policy/evaluate.js';
import { parseTrivyReport } from '../../shared/trivy.js';
import { defaultPolicy } from '../support/gate-policy.js';

/** The inputs gateSummary reads, as getGateInputs gives them without any input. */
const inputs = {
  mode: 'enforce',
  severityThreshold: 'MEDIUM',
  budgets: { ...DEFAULT_BUDGETS },
  ignoreUnfixed: false,
  failOnSecrets: true,
  minComplianceScore: 0.8,
  maxKev: 0,
} as unknown as GateInputs;

/** A table row's cells, as GitHub splits it: at each pipe no backslash escapes. */
function cells(row: string): string[] {
  const found: string[] = [];
  let cell = '';
  for (let at = 0; at < row.length; at++) {
    const char = row[at] as string;
    if (char === '\\') {
      cell += char + (row[at + 1] ?? '');
      at++;
    } else if (char === '|') {
      found.push(cell);
      cell = '';
    } else cell += char;
  }
  return [...found, cell];
}

describe('the gate summary', () => {
  it('shows names from the report as text: no HTML, link, line or cell of their own', () => {
    const report = parseTrivyReport(
      JSON.stringify({
        SchemaVersion: 2,
        ArtifactName: '.',
        ArtifactType: 'filesystem',
        Results: [
          {
            Target: 'src/<img src=https://evil.example/p.png>\r| forged | cell |\\|x',
            Class: 'secret',
            Secrets: [
              { RuleID: 'aws-access-key-id', Severity: 'CRITICAL', Title: '[Approve](https://evil.example)' },
            ],
          },
          {
            Target: 'x\n\n## ✅ Security gate: PASS\n',
            Class: 'secret',
            Secrets: [{ RuleID: 'generic', Severity: 'LOW', Title: 'Secret' }],
          },
          {
            Target: 'app (alpine 3.9.4)',
            Class: 'os-pkgs',
            Vulnerabilities: [
              {
                VulnerabilityID: 'CVE-2019-14697',
                PkgName: 'musl',
                Severity: 'CRITICAL',
                PrimaryURL: 'https://avd.aquasec.com/nvd/cve-2019-14697',
              },
            ],
          },
        ],
      }),
      'report.json',
    );
    const markdown = gateSummary(inputs, evaluate(report, defaultPolicy()), '.').toMarkdown();
    expect(markdown).not.toContain('\r');
    expect(markdown.split('\n').filter((line) => line.startsWith('#'))).toEqual([
      '## ❌ Security gate: FAIL',
      '### Fix first',
    ]);
    expect(markdown).not.toMatch(/(^|[^\\])<img/m);
    expect(markdown).not.toMatch(/(^|[^\\])\[Approve\]\(/m);
    // The gate's own link stays a link.
    expect(markdown).toContain('[CVE-2019-14697](https://avd.aquasec.com/nvd/cve-2019-14697)');
    const rows = markdown.split('\n').filter((line) => line.startsWith('| '));
    const fixFirst = rows.slice(rows.findIndex((row) => row.startsWith('| Severity | ID |')));
    for (const row of fixFirst) expect(cells(row)).toHaveLength(8);
  });
});
