"use strict";
exports.id = 81;
exports.ids = [81,586];
exports.modules = {

/***/ 70:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DS: () => (/* binding */ AVD_LINK),
/* harmony export */   F3: () => (/* binding */ collectFindings),
/* harmony export */   P8: () => (/* binding */ misconfigurationFinding),
/* harmony export */   PJ: () => (/* binding */ keepCollectedFindings),
/* harmony export */   RR: () => (/* binding */ isAvdUrl),
/* harmony export */   UK: () => (/* binding */ scannersEvidentIn),
/* harmony export */   Yy: () => (/* binding */ fixFirst),
/* harmony export */   af: () => (/* binding */ canonicalCheckId),
/* harmony export */   bM: () => (/* binding */ findingUrl),
/* harmony export */   lB: () => (/* binding */ fixFirstOrdered),
/* harmony export */   yf: () => (/* binding */ secretFinding)
/* harmony export */ });
/* unused harmony exports vulnerabilityFinding, isFixable */
/* harmony import */ var _severity_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8844);
// One flat list of findings from a trivy report, whatever the scanner that found them.

/** trivy has printed check ids as DS002, AVD-DS-0002 and DS-0002; all mean DS-0002. */
function canonicalCheckId(id) {
    const match = /^(?:AVD-)?([A-Z]+(?:-[A-Z]+)*)-?(\d+)$/i.exec(id.trim());
    if (!match)
        return id.trim().toUpperCase();
    return `${match[1].toUpperCase()}-${match[2].padStart(4, '0')}`;
}
/**
 * A report read from a file keeps its findings, not trivy's raw lists (a report can be larger
 * than one string can hold): the reader collects them as it reads and leaves them here.
 */
const collectedAsRead = new WeakMap();
function keepCollectedFindings(report, findings) {
    collectedAsRead.set(report, findings);
}
/** trivy links most vulnerabilities to `https://avd.aquasec.com/nvd/<id in lower case>`. */
const AVD = 'https://avd.aquasec.com/nvd/';
/** The same, for a reader that tells the usual link from its bytes (see isAvdUrl). */
const AVD_LINK = AVD;
function isAvdUrl(url, id) {
    if (url.length !== AVD.length + id.length || !url.startsWith(AVD))
        return false;
    for (let at = 0; at < id.length; at++) {
        const code = id.charCodeAt(at);
        const lower = code >= 65 && code <= 90 ? code + 32 : code;
        if (url.charCodeAt(AVD.length + at) !== lower)
            return false;
    }
    return true;
}
/** A finding's link, wherever it is kept. */
function findingUrl(finding) {
    return finding.avd ? AVD + finding.id.toLowerCase() : finding.url;
}
function vulnerabilityFinding(vuln, target) {
    // A million findings would keep a million copies of the usual link: it is rebuilt when shown.
    const avd = typeof vuln.PrimaryURL === 'string' &&
        typeof vuln.VulnerabilityID === 'string' &&
        isAvdUrl(vuln.PrimaryURL, vuln.VulnerabilityID);
    return {
        kind: 'vulnerability',
        id: vuln.VulnerabilityID,
        severity: (0,_severity_js__WEBPACK_IMPORTED_MODULE_0__/* .toSeverity */ .T_)(vuln.Severity),
        target,
        title: vuln.Title || vuln.VulnerabilityID,
        url: avd ? undefined : vuln.PrimaryURL,
        avd: avd || undefined,
        pkgName: vuln.PkgName,
        installedVersion: vuln.InstalledVersion,
        fixedVersion: vuln.FixedVersion || undefined,
        pkgPath: vuln.PkgPath,
        purl: vuln.PkgIdentifier?.PURL,
    };
}
function misconfigurationFinding(misconfig, target, configType) {
    return {
        kind: 'misconfiguration',
        id: canonicalCheckId(misconfig.AVDID || misconfig.ID),
        severity: (0,_severity_js__WEBPACK_IMPORTED_MODULE_0__/* .toSeverity */ .T_)(misconfig.Severity),
        target,
        title: misconfig.Title || misconfig.ID,
        url: misconfig.PrimaryURL,
        configType,
        // Only what trivy says passed (or was excepted by policy) passes: no status is no pass.
        passed: misconfig.Status === 'PASS' || misconfig.Status === 'EXCEPTION',
        startLine: misconfig.CauseMetadata?.StartLine,
    };
}
function secretFinding(secret, target) {
    return {
        kind: 'secret',
        id: secret.RuleID,
        severity: (0,_severity_js__WEBPACK_IMPORTED_MODULE_0__/* .toSeverity */ .T_)(secret.Severity),
        target,
        title: secret.Title || secret.RuleID,
        startLine: secret.StartLine,
    };
}
function collectFindings(report) {
    const collected = collectedAsRead.get(report);
    if (collected)
        return collected;
    const findings = [];
    for (const result of report.Results ?? []) {
        const target = result.Target;
        for (const vuln of result.Vulnerabilities ?? [])
            findings.push(vulnerabilityFinding(vuln, target));
        for (const misconfig of result.Misconfigurations ?? [])
            findings.push(misconfigurationFinding(misconfig, target, result.Type));
        for (const secret of result.Secrets ?? [])
            findings.push(secretFinding(secret, target));
    }
    return findings;
}
/** Fix first: known exploited (KEV), then by severity, then the likelier to be exploited (EPSS). */
function fixFirst(a, b) {
    return (Number(Boolean(b.kev)) - Number(Boolean(a.kev)) ||
        (0,_severity_js__WEBPACK_IMPORTED_MODULE_0__/* .severityRank */ .qs)(b.severity) - (0,_severity_js__WEBPACK_IMPORTED_MODULE_0__/* .severityRank */ .qs)(a.severity) ||
        (b.epss?.score ?? 0) - (a.epss?.score ?? 0));
}
/** Keys per KEV flag in fixFirstOrdered: trivy's severities, and a last one for anything else. */
const SEVERITY_KEYS = _severity_js__WEBPACK_IMPORTED_MODULE_0__/* .SEVERITIES */ .oC.length + 1;
/**
 * The findings in fix-first order: what a stable sort by fixFirst gives, in linear time when no
 * finding has an EPSS score (a gate may count a million, all in one of twelve KEV × severity
 * groups): counted per group, then each put in its place.
 */
