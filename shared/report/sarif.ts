// SARIF 2.1.0 for GitHub code scanning, kept inside GitHub's limits: at most 25,000 results per
// run and 10 MB gzipped per upload. Past a limit the results that matter least are dropped (in
// the order the gate fixes in: known exploited first) and the run says so, rather than producing a
// file GitHub rejects.
import { type Finding, findingUrl, fixFirst, fixFirstOrdered } from '../policy/findings.js';
import type { Severity } from '../severity.js';

export const SARIF_MAX_RESULTS = 25_000;
export const SARIF_MAX_GZIP_BYTES = 10 * 1024 * 1024;

const SECURITY_SEVERITY: Record<Severity, string> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '2.0',
  UNKNOWN: '0.0',
};
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  UNKNOWN: 'note',
};

export interface SarifOptions {
  toolVersion: string;
  maxResults?: number;
  maxGzipBytes?: number;
}

export interface SarifOutput {
  json: string;
  /** `json` as UTF-8, as it is written (encoded once: it was measured against the gzip limit). */
  bytes: Buffer;
  results: number;
  dropped: number;
}

/**
 * The target without trivy's trailing " (os x.y)": balanced, since an OS name may hold its own
 * parentheses ("disk.img (amazon 2 (Karoo))").
 */
export function withoutOsSuffix(target: string): string {
  if (!target.endsWith(')')) return target;
  let depth = 0;
  for (let i = target.length - 1; i >= 0; i--) {
    if (target[i] === ')') depth++;
    else if (target[i] === '(' && --depth === 0)
      return target[i - 1] === ' ' ? target.slice(0, i - 1) : target;
  }
  return target;
}

/**
 * A relative URI reference for GitHub: the package's file, else the target without its OS suffix,
 * each path segment percent-encoded (spaces, `?`, `#`, and `:` — "registry:5000/app:1" would
 * otherwise read as a URI with a scheme).
 */
export function artifactUri(finding: Pick<Finding, 'pkgPath' | 'target'>): string {
  const path = (finding.pkgPath || withoutOsSuffix(finding.target)).replace(/\\/g, '/').replace(/^\/+/, '');
  const segments = path.split('/').filter((segment) => segment !== '');
  return segments.map((segment) => encodeURIComponent(segment)).join('/') || 'unknown';
}

/** An advisory link only when it is an http(s) URL: the schema requires `helpUri` to be a URI. */
function helpUri(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return ['http:', 'https:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A report's line number as SARIF takes it: an integer from 1. */
function startLine(line: number | undefined): number {
  return Number.isInteger(line) && (line as number) >= 1 ? (line as number) : 1;
}

/** KEV and EPSS, where the gate was given them, as result properties code scanning keeps. */
function exploitabilityProperties(finding: Finding): { properties?: Record<string, unknown> } {
  if (!finding.kev && !finding.epss) return {};
  return {
    properties: {
      ...(finding.kev
        ? { kev: true, kevDateAdded: finding.kev.dateAdded, kevRansomware: finding.kev.ransomware }
        : {}),
      ...(finding.epss ? { epss: finding.epss.score, epssPercentile: finding.epss.percentile } : {}),
    },
  };
}

function ruleId(finding: Finding): string {
  return finding.kind === 'vulnerability' ? finding.id : `${finding.kind}/${finding.id}`;
}

function message(finding: Finding): string {
  if (finding.kind === 'vulnerability') {
    const fix = finding.fixedVersion ? `fixed in ${finding.fixedVersion}` : 'no fix available';
    return `${finding.id} in ${finding.pkgName ?? 'package'} ${finding.installedVersion ?? ''} (${fix}): ${finding.title}`;
  }
  if (finding.kind === 'secret') return `Secret '${finding.title}' found in ${finding.target}`;
  return `${finding.id}: ${finding.title}`;
}

function build(findings: readonly Finding[], total: number, options: SarifOptions): string {
  const rules = new Map<string, object>();
  const results = findings.map((finding) => {
    const id = ruleId(finding);
    if (!rules.has(id)) {
      rules.set(id, {
        id,
        name: finding.kind,
        shortDescription: { text: finding.title.slice(0, 1024) },
        helpUri: helpUri(findingUrl(finding)),
        help: { text: `${finding.title}${findingUrl(finding) ? `\n${findingUrl(finding)}` : ''}` },
        defaultConfiguration: { level: LEVEL[finding.severity] },
        properties: {
          'security-severity': SECURITY_SEVERITY[finding.severity],
          tags: ['security', finding.kind, finding.severity],
        },
      });
    }
    return {
      ruleId: id,
      level: LEVEL[finding.severity],
      message: { text: message(finding) },
      ...exploitabilityProperties(finding),
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(finding) },
            region: { startLine: startLine(finding.startLine) },
          },
        },
      ],
    };
  });
  const dropped = total - findings.length;
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: 'pipeline security-gate (trivy)',
        informationUri: 'https://github.com/aquasecurity/trivy',
        version: options.toolVersion,
        rules: [...rules.values()],
      },
    },
    results,
    columnKind: 'utf16CodeUnits',
  };
  if (dropped > 0) {
    const note = `truncated: ${dropped} of ${total} results (those that matter least: the least severe, and never one known to be exploited before one that is not) were left out to stay within GitHub's SARIF limits`;
    run.invocations = [
      { executionSuccessful: true, toolExecutionNotifications: [{ level: 'note', message: { text: note } }] },
    ];
    run.properties = { truncated: true, totalResults: total, keptResults: findings.length };
  }
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  });
}

export function toSarif(findings: readonly Finding[], options: SarifOptions): SarifOutput {
  const maxResults = options.maxResults ?? SARIF_MAX_RESULTS;
  const maxGzip = options.maxGzipBytes ?? SARIF_MAX_GZIP_BYTES;
  // What is dropped past a limit is what matters least: a LOW known to be exploited stays. The
  // gate's findings come in that order already (evaluate sorts them): sorted again only if not.
  const ordered = inFixFirstOrder(findings) ? findings : fixFirstOrdered(findings);
  let keep = Math.min(ordered.length, maxResults);
  for (;;) {
    const json = build(ordered.slice(0, keep), ordered.length, options);
    const bytes = Buffer.from(json);
    // A file whose gzip cannot exceed the limit, whatever its bytes, is not compressed to know.
    if (keep === 0 || gzipBound(bytes.length) <= maxGzip || gzippedSize(bytes) <= maxGzip) {
      return { json, bytes, results: keep, dropped: ordered.length - keep };
    }
    keep = Math.floor(keep * 0.8);
  }
}

function inFixFirstOrder(findings: readonly Finding[]): boolean {
  for (let at = 1; at < findings.length; at++)
    if (fixFirst(findings[at - 1] as Finding, findings[at] as Finding) > 0) return false;
  return true;
}

/** The most gzip can write for `length` bytes: zlib's compressBound, plus gzip's header and trailer. */
function gzipBound(length: number): number {
  return length + (length >> 12) + (length >> 14) + (length >> 25) + 13 + 18;
}

function gzippedSize(bytes: Buffer): number {
  return process.getBuiltinModule('node:zlib').gzipSync(bytes).length;
}
