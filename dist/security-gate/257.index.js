"use strict";
exports.id = 257;
exports.ids = [257];
exports.modules = {

/***/ 5257:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  gateStep: () => (/* binding */ gateStep)
});

// UNUSED EXPORTS: UnverifiedImageError, requireReportOf, securityGate

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle-input/shared/cosign.js
var shared_cosign = __webpack_require__(5708);
// EXTERNAL MODULE: ./build/bundle-input/shared/errors.js
var errors = __webpack_require__(3796);
// EXTERNAL MODULE: ./build/bundle-input/shared/inputs.js
var inputs = __webpack_require__(4022);
// EXTERNAL MODULE: ./build/bundle-input/shared/policy/compliance.js
var policy_compliance = __webpack_require__(1243);
// EXTERNAL MODULE: ./build/bundle-input/shared/severity.js
var shared_severity = __webpack_require__(8844);
;// CONCATENATED MODULE: ./build/bundle-input/shared/policy/baseline.js
function findingKey(finding) {
    if (finding.kind === 'vulnerability')
        return ['vulnerability', finding.id, finding.pkgName ?? '', finding.pkgPath ?? ''].join('\u0000');
    return [finding.kind, finding.id, finding.target].join('\u0000');
}
/** What the baseline had, keyed; passed misconfiguration checks are not findings. */
function baselineIndex(findings) {
    const index = new Map();
    for (const finding of findings)
        if (!finding.passed)
            index.set(findingKey(finding), finding);
    return index;
}
/** Compares what is there now (`current`, every finding found) with the baseline. */
function compareWithBaseline(baseline, judged, current, source, failOn) {
    const introduced = judged.filter((f) => !f.passed && !baseline.has(findingKey(f)));
    const unchanged = judged.filter((f) => !f.passed && baseline.has(findingKey(f))).length;
    const found = new Set(current.filter((f) => !f.passed).map(findingKey));
    const fixed = [...baseline.entries()].filter(([key]) => !found.has(key)).map(([, f]) => f);
    return { source, failOn, introduced, fixed, unchanged };
}

// EXTERNAL MODULE: ./build/bundle-input/shared/policy/findings.js
var policy_findings = __webpack_require__(70);
// EXTERNAL MODULE: ./build/bundle-input/shared/policy/ignore.js + 1 modules
var ignore = __webpack_require__(6586);
// EXTERNAL MODULE: ./build/bundle-input/shared/policy/licenses.js
var licenses = __webpack_require__(1060);
// EXTERNAL MODULE: ./build/bundle-input/shared/policy/vex.js
var vex = __webpack_require__(6081);
;// CONCATENATED MODULE: ./build/bundle-input/shared/policy/evaluate.js
// The security gate's judgment: pure, from a trivy report and a policy to a verdict with reasons.







