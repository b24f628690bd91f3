"use strict";
exports.id = 665;
exports.ids = [665];
exports.modules = {

/***/ 2665:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  attestVerification: () => (/* binding */ attestVerification)
});

// UNUSED EXPORTS: verificationChecks

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle-input/shared/errors.js
var errors = __webpack_require__(3796);
// EXTERNAL MODULE: ./build/bundle-input/shared/inputs.js
var inputs = __webpack_require__(4022);
// EXTERNAL MODULE: ./build/bundle-input/shared/release/reference.js
var reference = __webpack_require__(3728);
// EXTERNAL MODULE: ./build/bundle-input/shared/log.js
var log = __webpack_require__(5597);
// EXTERNAL MODULE: ./build/bundle-input/shared/runner.js
var runner = __webpack_require__(2421);
;// CONCATENATED MODULE: ./build/bundle-input/shared/tools/exec.js
// The one way the actions run a tool: an argv array (never a shell), a timeout, captured output,
// secrets masked everywhere they could show, and a failure that quotes the tool's own stderr.



const KEEP_BYTES = 4 * 1024 * 1024;
function redact(text, secrets) {
    let out = text;
    for (const secret of secrets)
        if (secret)
            out = out.split(secret).join('***');
    return out;
}
/** The last meaningful lines of a tool's stderr, for an error message. */
function stderrTail(stderr, lines = 6) {
    const meaningful = stderr
        .split('\n')
        .map((line) => line.trimEnd())
        .filter((line) => line.trim() !== '');
    return meaningful.slice(-lines).join('\n');
}
async function exec_execTool(tool, args, options = {}) {
    const secrets = (options.secrets ?? []).filter(Boolean);
    for (const secret of secrets)
        runner/* setSecret */.Pq(secret);
    const timeoutMs = options.timeoutMs ?? 600_000;
    const okExitCodes = options.okExitCodes ?? [0];
    const name = tool.split('/').pop() ?? tool;
    runner/* info */.pq((0,log/* logSafe */.s)(`$ ${redact([name, ...args].join(' '), secrets)}`));
    const env = { ...process.env };
    for (const [key, value] of Object.entries(options.env ?? {})) {
        if (value === undefined)
            delete env[key];
        else
            env[key] = value;
    }
    const started = Date.now();
    return await new Promise((resolve, reject) => {
        const child = process
            .getBuiltinModule('node:child_process')
            .spawn(tool, args, { cwd: options.cwd, env, shell: false, stdio: ['pipe', 'pipe', 'pipe'] });
        const stdout = [];
        let stdoutBytes = 0;
        let stderr = '';
        let pendingLine = '';
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
        }, timeoutMs);
        child.stdout.on('data', (chunk) => {
            stdout.push(chunk);
            stdoutBytes += chunk.length;
        });
        child.stderr.on('data', (chunk) => {
            const text = chunk.toString('utf8');
            stderr += text;
            if (stderr.length > KEEP_BYTES)
                stderr = stderr.slice(-KEEP_BYTES);
            if (options.streamStderr) {
                const lines = (pendingLine + text).split('\n');
                pendingLine = lines.pop() ?? '';
                for (const line of lines)
                    if (line.trim())
                        runner/* info */.pq((0,log/* logSafe */.s)(redact(line, secrets)));
            }
        });
        child.on('error', (error) => {
            clearTimeout(timer);
            const why = error.code === 'ENOENT' ? 'not found on PATH' : error.message;
            reject(new errors/* ToolError */.v4(`${name}: could not start (${why})`, name, null, ''));
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            if (options.streamStderr && pendingLine.trim())
                runner/* info */.pq((0,log/* logSafe */.s)(redact(pendingLine, secrets)));
            const result = {
                exitCode: code ?? -1,
                stdout: redact(Buffer.concat(stdout, stdoutBytes).toString('utf8'), secrets),
                stderr: redact(stderr, secrets),
                durationMs: Date.now() - started,
            };
            if (timedOut) {
                reject(new errors/* ToolError */.v4(`${name} timed out after ${timeoutMs / 1000}s`, name, null, result.stderr));
            }
            else if (code === null || !okExitCodes.includes(code)) {
                const status = code === null ? `was killed by ${signal}` : `exited with code ${code}`;
                const tail = stderrTail(result.stderr) || stderrTail(result.stdout);
                reject(new errors/* ToolError */.v4(`${name} ${status}${tail ? `: ${tail}` : ''}`, name, code, result.stderr));
            }
            else {
                resolve(result);
            }
        });
        child.stdin.on('error', () => { });
        child.stdin.end(options.input ?? '');
    });
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/cosign.js
// Typed wrapper over the cosign CLI: signature verification for the gate (signing lives with
// build-push).