function fixFirstOrdered(findings) {
    if (findings.some((finding) => finding.epss))
        return [...findings].sort(fixFirst);
    const groupStart = new Array(2 * SEVERITY_KEYS).fill(0);
    const groups = new Uint8Array(findings.length);
    for (let at = 0; at < findings.length; at++) {
        const finding = findings[at];
        // Known exploited first, then CRITICAL (rank 4) … UNKNOWN (0), then any other (-1).
        const group = (finding.kev ? 0 : SEVERITY_KEYS) + (_severity_js__WEBPACK_IMPORTED_MODULE_0__/* .SEVERITIES */ .oC.length - 1 - (0,_severity_js__WEBPACK_IMPORTED_MODULE_0__/* .severityRank */ .qs)(finding.severity));
        groups[at] = group;
        groupStart[group]++;
    }
    let start = 0;
    for (let group = 0; group < groupStart.length; group++) {
        const size = groupStart[group];
        groupStart[group] = start;
        start += size;
    }
    const ordered = new Array(findings.length);
    for (let at = 0; at < findings.length; at++)
        ordered[groupStart[groups[at]]++] = findings[at];
    return ordered;
}
function isFixable(finding) {
    return finding.kind === 'vulnerability' && Boolean(finding.fixedVersion);
}
/**
 * The scanners a report shows ran, read from its results' classes, for a report the gate did not
 * produce: os-pkgs / lang-pkgs results come from package scanning (vuln), config from misconfig,
 * secret and license from theirs. Only what leaves a trace counts: trivy writes a secret result
 * only for a file with a secret, so a clean secret scan cannot be told from none; and package
 * results that list packages but no vulnerability anywhere may be an SBOM listing, not a scan.
 */
function scannersEvidentIn(report) {
    const results = report.Results ?? [];
    const classes = new Set(results.map((result) => result.Class));
    const packageResults = results.filter((r) => r.Class === 'os-pkgs' || r.Class === 'lang-pkgs');
    const anyVulnerability = collectFindings(report).some((finding) => finding.kind === 'vulnerability');
    const onlyListings = packageResults.every((r) => Array.isArray(r.Packages));
    const evident = [];
    if (packageResults.length && (anyVulnerability || !onlyListings))
        evident.push('vuln');
    if (classes.has('secret'))
        evident.push('secret');
    if (classes.has('config'))
        evident.push('misconfig');
    if (classes.has('license') || classes.has('license-file'))
        evident.push('license');
    return evident;
}


