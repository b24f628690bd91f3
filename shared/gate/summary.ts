// The security gate's job summary: verdict, counts against budgets, what to fix first, what was
// ignored (and which ignores expired), new and fixed against a baseline, compliance scores.
import type { BaselineChange } from '../policy/baseline.js';
import type { GateVerdict } from '../policy/evaluate.js';
import { type Finding, findingUrl } from '../policy/findings.js';
import type { LicensePolicy } from '../policy/licenses.js';
import { plain, SummaryBuilder } from '../report/summary.js';
import type { TrivyDbInfo } from '../trivy.js';
import type { GateInputs } from './inputs.js';

const TOP_FINDINGS = 15;

/** A finding's id, linked to its advisory when that is an http(s) URL (one that cannot end the link early). */
function linkedId(finding: Finding): string {
  const url = findingUrl(finding);
  let href: string | undefined;
  try {
    const parsed = url ? new URL(url) : undefined;
    if (parsed && ['http:', 'https:'].includes(parsed.protocol))
      href = parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  } catch {
    href = undefined;
  }
  return href ? `[${plain(finding.id)}](${href})` : plain(finding.id);
}

function budgetText(budget: number): string {
  return budget < 0 ? 'unlimited' : String(budget);
}

/** The scanners behind the verdict: those that ran, or for a given report those it shows ran. */
function scannersText(inputs: GateInputs, result: GateVerdict): string {
  if (!inputs.reportFile) return `scanners ${result.scanners.join(', ')}`;
  return `scanners the report shows ran: ${result.scanners.join(', ') || 'none'}`;
}

/** The licence policy and what broke it. */
function licenseSection(
  summary: SummaryBuilder,
  licenses: NonNullable<GateVerdict['licenses']>,
  policy: LicensePolicy,
): void {
  const rules = [
    policy.deny.length ? `deny ${policy.deny.join(', ')}` : '',
    policy.allow.length ? `allow only ${policy.allow.join(', ')}` : '',
  ].filter(Boolean);
  summary.heading(
    `Licences: ${licenses.checked} checked · ${licenses.violations.length} break the policy (${rules.join('; ')})${licenses.ignored.length ? ` · ${licenses.ignored.length} ignored` : ''}`,
    3,
  );
  if (licenses.violations.length)
    summary.table(
      ['Licence', 'Category', 'Package', 'Where', 'Why'],
      licenses.violations
        .slice(0, TOP_FINDINGS)
        .map((v) => [plain(v.name), plain(v.category), plain(v.pkgName), plain(v.filePath), v.why]),
    );
}

/** New, fixed and unchanged against the baseline report, the new ones listed first. */
function changeSection(summary: SummaryBuilder, change: BaselineChange): void {
  summary.heading(
    `Against the baseline: ${change.introduced.length} new · ${change.fixed.length} fixed · ${change.unchanged} unchanged`,
    3,
  );
  summary.paragraph(
    `Baseline \`${change.source}\` · ${change.failOn === 'new' ? 'only new findings count (fail-on new)' : 'every finding counts (fail-on all)'}`,
  );
  const rows = (findings: readonly Finding[], status: string) =>
    findings
      .slice(0, TOP_FINDINGS)
      .map((f) => [
        status,
        f.severity,
        plain(f.id),
        plain(f.pkgName ? `${f.pkgName} (${f.target})` : f.target),
        plain(f.title),
      ]);
  const listed = [...rows(change.introduced, '🆕 new'), ...rows(change.fixed, '✅ fixed')];
  if (listed.length) summary.table(['Change', 'Severity', 'ID', 'Where', 'Title'], listed);
  const cut =
    Math.max(0, change.introduced.length - TOP_FINDINGS) + Math.max(0, change.fixed.length - TOP_FINDINGS);
  if (cut) summary.paragraph(`…and ${cut} more in the reports.`);
}

/** Which KEV catalog and EPSS scores judged, and what they found. */
function exploitabilityLine(inputs: GateInputs, result: GateVerdict): string | undefined {
  const found = result.exploitability;
  if (!found) return undefined;
  const parts: string[] = [];
  if (found.kev !== undefined)
    parts.push(`${found.kev} in the CISA KEV catalog (budget ${budgetText(inputs.maxKev)}, max-kev)`);
  if (inputs.epssSource)
    parts.push(
      `highest EPSS ${found.epssMax === undefined ? 'n/a' : `${(found.epssMax * 100).toFixed(1)}%`}${
        inputs.epssThreshold === undefined
          ? ''
          : ` · ${found.epssAtOrAbove} at or above ${(inputs.epssThreshold * 100).toFixed(1)}% (epss-threshold)`
      }`,
    );
  return `Exploitability: ${parts.join(' · ')}.`;
}