function listed(value) {
    return Array.isArray(value) ? value.length : 0;
}
/**
 * The trusted root in the file `input` names, checked: a Sigstore trusted root JSON that lists a
 * certificate authority, and a transparency log or a timestamp authority to prove a short-lived
 * certificate was valid when it signed.
 */
function readTrustedRoot(path, input = 'trusted-root') {
    const refuse = (why) => new ConfigurationError(`input '${input}': got ${quote(path)}, ${why}`);
    let parsed;
    try {
        parsed = JSON.parse(readFileSync(path, 'utf8'));
    }
    catch (error) {
        const code = error.code;
        throw refuse(code ? `which cannot be read (${code})` : 'which is not JSON: expected a Sigstore trusted root');
    }
    if (typeof parsed !== 'object' ||
        parsed === null ||
        typeof parsed.mediaType !== 'string' ||
        !parsed.mediaType.startsWith('application/vnd.dev.sigstore.trustedroot'))
        throw refuse('expected a Sigstore trusted root (mediaType application/vnd.dev.sigstore.trustedroot…)');
    const root = {
        path: resolve(path),
        certificateAuthorities: listed(parsed.certificateAuthorities),
        transparencyLogs: listed(parsed.tlogs),
        ctLogs: listed(parsed.ctlogs),
        timestampAuthorities: listed(parsed.timestampAuthorities),
    };
    if (!root.certificateAuthorities)
        throw refuse('which lists no certificate authority (Fulcio)');
    if (!root.transparencyLogs && !root.timestampAuthorities)
        throw refuse("which lists neither a transparency log nor a timestamp authority: a keyless signature's time could not be proven");
    return root;
}
/** The signing config in the file `input` names, checked to be one (cosign reads its services). */
function readSigningConfig(path, input = 'signing-config') {
    let mediaType;
    try {
        mediaType = JSON.parse(readFileSync(path, 'utf8'))?.mediaType;
    }
    catch (error) {
        const code = error.code;
        throw new ConfigurationError(`input '${input}': got ${quote(path)}, ${code ? `which cannot be read (${code})` : 'which is not JSON: expected a Sigstore signing config'}`);
    }
    if (typeof mediaType !== 'string' || !mediaType.startsWith('application/vnd.dev.sigstore.signingconfig'))
        throw new ConfigurationError(`input '${input}': got ${quote(path)}, expected a Sigstore signing config (mediaType application/vnd.dev.sigstore.signingconfig…)`);
}
/** What a private trusted root leaves out, for the log and the summary ("" for a complete one). */
function trustedRootGaps(root) {
    const gaps = [
        root.transparencyLogs ? '' : 'no transparency log (signed timestamps prove the time)',
        root.ctLogs ? '' : 'no certificate transparency log (no SCT checked)',
    ].filter(Boolean);
    return gaps.join('; ');
}
const IMAGE_SIGNER = {
    key: 'cosign-key',
    identity: 'certificate-identity',
    issuer: 'certificate-oidc-issuer',
};
function isRegexp(value) {
    return /[\^$*+?()[\]{}|\\]/.test(value);
}
function validateIdentity(identity, names = IMAGE_SIGNER) {
    const keyless = Boolean(identity.certificateIdentity || identity.certificateOidcIssuer);
    if (identity.key && keyless) {
        throw new ConfigurationError(`inputs '${names.key}' and '${names.identity}' exclude each other: give a key or a keyless identity`);
    }
    if (!identity.key && !keyless) {
        throw new ConfigurationError(`signature verification needs '${names.key}', or '${names.identity}' with '${names.issuer}'`);
    }
    if (keyless && !(identity.certificateIdentity && identity.certificateOidcIssuer)) {
        throw new ConfigurationError(`keyless verification needs both '${names.identity}' and '${names.issuer}'`);
    }
}
/**
 * The signer an action's `cosign-key` / `certificate-identity` / `certificate-oidc-issuer` inputs
 * name, validated; a key path is made absolute. Undefined when none of them is given.
 */