/***/ }),

/***/ 6586:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  IgnoreMatcher: () => (/* binding */ IgnoreMatcher),
  parseIgnoreFile: () => (/* binding */ parseIgnoreFile),
  purlMatches: () => (/* binding */ purlMatches),
  readIgnoreFile: () => (/* binding */ readIgnoreFile)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
// EXTERNAL MODULE: ./build/bundle-input/shared/errors.js
var errors = __webpack_require__(3796);
// EXTERNAL MODULE: ./build/bundle-input/shared/inputs.js
var inputs = __webpack_require__(4022);
;// CONCATENATED MODULE: ./build/bundle-input/shared/yaml.js
// YAML, loaded on first use: js-yaml builds its schemas when its module is evaluated (about 8 ms,
// a tenth of a bare `node` start), and most runs of most actions read no YAML at all. ncc puts
// it in its own chunk, loaded by the first call here.
let jsYaml;
function library() {
    jsYaml ??= __webpack_require__.e(/* import() */ 243).then(__webpack_require__.bind(__webpack_require__, 3243));
    return jsYaml;
}
/** One YAML document (js-yaml's default schema); throws js-yaml's error on bad YAML. */
async function loadYaml(text) {
    return (await library()).load(text);
}
/** Every document of a multi-document YAML stream. */
async function loadAllYaml(text) {
    return (await library()).loadAll(text);
}

// EXTERNAL MODULE: ./build/bundle-input/shared/policy/findings.js
var findings = __webpack_require__(70);
;// CONCATENATED MODULE: ./build/bundle-input/shared/policy/ignore.js
// trivy's `.trivyignore.yaml`, applied by the gate itself so that a scan and a report given as
// `report` are judged the same, and so that ignored and expired entries can be reported.