/** "Vulnerability DB updated 2026-12-01 (1 day old), from REPO (after A failed)". */
export function dbLine(db: TrivyDbInfo, now = new Date()): string {
  const updated = db.updatedAt ? new Date(db.updatedAt) : undefined;
  const age =
    updated && !Number.isNaN(updated.getTime())
      ? ` updated ${updated.toISOString().slice(0, 10)} (${Math.max(0, Math.floor((now.getTime() - updated.getTime()) / 86_400_000))} day(s) old)`
      : ' of unknown age';
  const { cache } = db;
  const source = db.servedBy
    ? `downloaded from \`${db.servedBy}\`${cache?.saved ? ` and saved to the Actions cache as \`${cache.saved}\`` : ''}`
    : cache?.restored
      ? `restored from the Actions cache (\`${cache.restored}\`)`
      : 'from the cache directory';
  const failed = db.failed.length ? ` after ${db.failed.map((repo) => `\`${repo}\``).join(', ')} failed` : '';
  return `Vulnerability DB${age}, ${source}${failed}.`;
}

export function gateSummary(
  inputs: GateInputs,
  result: GateVerdict,
  subject: string,
  db?: TrivyDbInfo,
): SummaryBuilder {
  const summary = new SummaryBuilder();
  const icon = result.verdict === 'pass' ? '✅' : '❌';
  const mode = inputs.mode === 'report' ? ' (report mode: the step does not fail)' : '';
  summary.heading(`${icon} Security gate: ${result.verdict.toUpperCase()}${mode}`);
  summary.paragraph(
    `Subject: \`${subject}\` · threshold ${inputs.severityThreshold} · ${scannersText(inputs, result)}${
      inputs.ignoreUnfixed ? ' · unfixed ignored' : ''
    }`,
  );
  // Reasons quote what was found (a secret's file, a licence, a CVE id): shown as text.
  if (result.reasons.length) summary.list(result.reasons.map((reason) => `**${plain(reason)}**`));
  if (result.signature?.verified) summary.paragraph(`Signature: ✅ ${result.signature.detail}`);
  if (db) summary.paragraph(dbLine(db));

  const { counts } = result;
  const row = (label: string, count: number, budget: number | undefined) => [
    label,
    count,
    budget === undefined ? '—' : budgetText(budget),
    budget !== undefined && budget >= 0 && count > budget ? '❌ over' : '✅',
  ];
  summary.table(
    ['Severity', 'Count', 'Budget', ''],
    [
      row('CRITICAL', counts.critical, inputs.budgets.CRITICAL),
      row('HIGH', counts.high, inputs.budgets.HIGH),
      row('MEDIUM', counts.medium, inputs.budgets.MEDIUM),
      row('LOW', counts.low, inputs.budgets.LOW),
      row('Secrets', counts.secrets, inputs.failOnSecrets ? 0 : undefined),
      ['Misconfigurations (in the counts above)', counts.misconfigurations, '—', ''],
    ],
  );
  const notCounted: string[] = [
    result.belowThreshold ? `${result.belowThreshold} below ${inputs.severityThreshold}` : '',
    result.unfixedSkipped ? `${result.unfixedSkipped} without a fix (ignore-unfixed)` : '',
    result.ignored.length ? `${result.ignored.length} ignored` : '',
    result.suppressedByVex.length ? `${result.suppressedByVex.length} not affected (VEX)` : '',
  ].filter(Boolean);
  if (result.existingSkipped)
    notCounted.push(`${result.existingSkipped} already in the baseline (fail-on new)`);
  if (notCounted.length) summary.paragraph(`Not counted: ${notCounted.join(' · ')}.`);
  const exploitability = exploitabilityLine(inputs, result);
  if (exploitability) summary.paragraph(exploitability);

  if (result.counted.length) {
    const kev = inputs.kevSource !== undefined;
    const epss = inputs.epssSource !== undefined;
    summary.heading('Fix first', 3);
    summary.table(
      [
        'Severity',
        ...(kev ? ['KEV'] : []),
        ...(epss ? ['EPSS'] : []),
        'ID',
        'Where',
        'Installed',
        'Fixed in',
        'Title',
      ],
      result.counted
        .slice(0, TOP_FINDINGS)
        .map((f) => [
          f.severity,
          ...(kev
            ? [
                f.kev
                  ? `⚠️ since ${plain(f.kev.dateAdded ?? '?')}${f.kev.ransomware ? ' (ransomware)' : ''}`
                  : '',
              ]
            : []),
          ...(epss
            ? [f.epss ? `${(f.epss.score * 100).toFixed(1)}% (p${Math.round(f.epss.percentile * 100)})` : '']
            : []),
          linkedId(f),
          plain(
            f.pkgName ? `${f.pkgName} (${f.target})` : `${f.target}${f.startLine ? `:${f.startLine}` : ''}`,
          ),
          plain(f.installedVersion),
          f.kind === 'vulnerability' ? plain(f.fixedVersion ?? 'no fix yet') : '',
          plain(f.title),
        ]),
    );
    if (result.counted.length > TOP_FINDINGS) {
      summary.paragraph(`…and ${result.counted.length - TOP_FINDINGS} more in the report.`);
    }
  }

  if (result.licenses && inputs.licenses) licenseSection(summary, result.licenses, inputs.licenses);
  if (result.change) changeSection(summary, result.change);

  if (result.expiredIgnores.length) {
    summary.heading('Expired ignore entries (no longer ignoring)', 3);
    summary.table(
      ['ID', 'Expired', 'Statement'],
      result.expiredIgnores.map((entry) => [plain(entry.id), entry.expiredAt, plain(entry.statement)]),
    );
  }
  const ignoredLicenses = result.licenses?.ignored ?? [];
  if (result.ignored.length || result.suppressedByVex.length || ignoredLicenses.length) {
    summary.heading('Ignored', 3);
    summary.table(
      ['ID', 'Where', 'Why', 'Until'],
      [
        ...result.ignored.map(({ finding, entry }) => [
          plain(finding.id),
          plain(finding.pkgName ?? finding.target),
          plain(entry.statement ?? 'ignore file'),
          entry.expiredAt ?? '',
        ]),
        ...result.suppressedByVex.map(({ finding, statement }) => [
          plain(finding.id),
          plain(finding.pkgName ?? finding.target),
          plain(`VEX ${statement.status}${statement.justification ? `: ${statement.justification}` : ''}`),
          '',
        ]),
        ...ignoredLicenses.map(({ license, entry }) => [
          plain(`licence ${license.name}`),
          plain(license.pkgName ?? license.filePath),
          plain(entry.statement ?? 'ignore file'),
          entry.expiredAt ?? '',
        ]),
      ],
    );
  }

  for (const score of result.compliance) {
    const value = score.score === undefined ? 'n/a' : `${(score.score * 100).toFixed(0)}%`;
    summary.heading(
      `Compliance ${score.framework}: ${value} (${score.passed}/${score.evaluated}, minimum ${(inputs.minComplianceScore * 100).toFixed(0)}%)`,
      3,
    );
    summary.details(
      score.title,
      new SummaryBuilder()
        .table(
          ['Control', 'Name', 'Status', 'Evidence'],
          score.controls.map((c) => [
            plain(c.id),
            plain(c.name),
            c.status === 'pass' ? '✅ pass' : c.status === 'fail' ? '❌ fail' : '— not evaluated',
            c.detail,
          ]),
        )
        .toMarkdown(),
    );
  }
  return summary;
}

/** The summary of an image refused before its scan: its signature did not verify. */
export function unverifiedSummary(inputs: GateInputs, reason: string): SummaryBuilder {
  const { key, certificateIdentity, certificateOidcIssuer } = inputs.signer;
  const signer = key ? 'the given key' : `${certificateIdentity} (${certificateOidcIssuer})`;
  return new SummaryBuilder()
    .heading('❌ Security gate: FAIL')
    .paragraph(`Subject: \`${inputs.scanRef}\` · signer ${signer}`)
    .list([`**${plain(reason)}**`])
    .paragraph(
      'The image was not scanned: an image whose signature does not verify is refused before anything else.',
    );
}