function signatureIdentityInput(inputs, names = IMAGE_SIGNER) {
    let key = inputs.string(names.key) || undefined;
    const identity = {
        certificateIdentity: inputs.string(names.identity) || undefined,
        certificateOidcIssuer: inputs.string(names.issuer) || undefined,
    };
    if (!key && !identity.certificateIdentity && !identity.certificateOidcIssuer)
        return undefined;
    const trustedRoot = inputs.string('trusted-root');
    if (trustedRoot)
        identity.trustedRoot = readTrustedRoot(trustedRoot);
    if (key && !key.includes('-----BEGIN') && !/^[a-z0-9]+:\/\//.test(key)) {
        if (!existsSync(key))
            throw new ConfigurationError(`input '${names.key}': got ${quote(key)}, expected a public key (PEM), a path to one, or a KMS URI`);
        key = resolve(key);
    }
    // A regular expression (cosign's *-regexp flags) must compile: a typo would match nothing, or anything.
    for (const [name, value] of [
        [names.identity, identity.certificateIdentity],
        [names.issuer, identity.certificateOidcIssuer],
    ]) {
        if (!value || !isRegexp(value))
            continue;
        try {
            new RegExp(value);
        }
        catch (error) {
            throw new ConfigurationError(`input '${name}': got ${quote(value)}, expected an exact identity or a regular expression that compiles (${error.message})`);
        }
    }
    const validated = { ...identity, key };
    validateIdentity(validated, names);
    return validated;
}
/** `verify`, or `verify-attestation --type TYPE` for attestations of a predicate type. */
function cosignVerifyArgs(request, attestationType) {
    validateIdentity(request);
    const args = attestationType
        ? ['verify-attestation', '--type', attestationType]
        : ['verify', '--output', 'json'];
    if (request.key) {
        args.push('--key', request.key);
    }
    else {
        const identity = request.certificateIdentity;
        const issuer = request.certificateOidcIssuer;
        args.push(isRegexp(identity) ? '--certificate-identity-regexp' : '--certificate-identity', identity);
        args.push(isRegexp(issuer) ? '--certificate-oidc-issuer-regexp' : '--certificate-oidc-issuer', issuer);
        if (request.workflowRepository)
            args.push('--certificate-github-workflow-repository', request.workflowRepository);
    }
    const root = request.key ? undefined : request.trustedRoot;
    if (root) {
        // A private Sigstore: its root alone says which logs there are to check.
        args.push('--trusted-root', root.path);
        if (!root.ctLogs)
            args.push('--insecure-ignore-sct=true');
        if (root.timestampAuthorities)
            args.push('--use-signed-timestamps=true');
    }
    if (request.ignoreTlog || (root && !root.transparencyLogs))
        args.push('--insecure-ignore-tlog=true');
    if (request.insecureRegistry)
        args.push('--allow-http-registry=true', '--allow-insecure-registry=true');
    // Keyless verification asks the Sigstore trust root; never let a silent network hang the gate.
    args.push('--timeout=120s');
    args.push(request.image);
    return args;
}
/** cosign reads any flag from COSIGN_<FLAG>: only our argv may decide how it verifies. */
function cosignEnv() {
    const env = {};
    for (const name of Object.keys(process.env))
        if (name.startsWith('COSIGN_') && name !== 'COSIGN_PASSWORD')
            env[name] = undefined;
    return env;
}
/** cosign's verdicts, as opposed to failures to reach a verdict (registry down, no trust root). */
const VERIFICATION_FAILURE = /no signatures found|no matching signatures|no matching attestations|invalid signature|image tag not found|MANIFEST_UNKNOWN/i;
/** cosign prints every error twice (`Error: …`, then `error during command execution: …`). */
function cosignReason(stderr) {
    const line = stderr
        .split('\n')
        .map((entry) => entry.trim())
        .find((entry) => entry.startsWith('Error: '));
    return (line ?? stderrTail(stderr, 1)).replace(/^Error:\s*/, '');
}
/**
 * Verifies an image. A missing or wrong signature is a verdict ({verified: false}); anything that
 * prevents a verdict (registry unreachable, trust root unavailable) throws, so the gate fails closed
 * with cosign's own words either way.
 */
