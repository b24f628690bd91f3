// Licences, judged apart from severity: a deny list and an allow list of SPDX ids or trivy's
// licence categories, against what trivy's licence scanner found (packages' declared licences and
// licence files).
import type { TrivyReport } from '../trivy.js';

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
  filePath?: string;
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
    })),
  );
}

function matches(list: readonly string[], license: LicenseFound): boolean {
  return list.includes(license.name.toLowerCase()) || list.includes(license.category);
}

/** Denied wins over allowed: a licence on both lists breaks the policy. */
export function licenseViolations(found: readonly LicenseFound[], policy: LicensePolicy): LicenseViolation[] {
  return found.flatMap((license): LicenseViolation[] => {
    if (matches(policy.deny, license)) return [{ ...license, why: 'denied' }];
    if (policy.allow.length && !matches(policy.allow, license)) return [{ ...license, why: 'not allowed' }];
    return [];
  });
}