const SECTIONS = {
    vulnerabilities: 'vulnerability',
    misconfigurations: 'misconfiguration',
    secrets: 'secret',
    licenses: 'license',
};
function toDate(value, where) {
    if (value === undefined || value === null || value === '')
        return undefined;
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) {
        throw new errors/* ConfigurationError */.j1(`ignore file: ${where}: expired_at '${String(value)}' is not a date (YYYY-MM-DD)`);
    }
    return date;
}
/** The keys of an entry in trivy's .trivyignore.yaml. */
const ENTRY_KEYS = ['id', 'paths', 'purls', 'expired_at', 'statement'];
async function parseIgnoreFile(text, source, now) {
    let document;
    try {
        document = await loadYaml(text);
    }
    catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new errors/* ConfigurationError */.j1(`ignore-file '${source}' is not valid YAML (${reason})`);
    }
    const rules = { active: [], expired: [] };
    if (document === undefined || document === null)
        return rules;
    if (typeof document !== 'object' || Array.isArray(document)) {
        throw new errors/* ConfigurationError */.j1(`ignore-file '${source}': expected a mapping with vulnerabilities, misconfigurations, secrets, licenses`);
    }
    for (const [section, entries] of Object.entries(document)) {
        const kind = Object.hasOwn(SECTIONS, section) ? SECTIONS[section] : undefined;
        if (!kind) {
            throw new errors/* ConfigurationError */.j1(`ignore-file '${source}': unknown section '${section}' (expected vulnerabilities, misconfigurations, secrets, licenses)`);
        }
        if (!Array.isArray(entries))
            throw new errors/* ConfigurationError */.j1(`ignore-file '${source}': '${section}' must be a list`);
        entries.forEach((raw, index) => {
            const where = `${section}[${index}]`;
            const entry = raw;
            if (!entry || typeof entry.id !== 'string' || !entry.id) {
                throw new errors/* ConfigurationError */.j1(`ignore-file '${source}': ${where} has no id`);
            }
            // A misspelt key (`expires_at`) would leave an entry ignoring for ever: refused, not skipped.
            const unknown = Object.keys(entry).find((key) => !ENTRY_KEYS.includes(key));
            if (unknown !== undefined)
                throw new errors/* ConfigurationError */.j1(`ignore-file '${source}': ${where}: unknown key '${unknown}' (expected ${ENTRY_KEYS.join(', ')})`);
            const paths = (entry.paths ?? []);
            const purls = (entry.purls ?? []);
            const strings = (list) => Array.isArray(list) && list.every((item) => typeof item === 'string');
            if (!strings(paths) || !strings(purls)) {
                throw new errors/* ConfigurationError */.j1(`ignore-file '${source}': ${where}: paths and purls must be lists of strings`);
            }
            // trivy matches a licence by its name and file only: purls on one would ignore it everywhere.
            if (kind === 'license' && purls.length)
                throw new errors/* ConfigurationError */.j1(`ignore-file '${source}': ${where}: purls do not apply to a licence (trivy matches one by its name and paths)`);
            if (entry.statement !== undefined && entry.statement !== null && typeof entry.statement !== 'string')
                throw new errors/* ConfigurationError */.j1(`ignore-file '${source}': ${where}: statement must be text`);
            const expiry = toDate(entry.expired_at, where);
            const parsed = {
                kind,
                id: kind === 'misconfiguration' ? (0,findings/* canonicalCheckId */.af)(entry.id) : entry.id,
                paths: paths,
                purls: purls,
                expiredAt: expiry?.toISOString().slice(0, 10),
                statement: typeof entry.statement === 'string' ? entry.statement : undefined,
            };
            // trivy: an entry expires once its time is before now — a date, at its first instant (UTC),
            // so on the day it names it no longer ignores.
            if (expiry && expiry.getTime() < now.getTime())
                rules.expired.push(parsed);
            else
                rules.active.push(parsed);
        });
    }
    return rules;
}
async function readIgnoreFile(path, now) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`input 'ignore-file': got ${(0,inputs/* quote */.hD)(path)}, expected a readable .trivyignore.yaml`);
    }
    return parseIgnoreFile(text, path, now);
}
/** purl match as trivy does it: the entry's fields that are set must equal the package's. */
function purlMatches(pattern, purl) {
    // An entry scoped to a package never applies to a finding that names none.
    if (!purl)
        return false;
    const [patternBase, patternQuery] = pattern.split('?', 2);
    const [base] = purl.split('?', 1);
    if (patternBase.includes('@')) {
        if (patternBase !== base)
            return false;
    }
    else if (patternBase !== base.split('@')[0]) {
        return false;
    }
    if (!patternQuery)
        return true;
    const wanted = new URLSearchParams(patternQuery);
    const actual = new URLSearchParams(purl.split('?')[1] ?? '');
    for (const [key, value] of wanted)
        if (actual.get(key) !== value)
            return false;
    return true;
}
class IgnoreMatcher {
    /** Entries by kind, then id: a lookup per finding allocates nothing (a report may hold millions). */
    byKind = new Map();
    constructor(entries) {
        for (const entry of entries) {
            const byId = this.byKind.get(entry.kind) ?? new Map();
            this.byKind.set(entry.kind, byId);
            const list = byId.get(entry.id) ?? [];
            list.push({ entry, pathMatch: entry.paths.length ? picomatch_default()(entry.paths, { dot: true }) : undefined });
            byId.set(entry.id, list);
        }
    }
    /** The entry that ignores this finding, if any (paths: the result target or the package's file). */
    match(finding) {
        const candidates = this.byKind.get(finding.kind)?.get(finding.id);
        if (!candidates)
            return undefined;
        return firstCovering(candidates, [finding.target, finding.pkgPath], (entry) => finding.kind !== 'vulnerability' ||
            !entry.purls.length ||
            entry.purls.some((p) => purlMatches(p, finding.purl)));
    }
    /** The entry that ignores a licence, as trivy matches one: its name, and paths on its file. */
    matchLicense(name, filePath) {
        const candidates = this.byKind.get('license')?.get(name);
        return candidates && firstCovering(candidates, [filePath]);
    }
}
/** The first entry whose paths cover one of `paths` (an entry without paths covers any) and that `holds`. */
function firstCovering(candidates, paths, holds = () => true) {
    for (const { entry, pathMatch } of candidates) {
        if (pathMatch && !paths.some((path) => path && pathMatch(path)))
            continue;
        if (holds(entry))
            return entry;
    }
    return undefined;
}


/***/ }),

/***/ 6081:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseVex: () => (/* binding */ parseVex),
/* harmony export */   readVex: () => (/* binding */ readVex),
/* harmony export */   vexSuppression: () => (/* binding */ vexSuppression)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3796);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4022);
/* harmony import */ var _ignore_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6586);
// VEX statements (OpenVEX or CycloneDX VEX) that say a vulnerability does not affect a package:
// such findings are suppressed and listed, never silently dropped.