async function verifySignature(cosign, request) {
    try {
        const result = await execTool(cosign, cosignVerifyArgs(request), {
            timeoutMs: 150_000,
            env: cosignEnv(),
        });
        let signatures = 0;
        try {
            const parsed = JSON.parse(result.stdout.trim());
            signatures = Array.isArray(parsed) ? parsed.length : 0;
        }
        catch {
            // cosign printed no JSON; exit code 0 still means verified
        }
        const gaps = !request.key && request.trustedRoot ? trustedRootGaps(request.trustedRoot) : '';
        const who = request.key
            ? 'the given key'
            : `${request.certificateIdentity} (${request.certificateOidcIssuer}${request.trustedRoot ? `; private trusted root${gaps ? `: ${gaps}` : ''}` : ''})`;
        return { verified: true, detail: `${signatures || 'a'} valid signature(s) by ${who}` };
    }
    catch (error) {
        if (error instanceof ToolError && error.exitCode !== null) {
            const reason = cosignReason(error.stderr) || error.message;
            if (VERIFICATION_FAILURE.test(reason))
                return { verified: false, detail: reason };
            throw new ToolError(`cosign verify failed (exit ${error.exitCode}): ${reason}`, 'cosign', error.exitCode, error.stderr);
        }
        throw error;
    }
}
function signingFlags(request) {
    const flags = ['--yes'];
    if (request.keyFile)
        flags.push('--key', request.keyFile);
    if (request.signingConfig) {
        // A private Sigstore's services (Fulcio, a timestamp authority, a log or none), not the public-good ones.
        flags.push('--signing-config', request.signingConfig);
        if (request.trustedRoot)
            flags.push('--trusted-root', request.trustedRoot);
    }
    else if (!request.tlogUpload) {
        // Without the transparency log cosign must not fetch the public-good signing config either.
        flags.push('--use-signing-config=false', '--tlog-upload=false');
    }
    return flags;
}
/**
 * `recursive`: an image index is signed with every platform manifest in it, so whichever digest a
 * node resolves (linux/arm64's own, not the index) carries the signature too.
 */
function cosignSignArgs(request, options = {}) {
    if (!BY_DIGEST.test(request.imageByDigest)) {
        throw new ConfigurationError(`cosign sign: '${request.imageByDigest}' is not a reference by digest`);
    }
    return [
        'sign',
        ...signingFlags(request),
        ...(options.recursive ? ['--recursive'] : []),
        request.imageByDigest,
    ];
}
/** `type` is cosign's predicate type: cyclonedx, slsaprovenance1, or a URI. */
function cosignAttestArgs(request, predicateFile, type) {
    return [
        'attest',
        ...signingFlags(request),
        '--type',
        type,
        '--predicate',
        predicateFile,
        request.imageByDigest,
    ];
}
async function runCosign(cosign, args, password) {
    const env = cosignEnv();
    if (password !== undefined)
        env.COSIGN_PASSWORD = password;
    try {
        const result = await exec_execTool(cosign, args, {
            timeoutMs: 180_000,
            env,
            secrets: password ? [password] : [],
        });
        return result.stdout;
    }
    catch (error) {
        if (error instanceof errors/* ToolError */.v4 && error.exitCode !== null) {
            throw new errors/* ToolError */.v4(`cosign ${args[0]} failed (exit ${error.exitCode}): ${cosignReason(error.stderr) || error.message}`, 'cosign', error.exitCode, error.stderr);
        }
        throw error;
    }
}
/**
 * The attestations of `type` on the image whose signatures verify with the identity: the raw
 * `cosign verify-attestation` output, or a reason when none verify. Infrastructure failures throw.
 */
