// Licences, judged apart from severity: a deny list and an allow list of SPDX ids or trivy's
// licence categories, against what trivy's licence scanner found (packages' declared licences and
// licence files).
import type { TrivyReport } from '../trivy.js';
import type { IgnoreEntry, IgnoreMatcher } from './ignore.js';

export const LICENSE_CATEGORIES = [
  'forbidden',
  'restricted',
  'reciprocal',
  'notice',
  'permissive',
  'unencumbered',
  'unknown',
] as const;

export interface LicensePolicy {
  /** SPDX ids or categories, lower case: a licence matching one breaks the policy. */
  deny: string[];
  /** When not empty, a licence matching none of these breaks the policy. */
  allow: string[];
}

export interface LicenseFound {
  name: string;
  category: string;
  pkgName?: string;
  /** The file trivy found it in (a lockfile, a licence file); the result's target if it names none. */
  filePath?: string;
  /** The file as trivy wrote it: what an ignore entry's paths match, as in trivy. */
  reportedPath?: string;
}

export interface LicenseViolation extends LicenseFound {
  why: 'denied' | 'not allowed';
}

export function collectLicenses(report: TrivyReport): LicenseFound[] {
  return (report.Results ?? []).flatMap((result) =>
    (result.Licenses ?? []).map((license) => ({
      name: String(license.Name ?? ''),
      category: String(license.Category ?? 'unknown').toLowerCase(),
      pkgName: license.PkgName || undefined,
      filePath: license.FilePath || result.Target || undefined,
      reportedPath: license.FilePath || undefined,
    })),
  );
}

function matches(list: readonly string[], license: LicenseFound): boolean {
  return list.includes(license.name.toLowerCase()) || list.includes(license.category);
}

export interface LicenseJudgment {
  violations: LicenseViolation[];
  /** Licences that break the policy but an ignore entry (the ignore file's `licenses:`) lets through. */
  ignored: { license: LicenseViolation; entry: IgnoreEntry }[];
}

/** Denied wins over allowed: a licence on both lists breaks the policy. */
export function licenseViolations(
  found: readonly LicenseFound[],
  policy: LicensePolicy,
  ignore?: IgnoreMatcher,
): LicenseJudgment {
  const judgment: LicenseJudgment = { violations: [], ignored: [] };
  for (const license of found) {
    const why = matches(policy.deny, license)
      ? 'denied'
      : policy.allow.length && !matches(policy.allow, license)
        ? 'not allowed'
        : undefined;
    if (!why) continue;
    const violation: LicenseViolation = { ...license, why };
    const entry = ignore?.matchLicense(license.name, license.reportedPath);
    if (entry) judgment.ignored.push({ license: violation, entry });
    else judgment.violations.push(violation);
  }
  return judgment;
}