/** Which count a severity adds to (a lookup: a string per finding would be a million at scale). */
const COUNT_OF = {
    CRITICAL: 'critical',
    HIGH: 'high',
    MEDIUM: 'medium',
    LOW: 'low',
    UNKNOWN: 'unknown',
};
function evaluate(report, policy) {
    const thresholdRank = (0,shared_severity/* severityRank */.qs)(policy.severityThreshold);
    const matcher = new ignore.IgnoreMatcher(policy.ignore.active);
    const counts = {
        critical: 0,
        high: 0,
        medium: 0,
        low: 0,
        unknown: 0,
        secrets: 0,
        misconfigurations: 0,
    };
    const counted = [];
    const ignored = [];
    const suppressedByVex = [];
    // Compliance judges what is really there: every finding not ignored or VEX-suppressed, whatever
    // the severity threshold or ignore-unfixed (those decide the budgets only). Made only once a
    // finding is left out: until then it is every finding so far (a million pushes into a long
    // array cost more than the rest of this loop).
    let evidence;
    const configTypesChecked = new Set();
    let belowThreshold = 0;
    let unfixedSkipped = 0;
    for (const result of report.Results ?? []) {
        if (result.Class === 'config' && result.Type)
            configTypesChecked.add(result.Type);
    }
    const known = policy.exploitability;
    const baseline = policy.baseline ? baselineIndex((0,policy_findings/* collectFindings */.F3)(policy.baseline.report)) : undefined;
    const onlyNew = policy.baseline?.failOn === 'new';
    let existingSkipped = 0;
    const current = (0,policy_findings/* collectFindings */.F3)(report);
    let position = -1;
    for (const finding of current) {
        position++;
        if (known && finding.kind === 'vulnerability') {
            finding.kev = known.kev?.entries.get(finding.id.toUpperCase());
            finding.epss = known.epss?.scores.get(finding.id.toUpperCase());
        }
        if (finding.kind === 'misconfiguration' && finding.passed) {
            evidence?.push(finding);
            continue;
        }
        const entry = matcher.match(finding);
        if (entry) {
            evidence ??= current.slice(0, position);
            ignored.push({ finding, entry });
            continue;
        }
        const statement = policy.vex.length ? (0,vex.vexSuppression)(policy.vex, finding) : undefined;
        if (statement) {
            evidence ??= current.slice(0, position);
            suppressedByVex.push({ finding, statement });
            continue;
        }
        evidence?.push(finding);
        if (onlyNew && baseline?.has(findingKey(finding))) {
            existingSkipped++;
            continue;
        }
        if (finding.kind === 'secret') {
            // Any leaked secret matters whatever severity the rule gives it.
            counts.secrets++;
            counted.push(finding);
            continue;
        }
        if (policy.ignoreUnfixed && finding.kind === 'vulnerability' && !finding.fixedVersion) {
            unfixedSkipped++;
            continue;
        }
        if ((0,shared_severity/* severityRank */.qs)(finding.severity) < thresholdRank) {
            belowThreshold++;
            continue;
        }
        counts[COUNT_OF[finding.severity]]++;
        if (finding.kind === 'misconfiguration')
            counts.misconfigurations++;
        counted.push(finding);
    }
    evidence ??= current;
    const reasons = [];
    for (const severity of ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']) {
        const budget = policy.budgets[severity];
        const count = counts[severity.toLowerCase()];
        if (budget >= 0 && count > budget) {
            reasons.push(`${count} ${severity} finding(s) exceed the budget of ${budget} (max-${severity.toLowerCase()})`);
        }
    }
    if (policy.failOnSecrets && counts.secrets > 0) {
        const where = [...new Set(counted.filter((f) => f.kind === 'secret').map((f) => f.target))]
            .slice(0, 3)
            .join(', ');
        reasons.push(`${counts.secrets} secret(s) found (fail-on-secrets) in ${where}`);
    }
    if (policy.signature && !policy.signature.verified) {
        reasons.push(`image signature not verified: ${policy.signature.detail}`);
    }
    const licenses = policy.licenses
        ? judgeLicenses(report, policy.licenses, policy, matcher, reasons)
        : undefined;
    const change = baseline && policy.baseline
        ? compareWithBaseline(baseline, evidence, current, policy.baseline.source, policy.baseline.failOn)
        : undefined;
    // With fail-on new, exploitation budgets too apply to what the change introduced.
    const exploitability = known
        ? judgeExploitability(known, onlyNew && change ? change.introduced : evidence, counted, reasons)
        : undefined;
    const context = {
        scanners: policy.scanners,
        scannersFrom: policy.scannersFrom,
        configTypesChecked,
        signatureVerified: policy.signature?.verified,
    };
    const builtin = policy.compliance.map((framework) => (0,policy_compliance/* scoreFramework */.VJ)(framework, evidence, context));
    const compliance = [...builtin, ...(policy.trivySpecScores ?? [])];
    for (const score of compliance) {
        if (score.score === undefined) {
            const why = builtin.includes(score) ? 'with the scanners that ran' : '(every control is manual)';
            reasons.push(`compliance ${score.framework}: no control could be evaluated ${why}`);
        }
        else if (score.score < policy.minComplianceScore) {
            reasons.push(`compliance ${score.framework} score ${score.score.toFixed(2)} (${score.passed}/${score.evaluated} controls) is below min-compliance-score ${policy.minComplianceScore}`);
        }
    }
    return {
        verdict: reasons.length ? 'fail' : 'pass',
        counts,
        // Fix first: known exploited, then by severity, then the likelier to be exploited.
        counted: (0,policy_findings/* fixFirstOrdered */.lB)(counted),
        ignored,
        suppressedByVex,
        expiredIgnores: policy.ignore.expired,
        belowThreshold,
        unfixedSkipped,
        compliance,
        exploitability,
        change,
        existingSkipped,
        licenses,
        scanners: [...policy.scanners],
        signature: policy.signature,
        // One line each, whatever a report's names hold (a secret's file, an id with a newline).
        reasons: reasons.map((reason) => reason.replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, ' ')),
    };
}
function builtinFramework(id) {
    return FRAMEWORKS[id];
}
/** "CVE-1, CVE-2, CVE-3 and 4 more": a reason names what to fix, in one line. */
function someOf(names, shown = 3) {
    const distinct = [...new Set(names)];
    const more = distinct.length - shown;
    return `${distinct.slice(0, shown).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
function someIds(findings) {
    return someOf(findings.map((f) => f.id));
}
/**
 * Known and likely exploitation, judged on every vulnerability not ignored or VEX-suppressed:
 * the severity threshold and ignore-unfixed do not hide one that attackers use. Those over a
 * budget join `counted` (the summary's "Fix first" and the SARIF).
 */
function judgeExploitability(known, evidence, counted, reasons) {
    const vulnerabilities = evidence.filter((f) => f.kind === 'vulnerability');
    const inKev = vulnerabilities.filter((f) => f.kev);
    const threshold = known.epssThreshold;
    const likely = threshold === undefined ? [] : vulnerabilities.filter((f) => f.epss && f.epss.score >= threshold);
    // A loop, not Math.max(...scores): spread arguments overflow the stack past ~120k scores.
    let epssMax;
    for (const finding of vulnerabilities)
        if (finding.epss && (epssMax === undefined || finding.epss.score > epssMax))
            epssMax = finding.epss.score;
    const overKev = known.kev && known.maxKev >= 0 && inKev.length > known.maxKev;
    if (overKev)
        reasons.push(`${inKev.length} vulnerability(ies) in the CISA KEV catalog exceed the budget of ${known.maxKev} (max-kev): ${someIds(inKev)}`);
    if (likely.length)
        reasons.push(`${likely.length} vulnerability(ies) with an EPSS score at or above ${threshold} (epss-threshold): ${someIds(likely)}`);
    const alreadyCounted = new Set(counted);
    for (const finding of [...(overKev ? inKev : []), ...likely])
        if (!alreadyCounted.has(finding)) {
            alreadyCounted.add(finding);
            counted.push(finding);
        }
    return {
        kev: known.kev ? inKev.length : undefined,
        epssAtOrAbove: likely.length,
        epssMax,
    };
}
/** The licence policy, failing closed when licence scanning left no trace. */
function judgeLicenses(report, licensePolicy, policy, matcher, reasons) {
    const found = (0,licenses/* collectLicenses */.jV)(report);
    if (!policy.scanners.has('license')) {
        reasons.push(policy.scannersFrom === 'report'
            ? 'licence policy: the report shows no licence scanning (scan with the license scanner)'
            : 'licence policy: licence scanning did not run');
        return { checked: 0, violations: [], ignored: [] };
    }
    const { violations, ignored } = (0,licenses/* licenseViolations */.em)(found, licensePolicy, matcher);
    if (violations.length)
        reasons.push(`${violations.length} licence(s) break the licence policy: ${someOf(violations.map((v) => `${v.name} (${v.pkgName ?? v.filePath ?? '?'}, ${v.why})`))}`);
    return { checked: found.length, violations, ignored };
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/policy/exploitability.js
// Exploitability beside severity: is a vulnerability known to be exploited (CISA's Known Exploited
// Vulnerabilities catalog, its published JSON) and how likely is it to be (FIRST's EPSS scores,
// their published CSV, gzipped or not). A source that is not what it claims is one line that never
// quotes its contents. (Reading them from a file or a URL: gate/sources.ts.)


const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
/** Parses CISA's catalog (known_exploited_vulnerabilities.json); `source` names it in errors. */
function parseKevCatalog(text, source, input = 'kev') {
    const notKev = (why) => new errors/* ConfigurationError */.j1(`input '${input}': ${(0,inputs/* quote */.hD)(source)} is not a CISA KEV catalog: ${why}`);
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw notKev('not JSON (expected the catalog in its published JSON format)');
    }
    const catalog = parsed;
    if (typeof catalog !== 'object' || catalog === null || Array.isArray(catalog))
        throw notKev('expected a JSON object with catalogVersion and vulnerabilities');
    if (typeof catalog.catalogVersion !== 'string' || !catalog.catalogVersion)
        throw notKev('no catalogVersion');
    if (!Array.isArray(catalog.vulnerabilities))
        throw notKev('no vulnerabilities list');
    const entries = new Map();
    for (const [index, item] of catalog.vulnerabilities.entries()) {
        const entry = item;
        const id = typeof entry?.cveID === 'string' ? entry.cveID.trim().toUpperCase() : '';
        if (!CVE_ID.test(id))
            throw notKev(`vulnerabilities[${index}] has no cveID like CVE-2021-44228`);
        entries.set(id, {
            dateAdded: typeof entry?.dateAdded === 'string' ? entry.dateAdded : undefined,
            dueDate: typeof entry?.dueDate === 'string' ? entry.dueDate : undefined,
            ransomware: entry?.knownRansomwareCampaignUse === 'Known',
        });
    }
    return {
        source,
        catalogVersion: catalog.catalogVersion,
        dateReleased: typeof catalog.dateReleased === 'string' ? catalog.dateReleased : undefined,
        entries,
    };
}
/**
 * Parses FIRST's EPSS file (epss_scores-YYYY-MM-DD.csv[.gz]): an optional
 * `#model_version:…,score_date:…` line, the header `cve,epss,percentile`, then one CVE a line.
 */
function parseEpssCsv(data, source, input = 'epss') {
    const notEpss = (why) => new errors/* ConfigurationError */.j1(`input '${input}': ${(0,inputs/* quote */.hD)(source)} is not an EPSS scores file: ${why}`);
    let text;
    try {
        text = (data[0] === 0x1f && data[1] === 0x8b ? process.getBuiltinModule('node:zlib').gunzipSync(data) : data).toString('utf8');
    }
    catch {
        throw notEpss('a gzip file that does not unpack');
    }
    const lines = text.split(/\r?\n/);
    let row = 0;
    let modelVersion;
    let scoreDate;
    if (lines[0]?.startsWith('#')) {
        modelVersion = /model_version:([^,\s]+)/.exec(lines[0])?.[1];
        scoreDate = /score_date:([^,\s]+)/.exec(lines[0])?.[1];
        row = 1;
    }
    if (lines[row]?.trim().toLowerCase() !== 'cve,epss,percentile')
        throw notEpss(`line ${row + 1} is not the header cve,epss,percentile`);
    const scores = new Map();
    for (let index = row + 1; index < lines.length; index++) {
        const line = lines[index]?.trim();
        if (!line)
            continue;
        const [id, epss, percentile, extra] = line.split(',');
        const score = Number(epss);
        const rank = Number(percentile);
        if (extra !== undefined ||
            !CVE_ID.test(id?.toUpperCase() ?? '') ||
            !(epss && score >= 0 && score <= 1) ||
            !(percentile && rank >= 0 && rank <= 1))
            throw notEpss(`line ${index + 1} is not a CVE id, a score and a percentile from 0 to 1`);
        scores.set(id.toUpperCase(), { score, percentile: rank });
    }
    if (!scores.size)
        throw notEpss('no scores');
    return { source, modelVersion, scoreDate, scores };
}

// EXTERNAL MODULE: ./build/bundle-input/shared/release/reference.js
var reference = __webpack_require__(3728);
;// CONCATENATED MODULE: ./build/bundle-input/shared/report/sarif.js
// SARIF 2.1.0 for GitHub code scanning, kept inside GitHub's limits: at most 25,000 results per
// run and 10 MB gzipped per upload. Past a limit the results that matter least are dropped (in
// the order the gate fixes in: known exploited first) and the run says so, rather than producing a
// file GitHub rejects.

const SARIF_MAX_RESULTS = 25_000;
const SARIF_MAX_GZIP_BYTES = 10 * 1024 * 1024;
const SECURITY_SEVERITY = {
    CRITICAL: '9.5',
    HIGH: '8.0',
    MEDIUM: '5.5',
    LOW: '2.0',
    UNKNOWN: '0.0',
};
const LEVEL = {
    CRITICAL: 'error',
    HIGH: 'error',
    MEDIUM: 'warning',
    LOW: 'note',
    UNKNOWN: 'note',
};
/**
 * The target without trivy's trailing " (os x.y)": balanced, since an OS name may hold its own
 * parentheses ("disk.img (amazon 2 (Karoo))").
 */
function withoutOsSuffix(target) {
    if (!target.endsWith(')'))
        return target;
    let depth = 0;
    for (let i = target.length - 1; i >= 0; i--) {
        if (target[i] === ')')
            depth++;
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
function artifactUri(finding) {
    const path = (finding.pkgPath || withoutOsSuffix(finding.target)).replace(/\\/g, '/').replace(/^\/+/, '');
    const segments = path.split('/').filter((segment) => segment !== '');
    return segments.map((segment) => encodeURIComponent(segment)).join('/') || 'unknown';
}
/** An advisory link only when it is an http(s) URL: the schema requires `helpUri` to be a URI. */
function helpUri(url) {
    if (!url)
        return undefined;
    try {
        const parsed = new URL(url);
        return ['http:', 'https:'].includes(parsed.protocol) ? parsed.href : undefined;
    }
    catch {
        return undefined;
    }
}
/** A report's line number as SARIF takes it: an integer from 1. */
function startLine(line) {
    return Number.isInteger(line) && line >= 1 ? line : 1;
}
/** KEV and EPSS, where the gate was given them, as result properties code scanning keeps. */
function exploitabilityProperties(finding) {
    if (!finding.kev && !finding.epss)
        return {};
    return {
        properties: {
            ...(finding.kev
                ? { kev: true, kevDateAdded: finding.kev.dateAdded, kevRansomware: finding.kev.ransomware }
                : {}),
            ...(finding.epss ? { epss: finding.epss.score, epssPercentile: finding.epss.percentile } : {}),
        },
    };
}
function ruleId(finding) {
    return finding.kind === 'vulnerability' ? finding.id : `${finding.kind}/${finding.id}`;
}
function message(finding) {
    if (finding.kind === 'vulnerability') {
        const fix = finding.fixedVersion ? `fixed in ${finding.fixedVersion}` : 'no fix available';
        return `${finding.id} in ${finding.pkgName ?? 'package'} ${finding.installedVersion ?? ''} (${fix}): ${finding.title}`;
    }
    if (finding.kind === 'secret')
        return `Secret '${finding.title}' found in ${finding.target}`;
    return `${finding.id}: ${finding.title}`;
}
function build(findings, total, options) {
    const rules = new Map();
    const results = findings.map((finding) => {
        const id = ruleId(finding);
        if (!rules.has(id)) {
            rules.set(id, {
                id,
                name: finding.kind,
                shortDescription: { text: finding.title.slice(0, 1024) },
                helpUri: helpUri((0,policy_findings/* findingUrl */.bM)(finding)),
                help: { text: `${finding.title}${(0,policy_findings/* findingUrl */.bM)(finding) ? `\n${(0,policy_findings/* findingUrl */.bM)(finding)}` : ''}` },
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
    const run = {
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
function toSarif(findings, options) {
    const maxResults = options.maxResults ?? SARIF_MAX_RESULTS;
    const maxGzip = options.maxGzipBytes ?? SARIF_MAX_GZIP_BYTES;
    // What is dropped past a limit is what matters least: a LOW known to be exploited stays. The
    // gate's findings come in that order already (evaluate sorts them): sorted again only if not.
    const ordered = inFixFirstOrder(findings) ? findings : (0,policy_findings/* fixFirstOrdered */.lB)(findings);
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
function inFixFirstOrder(findings) {
    for (let at = 1; at < findings.length; at++)
        if ((0,policy_findings/* fixFirst */.Yy)(findings[at - 1], findings[at]) > 0)
            return false;
    return true;
}
/** The most gzip can write for `length` bytes: zlib's compressBound, plus gzip's header and trailer. */
function gzipBound(length) {
    return length + (length >> 12) + (length >> 14) + (length >> 25) + 13 + 18;
}
function gzippedSize(bytes) {
    return process.getBuiltinModule('node:zlib').gzipSync(bytes).length;
}

// EXTERNAL MODULE: ./build/bundle-input/shared/records.js
var records = __webpack_require__(1261);
// EXTERNAL MODULE: ./build/bundle-input/shared/trivy.js
var shared_trivy = __webpack_require__(7091);
;// CONCATENATED MODULE: ./build/bundle-input/shared/report/report-text.js
// Text a report read from a file keeps in the file until it is shown. A vulnerability's title,
// package name and purl are most of what a finding holds, and the gate judges a million findings
// without reading them (only the ones it shows, or VEX and a baseline, do): made as strings, they
// were three more objects per finding for the garbage collector to copy and mark.

/**
 * How much of the file is read at once when text is wanted, and how much of it lies before the
 * text asked for: shown findings come in file order, but one finding's title is asked for before
 * its package name, which trivy writes first.
 */
const BLOCK_BYTES = 64 << 10;
const BEHIND_BYTES = 16 << 10;
/** Spans of plain ASCII in a report file, read again when wanted from the file as it was read. */
class ReportText {
    path;
    block;
    /** File offset of block[0], and how many of its bytes were read. */
    blockAt = 0;
    blockLength = 0;
    size;
    mtimeMs;
    ino;
    dev;
    constructor(path, read) {
        this.path = path;
        this.size = read.size;
        this.mtimeMs = read.mtimeMs;
        this.ino = read.ino;
        this.dev = read.dev;
    }
    /** The ASCII text of the `length` bytes at file offset `at`. */
    slice(at, length) {
        if (at < this.blockAt || at + length > this.blockAt + this.blockLength)
            this.load(at, length);
        const from = at - this.blockAt;
        return this.block.latin1Slice(from, from + length);
    }
    /**
     * Reads the block around `at`, opening the file again (a report is read once, and a process may
     * read hundreds: none keeps a descriptor). A file replaced or rewritten since is refused, not read.
     */
    load(at, length) {
        const from = Math.max(0, at - BEHIND_BYTES);
        const size = Math.max(BLOCK_BYTES, at - from + length);
        if (!this.block || this.block.length < size)
            this.block = Buffer.allocUnsafe(size);
        const changed = () => new Error(`report '${this.path}' changed while the gate was judging it`);
        let fd;
        try {
            // Never waits: a pipe put at the path since is opened at once, and refused below.
            fd = (0,external_node_fs_.openSync)(this.path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK);
        }
        catch {
            throw changed();
        }
        try {
            const now = (0,external_node_fs_.fstatSync)(fd);
            if (now.size !== this.size ||
                now.mtimeMs !== this.mtimeMs ||
                now.ino !== this.ino ||
                now.dev !== this.dev)
                throw changed();
            this.blockLength = 0;
            this.blockAt = from;
            this.blockLength = (0,external_node_fs_.readSync)(fd, this.block, 0, size, from);
            if (this.blockLength < at - from + length)
                throw changed();
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
}
/**
 * A vulnerability read from a report file: what vulnerabilityFinding makes of it, its title,
 * package name and purl read from the file when asked for. JSON.stringify gives the plain finding.
 */
class ScannedVulnerability {
    text;
    id;
    severity;
    url;
    avd;
    installedVersion;
    fixedVersion;
    pkgPath;
    titleAt;
    titleLength;
    pkgNameAt;
    pkgNameLength;
    purlAt;
    purlLength;
    spelledOut;
    target = '';
    /**
     * Each member kept in the file: its offset and length, or an offset of -1 when it is absent or
     * in `spelledOut`. (Numbers, not objects: a million findings each hold them.)
     */
    constructor(text, id, severity, url, avd, installedVersion, fixedVersion, pkgPath, titleAt, titleLength, pkgNameAt, pkgNameLength, purlAt, purlLength, spelledOut) {
        this.text = text;
        this.id = id;
        this.severity = severity;
        this.url = url;
        this.avd = avd;
        this.installedVersion = installedVersion;
        this.fixedVersion = fixedVersion;
        this.pkgPath = pkgPath;
        this.titleAt = titleAt;
        this.titleLength = titleLength;
        this.pkgNameAt = pkgNameAt;
        this.pkgNameLength = pkgNameLength;
        this.purlAt = purlAt;
        this.purlLength = purlLength;
        this.spelledOut = spelledOut;
    }
    get title() {
        return (this.member(this.titleAt, this.titleLength, this.spelledOut?.title) || this.id);
    }
    get pkgName() {
        return this.member(this.pkgNameAt, this.pkgNameLength, this.spelledOut?.pkgName);
    }
    get purl() {
        return this.member(this.purlAt, this.purlLength, this.spelledOut?.purl);
    }
    /** A member's text from the file when it was kept as a span there, else its spelled-out value. */
    member(at, length, spelled) {
        return at >= 0 ? this.text.slice(at, length) : spelled;
    }
    /** The plain finding, members in vulnerabilityFinding's order. */
    toJSON() {
        return {
            kind: this.kind,
            id: this.id,
            severity: this.severity,
            target: this.target,
            title: this.title,
            url: this.url,
            avd: this.avd,
            pkgName: this.pkgName,
            installedVersion: this.installedVersion,
            fixedVersion: this.fixedVersion,
            pkgPath: this.pkgPath,
            purl: this.purl,
            ...(this.kev ? { kev: this.kev } : {}),
            ...(this.epss ? { epss: this.epss } : {}),
        };
    }
}
Object.defineProperty(ScannedVulnerability.prototype, 'kind', { value: 'vulnerability', enumerable: true });

;// CONCATENATED MODULE: ./build/bundle-input/shared/report/trivy-reader.js
// Reads trivy's JSON report from a file in bounded memory, whatever its size.
//
// A report of a million findings is about 320 MB of JSON: one string can hold it, but JSON.parse
// then builds every vulnerability with every field (descriptions, CVSS, references) — about
// 1 GB of objects — before the gate has looked at one. Here the file is read in chunks and the few
// top-level fields are parsed whole. Vulnerabilities, by far the most numerous findings, are
// scanned straight from the bytes: each one is checked as strictly as JSON.parse would check it,
// but only the strings the gate judges on are made (a title, package name or purl stays in the file
// until it is shown: report-text.ts). Misconfigurations and secrets are parsed a batch of
// about 1 MB at a time and turned into findings at once, so only the findings stay. The structure
// around them is checked as strictly as JSON.parse would.







const SIZES = { chunkBytes: 8 << 20, batchBytes: 1 << 20 };
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** The finding lists read a batch at a time (Vulnerabilities are scanned one by one). */
const LIST_KEYS = new Set(['Misconfigurations', 'Secrets']);
function isSpace(byte) {
    return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
/** A report's bytes, a window of the file at a time. */
class ReportBytes {
    fd;
    source;
    sizes;
    buf;
    /** Valid bytes in buf. */
    len = 0;
    /** File offset of buf[0]. */
    base = 0;
    pos = 0;
    /** The whole file has been read into the window. */
    ended = false;
    /**
     * The first element that is JSON but not a finding, and the result it is in: refused once the
     * whole file is known to be JSON, as parseTrivyReport refuses it (JSON first, then shape).
     */
    malformed;
    constructor(fd, source, sizes) {
        this.fd = fd;
        this.source = source;
        this.sizes = sizes;
        this.buf = Buffer.allocUnsafe(sizes.chunkBytes);
    }
    /** Appends the next part of the file (growing the window if it is full); false at its end. */
    fill() {
        if (this.ended)
            return false;
        if (this.len === this.buf.length) {
            const bigger = Buffer.allocUnsafe(this.buf.length * 2);
            this.buf.copy(bigger, 0, 0, this.len);
            this.buf = bigger;
        }
        const read = (0,external_node_fs_.readSync)(this.fd, this.buf, this.len, this.buf.length - this.len, null);
        if (read === 0)
            this.ended = true;
        this.len += read;
        return read > 0;
    }
    /** Forgets what is before `pos`: called between values, so nothing points into it. */
    compact() {
        if (this.pos < this.sizes.chunkBytes / 2)
            return;
        this.buf.copy(this.buf, 0, this.pos, this.len);
        this.base += this.pos;
        this.len -= this.pos;
        this.pos = 0;
    }
    invalid(why, at = this.pos) {
        return new errors/* ConfigurationError */.j1(`report '${this.source}' is not valid JSON (${why} at byte ${this.base + at + 1})`);
    }
    /** The byte at `at`, reading on as needed; -1 at the end of the file. */
    byteAt(at) {
        while (at >= this.len)
            if (!this.fill())
                return -1;
        return this.buf[at];
    }
    /** The next byte that is not white space, without consuming it. */
    peek() {
        for (;;) {
            const byte = this.byteAt(this.pos);
            if (byte === -1 || !isSpace(byte))
                return byte;
            this.pos++;
        }
    }
    expect(byte) {
        const got = this.peek();
        if (got !== byte)
            throw got === -1
                ? this.invalid('it ends too soon')
                : this.invalid(`unexpected '${String.fromCharCode(got)}'`);
        this.pos++;
    }
    /** Index just past the value that starts at `start` (white space already skipped). */
    valueEnd(start) {
        const first = this.byteAt(start);
        if (first === -1)
            throw this.invalid('it ends too soon', start);
        let at = start;
        if (first === QUOTE)
            return this.stringEnd(start + 1);
        if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
            // A number, true, false or null: JSON.parse judges it; here it only needs its end.
            for (;;) {
                const byte = this.byteAt(at);
                if (byte === -1 || byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte))
                    return at;
                at++;
            }
        }
        let depth = 0;
        for (;;) {
            const { buf, len } = this;
            while (at < len) {
                const byte = buf[at];
                if (byte === QUOTE) {
                    at = this.stringEnd(at + 1);
                    break;
                }
                at++;
                if (byte === OPEN_BRACE || byte === OPEN_BRACKET)
                    depth++;
                else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --depth === 0)
                    return at;
            }
            if (at >= this.len && !this.fill())
                throw this.invalid('it ends too soon', start);
        }
    }
    /** Index just past the closing quote of a string whose contents start at `at`. */
    stringEnd(at) {
        for (;;) {
            const quote = this.buf.indexOf(QUOTE, at);
            if (quote === -1 || quote >= this.len) {
                at = this.len;
                if (!this.fill())
                    throw this.invalid('it ends too soon', at);
                continue;
            }
            let backslashes = 0;
            for (let back = quote - 1; back >= 0 && this.buf[back] === BACKSLASH; back--)
                backslashes++;
            if (backslashes % 2 === 0)
                return quote + 1;
            at = quote + 1;
        }
    }
    /** JSON.parse of buf[start, end), its errors as one line that names the byte. */
    parse(start, end, wrap = false) {
        const text = this.buf.toString('utf8', start, end);
        try {
            return JSON.parse(wrap ? `[${text}]` : text);
        }
        catch (error) {
            throw this.invalid((0,errors/* jsonErrorWhere */.Sh)(error).replace(/ at character \d+$/, ''), start);
        }
    }
    /** The next value, parsed whole. */
    value() {
        this.peek();
        const end = this.valueEnd(this.pos);
        const parsed = this.parse(this.pos, end);
        this.pos = end;
        return parsed;
    }
    key() {
        if (this.peek() !== QUOTE) {
            const got = this.byteAt(this.pos);
            throw got === -1
                ? this.invalid('it ends too soon')
                : this.invalid(`unexpected '${String.fromCharCode(got)}'`);
        }
        const key = this.value();
        this.expect(COLON);
        return key;
    }
    /** After a member: true if another follows, false at the container's end. */
    more(close) {
        const byte = this.peek();
        this.pos++;
        if (byte === COMMA)
            return true;
        if (byte === close)
            return false;
        this.pos--;
        throw byte === -1
            ? this.invalid('it ends too soon')
            : this.invalid(`unexpected '${String.fromCharCode(byte)}'`);
    }
    /**
     * The elements of the array that starts here, handed over a batch at a time (JSON.parse of
     * about batchBytes of elements at once: one call per element would cost more than the parse).
     */
    eachBatch(take) {
        this.expect(OPEN_BRACKET);
        if (this.peek() === CLOSE_BRACKET) {
            this.pos++;
            return;
        }
        let batchStart = this.pos;
        for (;;) {
            this.peek();
            const end = this.valueEnd(this.pos);
            this.pos = end;
            const last = !this.more(CLOSE_BRACKET);
            if (last || end - batchStart >= this.sizes.batchBytes) {
                take(this.parse(batchStart, end, true));
                if (last)
                    return;
                this.compact();
                this.peek();
                batchStart = this.pos;
            }
        }
    }
}
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const LOWER_U = 0x75;
/** What may follow a backslash in a JSON string, besides u and four hex digits. */
const ESCAPABLE = new Set([QUOTE, BACKSLASH, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');
/** The members of a trivy vulnerability the gate reads (vulnerabilityFinding), and PkgIdentifier's PURL. */
const FIELD_NAMES = [
    'VulnerabilityID',
    'PkgName',
    'PkgPath',
    'InstalledVersion',
    'FixedVersion',
    'Severity',
    'Title',
    'PrimaryURL',
    'PkgIdentifier',
    'PURL',
];
const fieldNamed = (name) => FIELD_NAMES.indexOf(name);
const VULNERABILITY_ID = fieldNamed('VulnerabilityID');
const PKG_NAME = fieldNamed('PkgName');
const PKG_PATH = fieldNamed('PkgPath');
const INSTALLED_VERSION = fieldNamed('InstalledVersion');
const FIXED_VERSION = fieldNamed('FixedVersion');
const SEVERITY = fieldNamed('Severity');
const TITLE = fieldNamed('Title');
const PRIMARY_URL = fieldNamed('PrimaryURL');
const PKG_IDENTIFIER = fieldNamed('PkgIdentifier');
const PURL = fieldNamed('PURL');
/** A member the gate does not read: checked, then passed over. */
const OTHER = -1;
const FIELD_BY_NAME = new Map(FIELD_NAMES.map((name, field) => [name, field]));
/** Each name as bytes with its closing quote, and the names by first byte: a key is matched in place. */
const QUOTED_NAMES = FIELD_NAMES.map((name) => Buffer.from(`${name}"`));
const FIELDS_BY_FIRST_BYTE = [];
for (const [field, name] of QUOTED_NAMES.entries()) {
    const sameFirst = FIELDS_BY_FIRST_BYTE[name[0]] ?? [];
    sameFirst.push(field);
    FIELDS_BY_FIRST_BYTE[name[0]] = sameFirst;
}
/** trivy's severities by length (no two share one): a Severity read is matched to one, not made again. */
const SEVERITY_BY_LENGTH = [];
for (const severity of shared_severity/* SEVERITIES */.oC)
    SEVERITY_BY_LENGTH[severity.length] = severity;
/** Thrown when an element runs on past the bytes read so far (made once: thrown without a stack). */
const PAST_WINDOW = new Error('the element runs past the bytes read so far');
const FOUR_SPACES = 0x20202020;
/**
 * Whether none of the four bytes in `word` ends a string or needs a closer look: a quote, a
 * backslash, a control character. (word - n * 0x01010101) & ~word & 0x80808080 is non-zero exactly
 * when a byte is below n: the subtraction sets the top bit of a byte that borrows, ~word drops the
 * bytes whose top bit was set already, and a borrow only carries on past a byte below n. A quote
 * (a backslash) is a byte below 1 in the word xor'ed with four quotes (four backslashes).
 */
function isPlainStringWord(word) {
    const quotes = word ^ 0x22222222;
    const backslashes = word ^ 0x5c5c5c5c;
    const below = ((word - 0x20202020) & ~word) |
        ((quotes - 0x01010101) & ~quotes) |
        ((backslashes - 0x01010101) & ~backslashes);
    return (below & 0x80808080) === 0;
}
function isDigit(byte) {
    return byte >= ZERO && byte <= NINE;
}
function isHexDigit(byte) {
    const lower = byte | 0x20;
    return isDigit(byte) || (lower >= 0x61 && lower <= 0x66);
}
/**
 * Reads one vulnerability from the bytes as JSON.parse + vulnerabilityFinding would, without
 * building what the gate does not read: every byte is checked as JSON.parse checks it, but only the
 * gate's strings are made. It scans the window as it is and never reads on, so indexes into it stay
 * good; an element that runs past the window is read on to its end, then scanned again.
 */
class VulnerabilityScanner {
    bytes;
    versions;
    text;
    buf;
    /**
     * buf as 32-bit words, to pass four bytes at once over the runs of ordinary string bytes and of
     * spaces that make up most of a report; words are read up to `wordLimit` (0 if buf's offset is not
     * a multiple of 4).
     */
    words = new Int32Array(0);
    wordsMade = false;
    wordLimit = 0;
    /** Where the bytes to scan end. */
    limit = 0;
    /** Nothing follows `limit`: running into it is the report's end, not the window's. */
    final = false;
    /** The closing byte of each container `skip` is in (a byte each: nesting can be deep). */
    closers = new Uint8Array(64);
    /** Index just past what the last `vulnerabilityAt`, `take` or `purlOf` read. */
    end = 0;
    /** What the last string scanned held: a backslash; only ASCII. */
    escaped = false;
    ascii = true;
    /** Where the string the last `take` read starts, if it is plain ASCII (no escape); else -1. */
    plainFrom = -1;
    /** The field the last key named (OTHER for any the gate does not read). */
    field = OTHER;
    /** Where the PURL the last `purlOf` read is, if it is plain ASCII (buffer indexes); else -1. */
    purlFrom = -1;
    purlTo = -1;
    // What is read is kept in locals, not in fields of this long-lived object: a store of a new string
    // into an old object costs the garbage collector a note each time.
    constructor(bytes, versions, 
    /** Where a plain title, package name and purl are read from when shown; none: made at once. */
    text) {
        this.bytes = bytes;
        this.versions = versions;
        this.text = text;
        this.buf = bytes.buf;
    }
    /**
     * The finding of the vulnerability object that starts at `bytes.pos`; `bytes.pos` is left past it.
     */
    vulnerability() {
        const { bytes } = this;
        const start = bytes.pos;
        let finding;
        try {
            finding = this.vulnerabilityAt(start, bytes.len, bytes.ended);
        }
        catch (error) {
            if (error !== PAST_WINDOW)
                throw error;
            // Read on to the element's end (growing the window if need be), then scan it again.
            finding = this.vulnerabilityAt(start, bytes.valueEnd(start), true);
        }
        bytes.pos = this.end;
        return finding;
    }
    /**
     * The finding of the vulnerability object at `start`, scanned up to `limit`: what JSON.parse +
     * vulnerabilityFinding make of it, built straight from the members it reads (no object for the
     * vulnerability or its PkgIdentifier on the way). A member named twice counts as JSON.parse counts
     * it: the last one.
     */
    vulnerabilityAt(start, limit, final) {
        const buf = this.bytes.buf;
        if (buf !== this.buf || !this.wordsMade) {
            this.buf = buf;
            this.words = new Int32Array(buf.buffer, buf.byteOffset, buf.byteOffset % 4 ? 0 : buf.length >> 2);
            this.wordsMade = true;
        }
        this.wordLimit = this.words.length ? limit : 0;
        this.limit = limit;
        this.final = final;
        let id;
        let pkgName;
        let pkgPath;
        let installedVersion;
        let fixedVersion;
        let severity;
        let title;
        let url;
        let purl;
        // Where the id and the link are when they are plain ASCII: the usual AVD link is told from the
        // bytes, and never made. The title, package name and purl stay in the file when plain ASCII.
        let idFrom = -1;
        let idTo = -1;
        let urlFrom = -1;
        let urlTo = -1;
        let titleFrom = -1;
        let titleTo = -1;
        let pkgNameFrom = -1;
        let pkgNameTo = -1;
        let purlFrom = -1;
        let purlTo = -1;
        let at = this.space(start + 1);
        if (this.byte(at) === CLOSE_BRACE)
            at++;
        else
            for (;;) {
                at = this.key(at);
                const field = this.field === PURL ? OTHER : this.field;
                at = this.valueAfterColon(at);
                if (field === OTHER)
                    at = this.skip(at);
                else if (field === PKG_IDENTIFIER) {
                    purl = this.purlOf(at);
                    purlFrom = this.purlFrom;
                    purlTo = this.purlTo;
                    at = this.end;
                }
                else {
                    const value = this.take(at, field);
                    at = this.end;
                    if (field === VULNERABILITY_ID) {
                        id = value;
                        idFrom = this.plainFrom;
                        idTo = at - 1;
                    }
                    else if (field === PKG_NAME) {
                        pkgName = value;
                        pkgNameFrom = this.plainFrom;
                        pkgNameTo = at - 1;
                    }
                    else if (field === PKG_PATH)
                        pkgPath = value;
                    else if (field === INSTALLED_VERSION)
                        installedVersion = value;
                    else if (field === FIXED_VERSION)
                        fixedVersion = value;
                    else if (field === SEVERITY)
                        severity = value;
                    else if (field === TITLE) {
                        title = value;
                        titleFrom = this.plainFrom;
                        titleTo = at - 1;
                    }
                    else {
                        url = value;
                        urlFrom = this.plainFrom;
                        urlTo = at - 1;
                    }
                }
                at = this.space(at);
                const byte = this.byte(at);
                if (byte === CLOSE_BRACE) {
                    at++;
                    break;
                }
                if (byte !== COMMA)
                    throw this.unexpected(at);
                at = this.space(at + 1);
            }
        this.end = at;
        let avd = false;
        if (urlFrom >= 0 && idFrom >= 0) {
            avd = isAvdLink(buf, urlFrom, urlTo, idFrom, idTo);
            if (!avd)
                url = buf.latin1Slice(urlFrom, urlTo);
        }
        else {
            // A link or id written with escapes (or not plain ASCII): judged on the strings.
            if (urlFrom >= 0)
                url = buf.latin1Slice(urlFrom, urlTo);
            avd = typeof url === 'string' && typeof id === 'string' && (0,policy_findings/* isAvdUrl */.RR)(url, id);
        }
        // What vulnerabilityFinding makes of it, the plain ASCII title, package name and purl as spans.
        const { base } = this.bytes;
        const spelledOut = title === undefined && pkgName === undefined && purl === undefined
            ? undefined
            : { title, pkgName, purl };
        return new ScannedVulnerability(this.text, id, (0,shared_severity/* toSeverity */.T_)(severity), avd ? undefined : url, avd || undefined, installedVersion, (fixedVersion || undefined), pkgPath, titleFrom < 0 ? -1 : base + titleFrom, titleTo - titleFrom, pkgNameFrom < 0 ? -1 : base + pkgNameFrom, pkgNameTo - pkgNameFrom, purlFrom < 0 ? -1 : base + purlFrom, purlTo - purlFrom, spelledOut);
    }
    /** The PURL of the PkgIdentifier whose value starts at `at` (anything but an object has none). */
    purlOf(at) {
        this.purlFrom = -1;
        this.purlTo = -1;
        if (this.byte(at) !== OPEN_BRACE) {
            this.end = this.skip(at);
            return undefined;
        }
        let purl;
        let purlFrom = -1;
        let purlTo = -1;
        at = this.space(at + 1);
        if (this.byte(at) !== CLOSE_BRACE)
            for (;;) {
                at = this.key(at);
                const isPurl = this.field === PURL;
                at = this.valueAfterColon(at);
                if (isPurl) {
                    purl = this.take(at, PURL);
                    at = this.end;
                    purlFrom = this.plainFrom;
                    purlTo = at - 1;
                }
                else
                    at = this.skip(at);
                at = this.space(at);
                const byte = this.byte(at);
                if (byte === CLOSE_BRACE)
                    break;
                if (byte !== COMMA)
                    throw this.unexpected(at);
                at = this.space(at + 1);
            }
        this.end = at + 1;
        this.purlFrom = purlFrom;
        this.purlTo = purlTo;
        return purl;
    }
    /** Index just past the member name that starts at `at`; `field` is left saying which it is. */
    key(at) {
        if (this.byte(at) !== QUOTE)
            throw this.unexpected(at);
        const { buf, limit } = this;
        const from = at + 1;
        const candidates = from < limit ? FIELDS_BY_FIRST_BYTE[buf[from]] : undefined;
        if (candidates !== undefined)
            for (let candidate = 0; candidate < candidates.length; candidate++) {
                const field = candidates[candidate];
                const name = QUOTED_NAMES[field];
                if (from + name.length > limit)
                    continue;
                let same = 1;
                while (same < name.length && buf[from + same] === name[same])
                    same++;
                if (same === name.length) {
                    this.field = field;
                    return from + same;
                }
            }
        // Any other name, or one of the gate's written with escapes.
        const end = this.string(at);
        this.field = this.escaped ? (FIELD_BY_NAME.get(this.bytes.parse(at, end)) ?? OTHER) : OTHER;
        return end;
    }
    /** Index of the value after the colon that follows a member name ending at `at`. */
    valueAfterColon(at) {
        at = this.space(at);
        if (this.byte(at) !== COLON)
            throw this.unexpected(at);
        return this.space(at + 1);
    }
    /**
     * The value of `field` that starts at `at`, as JSON.parse gives it; `end` is left past it, and
     * `plainFrom` at the string's first byte if it is plain ASCII. A plain PrimaryURL, Title, PkgName
     * or PURL is not made here (undefined): the caller keeps where it is.
     */
    take(at, field) {
        this.plainFrom = -1;
        if (this.byte(at) !== QUOTE) {
            // Not a string (trivy always writes one): whatever JSON.parse makes of it.
            const end = this.skip(at);
            this.end = end;
            return this.bytes.parse(at, end);
        }
        const end = this.string(at);
        this.end = end;
        const { buf } = this;
        const from = at + 1;
        const to = end - 1;
        if (this.escaped || !this.ascii) {
            const value = this.escaped ? this.bytes.parse(at, end) : buf.toString('utf8', from, to);
            return field === INSTALLED_VERSION || field === FIXED_VERSION
                ? this.versions.one(value)
                : value;
        }
        this.plainFrom = from;
        if (field === PRIMARY_URL)
            return undefined;
        if (field === TITLE || field === PKG_NAME || field === PURL) {
            if (this.text)
                return undefined;
            // Not a file that can be read again (a pipe): made now, as the rest.
            this.plainFrom = -1;
        }
        if (field === INSTALLED_VERSION || field === FIXED_VERSION)
            return this.versions.ofBytes(buf, from, to);
        if (field === SEVERITY) {
            // trivy's own severities are not made again.
            const severity = SEVERITY_BY_LENGTH[to - from];
            if (severity !== undefined && holds(buf, from, severity))
                return severity;
        }
        return buf.latin1Slice(from, to);
    }
    /**
     * Index just past the string whose opening quote is at `at`, checked as JSON.parse checks one;
     * `escaped` and `ascii` are left saying what it holds.
     */
    string(at) {
        const { buf, words, wordLimit, limit } = this;
        let escaped = false;
        /** The bytes (and words) passed, or'ed: a byte of 0x80 or more sets a 0x80 bit. */
        let high = 0;
        let index = at + 1;
        for (;;) {
            if ((index & 3) === 0 && index + 4 <= wordLimit) {
                const word = words[index >> 2];
                if (isPlainStringWord(word)) {
                    high |= word;
                    index += 4;
                    continue;
                }
            }
            if (index >= limit)
                return this.ranOut(index);
            const byte = buf[index];
            if (byte === QUOTE) {
                this.escaped = escaped;
                this.ascii = (high & 0x80808080) === 0;
                return index + 1;
            }
            if (byte === BACKSLASH) {
                escaped = true;
                index = this.escapeEnd(index + 1);
            }
            else if (byte < 0x20)
                throw this.unexpected(index);
            else {
                high |= byte;
                index++;
            }
        }
    }
    /** Index just past the escape whose backslash is just before `at`. */
    escapeEnd(at) {
        const byte = this.byte(at);
        if (byte === LOWER_U) {
            for (let digit = at + 1; digit < at + 5; digit++)
                if (!isHexDigit(this.byte(digit)))
                    throw this.unexpected(digit);
            return at + 5;
        }
        if (!ESCAPABLE.has(byte))
            throw this.unexpected(at);
        return at + 1;
    }
    /**
     * Index just past the value that starts at `at`, checked as JSON.parse checks one but not built.
     * Containers are followed with a stack, not recursion: no nesting is too deep for it.
     */
    skip(at) {
        let { closers } = this;
        let depth = 0;
        for (;;) {
            // A value starts at `at`.
            let byte = this.byte(at);
            if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
                const close = byte === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
                at = this.space(at + 1);
                if (this.byte(at) !== close) {
                    if (depth === closers.length) {
                        const deeper = new Uint8Array(depth * 2);
                        deeper.set(closers);
                        this.closers = closers = deeper;
                    }
                    closers[depth++] = close;
                    if (close === CLOSE_BRACE)
                        at = this.memberValue(at);
                    continue;
                }
                at++;
            }
            else if (byte === QUOTE)
                at = this.string(at);
            else
                at = this.scalarEnd(at);
            // A value ended at `at`: next comes another in its container, or the container's end.
            for (;;) {
                if (depth === 0)
                    return at;
                at = this.space(at);
                byte = this.byte(at);
                const close = closers[depth - 1];
                if (byte === COMMA) {
                    at = this.space(at + 1);
                    if (close === CLOSE_BRACE)
                        at = this.memberValue(at);
                    break;
                }
                if (byte !== close)
                    throw this.unexpected(at);
                at++;
                depth--;
            }
        }
    }
    /** Index of the value of the member whose name starts at `at`. */
    memberValue(at) {
        if (this.byte(at) !== QUOTE)
            throw this.unexpected(at);
        at = this.space(this.string(at));
        if (this.byte(at) !== COLON)
            throw this.unexpected(at);
        return this.space(at + 1);
    }
    /** Index just past the number, true, false or null that starts at `at`. */
    scalarEnd(at) {
        const first = this.byte(at);
        if (first === TRUE[0])
            return this.wordEnd(at, TRUE);
        if (first === FALSE[0])
            return this.wordEnd(at, FALSE);
        if (first === NULL[0])
            return this.wordEnd(at, NULL);
        if (first === MINUS)
            at++;
        const lead = this.byte(at);
        if (lead === ZERO)
            at++;
        else if (isDigit(lead))
            at = this.digitsEnd(at + 1);
        else
            throw this.unexpected(at);
        if (this.byte(at) === DOT) {
            if (!isDigit(this.byte(at + 1)))
                throw this.unexpected(at + 1);
            at = this.digitsEnd(at + 2);
        }
        const exponent = this.byte(at);
        if (exponent === LOWER_E || exponent === UPPER_E) {
            at++;
            const sign = this.byte(at);
            if (sign === PLUS || sign === MINUS)
                at++;
            if (!isDigit(this.byte(at)))
                throw this.unexpected(at);
            at = this.digitsEnd(at + 1);
        }
        return at;
    }
    digitsEnd(at) {
        while (isDigit(this.byte(at)))
            at++;
        return at;
    }
    wordEnd(at, word) {
        for (let letter = 1; letter < word.length; letter++)
            if (this.byte(at + letter) !== word[letter])
                throw this.unexpected(at + letter);
        return at + word.length;
    }
    /** The first index from `at` that is not white space. */
    space(at) {
        const { buf, words, wordLimit, limit } = this;
        while (at < limit) {
            if ((at & 3) === 0 && at + 4 <= wordLimit && words[at >> 2] === FOUR_SPACES) {
                at += 4;
                continue;
            }
            const byte = buf[at];
            if (byte > 0x20 || !isSpace(byte))
                return at;
            at++;
        }
        return this.ranOut(at);
    }
    byte(at) {
        return at < this.limit ? this.buf[at] : this.ranOut(at);
    }
    ranOut(at) {
        if (this.final)
            throw this.bytes.invalid('it ends too soon', at);
        throw PAST_WINDOW;
    }
    /** The refusal of the byte at `at` (one already read). */
    unexpected(at) {
        const byte = this.buf[at];
        const why = byte >= 0x20 && byte < 0x7f
            ? `unexpected '${String.fromCharCode(byte)}'`
            : byte < 0x20
                ? 'unexpected control character'
                : 'unexpected byte';
        return this.bytes.invalid(why, at);
    }
}
/** Whether the link in buf[urlFrom, urlTo) is the AVD link of the id in buf[idFrom, idTo) (as isAvdUrl). */
function isAvdLink(buf, urlFrom, urlTo, idFrom, idTo) {
    if (urlTo - urlFrom !== policy_findings/* AVD_LINK */.DS.length + idTo - idFrom || !holds(buf, urlFrom, policy_findings/* AVD_LINK */.DS))
        return false;
    for (let at = idFrom, link = urlFrom + policy_findings/* AVD_LINK */.DS.length; at < idTo; at++, link++) {
        const code = buf[at];
        if (buf[link] !== (code >= 65 && code <= 90 ? code + 32 : code))
            return false;
    }
    return true;
}
/** Whether buf holds the ASCII `text` from `at`. */
function holds(buf, at, text) {
    for (let index = 0; index < text.length; index++)
        if (buf[at + index] !== text.charCodeAt(index))
            return false;
    return true;
}
/**
 * One copy of each version string: a million findings name a few thousand versions, and JSON.parse
 * makes a new string for each mention. Bounded, so a report of all-different values cannot grow it.
 */
class Versions {
    seen = new Map();
    /** Those read as plain ASCII, by a hash of their bytes (the last one for each): not made again. */
    byHash = new Array(1 << 16);
    one(value) {
        if (value === undefined)
            return undefined;
        const known = this.seen.get(value);
        if (known !== undefined)
            return known;
        if (this.seen.size < 100_000)
            this.seen.set(value, value);
        return value;
    }
    /** The string of the ASCII bytes buf[from, to). */
    ofBytes(buf, from, to) {
        let hash = to - from;
        for (let at = from; at < to; at++)
            hash = Math.imul(hash ^ buf[at], 0x01000193);
        const slot = (hash ^ (hash >>> 16)) & 0xffff;
        const known = this.byHash[slot];
        if (known !== undefined && known.length === to - from && holds(buf, from, known))
            return known;
        const made = buf.latin1Slice(from, to);
        this.byHash[slot] = made;
        return made;
    }
}
/** The findings of the Vulnerabilities array that starts at `bytes.pos`, one element at a time. */
function readVulnerabilities(bytes, scanner, index, findings) {
    bytes.expect(OPEN_BRACKET);
    if (bytes.peek() === CLOSE_BRACKET) {
        bytes.pos++;
        return;
    }
    let position = 0;
    do {
        // The target is filled in once the whole result is read (any key order).
        const element = bytes.peek() === OPEN_BRACE ? scanner.vulnerability() : bytes.value();
        const id = element?.id;
        if (typeof id === 'string' && id !== '')
            findings.push(element);
        else
            bytes.malformed ??= {
                error: (0,shared_trivy/* findingProblem */.Ld)('Vulnerabilities', (0,records/* isRecord */.u)(element) ? { VulnerabilityID: id } : element, `Results[${index}].Vulnerabilities[${position}]`, bytes.source),
                result: index,
            };
        position++;
        bytes.compact();
    } while (bytes.more(CLOSE_BRACKET));
}
function readResult(bytes, scanner, index, findings) {
    if (bytes.peek() !== OPEN_BRACE) {
        bytes.value();
        throw new errors/* ConfigurationError */.j1(`report '${bytes.source}' is malformed: Results[${index}] has no Target`);
    }
    bytes.expect(OPEN_BRACE);
    const result = {};
    const first = findings.length;
    // Misconfigurations' findings (as index ranges) take the result's Type once it is read.
    const misconfigurations = [];
    if (bytes.peek() === CLOSE_BRACE)
        bytes.pos++;
    else
        do {
            const key = bytes.key();
            const next = bytes.peek();
            if (key === 'Vulnerabilities' && next === OPEN_BRACKET) {
                result[key] = [];
                readVulnerabilities(bytes, scanner, index, findings);
            }
            else if ((LIST_KEYS.has(key) || key === 'Packages') && next === OPEN_BRACKET) {
                // Packages are listed, never judged: only that the list is there is kept.
                result[key] = [];
                let position = 0;
                const from = findings.length;
                bytes.eachBatch((batch) => {
                    if (key === 'Packages')
                        return;
                    for (const item of batch) {
                        const problem = (0,shared_trivy/* findingProblem */.Ld)(key, item, `Results[${index}].${key}[${position}]`, bytes.source);
                        position++;
                        if (problem) {
                            bytes.malformed ??= { error: problem, result: index };
                            continue;
                        }
                        // The target and type are filled in once the whole result is read (any key order).
                        findings.push(key === 'Misconfigurations'
                            ? (0,policy_findings/* misconfigurationFinding */.P8)(item, '', undefined)
                            : (0,policy_findings/* secretFinding */.yf)(item, ''));
                    }
                });
                if (key === 'Misconfigurations')
                    misconfigurations.push([from, findings.length]);
            }
            else
                result[key] = bytes.value();
        } while (bytes.more(CLOSE_BRACE));
    // In parseTrivyReport's order: a result's Target before its findings, an earlier result first.
    if (!bytes.malformed || bytes.malformed.result === index)
        (0,shared_trivy/* checkResultShape */.r)(result, index, bytes.source);
    const { Target: target, Type: type } = result;
    for (let at = first; at < findings.length; at++)
        findings[at].target = target;
    for (const [from, to] of misconfigurations)
        for (let at = from; at < to; at++)
            findings[at].configType = type;
    return result;
}
/**
 * The report in `path`, checked as parseTrivyReport checks one; its findings are collected as it
 * is read (collectFindings gives them), and trivy's raw finding lists are not kept.
 */
function readTrivyReport(path, sizes = SIZES) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(path, 'r');
    }
    catch (error) {
        const code = error.code;
        throw new errors/* ConfigurationError */.j1(`report '${path}' cannot be read (${code === 'ENOENT' ? 'no such file' : code})`);
    }
    try {
        const bytes = new ReportBytes(fd, path, sizes);
        const findings = [];
        const read = (0,external_node_fs_.fstatSync)(fd);
        // Only a regular file can be read again: a pipe's text is made as it is read.
        const text = read.isFile() ? new ReportText(path, read) : undefined;
        const scanner = new VulnerabilityScanner(bytes, new Versions(), text);
        if (bytes.peek() !== OPEN_BRACE) {
            // Not an object: JSON.parse says whether it is JSON at all.
            bytes.value();
            if (bytes.peek() !== -1)
                throw bytes.invalid(`unexpected '${String.fromCharCode(bytes.byteAt(bytes.pos))}'`);
            throw new errors/* ConfigurationError */.j1(`report '${path}' is not a trivy JSON report (expected an object with SchemaVersion 2)`);
        }
        bytes.expect(OPEN_BRACE);
        const report = {};
        if (bytes.peek() === CLOSE_BRACE)
            bytes.pos++;
        else
            do {
                const key = bytes.key();
                if (key === 'Results' && bytes.peek() === OPEN_BRACKET) {
                    const results = [];
                    bytes.expect(OPEN_BRACKET);
                    if (bytes.peek() === CLOSE_BRACKET)
                        bytes.pos++;
                    else
                        do {
                            results.push(readResult(bytes, scanner, results.length, findings));
                            bytes.compact();
                        } while (bytes.more(CLOSE_BRACKET));
                    report.Results = results;
                }
                else
                    report[key] = bytes.value();
            } while (bytes.more(CLOSE_BRACE));
        const trailing = bytes.peek();
        if (trailing !== -1)
            throw bytes.invalid(`unexpected '${String.fromCharCode(trailing)}'`);
        (0,shared_trivy/* checkReportShape */.MC)(report, path);
        if (bytes.malformed)
            throw bytes.malformed.error;
        (0,policy_findings/* keepCollectedFindings */.PJ)(report, findings);
        return report;
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}

// EXTERNAL MODULE: ./build/bundle-input/shared/runner.js
var runner = __webpack_require__(2421);
// EXTERNAL MODULE: ./build/bundle-input/shared/tools/installer.js
var installer = __webpack_require__(8483);
// EXTERNAL MODULE: ./build/bundle-input/shared/tools/versions.js
var versions = __webpack_require__(834);
// EXTERNAL MODULE: ./build/bundle-input/shared/credentials.js
var credentials = __webpack_require__(5089);
;// CONCATENATED MODULE: ./build/bundle-input/shared/release/verification.js
// The proof that a digest passed verification in an environment: a signed in-toto attestation with
// this predicate type, written by verify-slo on a pass and required by promote.

const VERIFICATION_PREDICATE_TYPE = 'https://github.com/org/pipeline/attestations/verification/v1';
function verificationPredicate(input) {
    const env = process.env;
    const runUrl = input.runUrl ??
        (env.GITHUB_RUN_ID
            ? `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
            : undefined);
    return {
        environment: input.environment,
        digest: input.digest,
        verdict: input.verdict,
        verifiedAt: (input.verifiedAt ?? new Date()).toISOString(),
        checks: input.checks,
        ...(runUrl ? { runUrl } : {}),
    };
}
function writeVerificationPredicate(path, predicate) {
    writeFileSync(path, JSON.stringify(predicate, null, 2));
}
/** Decodes `cosign verify-attestation` output: one DSSE envelope per line with an in-toto payload. */
function parseAttestations(stdout) {
    const statements = [];
    for (const line of stdout
        .split('\n')
        .map((entry) => entry.trim())
        .filter((entry) => entry.startsWith('{'))) {
        try {
            const envelope = JSON.parse(line);
            if (!envelope.payload)
                continue;
            const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
            statements.push({
                predicateType: statement.predicateType ?? '',
                subjectDigests: (statement.subject ?? []).flatMap((s) => Object.entries(s.digest ?? {}).map(([alg, hex]) => `${alg}:${hex}`)),
                predicate: statement.predicate,
            });
        }
        catch {
            // not an envelope
        }
    }
    return statements;
}
/** Why a set of attestations does not prove `digest` passed in `environment`, or undefined when it does. */
function missingVerificationProof(statements, digest, environment, age = { maxMs: Number.POSITIVE_INFINITY }) {
    const ours = statements.filter((s) => s.predicateType === VERIFICATION_PREDICATE_TYPE);
    if (!ours.length)
        return `no verification attestation (${VERIFICATION_PREDICATE_TYPE}) is attached to ${digest}`;
    const forDigest = ours.filter((s) => s.subjectDigests.includes(digest) && s.predicate?.digest === digest);
    if (!forDigest.length) {
        const claimed = ours.map((s) => s.predicate?.digest).join(', ');
        return `the verification attestation is for another digest (${claimed}), not ${digest}`;
    }
    const inEnvironment = forDigest.filter((s) => s.predicate.environment === environment);
    if (!inEnvironment.length) {
        const environments = forDigest.map((s) => s.predicate.environment).join(', ');
        return `${digest} was verified in ${environments}, not in ${environment}`;
    }
    const passed = inEnvironment.filter((s) => s.predicate.verdict === 'pass');
    if (!passed.length) {
        return `${digest} did not pass verification in ${environment}`;
    }
    // The newest pass decides; a time in the future (beyond clock skew) is no time at all.
    const now = (age.now ?? new Date()).getTime();
    const times = passed
        .map((s) => Date.parse(s.predicate.verifiedAt))
        .filter((at) => Number.isFinite(at) && at <= now + 5 * 60_000);
    if (!times.length)
        return `the verification of ${digest} in ${environment} carries no valid verifiedAt time`;
    const newest = Math.max(...times);
    if (now - newest > age.maxMs)
        return `${digest} last passed verification in ${environment} at ${new Date(newest).toISOString()}, longer ago than max-attestation-age (${Math.round(age.maxMs / 3_600_000)}h)`;
    return undefined;
}

// EXTERNAL MODULE: ./build/bundle-input/shared/action.js
var action = __webpack_require__(9757);
;// CONCATENATED MODULE: ./build/bundle-input/shared/state.js
// Main → post state, typed and in one place: what `post` must clean up.



const CLEANUP_KEY = 'cleanup-paths';
/** Files and folders holding credentials, removed by the action's `post` step. */
class CleanupState {
    paths = [];
    add(path) {
        this.paths.push(path);
        runner/* saveState */.LZ(CLEANUP_KEY, JSON.stringify(this.paths));
    }
    static pending() {
        const raw = runner/* getState */.Gu(CLEANUP_KEY);
        if (!raw)
            return [];
        try {
            const parsed = JSON.parse(raw);
            return Array.isArray(parsed)
                ? parsed.filter((entry) => typeof entry === 'string')
                : [];
        }
        catch {
            return [];
        }
    }
    /** Removes everything `main` registered; returns what was removed. */
    static removeAll() {
        const paths = CleanupState.pending();
        for (const path of paths)
            (0,external_node_fs_.rmSync)(path, { recursive: true, force: true });
        return paths;
    }
}
/**
 * Every action's `post` step: removes the credentials `main` registered, whatever happened there.
 * Post bundles import only this, not the action.
 */
async function removeCredentials() {
    await runAction(async () => {
        for (const path of CleanupState.removeAll())
            core.info(`removed ${path}`);
    });
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/gate/attest.js
// The gate's result on the image, so no artefact store is needed: the trivy report as a cosign
// vulnerability attestation (predicate type vuln) made by digest; and a later gate's baseline read
// back from the attestation of the digest that is live, verified with the gate's signer identity.










/** cosign's predicate type for `--type vuln`. */
const VULN_PREDICATE_TYPE = 'https://cosign.sigstore.dev/attestation/vuln/v1';
const REPORT_SLOT = '"<the trivy report>"';
/**
 * cosign's vulnerability predicate as JSON, with trivy's whole JSON report (as written, not as
 * read: the gate keeps only findings) as the scanner's result.
 */
function vulnPredicate(reportJson, trivyVersion, startedAt, finishedAt) {
    const predicate = {
        invocation: {
            parameters: null,
            uri: process.env.GITHUB_SERVER_URL && process.env.GITHUB_RUN_ID
                ? `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}`
                : '',
            event_id: process.env.GITHUB_RUN_ID ?? '',
            'builder.id': 'pipeline security-gate',
        },
        scanner: {
            uri: `pkg:github/aquasecurity/trivy@v${trivyVersion}`,
            version: trivyVersion,
            db: { uri: '', version: '' },
            result: JSON.parse(REPORT_SLOT),
        },
        metadata: { scanStartedOn: startedAt.toISOString(), scanFinishedOn: finishedAt.toISOString() },
    };
    return JSON.stringify(predicate).replace(REPORT_SLOT, () => reportJson.trim());
}
/** Attaches `report` to the image as a vulnerability attestation; the key file is gone after. */
async function attestScan(cosign, request, predicateJson) {
    (0,external_node_fs_.mkdirSync)(request.workDir, { recursive: true });
    if (request.password)
        runner/* setSecret */.Pq(request.password);
    const key = (0,credentials/* keyFile */._$)(request.key, request.workDir, 'attest.key', new CleanupState());
    const predicateFile = (0,external_node_path_.join)(request.workDir, `vuln-${crypto.randomUUID()}.json`);
    (0,external_node_fs_.writeFileSync)(predicateFile, predicateJson);
    try {
        const args = (0,shared_cosign/* cosignAttestArgs */.QS)({
            imageByDigest: request.imageByDigest,
            keyFile: key,
            password: request.password,
            tlogUpload: request.tlogUpload,
        }, predicateFile, 'vuln');
        if (request.insecureRegistry)
            args.splice(args.length - 1, 0, '--allow-http-registry=true', '--allow-insecure-registry=true');
        await (0,shared_cosign/* runCosign */.DV)(cosign, args, request.password);
    }
    finally {
        // Written from PEM content: gone as soon as it has signed (post removes it too, whatever happened).
        if (key && key !== request.key)
            (0,external_node_fs_.rmSync)((0,external_node_path_.dirname)(key), { recursive: true, force: true });
        (0,external_node_fs_.rmSync)(predicateFile, { force: true });
    }
}
/**
 * The newest verified vulnerability attestation of `imageByDigest`, as a trivy report: a baseline
 * that cannot be verified, or that holds no trivy report, stops the gate in one line.
 */
async function attestedBaseline(cosign, imageByDigest, identity) {
    const digest = reference/* BY_DIGEST */.t0.exec(imageByDigest)?.[1];
    const found = await (0,shared_cosign/* verifiedAttestations */.e5)(cosign, { ...identity, image: imageByDigest }, 'vuln');
    if ('missing' in found)
        throw new errors/* ConfigurationError */.j1(`input 'baseline-image': no verified vulnerability attestation on ${imageByDigest}: ${found.missing}`);
    const statements = parseAttestations(found.stdout).filter((statement) => statement.predicateType === VULN_PREDICATE_TYPE &&
        (!digest || statement.subjectDigests.includes(digest)));
    const newest = statements
        .map((statement) => statement.predicate)
        .sort((a, b) => String(b.metadata?.scanFinishedOn ?? '').localeCompare(String(a.metadata?.scanFinishedOn ?? '')))[0];
    if (!newest?.scanner?.result)
        throw new errors/* ConfigurationError */.j1(`input 'baseline-image': the vulnerability attestation on ${imageByDigest} holds no trivy report`);
    return (0,shared_trivy/* parseTrivyReport */.Qg)(JSON.stringify(newest.scanner.result), `attestation of ${imageByDigest}`);
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./build/bundle-input/shared/gate/db-cache.js
// The trivy vulnerability DB kept in the GitHub Actions cache between runs, so a fleet of jobs
// does not download it from ghcr.io every time (its rate limits fail scans). Keyed on the DB's own
// NextUpdate: a restored DB that is still current is used as it is; a stale one is replaced by
// trivy's download, which is then saved under its new key. The cache is only ever a shortcut:
// when it cannot be reached or holds nothing current, trivy downloads as it would without it, and
// a DB that cannot be had fails the scan (never a pass).
//
// @actions/cache (with the Azure storage client) is loaded only here, only when the cache is used.





/** Every key starts so; the newest entry with it is what a restore gets. The DB's schema is 2. */
const DB_CACHE_PREFIX = 'trivy-db-2-';
/** When the DB in `cacheDir` wants replacing, as trivy reads it (db/metadata.json); undefined: no DB. */
function dbNextUpdate(cacheDir) {
    let meta;
    try {
        meta = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(cacheDir, 'db', 'metadata.json'), 'utf8'));
    }
    catch {
        return undefined;
    }
    const next = typeof meta.NextUpdate === 'string' ? new Date(meta.NextUpdate) : undefined;
    return next && !Number.isNaN(next.getTime()) ? next : undefined;
}
/**
 * The key a DB is saved under: its NextUpdate, re-written by us (the metadata comes from the
 * registry), in lower case — cache services match keys regardless of case and answer in lower case.
 */
function dbCacheKey(nextUpdate) {
    return `${DB_CACHE_PREFIX}${nextUpdate.toISOString()}`.toLowerCase();
}
/** @actions/cache, from its ES module beside this code (actions-cache/index.ts says why). */
async function cacheLibrary() {
    const here = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(require("url").pathToFileURL(__filename).href));
    // index.js as compiled or bundled; index.ts where the sources run as they are (the tests).
    const library = ['index.js', 'index.ts'].map((name) => (0,external_node_path_.join)(here, 'actions-cache', name)).find(external_node_fs_.existsSync);
    if (!library)
        throw new Error(`@actions/cache is missing beside ${here} (is the action checked out whole?)`);
    const cache = await import(/* webpackIgnore: true */ (0,external_node_url_.pathToFileURL)(library).href);
    return cache.isFeatureAvailable() ? cache : undefined;
}
/**
 * Before the scan: restores the newest cached DB into `cacheDir` unless the one there is current.
 * Never throws: without the cache trivy downloads, as it would anyway.
 */
async function restoreDb(cacheDir, now = new Date()) {
    const local = dbNextUpdate(cacheDir);
    if (local && local > now)
        return { skipped: 'the DB in cache-dir is current' };
    try {
        const cache = await cacheLibrary();
        if (!cache)
            return { skipped: 'no Actions cache service on this runner' };
        // No entry has this key: the newest with the prefix is restored.
        const restored = await cache.restoreCache([(0,external_node_path_.join)(cacheDir, 'db')], dbCacheKey(now), [DB_CACHE_PREFIX]);
        if (!restored)
            return { skipped: 'no DB in the Actions cache yet' };
        const next = dbNextUpdate(cacheDir);
        if (!next || next <= now) {
            runner/* info */.pq(`the DB restored from the Actions cache (${restored}) is due for an update: trivy downloads it`);
            return { skipped: `the cached DB (${restored}) was due for an update` };
        }
        runner/* info */.pq(`vulnerability DB restored from the Actions cache: ${restored}`);
        return { restored };
    }
    catch (error) {
        runner/* warning */.$e(`the Actions cache could not be read (${(0,errors/* errorMessage */.gJ)(error)}): trivy downloads the DB`);
        return { skipped: 'the Actions cache could not be read' };
    }
}
/**
 * After a scan that succeeded: saves the DB trivy downloaded, under its NextUpdate, unless that is
 * what was restored. Never throws: a cache that cannot be written costs the next run a download.
 */
async function saveDb(cacheDir, use, now = new Date()) {
    const next = dbNextUpdate(cacheDir);
    if (!next || next <= now)
        return use;
    const key = dbCacheKey(next);
    if (key === use.restored?.toLowerCase())
        return use;
    try {
        const cache = await cacheLibrary();
        if (!cache)
            return use;
        // -1: not saved (another job saved this DB first — keys are write-once — or the service
        // refused); @actions/cache has said why in the log.
        if ((await cache.saveCache([(0,external_node_path_.join)(cacheDir, 'db')], key)) === -1)
            return use;
        runner/* info */.pq(`vulnerability DB saved to the Actions cache: ${key}`);
        return { ...use, saved: key };
    }
    catch (error) {
        runner/* info */.pq(`the DB was not saved to the Actions cache (${(0,errors/* errorMessage */.gJ)(error)})`);
        return use;
    }
}

// EXTERNAL MODULE: ./build/bundle-input/shared/gate/sources.js
var sources = __webpack_require__(1533);
;// CONCATENATED MODULE: ./build/bundle-input/shared/report/summary.js
// One builder for every action's job summary: markdown a person can act on, written once.

function escapeCell(value) {
    return (String(value ?? '')
        .replace(/\|/g, '\\|')
        // A lone CR ends a line in markdown too.
        .replace(/\r\n?|\n/g, ' '));
}
/**
 * Text from outside (a file name, a package, a title read from a report) shown as itself: on one
 * line, and never HTML, a link, an image or a code span — a scanned file named
 * `<img src=…>` or `x⏎## ✅ PASS` must not draw into the summary. Backslashes are escaped first,
 * so one in the text cannot undo the escapes (nor a table's `\|`).
 */
function plain(value) {
    return String(value ?? '')
        .replace(/\r\n?|\n/g, ' ')
        .replace(/[\\`[\]<>]/g, '\\$&');
}
class SummaryBuilder {
    parts = [];
    heading(text, level = 2) {
        this.parts.push(`${'#'.repeat(level)} ${text}`);
        return this;
    }
    paragraph(text) {
        this.parts.push(text);
        return this;
    }
    list(items) {
        if (items.length)
            this.parts.push(items.map((item) => `- ${item}`).join('\n'));
        return this;
    }
    table(header, rows) {
        if (!rows.length)
            return this;
        const lines = [
            `| ${header.map(escapeCell).join(' | ')} |`,
            `| ${header.map(() => '---').join(' | ')} |`,
            ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
        ];
        this.parts.push(lines.join('\n'));
        return this;
    }
    details(title, body) {
        this.parts.push(`<details><summary>${title}</summary>\n\n${body}\n\n</details>`);
        return this;
    }
    mermaid(diagram) {
        this.parts.push(`\`\`\`mermaid\n${diagram}\n\`\`\``);
        return this;
    }
    /** Appends other builders' sections after this one's (one summary made of several parts). */
    append(...others) {
        for (const other of others)
            this.parts.push(...other.parts);
        return this;
    }
    toMarkdown() {
        // A blank line at the end: the next section appended to the job summary starts a new block.
        return `${this.parts.join('\n\n')}\n\n`;
    }
    /** Appends to the job summary when the runner provides one (GITHUB_STEP_SUMMARY). */
    async write() {
        runner/* appendSummary */.fe(this.toMarkdown());
    }
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/gate/summary.js


const TOP_FINDINGS = 15;
/** A finding's id, linked to its advisory when that is an http(s) URL (one that cannot end the link early). */
function linkedId(finding) {
    const url = (0,policy_findings/* findingUrl */.bM)(finding);
    let href;
    try {
        const parsed = url ? new URL(url) : undefined;
        if (parsed && ['http:', 'https:'].includes(parsed.protocol))
            href = parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
    }
    catch {
        href = undefined;
    }
    return href ? `[${plain(finding.id)}](${href})` : plain(finding.id);
}
function budgetText(budget) {
    return budget < 0 ? 'unlimited' : String(budget);
}
/** The scanners behind the verdict: those that ran, or for a given report those it shows ran. */
function scannersText(inputs, result) {
    if (!inputs.reportFile)
        return `scanners ${result.scanners.join(', ')}`;
    return `scanners the report shows ran: ${result.scanners.join(', ') || 'none'}`;
}
/** The licence policy and what broke it. */
function licenseSection(summary, licenses, policy) {
    const rules = [
        policy.deny.length ? `deny ${policy.deny.join(', ')}` : '',
        policy.allow.length ? `allow only ${policy.allow.join(', ')}` : '',
    ].filter(Boolean);
    summary.heading(`Licences: ${licenses.checked} checked · ${licenses.violations.length} break the policy (${rules.join('; ')})${licenses.ignored.length ? ` · ${licenses.ignored.length} ignored` : ''}`, 3);
    if (licenses.violations.length)
        summary.table(['Licence', 'Category', 'Package', 'Where', 'Why'], licenses.violations
            .slice(0, TOP_FINDINGS)
            .map((v) => [plain(v.name), plain(v.category), plain(v.pkgName), plain(v.filePath), v.why]));
}
/** New, fixed and unchanged against the baseline report, the new ones listed first. */
function changeSection(summary, change) {
    summary.heading(`Against the baseline: ${change.introduced.length} new · ${change.fixed.length} fixed · ${change.unchanged} unchanged`, 3);
    summary.paragraph(`Baseline \`${change.source}\` · ${change.failOn === 'new' ? 'only new findings count (fail-on new)' : 'every finding counts (fail-on all)'}`);
    const rows = (findings, status) => findings
        .slice(0, TOP_FINDINGS)
        .map((f) => [
        status,
        f.severity,
        plain(f.id),
        plain(f.pkgName ? `${f.pkgName} (${f.target})` : f.target),
        plain(f.title),
    ]);
    const listed = [...rows(change.introduced, '🆕 new'), ...rows(change.fixed, '✅ fixed')];
    if (listed.length)
        summary.table(['Change', 'Severity', 'ID', 'Where', 'Title'], listed);
    const cut = Math.max(0, change.introduced.length - TOP_FINDINGS) + Math.max(0, change.fixed.length - TOP_FINDINGS);
    if (cut)
        summary.paragraph(`…and ${cut} more in the reports.`);
}
/** Which KEV catalog and EPSS scores judged, and what they found. */
function exploitabilityLine(inputs, result) {
    const found = result.exploitability;
    if (!found)
        return undefined;
    const parts = [];
    if (found.kev !== undefined)
        parts.push(`${found.kev} in the CISA KEV catalog (budget ${budgetText(inputs.maxKev)}, max-kev)`);
    if (inputs.epssSource)
        parts.push(`highest EPSS ${found.epssMax === undefined ? 'n/a' : `${(found.epssMax * 100).toFixed(1)}%`}${inputs.epssThreshold === undefined
            ? ''
            : ` · ${found.epssAtOrAbove} at or above ${(inputs.epssThreshold * 100).toFixed(1)}% (epss-threshold)`}`);
    return `Exploitability: ${parts.join(' · ')}.`;
}
/** "Vulnerability DB updated 2026-12-01 (1 day old), from REPO (after A failed)". */
function dbLine(db, now = new Date()) {
    const updated = db.updatedAt ? new Date(db.updatedAt) : undefined;
    const age = updated && !Number.isNaN(updated.getTime())
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
function gateSummary(inputs, result, subject, db) {
    const summary = new SummaryBuilder();
    const icon = result.verdict === 'pass' ? '✅' : '❌';
    const mode = inputs.mode === 'report' ? ' (report mode: the step does not fail)' : '';
    summary.heading(`${icon} Security gate: ${result.verdict.toUpperCase()}${mode}`);
    summary.paragraph(`Subject: \`${subject}\` · threshold ${inputs.severityThreshold} · ${scannersText(inputs, result)}${inputs.ignoreUnfixed ? ' · unfixed ignored' : ''}`);
    // Reasons quote what was found (a secret's file, a licence, a CVE id): shown as text.
    if (result.reasons.length)
        summary.list(result.reasons.map((reason) => `**${plain(reason)}**`));
    if (result.signature?.verified)
        summary.paragraph(`Signature: ✅ ${result.signature.detail}`);
    if (db)
        summary.paragraph(dbLine(db));
    const { counts } = result;
    const row = (label, count, budget) => [
        label,
        count,
        budget === undefined ? '—' : budgetText(budget),
        budget !== undefined && budget >= 0 && count > budget ? '❌ over' : '✅',
    ];
    summary.table(['Severity', 'Count', 'Budget', ''], [
        row('CRITICAL', counts.critical, inputs.budgets.CRITICAL),
        row('HIGH', counts.high, inputs.budgets.HIGH),
        row('MEDIUM', counts.medium, inputs.budgets.MEDIUM),
        row('LOW', counts.low, inputs.budgets.LOW),
        row('Secrets', counts.secrets, inputs.failOnSecrets ? 0 : undefined),
        ['Misconfigurations (in the counts above)', counts.misconfigurations, '—', ''],
    ]);
    const notCounted = [
        result.belowThreshold ? `${result.belowThreshold} below ${inputs.severityThreshold}` : '',
        result.unfixedSkipped ? `${result.unfixedSkipped} without a fix (ignore-unfixed)` : '',
        result.ignored.length ? `${result.ignored.length} ignored` : '',
        result.suppressedByVex.length ? `${result.suppressedByVex.length} not affected (VEX)` : '',
    ].filter(Boolean);
    if (result.existingSkipped)
        notCounted.push(`${result.existingSkipped} already in the baseline (fail-on new)`);
    if (notCounted.length)
        summary.paragraph(`Not counted: ${notCounted.join(' · ')}.`);
    const exploitability = exploitabilityLine(inputs, result);
    if (exploitability)
        summary.paragraph(exploitability);
    if (result.counted.length) {
        const kev = inputs.kevSource !== undefined;
        const epss = inputs.epssSource !== undefined;
        summary.heading('Fix first', 3);
        summary.table([
            'Severity',
            ...(kev ? ['KEV'] : []),
            ...(epss ? ['EPSS'] : []),
            'ID',
            'Where',
            'Installed',
            'Fixed in',
            'Title',
        ], result.counted
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
            plain(f.pkgName ? `${f.pkgName} (${f.target})` : `${f.target}${f.startLine ? `:${f.startLine}` : ''}`),
            plain(f.installedVersion),
            f.kind === 'vulnerability' ? plain(f.fixedVersion ?? 'no fix yet') : '',
            plain(f.title),
        ]));
        if (result.counted.length > TOP_FINDINGS) {
            summary.paragraph(`…and ${result.counted.length - TOP_FINDINGS} more in the report.`);
        }
    }
    if (result.licenses && inputs.licenses)
        licenseSection(summary, result.licenses, inputs.licenses);
    if (result.change)
        changeSection(summary, result.change);
    if (result.expiredIgnores.length) {
        summary.heading('Expired ignore entries (no longer ignoring)', 3);
        summary.table(['ID', 'Expired', 'Statement'], result.expiredIgnores.map((entry) => [plain(entry.id), entry.expiredAt, plain(entry.statement)]));
    }
    const ignoredLicenses = result.licenses?.ignored ?? [];
    if (result.ignored.length || result.suppressedByVex.length || ignoredLicenses.length) {
        summary.heading('Ignored', 3);
        summary.table(['ID', 'Where', 'Why', 'Until'], [
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
        ]);
    }
    for (const score of result.compliance) {
        const value = score.score === undefined ? 'n/a' : `${(score.score * 100).toFixed(0)}%`;
        summary.heading(`Compliance ${score.framework}: ${value} (${score.passed}/${score.evaluated}, minimum ${(inputs.minComplianceScore * 100).toFixed(0)}%)`, 3);
        summary.details(score.title, new SummaryBuilder()
            .table(['Control', 'Name', 'Status', 'Evidence'], score.controls.map((c) => [
            plain(c.id),
            plain(c.name),
            c.status === 'pass' ? '✅ pass' : c.status === 'fail' ? '❌ fail' : '— not evaluated',
            c.detail,
        ]))
            .toMarkdown());
    }
    return summary;
}
/** The summary of an image refused before its scan: its signature did not verify. */
function unverifiedSummary(inputs, reason) {
    const { key, certificateIdentity, certificateOidcIssuer } = inputs.signer;
    const signer = key ? 'the given key' : `${certificateIdentity} (${certificateOidcIssuer})`;
    return new SummaryBuilder()
        .heading('❌ Security gate: FAIL')
        .paragraph(`Subject: \`${inputs.scanRef}\` · signer ${signer}`)
        .list([`**${plain(reason)}**`])
        .paragraph('The image was not scanned: an image whose signature does not verify is refused before anything else.');
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/gate/run.js
// security-gate: inputs → verify signature → scan (or read a report) → evaluate → outputs,
// SARIF and summary. Fails closed: anything that prevents a judgment is a failed gate.




















/**
 * An image whose signature does not verify is refused before it is scanned (enforce mode): nothing
 * from an unknown signer is pulled, and the refusal names the signature, not whatever the scan of
 * an image from elsewhere would have tripped on first.
 */
class UnverifiedImageError extends Error {
    reason;
    constructor(reason) {
        super(reason);
        this.reason = reason;
        this.name = 'UnverifiedImageError';
    }
}
/** What a scan-ref names, for comparing it with a report's ArtifactName. */
function artifactKey(name) {
    try {
        const image = (0,reference/* parseImageReference */.o_)(name);
        return `${image.registry}/${image.repository}${image.tag ? `:${image.tag}` : ''}${image.digest ? `@${image.digest}` : ''}`;
    }
    catch {
        return (0,external_node_path_.resolve)(name);
    }
}
/** A report given beside a scan-ref must be a report of that artifact: it is what gets judged. */
function requireReportOf(report, source, scanRef) {
    const named = report.ArtifactName;
    if (artifactKey(named) === artifactKey(scanRef))
        return;
    // An image report by tag also covers the scan-ref naming its digest.
    const digest = reference/* BY_DIGEST */.t0.exec(scanRef)?.[1];
    if (digest && report.Metadata?.RepoDigests?.some((repoDigest) => repoDigest.endsWith(`@${digest}`)))
        return;
    throw new errors/* ConfigurationError */.j1(`report '${source}' is a report of ${(0,inputs/* quote */.hD)(named)}, not of scan-ref ${(0,inputs/* quote */.hD)(scanRef)}: it cannot judge that`);
}
async function obtainReport(inputs, reportPath) {
    if (inputs.reportFile) {
        runner/* info */.pq(`Judging the existing report ${inputs.reportFile}`);
        const report = readTrivyReport(inputs.reportFile);
        if (inputs.scanRef)
            requireReportOf(report, inputs.reportFile, inputs.scanRef);
        // Compliance scores only what the report itself shows was scanned, whatever `scanners` says.
        // report-path names the file judged, not a copy of what may be hundreds of MB.
        return {
            report,
            judgedPath: (0,external_node_path_.resolve)(inputs.reportFile),
            scannersFrom: 'report',
            scanners: (0,policy_findings/* scannersEvidentIn */.UK)(report),
        };
    }
    const trivy = await (0,installer/* installTool */.Gn)((0,versions/* trivySpec */.aA)(inputs.trivyVersion), { mirror: inputs.toolsMirror });
    const scan = {
        scanType: inputs.scanType,
        target: inputs.scanRef,
        scanners: inputs.scanners,
        outputPath: reportPath,
        cacheDir: inputs.cacheDir ?? (0,shared_trivy/* defaultTrivyCacheDir */.xd)(),
        dbRepository: inputs.dbRepository,
        insecureRegistry: inputs.insecureRegistry,
    };
    const cached = inputs.cacheDb && (0,shared_trivy/* scanUsesDb */.sw)(scan) ? await restoreDb(scan.cacheDir) : undefined;
    const { db } = await (0,shared_trivy/* runTrivyScan */.Pc)(trivy, scan);
    // Saved only once the scan succeeded with it.
    if (db && cached)
        db.cache = await saveDb(scan.cacheDir, cached);
    const report = readTrivyReport(reportPath);
    return { report, judgedPath: reportPath, trivy, db, scannersFrom: 'scan', scanners: inputs.scanners };
}
async function trivySpecScores(inputs, trivy) {
    const specIds = inputs.compliance.filter((id) => !(id in policy_compliance/* FRAMEWORKS */.i));
    if (!specIds.length)
        return [];
    if (!trivy) {
        throw new errors/* ConfigurationError */.j1(`input 'compliance': trivy spec ${specIds.join(', ')} needs a scan (scan-ref), not an existing report; use CIS, NIST or SOC2 with 'report'`);
    }
    const scores = [];
    for (const spec of specIds) {
        const summary = await (0,shared_trivy/* runTrivyCompliance */.jL)(trivy, {
            scanType: inputs.scanType,
            target: inputs.scanRef,
            scanners: inputs.scanners,
            outputPath: (0,external_node_path_.join)(inputs.workDir, `compliance-${spec.replace(/[^a-z0-9.-]/gi, '_')}.json`),
            cacheDir: inputs.cacheDir,
            dbRepository: inputs.dbRepository,
            insecureRegistry: inputs.insecureRegistry,
            compliance: spec,
        });
        scores.push((0,policy_compliance/* scoreTrivySpecSummary */.Qh)(summary, spec));
    }
    return scores;
}
/** cosign for one gate run, found or installed once however many of its steps need it. */
const cosignInstalls = new WeakMap();
function cosignFor(inputs) {
    let install = cosignInstalls.get(inputs);
    if (!install) {
        install = (0,installer/* installTool */.Gn)((0,versions/* cosignSpec */.Pj)(inputs.cosignVersion), { mirror: inputs.toolsMirror });
        cosignInstalls.set(inputs, install);
    }
    return install;
}
/**
 * The gate's signer identity as cosign takes it, for the image's signature and the baseline
 * image's attestation alike: a public key given as PEM content is a 0600 file while `use` runs.
 */
async function withSignerIdentity(inputs, use) {
    let key = inputs.signer.key;
    let keyFile;
    if (key?.includes('-----BEGIN')) {
        // One at a time: the signature check and the baseline's attestation run one after the other.
        keyFile = (0,external_node_path_.join)(inputs.workDir, 'cosign.pub');
        (0,external_node_fs_.writeFileSync)(keyFile, `${key.trim()}\n`, { mode: 0o600 });
        key = keyFile;
    }
    try {
        return await use({
            ...inputs.signer,
            key,
            ignoreTlog: inputs.ignoreTlog,
            insecureRegistry: inputs.insecureRegistry,
        });
    }
    finally {
        if (keyFile)
            (0,external_node_fs_.rmSync)(keyFile, { force: true });
    }
}
async function signatureCheck(inputs) {
    if (!inputs.verifySignature)
        return undefined;
    const cosign = await cosignFor(inputs);
    return withSignerIdentity(inputs, (identity) => (0,shared_cosign/* verifySignature */.Od)(cosign, { ...identity, image: inputs.scanRef }));
}
/** The whole gate without touching outputs: what the action and the tests share. */
async function securityGate(inputs) {
    (0,external_node_fs_.mkdirSync)(inputs.workDir, { recursive: true });
    // Read first: a catalog that is not one stops the gate before anything is scanned.
    const exploitability = await exploitabilityPolicy(inputs);
    const baseline = await baselinePolicy(inputs);
    const signature = await signatureCheck(inputs);
    if (signature && !signature.verified && inputs.mode !== 'report') {
        throw new UnverifiedImageError(`image signature not verified: ${signature.detail}`);
    }
    const scanStartedAt = new Date();
    const { report, judgedPath, trivy, db, scanners, scannersFrom } = await obtainReport(inputs, (0,external_node_path_.join)(inputs.workDir, 'trivy-report.json'));
    const scanFinishedAt = new Date();
    const specScores = await trivySpecScores(inputs, trivy);
    const result = evaluate(report, {
        severityThreshold: inputs.severityThreshold,
        budgets: inputs.budgets,
        ignoreUnfixed: inputs.ignoreUnfixed,
        failOnSecrets: inputs.failOnSecrets,
        ignore: inputs.ignore,
        vex: inputs.vex,
        compliance: inputs.compliance
            .filter((id) => id in policy_compliance/* FRAMEWORKS */.i)
            .map((id) => policy_compliance/* FRAMEWORKS */.i[id]),
        trivySpecScores: specScores,
        minComplianceScore: inputs.minComplianceScore,
        scanners: new Set(scanners),
        scannersFrom,
        signature,
        exploitability,
        baseline,
        licenses: inputs.licenses,
    });
    if (inputs.attest) {
        const cosign = await cosignFor(inputs);
        runner/* info */.pq(`Attesting the scan to ${inputs.scanRef} (cosign vulnerability attestation)`);
        await attestScan(cosign, {
            imageByDigest: inputs.scanRef,
            key: inputs.attestKey,
            password: inputs.attestKeyPassword,
            tlogUpload: inputs.tlogUpload,
            insecureRegistry: inputs.insecureRegistry,
            workDir: inputs.workDir,
        }, vulnPredicate((0,external_node_fs_.readFileSync)(judgedPath, 'utf8'), inputs.trivyVersion, scanStartedAt, scanFinishedAt));
    }
    let sarifPath;
    if (inputs.sarifPath) {
        const sarif = toSarif(result.counted, { toolVersion: inputs.trivyVersion });
        // `sarif: reports/trivy.sarif` names a file in a folder that may not exist yet.
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(inputs.sarifPath), { recursive: true });
        (0,external_node_fs_.writeFileSync)(inputs.sarifPath, sarif.bytes);
        sarifPath = inputs.sarifPath;
        if (sarif.dropped)
            runner/* warning */.$e(`SARIF truncated: ${sarif.dropped} of ${sarif.results + sarif.dropped} results left out (GitHub limits)`);
    }
    for (const entry of result.expiredIgnores) {
        runner/* warning */.$e(`ignore entry ${entry.id} expired on ${entry.expiredAt}: it no longer ignores anything${entry.statement ? ` (${entry.statement})` : ''}`);
    }
    return { inputs, result, reportPath: judgedPath, sarifPath, db };
}
async function baselinePolicy(inputs) {
    if (inputs.baselineImage) {
        const cosign = await cosignFor(inputs);
        const image = inputs.baselineImage;
        const report = await withSignerIdentity(inputs, (identity) => attestedBaseline(cosign, image, identity));
        return {
            report,
            source: `the vulnerability attestation of ${inputs.baselineImage}`,
            failOn: inputs.failOn,
        };
    }
    if (!inputs.baselineFile)
        return undefined;
    try {
        return {
            report: readTrivyReport(inputs.baselineFile),
            source: inputs.baselineFile,
            failOn: inputs.failOn,
        };
    }
    catch (error) {
        if (error instanceof errors/* ConfigurationError */.j1)
            throw new errors/* ConfigurationError */.j1(`input 'baseline': ${error.message}`);
        throw error;
    }
}
async function exploitabilityPolicy(inputs) {
    if (!inputs.kevSource && !inputs.epssSource)
        return undefined;
    const policy = { maxKev: inputs.maxKev, epssThreshold: inputs.epssThreshold };
    if (inputs.kevSource) {
        const { data, source } = await (0,sources/* readExploitabilitySource */.b)('kev', inputs.kevSource);
        policy.kev = parseKevCatalog(data.toString('utf8'), source);
        runner/* info */.pq(`CISA KEV catalog ${policy.kev.catalogVersion}: ${policy.kev.entries.size} vulnerabilities`);
    }
    if (inputs.epssSource) {
        const { data, source } = await (0,sources/* readExploitabilitySource */.b)('epss', inputs.epssSource);
        policy.epss = parseEpssCsv(data, source);
        runner/* info */.pq(`EPSS scores${policy.epss.scoreDate ? ` of ${policy.epss.scoreDate}` : ''}: ${policy.epss.scores.size} CVEs`);
    }
    return policy;
}
function setCountOutputs(result) {
    for (const [name, value] of Object.entries(result.counts))
        runner/* setOutput */.uH(name, value);
    runner/* setOutput */.uH('kev', result.exploitability?.kev?.toString() ?? '');
    runner/* setOutput */.uH('license-violations', result.licenses?.violations.length.toString() ?? '');
    runner/* setOutput */.uH('new-findings', result.change?.introduced.length.toString() ?? '');
    runner/* setOutput */.uH('fixed-findings', result.change?.fixed.length.toString() ?? '');
    runner/* setOutput */.uH('epss-max', result.exploitability?.epssMax?.toString() ?? '');
    const scores = result.compliance
        .map((score) => score.score)
        .filter((score) => score !== undefined);
    runner/* setOutput */.uH('compliance-score', scores.length ? Math.min(...scores).toFixed(2) : '');
}
/** The gate once its inputs are checked (shared/gate/main.ts checks them first). */
async function gateStep(inputs) {
    {
        let outcome;
        try {
            outcome = await securityGate(inputs);
        }
        catch (error) {
            if (error instanceof errors/* ConfigurationError */.j1)
                throw error;
            if (error instanceof UnverifiedImageError) {
                runner/* setOutput */.uH('verdict', 'fail');
                runner/* setOutput */.uH('reasons', JSON.stringify([error.reason]));
                await unverifiedSummary(inputs, error.reason).write();
                runner/* setFailed */.C1(`security gate failed: ${error.reason} (the image was not scanned)`);
                return;
            }
            // A crash, an unreachable DB, a broken tool: no judgment was possible, so the gate fails.
            const reason = `no verdict could be reached: ${(0,errors/* errorMessage */.gJ)(error)}`;
            runner/* setOutput */.uH('verdict', 'fail');
            runner/* setOutput */.uH('reasons', JSON.stringify([reason]));
            if (inputs.mode === 'report') {
                runner/* warning */.$e(reason);
                return;
            }
            throw error;
        }
        const { result } = outcome;
        runner/* setOutput */.uH('verdict', result.verdict);
        setCountOutputs(result);
        runner/* setOutput */.uH('report-path', outcome.reportPath);
        runner/* setOutput */.uH('sarif-path', outcome.sarifPath ?? '');
        runner/* setOutput */.uH('reasons', JSON.stringify(result.reasons));
        await gateSummary(inputs, result, inputs.reportFile ?? inputs.scanRef, outcome.db).write();
        if (result.verdict === 'fail') {
            const message = `security gate failed: ${result.reasons.join('; ')}`;
            if (inputs.mode === 'report')
                runner/* warning */.$e(message);
            else
                runner/* setFailed */.C1(message);
        }
        else {
            runner/* info */.pq(`security gate passed (${result.counted.length} finding(s) within budget)`);
        }
    }
}


/***/ })

};
;