async function verifiedAttestations(cosign, request, type) {
    try {
        const result = await execTool(cosign, cosignVerifyArgs(request, type), {
            timeoutMs: 150_000,
            env: cosignEnv(),
        });
        return { stdout: result.stdout };
    }
    catch (error) {
        if (error instanceof ToolError && error.exitCode !== null) {
            const reason = cosignReason(error.stderr) || error.message;
            if (VERIFICATION_FAILURE.test(reason) ||
                /none of the attestations matched the predicate type/i.test(reason)) {
                return { missing: reason };
            }
            throw new ToolError(`cosign verify-attestation failed (exit ${error.exitCode}): ${reason}`, 'cosign', error.exitCode, error.stderr);
        }
        throw error;
    }
}

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
    (0,external_node_fs_.writeFileSync)(path, JSON.stringify(predicate, null, 2));
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

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./build/bundle-input/shared/net.js
var net = __webpack_require__(4728);
;// CONCATENATED MODULE: ./build/bundle-input/shared/tools/installer.js
// Installs a pinned tool: a matching binary already on PATH is reused; otherwise the official
// release asset is downloaded (from GitHub, or a `tools-mirror` with the same layout), checked
// against its pinned sha256, extracted and kept in the runner's tool cache.








const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
/**
 * Downloads `url` to a new file under RUNNER_TEMP within `timeoutMs`; one line when it cannot,
 * never quoting the URL's credentials. (fetch drops the authorization on a cross-origin redirect.)
 */