const SUPPRESSING = new Set(['not_affected', 'fixed', 'false_positive', 'resolved']);
function asArray(value) {
    return Array.isArray(value) ? value : [];
}
function idOf(value) {
    if (typeof value === 'string')
        return value;
    if (value && typeof value === 'object') {
        const record = value;
        const id = record['@id'] ?? record.name ?? record.ref;
        return typeof id === 'string' ? id : undefined;
    }
    return undefined;
}
/**
 * An OpenVEX statement's vulnerability: its `name` is the id a finding carries (CVE-…); its `@id`
 * is an IRI (often an advisory link), matched only when there is no name.
 */
function vulnerabilityIdOf(value) {
    const name = value?.name;
    return typeof name === 'string' && name ? name : idOf(value);
}
/**
 * An OpenVEX product or subcomponent as purls to match: its @id, and its identifiers' purl (a
 * component may name its package there only, or give an IRI as @id).
 */
function componentIds(value) {
    const ids = [];
    const id = idOf(value);
    if (id)
        ids.push(id);
    const purl = value?.identifiers?.purl;
    if (typeof purl === 'string' && purl && purl !== id)
        ids.push(purl);
    return ids;
}
function parseVex(text, source) {
    let document;
    try {
        document = JSON.parse(text);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`input 'vex': '${source}' is not valid JSON (expected an OpenVEX or CycloneDX VEX document)`);
    }
    // JSON null (or any non-object) is valid JSON: refused here, not as a TypeError further on.
    if (typeof document !== 'object' || document === null)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`input 'vex': '${source}' is neither an OpenVEX nor a CycloneDX VEX document`);
    if (Array.isArray(document.statements)) {
        return document.statements.map((raw, index) => {
            const statement = (raw ?? {});
            const vulnerability = vulnerabilityIdOf(statement.vulnerability);
            if (!vulnerability || typeof statement.status !== 'string') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`input 'vex': '${source}' statements[${index}] needs a vulnerability and a status`);
            }
            const products = [];
            for (const product of asArray(statement.products)) {
                products.push(...componentIds(product));
                for (const sub of asArray(product?.subcomponents))
                    products.push(...componentIds(sub));
            }
            if (!products.length)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`input 'vex': '${source}' statements[${index}] (${vulnerability}) names no products: a statement must say what it is about`);
            return {
                vulnerability,
                products,
                status: statement.status,
                justification: statement.justification,
            };
        });
    }
    if (document.bomFormat === 'CycloneDX' && Array.isArray(document.vulnerabilities)) {
        const refs = new Map();
        for (const component of asArray(document.components)) {
            const record = component;
            if (typeof record['bom-ref'] === 'string' && typeof record.purl === 'string')
                refs.set(record['bom-ref'], record.purl);
        }
        return document.vulnerabilities.map((raw, index) => {
            const vuln = (raw ?? {});
            const analysis = (vuln.analysis ?? {});
            const products = asArray(vuln.affects)
                .map((affect) => idOf(affect))
                .filter((ref) => Boolean(ref))
                .map((ref) => refs.get(ref) ?? ref);
            if (!products.length)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`input 'vex': '${source}' vulnerabilities[${index}] (${String(vuln.id)}) affects nothing: a statement must say what it is about`);
            return {
                vulnerability: String(vuln.id),
                products,
                status: String(analysis.state ?? ''),
                justification: analysis.justification,
            };
        });
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`input 'vex': '${source}' is neither an OpenVEX nor a CycloneDX VEX document`);
}
function readVex(path) {
    let text;
    try {
        text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8');
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`input 'vex': got ${(0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(path)}, expected a readable VEX document`);
    }
    return parseVex(text, path);
}
/** The statement that suppresses this vulnerability finding, if any. */
function vexSuppression(statements, finding) {
    if (finding.kind !== 'vulnerability')
        return undefined;
    return statements.find((statement) => statement.vulnerability === finding.id &&
        SUPPRESSING.has(statement.status) &&
        statement.products.some((product) => (0,_ignore_js__WEBPACK_IMPORTED_MODULE_3__.purlMatches)(product, finding.purl)));
}


/***/ })

};
;