async function downloadFile(url, timeoutMs) {
    const dir = (0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'downloads');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const file = (0,external_node_path_.join)(dir, crypto.randomUUID());
    try {
        const plain = (0,net/* withoutCredentials */.ri)(url);
        const response = await fetch(plain.url, {
            headers: plain.headers,
            signal: AbortSignal.timeout(timeoutMs),
            redirect: 'follow',
        });
        if (!response.ok || !response.body) {
            await response.body?.cancel().catch(() => { });
            throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
        }
        const { pipeline } = process.getBuiltinModule('node:stream/promises');
        const { Readable } = process.getBuiltinModule('node:stream');
        await pipeline(Readable.fromWeb(response.body), (0,external_node_fs_.createWriteStream)(file));
        return file;
    }
    catch (error) {
        if ((0,external_node_fs_.existsSync)(file))
            (0,external_node_fs_.unlinkSync)(file);
        // The whole download has the deadline, body included: "complete" says so.
        if ((0,net/* isDeadline */.vh)(error))
            throw new Error(`no complete answer within ${Math.round(timeoutMs / 1000)}s`);
        throw new Error((0,inputs/* redactCredentials */.UY)((0,net/* fetchFailure */.Z5)(error, timeoutMs)));
    }
}
/** The cached binary's own sha256, written beside it when it was cached from a checked download. */
function cacheChecksumFile(binary) {
    return `${binary}.sha256`;
}
const OFFICIAL_DOWNLOAD_BASE = 'https://github.com';
function currentPlatform() {
    const os = process.platform === 'darwin' ? 'darwin' : process.platform === 'linux' ? 'linux' : undefined;
    const arch = process.arch === 'x64' || process.arch === 'arm64' ? process.arch : undefined;
    if (!os || !arch)
        throw new errors/* ConfigurationError */.j1(`platform ${process.platform}/${process.arch} is not supported`);
    return `${os}-${arch}`;
}
function assetUrl(asset, mirror) {
    const base = (mirror || OFFICIAL_DOWNLOAD_BASE).replace(/\/+$/, '');
    return `${base}/${asset.path}`;
}
/** Every executable named `name` on PATH, in PATH order. */
function findOnPath(name) {
    const found = [];
    for (const dir of (process.env.PATH ?? '').split(external_node_path_.delimiter)) {
        if (!dir)
            continue;
        const candidate = (0,external_node_path_.join)(dir, name);
        try {
            (0,external_node_fs_.accessSync)(candidate, external_node_fs_.constants.X_OK);
            found.push(candidate);
        }
        catch {
            // not here
        }
    }
    return found;
}
async function fileSha256(path) {
    const hash = process.getBuiltinModule('node:crypto').createHash('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(path))
        hash.update(chunk);
    return hash.digest('hex');
}
async function reportedVersion(spec, binary) {
    try {
        const result = await exec_execTool(binary, spec.versionArgs, { timeoutMs: 30_000 });
        return spec.parseVersion(`${result.stdout}\n${result.stderr}`);
    }
    catch {
        return undefined;
    }
}
/** Outside a runner (local runs), the tool cache and downloads live under the system temp dir. */
function ensureRunnerDirs() {
    process.env.RUNNER_TEMP ||= (0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'pipeline-runner-temp');
    process.env.RUNNER_TOOL_CACHE ||= (0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'pipeline-tool-cache');
}
/** Returns the path of a binary of `spec.name` at exactly `spec.version`. */
async function installTool(spec, options = {}) {
    ensureRunnerDirs();
    if (options.reusePath !== false) {
        for (const candidate of findOnPath(spec.name)) {
            const version = await reportedVersion(spec, candidate);
            if (version === spec.version) {
                // Its checksum cannot be held against the pin (the pin is the release archive's, and a
                // binary on PATH comes from the runner image or your own setup): trusted as PATH is.
                runner/* info */.pq(`${spec.name} ${spec.version}: using ${candidate} from PATH, trusted as the runner's own (not checked against the release pin; set up no ${spec.name} on PATH to download the pinned release)`);
                return candidate;
            }
            if (version)
                runner/* info */.pq(`${spec.name} on PATH is ${version}, not ${spec.version}: not used`);
        }
    }
    // Loaded only when PATH has no match: it is the heaviest part of a bundle's start-up.
    const tc = await __webpack_require__.e(/* import() */ 991).then(__webpack_require__.bind(__webpack_require__, 5991));
    const cachedDir = tc.find(spec.name, spec.version);
    if (cachedDir && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(cachedDir, spec.name))) {
        const binary = (0,external_node_path_.join)(cachedDir, spec.name);
        const recorded = (0,external_node_fs_.existsSync)(cacheChecksumFile(binary))
            ? (0,external_node_fs_.readFileSync)(cacheChecksumFile(binary), 'utf8').trim()
            : undefined;
        if (recorded && recorded === (await fileSha256(binary))) {
            runner/* info */.pq(`${spec.name} ${spec.version}: using the tool cache (sha256 as when it was checked)`);
            return binary;
        }
        runner/* warning */.$e(`${spec.name} ${spec.version}: the cached binary ${recorded ? 'changed since it was checked' : 'was not cached by a checked download'}; downloading the pinned release again`);
    }
    const platform = currentPlatform();
    const asset = spec.assets[platform];
    if (!asset)
        throw new errors/* ConfigurationError */.j1(`${spec.name} ${spec.version} has no pinned release for ${platform}`);
    const url = assetUrl(asset, options.mirror);
    const shown = (0,inputs/* redactCredentials */.UY)(url);
    runner/* info */.pq(`${spec.name} ${spec.version}: downloading ${shown}`);
    let downloaded;
    try {
        downloaded = await downloadFile(url, options.downloadTimeoutMs ?? DOWNLOAD_TIMEOUT_MS);
    }
    catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new errors/* ConfigurationError */.j1(`${spec.name} ${spec.version}: download of ${shown} failed (${why})`);
    }
    const actual = await fileSha256(downloaded);
    if (actual !== asset.sha256) {
        (0,external_node_fs_.unlinkSync)(downloaded);
        throw new errors/* ConfigurationError */.j1(`${spec.name} ${spec.version}: checksum mismatch for ${shown}: got sha256 ${actual}, expected ${asset.sha256}`);
    }
    let tool = downloaded;
    if (asset.kind === 'tar.gz') {
        const extracted = await tc.extractTar(downloaded);
        tool = (0,external_node_path_.join)(extracted, spec.name);
        if (!(0,external_node_fs_.existsSync)(tool)) {
            throw new errors/* ConfigurationError */.j1(`${spec.name} ${spec.version}: ${shown} does not contain '${spec.name}'`);
        }
        // A link would be followed by every later write and run: only a regular file is a tool.
        if (!(0,external_node_fs_.lstatSync)(tool).isFile())
            throw new errors/* ConfigurationError */.j1(`${spec.name} ${spec.version}: ${shown} holds '${spec.name}' as a symlink, not a file`);
    }
    // Checked before it is cached: a later run trusts the cache (by its recorded sha256) as it is.
    (0,external_node_fs_.chmodSync)(tool, 0o755);
    const version = await reportedVersion(spec, tool);
    if (version !== spec.version) {
        throw new errors/* ConfigurationError */.j1(`${spec.name}: installed binary reports version '${version}', expected ${spec.version}`);
    }
    const binary = (0,external_node_path_.join)(await tc.cacheFile(tool, spec.name, spec.name, spec.version), spec.name);
    (0,external_node_fs_.chmodSync)(binary, 0o755);
    (0,external_node_fs_.writeFileSync)(cacheChecksumFile(binary), `${await fileSha256(binary)}\n`);
    return binary;
}

// EXTERNAL MODULE: ./build/bundle-input/shared/tools/versions.js
var versions = __webpack_require__(834);
;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/attest.js
// On a pass: the signed verification attestation promote requires — an in-toto statement of
// VERIFICATION_PREDICATE_TYPE about the image digest, made with cosign attest by digest.
// Credentials are written 0600 under RUNNER_TEMP and removed by the post step.









/** What the attestation says was checked: each objective and how it ended. */
function verificationChecks(report) {
    return report.objectives.map((objective) => ({
        name: objective.name,
        result: objective.status === 'no-data' ? `no-data (on-no-data: ${report.onNoData})` : objective.status,
    }));
}
async function attestVerification(report, inputs, workDir, cleanup) {
    (0,external_node_fs_.mkdirSync)(workDir, { recursive: true });
    if (inputs.cosignPassword)
        runner/* setSecret */.Pq(inputs.cosignPassword);
    const imageByDigest = `${(0,reference/* repositoryName */.aR)(inputs.image)}@${inputs.image.digest}`;
    const keyFile = (0,credentials/* keyFile */._$)(inputs.cosignKey, workDir, 'cosign.key', cleanup);
    const dockerConfig = (0,credentials/* dockerConfigDir */.kG)(inputs.image.registry, inputs, workDir, cleanup);
    if (dockerConfig)
        process.env.DOCKER_CONFIG = dockerConfig;
    const predicate = verificationPredicate({
        environment: inputs.environment,
        digest: inputs.image.digest,
        verdict: 'pass',
        checks: verificationChecks(report),
    });
    const predicateFile = (0,external_node_path_.join)(workDir, `verification-${crypto.randomUUID()}.json`);
    writeVerificationPredicate(predicateFile, predicate);
    const cosign = await installTool((0,versions/* cosignSpec */.Pj)(inputs.cosignVersion), { mirror: inputs.toolsMirror });
    const request = {
        imageByDigest,
        keyFile,
        password: inputs.cosignPassword,
        tlogUpload: inputs.tlogUpload,
    };
    const args = cosignAttestArgs(request, predicateFile, VERIFICATION_PREDICATE_TYPE);
    if (inputs.insecureRegistry)
        args.splice(args.length - 1, 0, '--allow-http-registry=true', '--allow-insecure-registry=true');
    runner/* info */.pq(`Attesting ${imageByDigest}: passed verification in ${inputs.environment}`);
    await runCosign(cosign, args, request.password);
    return {
        image: imageByDigest,
        predicateType: VERIFICATION_PREDICATE_TYPE,
        predicate,
        signer: keyFile ? 'the given key' : "keyless (the workflow's OIDC identity)",
    };
}


/***/ })

};
;