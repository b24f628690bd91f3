"use strict";
exports.id = 240;
exports.ids = [240];
exports.modules = {

/***/ 1240:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  bluegreenStep: () => (/* binding */ bluegreenStep)
});

// UNUSED EXPORTS: deploySummary, setDeployOutputs

// EXTERNAL MODULE: ./build/bundle-input/shared/runner.js + 1 modules
var runner = __webpack_require__(8668);
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
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

// EXTERNAL MODULE: ./build/bundle-input/shared/cancel.js
var cancel = __webpack_require__(9805);
// EXTERNAL MODULE: ./build/bundle-input/shared/cluster/access.js
var access = __webpack_require__(2014);
// EXTERNAL MODULE: ./build/bundle-input/shared/errors.js
var errors = __webpack_require__(3796);
// EXTERNAL MODULE: ./build/bundle-input/shared/kube/kubectl.js
var kube_kubectl = __webpack_require__(4471);
;// CONCATENATED MODULE: ./build/bundle-input/shared/cluster/lock.js
// One deployment at a time per release: a coordination.k8s.io Lease whose holder is the run.
// A lease past its duration is stale (its run died) and is taken over, saying so.



function lockName(release) {
    return `pipeline-${release}-lock`;
}
/** A Lease time as the apiserver writes one (RFC 3339 with microseconds). */
function microTime(date) {
    return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
/**
 * How far apart two runners' clocks may be before a lease's own times are trusted on their own: a
 * renewTime written by another machine is compared with this one's clock.
 */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/**
 * A lease is stale once this run has seen it unchanged for its whole duration (by this run's own
 * clock, as client-go's leader election judges it), or when its own times ended it longer ago than
 * any clock skew: a runner whose clock runs 45s ahead must not take a lock renewed a second ago.
 */
function isExpired(lease, now, unchangedForMs = 0) {
    const renewed = Date.parse(lease.spec.renewTime ?? lease.spec.acquireTime ?? '');
    const duration = (lease.spec.leaseDurationSeconds ?? 0) * 1000;
    return (!Number.isFinite(renewed) ||
        unchangedForMs >= duration ||
        renewed + duration + MAX_CLOCK_SKEW_MS < now.getTime());
}
class ReleaseLock {
    kubectl;
    releaseName;
    holder;
    durationSeconds;
    constructor(kubectl, releaseName, holder, durationSeconds) {
        this.kubectl = kubectl;
        this.releaseName = releaseName;
        this.holder = holder;
        this.durationSeconds = durationSeconds;
    }
    lease(resourceVersion) {
        const now = microTime(new Date());
        return {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: {
                name: lockName(this.releaseName),
                labels: { 'app.kubernetes.io/managed-by': 'pipeline', 'pipeline/release': this.releaseName },
                ...(resourceVersion ? { resourceVersion } : {}),
            },
            spec: {
                holderIdentity: this.holder,
                leaseDurationSeconds: this.durationSeconds,
                acquireTime: now,
                renewTime: now,
            },
        };
    }
    /** Takes the lock, waiting up to `timeoutMs` for another holder; fails clearly after that. */
    async acquire(timeoutMs, pollMs = 2000) {
        const deadline = Date.now() + timeoutMs;
        let announced = false;
        // The other holder's lease as this run last saw it change: every renewal changes its version.
        let seen;
        for (;;) {
            const current = await this.kubectl.get('lease', lockName(this.releaseName));
            if (!seen || current?.metadata.resourceVersion !== seen.version)
                seen = { version: current?.metadata.resourceVersion, at: Date.now() };
            try {
                if (!current) {
                    await this.kubectl.create(this.lease());
                    return;
                }
                if (current.spec.holderIdentity === this.holder) {
                    await this.kubectl.replace(this.lease(current.metadata.resourceVersion));
                    return;
                }
                if (isExpired(current, new Date(), Date.now() - seen.at)) {
                    await this.kubectl.replace(this.lease(current.metadata.resourceVersion));
                    runner/* warning */.$e(`took over a stale deploy lock of ${this.releaseName} held by ${current.spec.holderIdentity} (expired)`);
                    return;
                }
            }
            catch (error) {
                if (!(error instanceof kube_kubectl/* KubeConflict */.k2))
                    throw error;
                // someone else moved first: look again
            }
            if (Date.now() >= deadline) {
                throw new errors/* ConfigurationError */.j1(`release ${this.releaseName} is locked by ${current?.spec.holderIdentity ?? 'another run'} (lease ${lockName(this.releaseName)} in ${this.kubectl.namespace}); gave up after ${Math.round(timeoutMs / 1000)}s (lock-timeout)`);
            }
            if (!announced) {
                runner/* info */.pq(`waiting for the deploy lock of ${this.releaseName}, held by ${current?.spec.holderIdentity}…`);
                announced = true;
            }
            await new Promise((resolve) => setTimeout(resolve, pollMs));
        }
    }
    /** Releases the lock if this run still holds it. */
    heartbeat;
    /**
     * Keeps the lease fresh while the run works: a run that dies stops renewing, and its lock goes
     * stale within one lease duration instead of blocking the release for the whole deploy timeout.
     */
    startRenewing() {
        const every = Math.max(1000, (this.durationSeconds * 1000) / 3);
        this.heartbeat = setInterval(() => {
            void (async () => {
                const current = await this.kubectl.get('lease', lockName(this.releaseName));
                if (current?.spec.holderIdentity !== this.holder)
                    return;
                await this.kubectl.replace({
                    ...current,
                    spec: { ...current.spec, renewTime: microTime(new Date()) },
                });
            })().catch(() => undefined);
        }, every);
        this.heartbeat.unref();
    }
    async unlock() {
        if (this.heartbeat)
            clearInterval(this.heartbeat);
        const current = await this.kubectl.get('lease', lockName(this.releaseName));
        if (current?.spec.holderIdentity === this.holder)
            await this.kubectl.delete('lease', lockName(this.releaseName));
    }
}
/** Who holds the lock: the workflow run (and attempt), or a one-off id outside Actions. */
function runHolder() {
    const env = process.env;
    return env.GITHUB_RUN_ID
        ? `${env.GITHUB_REPOSITORY ?? 'run'}/${env.GITHUB_RUN_ID}/${env.GITHUB_RUN_ATTEMPT ?? '1'}`
        : `local/${crypto.randomUUID()}`;
}
/** How long a lock outlives a run that stopped renewing it. */
const LEASE_SECONDS = 30;
/** Runs `body` holding the release's lock (renewed meanwhile), and always releases it. */
async function lock_withLock(kubectl, release, lockTimeoutMs, body) {
    const lock = new ReleaseLock(kubectl, release, runHolder(), LEASE_SECONDS);
    try {
        await lock.acquire(lockTimeoutMs);
        lock.startRenewing();
    }
    catch (error) {
        if (error instanceof errors/* ToolError */.v4 &&
            /namespaces? "[^"]+" not found|forbidden: .* in the namespace/.test(error.stderr)) {
            throw new errors/* ConfigurationError */.j1(`input 'namespace': namespace ${kubectl.namespace} does not exist (or is not visible to this identity)`);
        }
        throw error;
    }
    try {
        return await body();
    }
    finally {
        await lock
            .unlock()
            .catch((error) => runner/* warning */.$e(`could not release the deploy lock: ${(0,errors/* errorMessage */.gJ)(error)}`));
    }
}

// EXTERNAL MODULE: ./build/bundle-input/shared/cluster/release-labels.js
var release_labels = __webpack_require__(1239);
// EXTERNAL MODULE: ./build/bundle-input/shared/cluster/release-record.js
var release_record = __webpack_require__(4037);
;// CONCATENATED MODULE: ./build/bundle-input/shared/cluster/workloads.js
function workloads_liveColorOf(service) {
    const color = service?.spec?.selector?.color;
    return color === 'blue' || color === 'green' ? color : undefined;
}
function selectorString(selector, color) {
    return Object.entries({ ...selector, ...(color ? { color } : {}) })
        .map(([key, value]) => `${key}=${value}`)
        .join(',');
}
/**
 * The release's Deployments of one color: a Helm release `<release>-<color>` (by Helm's instance
 * label), else those the manifests labelled with `selector` and the color.
 */
async function deploymentsOf(kubectl, release, color) {
    const helm = await kubectl.list('deployment', `app.kubernetes.io/instance=${release.release}-${color}`);
    return helm.length ? helm : kubectl.list('deployment', selectorString(release.selector, color));
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/cluster/scale-down.js


/** When the color taken off traffic at `now` is to be scaled down (no entry: at once). */
function scaleDownAfter(now, delayMs) {
    return new Date(now.getTime() + delayMs).toISOString();
}
/**
 * Records `color`, just taken off traffic, as kept warm for `delayMs`; with no delay (it was
 * scaled down at once) or no color, nothing is kept warm.
 */
function scale_down_keepWarm(state, color, now, delayMs) {
    if (color && delayMs > 0)
        state.scaleDown = { color, after: scaleDownAfter(now, delayMs) };
    else
        delete state.scaleDown;
}
/**
 * Scales down the color the record keeps warm once its delay has passed. Call it holding the
 * release's lock; `liveColor` is what the live Service selects now.
 */
async function scaleDownDue(kubectl, release, liveColor, now = new Date()) {
    const due = (await (0,release_record/* readState */.un)(kubectl, release.release)).state.scaleDown;
    if (!due)
        return {};
    if (due.color === liveColor) {
        await clear(kubectl, release, due);
        return { clearedLive: due.color };
    }
    if (Date.parse(due.after) > now.getTime())
        return { pending: due };
    const deployments = await deploymentsOf(kubectl, release, due.color);
    for (const deployment of deployments)
        await kubectl.scale(deployment.metadata.name, 0);
    await clear(kubectl, release, due);
    return { scaledDown: { color: due.color, deployments: deployments.map((d) => d.metadata.name) } };
}
/** Removes the entry it acted on only: a deploy that wrote a newer one meanwhile keeps it. */
function clear(kubectl, release, acted) {
    return (0,release_record/* updateReleaseRecord */.wJ)(kubectl, release.release, (state) => {
        if (state.scaleDown?.color === acted.color && state.scaleDown.after === acted.after)
            delete state.scaleDown;
    }, release.historyLimit);
}

// EXTERNAL MODULE: ./build/bundle-input/shared/net.js
var net = __webpack_require__(4728);
;// CONCATENATED MODULE: ./build/bundle-input/shared/github/client.js
// The GitHub REST API for the workflow's own repository (Deployments, incident issues), and who ran what.


/** The workflow's repository (GITHUB_REPOSITORY), when the runner says which. */
function workflowRepository(env = process.env) {
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    return owner && repo ? { owner, repo } : undefined;
}
/** Each GitHub API call's deadline: reporting must never hold a rollback hostage. */
const GITHUB_API_TIMEOUT_MS = 30_000;
/**
 * A client with `token`, masked first, at GITHUB_API_URL (GitHub Enterprise) or api.github.com;
 * every call ends within `timeoutMs` ("no answer within 30s").
 */
async function githubClient(token, env = process.env, timeoutMs = GITHUB_API_TIMEOUT_MS) {
    runner/* setSecret */.Pq(token);
    // Loaded only here: octokit is a large part of a bundle and most runs never need it.
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    const octokit = getOctokit(token, { baseUrl: env.GITHUB_API_URL || 'https://api.github.com' });
    // A hook, not our own fetch: @actions/github's fetch is the one that honours the runner's proxy.
    octokit.hook.wrap('request', async (request, options) => {
        const deadline = AbortSignal.timeout(timeoutMs);
        try {
            // Set on the options as given: a copy of them loses what octokit's own hooks carry (the
            // call never reaches fetch).
            options.request = { ...options.request, signal: deadline };
            return await request(options);
        }
        catch (error) {
            if (deadline.aborted)
                throw new Error(`GitHub API: no answer within ${(0,net/* deadlineText */._z)(timeoutMs)}`);
            throw error;
        }
    });
    return octokit;
}
/** The run and the person behind a change, for the release record and the incident. */
function client_actor(env = process.env) {
    return {
        run: env.GITHUB_RUN_ID
            ? `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
            : undefined,
        actor: env.GITHUB_ACTOR,
    };
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/github/deployment.js
// A GitHub Deployment with statuses for each blue-green deploy, when a token is given, so the
// environment page shows what is live. Reporting never decides a deploy: API failures are warnings.



const SILENT = { status: async () => { } };
async function startGithubDeployment(token, options) {
    const env = process.env;
    if (!token)
        return SILENT;
    const repository = workflowRepository(env);
    if (!repository || !env.GITHUB_SHA) {
        runner/* warning */.$e('token given but GITHUB_REPOSITORY / GITHUB_SHA are not set: no GitHub Deployment reported');
        return SILENT;
    }
    const { owner, repo } = repository;
    try {
        const octokit = await githubClient(token, env);
        const created = await octokit.rest.repos.createDeployment({
            owner,
            repo,
            ref: env.GITHUB_SHA,
            environment: options.environment,
            description: options.description,
            auto_merge: false,
            required_contexts: [],
            production_environment: /prod/i.test(options.environment),
            payload: { version: options.version },
        });
        const id = created.data.id;
        if (!id)
            throw new Error(`GitHub did not create a deployment (HTTP ${created.status})`);
        const logUrl = env.GITHUB_RUN_ID
            ? `${env.GITHUB_SERVER_URL || 'https://github.com'}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}`
            : undefined;
        const reporter = {
            status: async (state, description, environmentUrl) => {
                try {
                    await octokit.rest.repos.createDeploymentStatus({
                        owner,
                        repo,
                        deployment_id: id,
                        state,
                        description: description.slice(0, 140),
                        ...(environmentUrl ? { environment_url: environmentUrl } : {}),
                        ...(logUrl ? { log_url: logUrl } : {}),
                        auto_inactive: true,
                    });
                }
                catch (error) {
                    runner/* warning */.$e(`GitHub Deployment status ${state} not reported: ${(0,errors/* errorMessage */.gJ)(error)}`);
                }
            },
        };
        await reporter.status('in_progress', `deploying ${options.version}`);
        return reporter;
    }
    catch (error) {
        runner/* warning */.$e(`GitHub Deployment not reported: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return SILENT;
    }
}

// EXTERNAL MODULE: ./build/bundle-input/shared/tools/exec.js
var exec = __webpack_require__(934);
// EXTERNAL MODULE: ./build/bundle-input/shared/bluegreen-deploy/manifests.js
var manifests = __webpack_require__(7635);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./build/bundle-input/shared/inputs.js
var shared_inputs = __webpack_require__(4022);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle-input/shared/credentials.js
var credentials = __webpack_require__(5089);
// EXTERNAL MODULE: ./build/bundle-input/shared/release/reference.js
var reference = __webpack_require__(3728);
;// CONCATENATED MODULE: ./build/bundle-input/shared/tools/versions.js
const TRIVY_VERSION = '0.74.0';
const COSIGN_VERSION = '3.1.3';
function trivyAsset(version, suffix, sha256) {
    return {
        path: `aquasecurity/trivy/releases/download/v${version}/trivy_${version}_${suffix}.tar.gz`,
        sha256,
        kind: 'tar.gz',
    };
}
function cosignAsset(version, platform, sha256) {
    return {
        path: `sigstore/cosign/releases/download/v${version}/cosign-${platform}`,
        sha256,
        kind: 'binary',
    };
}
// The values below agree across many independent public pins of these releases (setup scripts,
// package formulae); this machine cannot reach GitHub to re-derive them from the upstream
// checksums files. A wrong pin fails closed: the installer refuses the download.
const TRIVY_RELEASES = {
    '0.74.0': {
        'linux-x64': trivyAsset('0.74.0', 'Linux-64bit', '2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a'),
        'linux-arm64': trivyAsset('0.74.0', 'Linux-ARM64', 'b94ce1976bbf3c15b514b605ee88be7c6d94a29be2302847ff01cb794d47aad5'),
        'darwin-x64': trivyAsset('0.74.0', 'macOS-64bit', '472816f6888dda689d075c30254d4210b4d1035acf365aa72332f584c2f60485'),
        'darwin-arm64': trivyAsset('0.74.0', 'macOS-ARM64', '1caada5e0e2091909357c7525d3aa76f4b660b13821bc143b190c7483e31cc11'),
    },
};
const COSIGN_RELEASES = {
    '3.1.3': {
        'linux-x64': cosignAsset('3.1.3', 'linux-amd64', '4629c757b7618056f8ddd7e2625ae9fdd94c0372a65049520bc7d9df9efc7f71'),
        'linux-arm64': cosignAsset('3.1.3', 'linux-arm64', 'c5d324e091826b0d7a78eb16fef316450b4eb9aaec045611c08ba06f5e73220a'),
        'darwin-x64': cosignAsset('3.1.3', 'darwin-amd64', '2347488e5d5b25336644024dfeca5601b190e91197a71a917bda44744aff106c'),
        'darwin-arm64': cosignAsset('3.1.3', 'darwin-arm64', '5cf948c2f4dfe59687bdd0b8523709067383e03982cc543475c8a7dc70e92a76'),
    },
    // Published by sigstore/cosign-installer (action.sh).
    '3.0.6': {
        'linux-x64': cosignAsset('3.0.6', 'linux-amd64', 'c956e5dfcac53d52bcf058360d579472f0c1d2d9b69f55209e256fe7783f4c74'),
        'linux-arm64': cosignAsset('3.0.6', 'linux-arm64', 'bedac92e8c3729864e13d4a17048007cfafa79d5deca993a43a90ffe018ef2b8'),
        'darwin-x64': cosignAsset('3.0.6', 'darwin-amd64', '4c3e7af8372d3ca3296e62fa56f23fcbb5721cc6ac1827900d398f110d7cd280'),
        'darwin-arm64': cosignAsset('3.0.6', 'darwin-arm64', '5fadd012ae6381a6a29ff86a7d39aa873878852f1073fc90b15995961ecfb084'),
    },
};
function trivySpec(version = TRIVY_VERSION) {
    return {
        name: 'trivy',
        version,
        versionArgs: ['--version'],
        parseVersion: (output) => /Version:\s*v?(\d+\.\d+\.\d+\S*)/.exec(output)?.[1],
        assets: TRIVY_RELEASES[version] ?? {},
    };
}
function cosignSpec(version = COSIGN_VERSION) {
    return {
        name: 'cosign',
        version,
        versionArgs: ['version'],
        parseVersion: (output) => /GitVersion:\s*v?(\d+\.\d+\.\d+\S*)/.exec(output)?.[1],
        assets: COSIGN_RELEASES[version] ?? {},
    };
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/prometheus.js
// A small client for the Prometheus HTTP API (/api/v1/query, /api/v1/query_range). Two kinds of
// failure, kept apart because they mean different things to a verification: Prometheus cannot be
// reached (no observation is possible: fail closed) and Prometheus rejects a query (a mistake in
// the SLO file).

/** Prometheus could not be reached or did not answer (connection refused, timeout, 5xx). */
class PrometheusUnavailableError extends Error {
    name = 'PrometheusUnavailableError';
}
/** Prometheus answered that the query is wrong (bad_data, 4xx): the query is the problem. */
class PrometheusQueryError extends Error {
    query;
    name = 'PrometheusQueryError';
    constructor(message, query) {
        super(message);
        this.query = query;
    }
}
/** Prometheus sample values are strings; NaN marks "no value" (0/0), ±Inf stays. */
function parseValue(text) {
    if (text === '+Inf' || text === 'Inf')
        return Number.POSITIVE_INFINITY;
    if (text === '-Inf')
        return Number.NEGATIVE_INFINITY;
    return Number(text);
}
class PrometheusClient {
    options;
    baseUrl;
    headers = { accept: 'application/json' };
    constructor(baseUrl, options = {}) {
        this.options = options;
        // fetch refuses URLs with credentials: they go as Basic authorization instead.
        const plain = (0,net/* withoutCredentials */.ri)(baseUrl);
        Object.assign(this.headers, plain.headers);
        if (options.token)
            this.headers.authorization = `Bearer ${options.token}`;
        this.baseUrl = plain.url.replace(/\/+$/, '');
    }
    /** The URL without credentials, for messages. */
    toString() {
        return this.baseUrl;
    }
    async request(path, params) {
        const attempts = Math.max(1, this.options.attempts ?? 3);
        let lastError;
        for (let attempt = 1; attempt <= attempts; attempt++) {
            try {
                return await this.once(path, params);
            }
            catch (error) {
                if (!(error instanceof PrometheusUnavailableError))
                    throw error;
                lastError = error;
                if (attempt < attempts)
                    await new Promise((resolve) => setTimeout(resolve, 1000));
            }
        }
        throw lastError;
    }
    async once(path, params) {
        const body = new URLSearchParams(params);
        const timeoutMs = this.options.timeoutMs ?? 15_000;
        let response;
        try {
            response = await fetch(`${this.baseUrl}${path}`, {
                method: 'POST',
                headers: { ...this.headers, 'content-type': 'application/x-www-form-urlencoded' },
                body,
                signal: AbortSignal.timeout(timeoutMs),
            });
        }
        catch (error) {
            throw new PrometheusUnavailableError(`Prometheus at ${this.baseUrl} is unreachable (${(0,net/* fetchFailure */.Z5)(error, timeoutMs)})`);
        }
        let text;
        try {
            text = await response.text();
        }
        catch (error) {
            throw new PrometheusUnavailableError(`Prometheus at ${this.baseUrl} broke off its answer (${(0,net/* fetchFailure */.Z5)(error, timeoutMs)})`);
        }
        let json;
        try {
            json = JSON.parse(text);
        }
        catch {
            json = undefined;
        }
        if (response.ok && json?.status === 'success')
            return json.data;
        const detail = json?.error ?? text.trim().split('\n')[0]?.slice(0, 200) ?? '';
        if (response.status === 401 || response.status === 403) {
            throw new PrometheusUnavailableError(`Prometheus at ${this.baseUrl} refused access (HTTP ${response.status}${detail ? `: ${detail}` : ''})`);
        }
        if (response.status === 400 || response.status === 422 || json?.errorType === 'bad_data') {
            throw new PrometheusQueryError(`Prometheus rejected the query: ${detail || `HTTP ${response.status}`}`, params.query ?? '');
        }
        throw new PrometheusUnavailableError(`Prometheus at ${this.baseUrl} answered HTTP ${response.status}${detail ? ` (${detail})` : ''}`);
    }
    /** An instant query at `time` (unix seconds; now when absent). */
    async query(query, time) {
        const params = { query };
        if (time !== undefined)
            params.time = String(time);
        const data = (await this.request('/api/v1/query', params));
        if (data?.resultType === 'scalar' || data?.resultType === 'string') {
            const [t, v] = data.result;
            return [{ labels: {}, points: [{ t, v: parseValue(v) }] }];
        }
        const result = (data?.result ?? []);
        return result.map((entry) => ({
            labels: entry.metric ?? {},
            points: entry.value ? [{ t: entry.value[0], v: parseValue(entry.value[1]) }] : [],
        }));
    }
    /** A range query: one point per `step` seconds from `start` to `end` (unix seconds). */
    async queryRange(query, start, end, step) {
        const data = (await this.request('/api/v1/query_range', {
            query,
            start: String(start),
            end: String(end),
            step: String(step),
        }));
        const result = (data?.result ?? []);
        return result.map((entry) => ({
            labels: entry.metric ?? {},
            points: (entry.values ?? []).map(([t, v]) => ({ t, v: parseValue(v) })),
        }));
    }
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/settings.js
// What verify-slo's inputs may say beside the SLO itself, apart from the judging that uses it: the
// inputs are read before the judging is loaded.
const MARGINAL_CHOICES = ['fail', 'pass', 'wait'];
const NO_DATA_CHOICES = ['fail', 'inconclusive', 'pass'];
const DEFAULT_WINDOW_SECONDS = 300;
const DEFAULT_INTERVAL_SECONDS = 10;
/** Label matchers, as `{{selector}}` expects them: name op "value", comma separated. */
const SELECTOR = /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=|!=|=~|!~)\s*"(?:[^"\\]|\\.)*"\s*(?:,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=|!=|=~|!~)\s*"(?:[^"\\]|\\.)*"\s*)*,?\s*$/;

;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/inputs.js
// verify-slo inputs, read and validated once: nothing is observed until every input is good.









const ENVIRONMENT = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
function seconds(inputs, name, fromFile, fallback, min) {
    const value = inputs.raw(name);
    if (!value)
        return fromFile ?? fallback;
    const ms = (0,shared_inputs/* parseDuration */.E9)(value);
    if (ms === undefined || ms / 1000 < min || ms > shared_inputs/* MAX_DURATION_MS */.rG)
        throw new errors/* ConfigurationError */.j1(`input '${name}': got ${(0,shared_inputs/* quote */.hD)(value)}, expected a duration like 90s, 2m or 1h30m${min > 0 ? ` (at least ${min}s, ` : ' ('}at most 30d)`);
    return ms / 1000;
}
function selector(inputs, name) {
    const value = inputs.raw(name);
    if (!value)
        return undefined;
    return checkSelector(name, value);
}
/**
 * The client for the inputs' Prometheus. Its token and any password in the URL are masked first:
 * an error that echoes them must not put them in the log.
 */
function prometheusClientFor(inputs) {
    if (inputs.prometheusToken)
        runner/* setSecret */.Pq(inputs.prometheusToken);
    (0,shared_inputs/* maskUrlPassword */.j6)(new URL(inputs.prometheusUrl));
    return new PrometheusClient(inputs.prometheusUrl, { token: inputs.prometheusToken });
}
/**
 * Prometheus label matchers given as input `name` (`given` when they were filled in from a
 * template), refused in one line when they are not.
 */
function checkSelector(name, value, given = value) {
    if (!SELECTOR.test(value))
        throw new errors/* ConfigurationError */.j1(`input '${name}': got ${(0,shared_inputs/* quote */.hD)(given)}, expected Prometheus label matchers like color="green" (name, then =, !=, =~ or !~, then a quoted value; comma separated)`);
    return value.trim().replace(/,\s*$/, '');
}
function attestationInputs(inputs) {
    const imageText = inputs.raw('image');
    const environment = inputs.raw('environment');
    // Checked whether or not there is anything to attest: a bad value is refused either way.
    const settings = {
        tlogUpload: inputs.boolean('tlog-upload', true),
        insecureRegistry: inputs.boolean('insecure-registry', false),
        cosignVersion: inputs.toolVersion('cosign-version', COSIGN_VERSION),
        toolsMirror: inputs.toolsMirror(),
    };
    if (!imageText) {
        if (environment || inputs.raw('cosign-key'))
            throw new errors/* ConfigurationError */.j1(`inputs 'environment' and 'cosign-key' are for the verification attestation: give 'image' (name@sha256:…) too`);
        return undefined;
    }
    const image = (0,reference/* parseImageReference */.o_)(imageText);
    const digestInput = inputs.raw('digest');
    if (digestInput && !reference/* DIGEST */.Dh.test(digestInput))
        throw new errors/* ConfigurationError */.j1(`input 'digest': got ${(0,shared_inputs/* quote */.hD)(digestInput)}, expected sha256: and 64 hex characters`);
    if (digestInput && image.digest && digestInput !== image.digest)
        throw new errors/* ConfigurationError */.j1(`inputs 'image' and 'digest' disagree: ${image.digest} vs ${digestInput}`);
    const digest = image.digest ?? digestInput;
    if (!digest)
        throw new errors/* ConfigurationError */.j1(`input 'image': got ${(0,shared_inputs/* quote */.hD)(imageText)}, expected an image by digest (name@sha256:…), or give 'digest': the attestation is made by digest, never by tag`);
    if (!environment)
        throw new errors/* ConfigurationError */.j1(`input 'environment' is required with 'image': the attestation says which environment the digest passed in`);
    if (!ENVIRONMENT.test(environment))
        throw new errors/* ConfigurationError */.j1(`input 'environment': got ${(0,shared_inputs/* quote */.hD)(environment)}, expected an environment name like staging or production`);
    const cosignKey = (0,credentials/* privateKeyInput */.j7)(inputs, 'cosign-key');
    const username = inputs.raw('username') || undefined;
    const password = inputs.raw('password') || undefined;
    if (Boolean(username) !== Boolean(password))
        throw new errors/* ConfigurationError */.j1(`inputs 'username' and 'password' go together: give both or neither`);
    return {
        image: { ...image, tag: undefined, digest },
        environment,
        cosignKey: cosignKey && !cosignKey.includes('-----BEGIN') ? (0,external_node_path_.resolve)(cosignKey) : cosignKey,
        cosignPassword: inputs.string('cosign-password'),
        username,
        password,
        ...settings,
    };
}
async function getVerifySloInputs(inputs = new shared_inputs/* Inputs */.G0(), env = process.env) {
    const prometheusUrl = inputs.required('prometheus-url');
    (0,shared_inputs/* checkUrl */.CU)('prometheus-url', prometheusUrl, { plainBase: true });
    // The SLO's parser is loaded once the Prometheus to judge against is given.
    const { loadSlo, placeholdersOf } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 101));
    const spec = await loadSlo(inputs.raw('slo') || 'default');
    const windowSeconds = seconds(inputs, 'window', spec.windowSeconds, DEFAULT_WINDOW_SECONDS, 1);
    const intervalSeconds = seconds(inputs, 'interval', spec.intervalSeconds, DEFAULT_INTERVAL_SECONDS, 1);
    const warmUpSeconds = seconds(inputs, 'warm-up', spec.warmUpSeconds, 0, 0);
    if (intervalSeconds > windowSeconds)
        throw new errors/* ConfigurationError */.j1(`input 'interval': ${intervalSeconds}s is longer than the ${windowSeconds}s window: nothing could be judged`);
    const target = selector(inputs, 'target');
    // `none` says there is nothing to compare with (after a rollback, say): the objectives that need
    // a baseline are reported not evaluated and the absolute ones decide.
    const noBaseline = inputs.raw('baseline').trim() === 'none';
    const baseline = noBaseline ? undefined : selector(inputs, 'baseline');
    const usesSelector = spec.objectives.filter((objective) => placeholdersOf(objective.query).includes('selector'));
    if (usesSelector.length && !target)
        throw new errors/* ConfigurationError */.j1(`input 'target' is required: objective '${usesSelector[0]?.name}' fills {{selector}} with it, e.g. color="green"`);
    return {
        prometheusUrl,
        prometheusToken: inputs.raw('prometheus-token') || undefined,
        plan: {
            spec,
            windowSeconds,
            intervalSeconds,
            warmUpSeconds,
            target: target ?? '',
            baseline,
            ...(noBaseline ? { noBaselineReason: "baseline 'none': nothing to compare with" } : {}),
            onNoData: inputs.oneOf('on-no-data', NO_DATA_CHOICES, 'fail'),
            onMarginal: inputs.oneOf('on-marginal', MARGINAL_CHOICES, 'fail'),
        },
        attestation: attestationInputs(inputs),
        workDir: (0,external_node_path_.join)(env.RUNNER_TEMP || (0,external_node_path_.resolve)('.tmp'), 'verify-slo'),
    };
}

// EXTERNAL MODULE: ./build/bundle-input/shared/slo/spec.js + 1 modules
var spec = __webpack_require__(101);
;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/statistics.js
// The statistics verify-slo judges with: the standard normal distribution, the Mann-Whitney U test
// (tie-corrected normal approximation with continuity correction, as scipy.stats.mannwhitneyu's
// method='asymptotic' and R's wilcox.test(exact = FALSE) compute it) and error-budget burn rates.
// Pure functions, no dependencies.
/**
 * Standard normal lower tail Φ(x), to about 1e-15 absolute: Hart's double-precision algorithm
 * (5666) in the form W. J. Cody and G. West use, with a continued fraction in the far tail.
 */
function normalCdf(x) {
    if (Number.isNaN(x))
        return Number.NaN;
    const z = Math.abs(x);
    let tail;
    if (z > 37) {
        tail = 0;
    }
    else {
        const e = Math.exp((-z * z) / 2);
        if (z < 7.07106781186547) {
            let n = 3.52624965998911e-2 * z + 0.700383064443688;
            n = n * z + 6.37396220353165;
            n = n * z + 33.912866078383;
            n = n * z + 112.079291497871;
            n = n * z + 221.213596169931;
            n = n * z + 220.206867912376;
            let d = 8.83883476483184e-2 * z + 1.75566716318264;
            d = d * z + 16.064177579207;
            d = d * z + 86.7807322029461;
            d = d * z + 296.564248779674;
            d = d * z + 637.333633378831;
            d = d * z + 793.826512519948;
            d = d * z + 440.413735824752;
            tail = (e * n) / d;
        }
        else {
            let b = z + 0.65;
            b = z + 4 / b;
            b = z + 3 / b;
            b = z + 2 / b;
            b = z + 1 / b;
            tail = e / b / 2.506628274631;
        }
    }
    return x > 0 ? 1 - tail : tail;
}
/** Upper tail 1 − Φ(x), without cancellation for large x. */
function normalSf(x) {
    return normalCdf(-x);
}
/** Average ranks (1-based; ties share the mean of their positions) and the size of each tie group. */
function rankAverage(values) {
    const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
    const ranks = new Array(values.length);
    const ties = [];
    for (let start = 0; start < order.length;) {
        let end = start + 1;
        while (end < order.length && order[end]?.value === order[start]?.value)
            end++;
        const rank = (start + 1 + end) / 2; // mean of positions start+1 … end
        for (let i = start; i < end; i++)
            ranks[order[i].index] = rank;
        ties.push(end - start);
        start = end;
    }
    return { ranks, ties };
}
/**
 * Mann-Whitney U test of x against y with the normal approximation, corrected for ties and (by
 * default) for continuity. `greater`: x is stochastically greater than y; `less`: smaller.
 */
function mannWhitneyU(x, y, options = {}) {
    const alternative = options.alternative ?? 'two-sided';
    const continuity = options.continuity ?? true;
    const n1 = x.length;
    const n2 = y.length;
    if (!n1 || !n2)
        throw new Error('mannWhitneyU: both samples need at least one value');
    // ±Infinity ranks above (below) every number, as Prometheus' +Inf quantile is slower than any.
    if ([...x, ...y].some((value) => Number.isNaN(value)))
        throw new Error('mannWhitneyU: samples must be numbers (finite or ±Infinity), not NaN');
    const { ranks, ties } = rankAverage([...x, ...y]);
    let r1 = 0;
    for (let i = 0; i < n1; i++)
        r1 += ranks[i];
    const u1 = r1 - (n1 * (n1 + 1)) / 2;
    const u2 = n1 * n2 - u1;
    const n = n1 + n2;
    const tieTerm = ties.reduce((sum, t) => sum + (t * t * t - t), 0);
    const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    let numerator = u1 - (n1 * n2) / 2;
    if (continuity) {
        // The correction always moves the statistic towards the mean (a larger p-value).
        const sign = alternative === 'greater' ? 1 : alternative === 'less' ? -1 : Math.sign(numerator);
        numerator -= 0.5 * sign;
    }
    if (!(sigma > 0))
        return { u1, u2, z: 0, pValue: 1, n1, n2 }; // every value tied: no evidence
    const z = numerator / sigma;
    const pValue = alternative === 'greater'
        ? normalSf(z)
        : alternative === 'less'
            ? normalCdf(z)
            : Math.min(1, 2 * Math.min(normalCdf(z), normalSf(z)));
    return { u1, u2, z, pValue: Math.min(1, Math.max(0, pValue)), n1, n2 };
}
function mean(values) {
    return values.reduce((sum, value) => sum + value, 0) / values.length;
}
/** Target mean / baseline mean (Kayenta's "meanRatio" effect size); ±Infinity over a zero baseline. */
function meanRatio(target, baseline) {
    const t = mean(target);
    const b = mean(baseline);
    if (b === 0)
        return t === 0 ? 1 : t > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    return t / b;
}
// Error budgets (Google SRE Workbook, "Alerting on SLOs"): with an SLO objective such as 0.999,
// the budget is 1 − objective; the burn rate is how many times faster than that budget errors come.
/** Burn rate of an observed error ratio against an objective (0.999 → budget 0.001). */
function burnRate(errorRatio, objective) {
    return errorRatio / (1 - objective);
}
/** The share of a period's budget that burning at `rate` for `windowSeconds` consumes. */
function budgetConsumed(rate, windowSeconds, periodSeconds) {
    return (rate * windowSeconds) / periodSeconds;
}
/** The burn rate at which `fraction` of the period's budget is consumed within `windowSeconds`. */
function burnRateForBudget(fraction, windowSeconds, periodSeconds) {
    return (fraction * periodSeconds) / windowSeconds;
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/evaluate.js


function compare(op, a, b) {
    switch (op) {
        case '>':
            return a > b;
        case '>=':
            return a >= b;
        case '<':
            return a < b;
        case '<=':
            return a <= b;
    }
}
/** The negation, for saying what held: `> 5%` failed to hold means `<= 5%`. */
const NEGATED = { '>': '<=', '>=': '<', '<': '>=', '<=': '>' };
/** Judged points an objective needs before it can pass. */
function minSamplesOf(objective, expectedPoints) {
    if (objective.minSamples !== undefined)
        return objective.minSamples;
    const half = Math.ceil(expectedPoints / 2);
    return objective.kind === 'mann-whitney' ? Math.max(5, half) : Math.max(1, half);
}
function formatSeconds(seconds) {
    const s = Math.round(seconds);
    if (s < 60)
        return `${s}s`;
    if (s % 86_400 === 0)
        return `${s / 86_400}d`;
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const rest = s % 60;
    return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${rest ? `${rest}s` : ''}`;
}
function trim(value, digits = 3) {
    if (!Number.isFinite(value))
        return value > 0 ? '∞' : value < 0 ? '-∞' : 'NaN';
    if (value === 0)
        return '0';
    return String(Number(value.toPrecision(digits)));
}
/** A value in its unit: `ratio` as a percentage, `seconds` as ms or s, anything else appended. */
function formatValue(value, unit) {
    if (value === undefined)
        return '—';
    if (!Number.isFinite(value))
        return trim(value);
    if (unit === 'ratio')
        return `${trim(value * 100)}%`;
    if (unit === 'seconds')
        return Math.abs(value) < 1 ? `${trim(value * 1000)} ms` : `${trim(value)} s`;
    return unit ? `${trim(value)} ${unit}` : trim(value);
}
function formatTime(t) {
    return `${new Date(t * 1000).toISOString().slice(11, 19)}Z`;
}
/**
 * Alert `for` semantics over points one step apart: breached at the first point where the
 * condition has held, without a gap, for at least `forSeconds` (0: the first breaching point).
 */
function heldFor(flags, forSeconds, step) {
    let runStart;
    let previous;
    let longest = 0;
    let ongoing = false;
    for (const { t, breach } of flags) {
        const contiguous = previous !== undefined && t - previous <= step * 1.5;
        if (breach) {
            if (runStart === undefined || !contiguous)
                runStart = t;
            const held = t - runStart;
            longest = Math.max(longest, held);
            if (held >= forSeconds)
                return { breachedAt: t, since: runStart, longest: held, ongoing: true };
            ongoing = true;
        }
        else {
            runStart = undefined;
            ongoing = false;
        }
        previous = t;
    }
    return { longest, ongoing };
}
function finite(points) {
    return (points ?? []).filter((point) => !Number.isNaN(point.v));
}
function pair(a, b) {
    const byTime = new Map(b.map((point) => [point.t, point.v]));
    const pairs = [];
    for (const point of a) {
        const other = byTime.get(point.t);
        if (other !== undefined)
            pairs.push({ t: point.t, a: point.v, b: other });
    }
    return pairs;
}
function worstOf(values, op) {
    if (!values.length)
        return undefined;
    return op === '>' || op === '>=' ? Math.max(...values) : Math.min(...values);
}
/** Status of an objective that was not breached: pending during the window, then pass or no data. */
function settle(samples, minSamples, context) {
    if (!context.final)
        return 'pending';
    return samples >= minSamples ? 'pass' : 'no-data';
}
function noDataDetail(samples, minSamples) {
    return samples
        ? `only ${samples} sample(s) with data, ${minSamples} needed`
        : 'no data: the query returned no series (or only NaN)';
}
/**
 * An objective that cannot be judged at all, e.g. one that compares with a baseline on a first
 * deploy, when there is nothing to compare with: it neither passes nor fails the verification.
 */
function notEvaluated(objective, reason, context) {
    const { condition, minSamples } = judgeObjective(objective, { target: [] }, context);
    return {
        name: objective.name,
        kind: objective.kind,
        status: 'not-evaluated',
        condition,
        samples: 0,
        minSamples,
        detail: `not evaluated: ${reason}`,
    };
}
function judgeObjective(objective, observation, context) {
    const minSamples = minSamplesOf(objective, context.expectedPoints);
    const step = context.stepSeconds;
    const unit = objective.unit;
    switch (objective.kind) {
        case 'threshold': {
            const points = finite(observation.target);
            const condition = `${objective.op} ${formatValue(objective.threshold, unit)}${objective.forSeconds ? ` for ${formatSeconds(objective.forSeconds)}` : ''}`;
            const held = heldFor(points.map((point) => ({ t: point.t, breach: compare(objective.op, point.v, objective.threshold) })), objective.forSeconds, step);
            const last = points.at(-1)?.v;
            const worst = worstOf(points.map((point) => point.v), objective.op);
            const base = {
                name: objective.name,
                kind: objective.kind,
                condition,
                samples: points.length,
                minSamples,
                last,
                worst,
            };
            if (held.breachedAt !== undefined) {
                const value = points.find((point) => point.t === held.breachedAt)?.v;
                return {
                    ...base,
                    status: 'breached',
                    breachedAt: held.breachedAt,
                    detail: `${formatValue(value, unit)} ${objective.op} ${formatValue(objective.threshold, unit)}${objective.forSeconds ? ` held for ${formatSeconds(held.longest)} (since ${formatTime(held.since)})` : ''}`,
                };
            }
            const status = settle(points.length, minSamples, context);
            const detail = status === 'no-data'
                ? noDataDetail(points.length, minSamples)
                : `worst ${formatValue(worst, unit)} ${worst === undefined ? '' : `(${NEGATED[objective.op]} ${formatValue(objective.threshold, unit)})`}${held.longest > 0 ? `; breached for ${formatSeconds(held.longest)} at most` : ''} over ${points.length} sample(s)`.trim();
            return { ...base, status, detail };
        }
        case 'relative': {
            const pairs = pair(finite(observation.target), finite(observation.baseline));
            const condition = `${objective.op} ${trim(objective.factor)}× baseline${objective.forSeconds ? ` for ${formatSeconds(objective.forSeconds)}` : ''}`;
            const ratio = (p) => p.b === 0 ? (p.a === 0 ? 1 : Math.sign(p.a) * Number.POSITIVE_INFINITY) : p.a / p.b;
            const held = heldFor(pairs.map((p) => ({ t: p.t, breach: compare(objective.op, p.a, objective.factor * p.b) })), objective.forSeconds, step);
            const ratios = pairs.map(ratio);
            const base = {
                name: objective.name,
                kind: objective.kind,
                condition,
                samples: pairs.length,
                minSamples,
                last: ratios.at(-1),
                worst: worstOf(ratios, objective.op),
            };
            if (held.breachedAt !== undefined) {
                const at = pairs.find((p) => p.t === held.breachedAt);
                return {
                    ...base,
                    status: 'breached',
                    breachedAt: held.breachedAt,
                    detail: `target ${formatValue(at.a, unit)} is ${trim(ratio(at))}× baseline ${formatValue(at.b, unit)} (${objective.op} ${trim(objective.factor)}×)${objective.forSeconds ? ` held for ${formatSeconds(held.longest)} (since ${formatTime(held.since)})` : ''}`,
                };
            }
            const status = settle(pairs.length, minSamples, context);
            const lastPair = pairs.at(-1);
            const detail = status === 'no-data'
                ? noDataDetail(pairs.length, minSamples) +
                    (finite(observation.target).length && !finite(observation.baseline).length
                        ? ' (none for the baseline)'
                        : '')
                : `worst ${trim(base.worst ?? Number.NaN)}× baseline (${NEGATED[objective.op]} ${trim(objective.factor)}×)${lastPair ? `; last target ${formatValue(lastPair.a, unit)} vs baseline ${formatValue(lastPair.b, unit)}` : ''} over ${pairs.length} sample(s)`;
            return { ...base, status, detail };
        }
        case 'mann-whitney': {
            // +Inf stays: a quantile in the +Inf bucket is the slowest the target can be, not missing data.
            const target = finite(observation.target);
            const baseline = finite(observation.baseline);
            // The test is repeated at every interval once there are enough samples: each look gets
            // α / looks (Bonferroni), so the chance of a false alarm over the whole window stays ≤ α.
            const looks = Math.max(1, context.expectedPoints - minSamples + 1);
            const alpha = 1 - objective.confidence;
            const alphaPerLook = alpha / looks;
            const bound = objective.direction === 'increase'
                ? `> ${trim(objective.allowedIncrease)}×`
                : objective.direction === 'decrease'
                    ? `< ${trim(objective.allowedDecrease)}×`
                    : `outside ${trim(objective.allowedDecrease)}–${trim(objective.allowedIncrease)}×`;
            const condition = `significant ${objective.direction} (p < ${trim(alpha)} over the window, ${trim(alphaPerLook, 2)} a look) with mean ratio ${bound}`;
            const samples = Math.min(target.length, baseline.length);
            const base = { name: objective.name, kind: objective.kind, condition, samples, minSamples };
            if (samples < minSamples) {
                const status = context.final ? 'no-data' : 'pending';
                const which = !target.length
                    ? ' (none for the target)'
                    : !baseline.length
                        ? ' (none for the baseline)'
                        : '';
                return {
                    ...base,
                    status,
                    detail: status === 'no-data'
                        ? `${noDataDetail(samples, minSamples)}${which}`
                        : `${samples} of ${minSamples} samples so far`,
                };
            }
            const alternative = objective.direction === 'increase'
                ? 'greater'
                : objective.direction === 'decrease'
                    ? 'less'
                    : 'two-sided';
            const t = target.map((point) => point.v);
            const b = baseline.map((point) => point.v);
            const test = mannWhitneyU(t, b, { alternative });
            const ratio = meanRatio(t, b);
            const statistics = {
                u: test.u1,
                pValue: test.pValue,
                z: test.z,
                meanRatio: ratio,
                n1: test.n1,
                n2: test.n2,
            };
            // Infinite means on both sides have no ratio (NaN): the significant difference decides.
            const beyond = Number.isNaN(ratio) ||
                (objective.direction === 'increase'
                    ? ratio > objective.allowedIncrease
                    : objective.direction === 'decrease'
                        ? ratio < objective.allowedDecrease
                        : ratio > objective.allowedIncrease || ratio < objective.allowedDecrease);
            const significant = test.pValue < alphaPerLook;
            const numbers = `p = ${trim(test.pValue, 3)}, mean ratio ${trim(ratio)}×, U = ${trim(test.u1, 6)}, n = ${test.n1}/${test.n2}`;
            if (significant && beyond) {
                return {
                    ...base,
                    status: 'breached',
                    breachedAt: Math.max(target.at(-1)?.t ?? 0, baseline.at(-1)?.t ?? 0),
                    last: ratio,
                    worst: ratio,
                    statistics,
                    detail: `target is significantly ${(Number.isNaN(ratio) ? test.u1 > test.u2 : ratio >= 1) ? 'higher' : 'lower'} than baseline (${numbers})`,
                };
            }
            const why = !significant
                ? `no significant ${objective.direction}`
                : `significant but within the allowed effect (${bound.replace(/^[<>] /, '')})`;
            return {
                ...base,
                status: context.final ? 'pass' : 'pending',
                last: ratio,
                worst: ratio,
                statistics,
                detail: `${why} (${numbers})`,
            };
        }
        case 'burn-rate': {
            const budget = 1 - objective.objective;
            const condition = objective.windows
                .map((w) => `> ${trim(w.factor)}× over ${formatSeconds(w.longSeconds)} and ${formatSeconds(w.shortSeconds)}`)
                .join(', or ');
            const pairs = objective.windows.map((window, index) => {
                const series = observation.burn?.[index];
                return {
                    window,
                    points: pair(finite(series?.long), finite(series?.short)).map((p) => ({
                        t: p.t,
                        long: burnRate(p.a, objective.objective),
                        short: burnRate(p.b, objective.objective),
                    })),
                };
            });
            const samples = Math.max(0, ...pairs.map((p) => p.points.length));
            const first = pairs[0]?.points ?? [];
            const last = first.at(-1)?.long;
            const worst = worstOf(first.map((p) => Math.min(p.long, p.short)), '>');
            const base = {
                name: objective.name,
                kind: objective.kind,
                condition,
                samples,
                minSamples,
                last,
                worst,
            };
            let breach;
            for (const { window, points } of pairs) {
                const held = heldFor(points.map((p) => ({ t: p.t, breach: p.long > window.factor && p.short > window.factor })), objective.forSeconds, step);
                if (held.breachedAt !== undefined && (!breach || held.breachedAt < breach.t)) {
                    const at = points.find((p) => p.t === held.breachedAt);
                    breach = {
                        t: held.breachedAt,
                        since: held.since,
                        long: at.long,
                        short: at.short,
                        window,
                    };
                }
            }
            if (breach) {
                const spent = budgetConsumed(breach.long, breach.window.longSeconds, objective.periodSeconds);
                return {
                    ...base,
                    status: 'breached',
                    breachedAt: breach.t,
                    detail: `burn rate ${trim(breach.long)}× over ${formatSeconds(breach.window.longSeconds)} and ${trim(breach.short)}× over ${formatSeconds(breach.window.shortSeconds)} > ${trim(breach.window.factor)}× (objective ${trim(objective.objective * 100, 6)}%, budget ${trim(budget * 100)}%: ${trim(spent * 100)}% of the ${formatSeconds(objective.periodSeconds)} budget in ${formatSeconds(breach.window.longSeconds)})`,
                };
            }
            const status = settle(samples, minSamples, context);
            const lastPoint = first.at(-1);
            const detail = status === 'no-data'
                ? noDataDetail(samples, minSamples)
                : `burn rate ${lastPoint ? `${trim(lastPoint.long)}× over ${formatSeconds(objective.windows[0]?.longSeconds ?? 0)} and ${trim(lastPoint.short)}× over ${formatSeconds(objective.windows[0]?.shortSeconds ?? 0)} at the end` : '—'} over ${samples} sample(s)`;
            return { ...base, status, detail };
        }
    }
}
/**
 * Each objective's weight in the score: 0 when it does not count (not evaluated, or without data
 * at the end), and the total of those that do.
 */
function countedWeights(results, weighting, final) {
    const weights = results.map((result, index) => result.status === 'not-evaluated' || (final && result.status === 'no-data')
        ? 0
        : (weighting[index]?.weight ?? 1));
    return { weights, judged: weights.reduce((sum, weight) => sum + weight, 0) };
}
// Percentages rounded to a tenth, so 2 of 3 equal weights reads 66.7 and compares as shown.
const percentOf = (part, whole) => Math.round((1000 * part) / whole) / 10;
/** The score of the results so far: objectives not evaluated, and those without data at the end, do not count. */
function scoreOf(results, weighting, final) {
    const { weights, judged } = countedWeights(results, weighting, final);
    const held = weights.reduce((sum, weight, index) => sum + (results[index]?.status === 'breached' ? 0 : weight), 0);
    return judged ? percentOf(held, judged) : undefined;
}
/** Each objective's share of the score, in percent of the weight judged (0 when it does not count). */
function sharesOf(results, weighting, final) {
    const { weights, judged } = countedWeights(results, weighting, final);
    return weights.map((weight) => (judged && weight ? percentOf(weight, judged) : 0));
}
const describeScore = (score, scoring) => `score ${score} (pass ≥ ${scoring.pass}${scoring.marginal < scoring.pass ? `, marginal ≥ ${scoring.marginal}` : ''})`;
/**
 * The verdict from every objective's result. A breach of a critical objective, or one that takes
 * the score below `marginal`, fails at once (the score only falls); the rest waits for the end,
 * where the score decides between pass and marginal. Strict scoring (the default) makes any
 * breach fail.
 */
function judge(results, final, onNoData, weighting = [], scoring = spec/* STRICT_SCORING */.iP) {
    const breachedResults = results.filter((result) => result.status === 'breached');
    const breached = breachedResults.map((result) => result.name);
    const breaches = breachedResults.map((result) => `${result.name} breached: ${result.detail}`).join('; ');
    const score = scoreOf(results, weighting, final);
    const critical = results.filter((result, index) => result.status === 'breached' && weighting[index]?.critical);
    if (critical.length)
        return {
            verdict: 'fail',
            breached,
            score,
            reason: `${breaches} (${critical.length > 1 ? 'critical objectives' : 'a critical objective'})`,
        };
    if (breached.length && score !== undefined && score < scoring.marginal)
        return {
            verdict: 'fail',
            breached,
            score,
            reason: scoring.marginal === 100 ? breaches : `${breaches} — ${describeScore(score, scoring)}`,
        };
    if (!final)
        return { reason: 'observing', breached, score };
    const evaluated = results.filter((result) => result.status !== 'not-evaluated');
    const skipped = results.length - evaluated.length;
    const noData = evaluated.filter((result) => result.status === 'no-data');
    if (noData.length || !evaluated.length) {
        const what = noData.length
            ? noData.map((result) => `${result.name} (${result.detail})`).join('; ')
            : 'any objective: none could be evaluated';
        return {
            verdict: onNoData,
            breached,
            noData: true,
            score,
            reason: `not enough data for ${what}${onNoData === 'fail' ? '' : ` — on-no-data: ${onNoData}`}${breached.length ? `; ${breaches}` : ''}`,
        };
    }
    if (breached.length && score !== undefined && score < scoring.pass)
        return {
            verdict: 'marginal',
            breached,
            score,
            reason: `${describeScore(score, scoring)} is marginal: ${breaches}`,
        };
    const names = evaluated.filter((result) => result.status !== 'breached').map((result) => result.name);
    return {
        verdict: 'pass',
        breached,
        score,
        reason: breached.length
            ? `${describeScore(score, scoring)}: ${names.join(', ')} held; ${breaches}`
            : `every objective held over the window (${names.join(', ')})${skipped ? `; ${skipped} not evaluated` : ''}`,
    };
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/verify.js
// The verification loop: check every query once, wait out the warm-up, then every interval fetch
// each objective's series since the window began and judge them all — stopping at the first
// breach, passing only when the window is over with enough samples, failing closed when
// Prometheus cannot be reached.




/** setTimeout's longest delay: a longer one fires after 1 ms, so longer waits go in pieces. */
const MAX_SLEEP_MS = 2 ** 31 - 1;
/** A marginal judgment as on-marginal has it: a failure, a pass (flagged), or `marginal` to wait for a person. */
function decideMarginal(judgment, onMarginal) {
    if (judgment.verdict !== 'marginal' || onMarginal === 'wait')
        return judgment;
    return {
        ...judgment,
        verdict: onMarginal,
        marginal: true,
        reason: `${judgment.reason} — on-marginal: ${onMarginal}`,
    };
}
function needsBaseline(objective) {
    return objective.kind === 'relative' || objective.kind === 'mann-whitney';
}
/** Checks that the plan can judge every objective; returns warnings for what it cannot fully judge. */
function checkPlan(plan) {
    const warnings = [];
    const expected = expectedPoints(plan);
    for (const objective of plan.spec.objectives) {
        if (needsBaseline(objective) && !plan.baseline && !plan.noBaselineReason)
            throw new errors/* ConfigurationError */.j1(`input 'baseline' is required: objective '${objective.name}' (${objective.kind}) compares the target with a baseline, e.g. color="blue"`);
        const min = minSamplesOf(objective, expected);
        if (min > expected)
            throw new errors/* ConfigurationError */.j1(`SLO objective '${objective.name}', field 'min-samples': needs ${min} samples but a ${plan.windowSeconds}s window at a ${plan.intervalSeconds}s interval gives at most ${expected}`);
        if ('forSeconds' in objective && objective.forSeconds > plan.windowSeconds)
            warnings.push(`objective '${objective.name}' must be breached for ${objective.forSeconds}s but the window is ${plan.windowSeconds}s: it cannot fail within it`);
    }
    return warnings;
}
function expectedPoints(plan) {
    return Math.floor(plan.windowSeconds / plan.intervalSeconds) + 1;
}
/** The queries an objective runs, by role: target, baseline, or burn-rate windows. */
function queriesOf(objective, plan) {
    const interval = (0,spec/* promDuration */.Jn)(plan.intervalSeconds);
    const render = (selector, window) => (0,spec/* renderQuery */.no)(objective.query, {
        selector,
        interval,
        window: window === undefined ? undefined : (0,spec/* promDuration */.Jn)(window),
    });
    switch (objective.kind) {
        case 'threshold':
            return { target: render(plan.target) };
        case 'relative':
        case 'mann-whitney':
            return plan.baseline
                ? { target: render(plan.target), baseline: render(plan.baseline) }
                : { target: render(plan.target) };
        case 'burn-rate': {
            const queries = {};
            objective.windows.forEach((window, index) => {
                queries[`long${index}`] = render(plan.target, window.longSeconds);
                queries[`short${index}`] = render(plan.target, window.shortSeconds);
            });
            return queries;
        }
    }
}
function describeLabels(labels) {
    const entries = Object.entries(labels);
    return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}` : '{}';
}
function single(objective, role, query, series) {
    if (series.length > 1) {
        const shown = series.slice(0, 3).map((entry) => describeLabels(entry.labels));
        throw new errors/* ConfigurationError */.j1(`SLO objective '${objective.name}', field 'query': the ${role} query returned ${series.length} series (${shown.join(', ')}${series.length > 3 ? ', …' : ''}); aggregate it to one, e.g. with sum, avg or max: ${query}`);
    }
    return series[0]?.points ?? [];
}
function queryProblem(objective, error, query) {
    return new errors/* ConfigurationError */.j1(`SLO objective '${objective.name}', field 'query': ${error.message}: ${query.replace(/\s+/g, ' ').trim()}`);
}
function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2
        ? sorted[middle]
        : (sorted[middle - 1] + sorted[middle]) / 2;
}
/**
 * A baseline judged before the switch, as the relative objective compares it: the median of what
 * it was then, beside every target point (no baseline data stays no baseline data).
 */
function baselineReference(target, before) {
    const values = before.map((point) => point.v).filter((v) => Number.isFinite(v));
    if (!values.length)
        return [];
    const reference = median(values);
    return target.map((point) => ({ t: point.t, v: reference }));
}
async function observe(client, objective, queries, spans, step) {
    const fetched = {};
    await Promise.all(Object.entries(queries).map(async ([role, query]) => {
        const { start, end } = (role === 'baseline' && spans.baseline) || spans.window;
        try {
            fetched[role] = single(objective, role, query, await client.queryRange(query, start, end, step));
        }
        catch (error) {
            if (error instanceof PrometheusQueryError)
                throw queryProblem(objective, error, query);
            throw error;
        }
    }));
    if (spans.baseline && objective.kind === 'relative' && fetched.baseline)
        fetched.baseline = baselineReference(fetched.target ?? [], fetched.baseline);
    if (objective.kind === 'burn-rate') {
        return {
            target: fetched.long0 ?? [],
            burn: objective.windows.map((_, index) => ({
                long: fetched[`long${index}`] ?? [],
                short: fetched[`short${index}`] ?? [],
            })),
        };
    }
    return { target: fetched.target ?? [], baseline: fetched.baseline };
}
function seriesOf(observation) {
    if (!observation)
        return {};
    const pairs = (points) => points.map((point) => [point.t, point.v]);
    if (observation.burn) {
        const series = {};
        observation.burn.forEach((entry, index) => {
            series[`long${index}`] = pairs(entry.long);
            series[`short${index}`] = pairs(entry.short);
        });
        return series;
    }
    return {
        target: pairs(observation.target),
        ...(observation.baseline ? { baseline: pairs(observation.baseline) } : {}),
    };
}
function limitsOf(objective) {
    const common = { description: objective.description, unit: objective.unit };
    switch (objective.kind) {
        case 'threshold':
            return { ...common, limit: objective.threshold };
        case 'relative':
            return { ...common, limit: objective.factor };
        case 'burn-rate':
            return { ...common, limit: objective.windows[0]?.factor, budget: 1 - objective.objective };
        default:
            return common;
    }
}
const iso = (seconds) => new Date(seconds * 1000).toISOString();
/** Runs a verification to its verdict. Prometheus query mistakes throw a ConfigurationError. */
async function verifySlo(plan, client, options = {}) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const log = options.log ?? (() => { });
    const warnings = checkPlan(plan);
    for (const warning of warnings)
        log(`warning: ${warning}`);
    const objectives = plan.spec.objectives;
    const queries = objectives.map((objective) => queriesOf(objective, plan));
    const expected = expectedPoints(plan);
    // Whole seconds, rounded up: the window is never shorter than asked.
    const startedAt = Math.ceil(now() / 1000);
    const windowStart = startedAt + plan.warmUpSeconds;
    const windowEnd = windowStart + plan.windowSeconds;
    const step = plan.intervalSeconds;
    const baselineSpan = plan.baseline && plan.baselineBefore !== undefined
        ? { start: plan.baselineBefore - plan.windowSeconds, end: plan.baselineBefore }
        : undefined;
    const observations = objectives.map(() => undefined);
    const judgeAll = (final) => objectives.map((objective, index) => {
        const context = { final, stepSeconds: step, expectedPoints: expected };
        if (needsBaseline(objective) && !plan.baseline)
            return notEvaluated(objective, `no baseline (${plan.noBaselineReason})`, context);
        return judgeObjective(objective, observations[index] ?? { target: [] }, context);
    });
    let results = judgeAll(false);
    const scoring = plan.spec.scoring ?? spec/* STRICT_SCORING */.iP;
    const onMarginal = plan.onMarginal ?? 'fail';
    // Whether the results are the end-of-window ones: what counts in the score depends on it.
    let judgedFinal = false;
    let belowPass = false;
    const report = (judgment, at) => {
        const shares = sharesOf(results, objectives, judgedFinal);
        return {
            verdict: judgment.verdict,
            reason: judgment.reason,
            // Only a failure names what breached (a tolerated breach is in the objectives and the reason).
            breached: judgment.verdict === 'fail' ? judgment.breached : [],
            ...(judgment.score !== undefined ? { score: judgment.score } : {}),
            scoring,
            ...(judgment.marginal ? { marginal: true } : {}),
            onMarginal,
            prometheus: client.toString(),
            target: plan.target,
            baseline: plan.baseline,
            ...(baselineSpan
                ? { baselineWindow: { start: iso(baselineSpan.start), end: iso(baselineSpan.end) } }
                : {}),
            ...(judgment.noData ? { noData: true } : {}),
            windowSeconds: plan.windowSeconds,
            intervalSeconds: plan.intervalSeconds,
            warmUpSeconds: plan.warmUpSeconds,
            onNoData: plan.onNoData,
            startedAt: iso(startedAt),
            windowStart: iso(windowStart),
            finishedAt: new Date(now()).toISOString(),
            elapsedSeconds: Math.max(0, Math.round(at - windowStart)),
            slo: { name: plan.spec.name, sources: plan.spec.sources },
            warnings,
            objectives: results.map((result, index) => ({
                ...result,
                weight: objectives[index].weight,
                critical: objectives[index].critical,
                share: shares[index] ?? 0,
                ...limitsOf(objectives[index]),
                queries: queries[index] ?? {},
                series: seriesOf(observations[index]),
            })),
        };
    };
    const unavailable = (error, at, before = false) => {
        const when = before
            ? 'before the window began'
            : `${Math.max(0, Math.round(at - windowStart))}s into the window`;
        const reason = `no observation possible: ${error.message} (${when})${plan.onNoData === 'fail' ? '' : ` — on-no-data: ${plan.onNoData}`}`;
        return report({
            verdict: plan.onNoData,
            reason,
            breached: [],
            noData: true,
            score: scoreOf(results, objectives, false),
        }, at);
    };
    // Every query once, now: a typo or an unreachable Prometheus fails before any waiting.
    try {
        await Promise.all(objectives.flatMap((objective, index) => Object.values(queries[index] ?? {}).map(async (query) => {
            try {
                await client.query(query);
            }
            catch (error) {
                if (error instanceof PrometheusQueryError)
                    throw queryProblem(objective, error, query);
                throw error;
            }
        })));
    }
    catch (error) {
        if (error instanceof PrometheusUnavailableError)
            return unavailable(error, now() / 1000, true);
        throw error;
    }
    if (plan.warmUpSeconds > 0)
        log(`warming up for ${plan.warmUpSeconds}s before judging`);
    for (let tick = windowStart;; tick = Math.min(tick + step, windowEnd)) {
        for (let wait = tick * 1000 - now(); wait > 0; wait = tick * 1000 - now())
            await sleep(Math.min(wait, MAX_SLEEP_MS));
        const final = tick >= windowEnd;
        try {
            const observed = await Promise.all(objectives.map((objective, index) => observe(client, objective, queries[index] ?? {}, { window: { start: windowStart, end: tick }, baseline: baselineSpan }, step)));
            observed.forEach((observation, index) => {
                observations[index] = observation;
            });
        }
        catch (error) {
            if (error instanceof PrometheusUnavailableError)
                return unavailable(error, now() / 1000);
            throw error;
        }
        results = judgeAll(final);
        judgedFinal = final;
        const judgment = decideMarginal(judge(results, final, plan.onNoData, objectives, scoring), onMarginal);
        if (!judgment.verdict && !belowPass && judgment.score !== undefined && judgment.score < scoring.pass) {
            belowPass = true;
            const why = `score ${judgment.score} is below ${scoring.pass} (${judgment.breached.join(', ')} breached)`;
            log(`${why}: it can no longer pass`);
            options.cannotPass?.(why);
        }
        log(`${Math.round(tick - windowStart)}s/${plan.windowSeconds}s: ${results
            .map((result) => `${result.name} ${result.status} (${result.samples})`)
            .join(', ')}`);
        if (judgment.verdict)
            return report({ ...judgment, verdict: judgment.verdict }, tick);
    }
}
/**
 * verifySlo that always ends in a report: when no verdict can be reached (a rejected query, a
 * crash) it is a failed one, so a fault never reads as a pass.
 */
async function verifyFailClosed(plan, client, options = {}) {
    try {
        return await verifySlo(plan, client, options);
    }
    catch (error) {
        const now = new Date().toISOString();
        return {
            verdict: 'fail',
            reason: `no verdict could be reached: ${error instanceof Error ? error.message : String(error)}`,
            breached: [],
            scoring: plan.spec.scoring ?? spec/* STRICT_SCORING */.iP,
            onMarginal: plan.onMarginal ?? 'fail',
            prometheus: client.toString(),
            target: plan.target,
            windowSeconds: plan.windowSeconds,
            intervalSeconds: plan.intervalSeconds,
            warmUpSeconds: plan.warmUpSeconds,
            onNoData: plan.onNoData,
            startedAt: now,
            windowStart: now,
            finishedAt: now,
            elapsedSeconds: 0,
            slo: { sources: [] },
            warnings: [],
            objectives: [],
        };
    }
}

// EXTERNAL MODULE: ./build/bundle-input/shared/bluegreen-deploy/smoke.js
var smoke = __webpack_require__(292);
;// CONCATENATED MODULE: ./build/bundle-input/shared/bluegreen-deploy/pre-switch.js
// The optional pre-switch SLO check: before any user's answer comes from the idle color, it is sent
// smoke traffic — or, with `pre-switch-mirror`, a copy of a share of the live requests whose answers
// the data plane drops — for `pre-switch-window`, and judged on it by an SLO whose objectives can
// fail within that window. A failed, inconclusive or unjudgeable check fails the deploy with no
// traffic moved.








/** Long enough for a few scrapes, short enough to add little to a deploy. */
const DEFAULT_WINDOW = '30s';
const REQUESTS_PER_SECOND = 10;
/** The check, from `pre-switch-slo` (off when empty); every input checked before anything changes. */
async function getPreSwitchCheck(raw, place) {
    const slo = raw.raw('pre-switch-slo').trim();
    const mirrorPercent = parseMirrorPercent(raw.raw('pre-switch-mirror'), place.strategy);
    // Checked whether or not the check is on: a bad value is refused either way.
    raw.duration('pre-switch-window', DEFAULT_WINDOW);
    if (raw.raw('prometheus-url'))
        raw.url('prometheus-url');
    const urlLines = raw.list('pre-switch-url').flatMap((line) => line.split(/\s+/));
    const givenUrls = (0,smoke/* parseSmokeUrls */.N9)(urlLines, 'pre-switch-url');
    if (!slo) {
        if (mirrorPercent !== undefined)
            throw new errors/* ConfigurationError */.j1(`input 'pre-switch-mirror' needs 'pre-switch-slo': the SLO the mirrored requests are judged by`);
        return undefined;
    }
    if (!raw.raw('prometheus-url'))
        throw new errors/* ConfigurationError */.j1(`input 'pre-switch-slo' needs 'prometheus-url' (where the idle color is judged)`);
    // Mirroring, a health-check smoke URL is not what to judge a first deploy on (only pre-switch-url).
    const urls = givenUrls ?? (mirrorPercent === undefined ? place.smoke?.urls : undefined);
    if (!urls && mirrorPercent === undefined)
        throw new errors/* ConfigurationError */.j1(`input 'pre-switch-slo' needs 'pre-switch-mirror', 'pre-switch-url' or 'smoke-url': live requests to copy, or the idle color's URLs to send smoke traffic to`);
    const targetTemplate = raw.raw('target') || release_labels/* DEFAULT_TARGET */.Kv;
    const verify = await getVerifySloInputs(new shared_inputs/* Inputs */.G0((name) => {
        if (name === 'slo')
            return slo;
        // Not the file's window: SLO files are written for after the switch (minutes).
        if (name === 'window')
            return raw.raw('pre-switch-window') || DEFAULT_WINDOW;
        if (name === 'target')
            return (0,release_labels/* fillSelector */.Bk)(targetTemplate, { ...place, color: 'blue', version: 'placeholder' });
        // Nothing beside the idle color takes smoke traffic; no data is never a pass here.
        if (name === 'baseline')
            return 'none';
        if (name === 'on-no-data')
            return 'fail';
        if (['prometheus-url', 'prometheus-token'].includes(name))
            return raw.raw(name);
        return '';
    }));
    verify.plan.noBaselineReason = 'pre-switch: only the idle color takes (smoke) traffic';
    const cannotFail = checkPlan(verify.plan).filter((warning) => warning.includes('cannot fail'));
    if (cannotFail.length)
        throw new errors/* ConfigurationError */.j1(`input 'pre-switch-slo': ${cannotFail[0]} (pre-switch-window); a pre-switch SLO needs objectives whose 'for' fits the window, e.g. examples/slo/pre-switch.yaml`);
    if (verify.plan.spec.objectives.every((objective) => ['relative', 'mann-whitney'].includes(objective.kind)))
        throw new errors/* ConfigurationError */.j1(`input 'pre-switch-slo': every objective compares with a baseline, and before the switch there is none: give at least one threshold or burn-rate objective`);
    return { verify, urls, mirrorPercent, targetTemplate, requestsPerSecond: REQUESTS_PER_SECOND };
}
/** `pre-switch-mirror`: a whole percentage of the live requests; only an HTTPRoute can copy them. */
function parseMirrorPercent(text, strategy) {
    const value = text.trim();
    if (!value)
        return undefined;
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100)
        throw new errors/* ConfigurationError */.j1(`input 'pre-switch-mirror': got ${(0,shared_inputs/* quote */.hD)(text)}, expected the percent of live requests to mirror, a whole number from 1 to 100`);
    if (strategy !== 'gateway')
        throw new errors/* ConfigurationError */.j1(`input 'pre-switch-mirror': got ${(0,shared_inputs/* quote */.hD)(text)} with traffic '${strategy}'; requests are mirrored by the Gateway API HTTPRoute (traffic: gateway)`);
    return Number(value);
}
/** Sends GETs to `url` at a steady rate until `signal` aborts; answers are judged by the SLO, not here. */
async function smokeTraffic(url, perSecond, signal) {
    let sent = 0;
    const gap = 1000 / perSecond;
    // fetch refuses a URL with user:password: every request would fail before it is sent.
    const plain = (0,net/* withoutCredentials */.ri)(url);
    while (!signal.aborted) {
        const started = Date.now();
        await fetch(plain.url, {
            headers: plain.headers,
            signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]),
        })
            .then((response) => response.body?.cancel())
            .catch(() => { });
        sent++;
        await (0,promises_.setTimeout)(Math.max(0, gap - (Date.now() - started)), undefined, { signal }).catch(() => { });
    }
    return sent;
}
/** A copy of `percent` of the live requests; a copy that cannot start is undone before failing. */
function mirrorFeed(mirror, percent) {
    let via = '';
    return {
        what: `${percent}% of live requests mirrored to it`,
        async start() {
            try {
                via = await mirror.start();
            }
            catch (error) {
                // Both are told: why the copy could not start, and whether the route is back as it was.
                const undone = await mirror.stop().then(() => '', (stopError) => `; putting the route back failed too: ${(0,errors/* errorMessage */.gJ)(stopError)}`);
                if (!undone)
                    throw error;
                throw new Error(`${(0,errors/* errorMessage */.gJ)(error)}${undone}`);
            }
        },
        async end() {
            await mirror.stop();
            return `${percent}% of live requests, mirrored (${via})`;
        },
    };
}
/** Smoke requests to `url` at a steady rate, counted. */
function smokeFeed(url, perSecond) {
    const stop = new AbortController();
    let traffic = Promise.resolve(0);
    return {
        what: `${perSecond} requests/s to ${(0,shared_inputs/* redactCredentials */.UY)(url)}`,
        async start() {
            traffic = smokeTraffic(url, perSecond, stop.signal);
        },
        async end() {
            stop.abort();
            return `${await traffic} smoke requests`;
        },
    };
}
/**
 * Judges `color` running `version` on a copy of live requests (with `mirror`) or on smoke traffic;
 * the report's verdict decides. A mirror that cannot start fails the check: nothing is judged.
 */
async function runPreSwitchCheck(check, place, log, mirror) {
    const plan = { ...check.verify.plan, target: (0,release_labels/* fillSelector */.Bk)(check.targetTemplate, place) };
    let feed;
    if (check.mirrorPercent !== undefined && mirror)
        feed = mirrorFeed(mirror, check.mirrorPercent);
    else {
        const url = check.urls && (0,smoke/* smokeUrl */.zY)({ urls: check.urls }, place.color);
        if (!url)
            throw new errors/* ConfigurationError */.j1(`input 'pre-switch-url': no URL for ${place.color}`);
        feed = smokeFeed(url, check.requestsPerSecond);
    }
    log(`pre-switch check of ${place.color} (${place.version}): ${feed.what} for up to ${plan.windowSeconds}s, judged on ${plan.target}`);
    await feed.start();
    let report;
    try {
        report = await verifyFailClosed(plan, prometheusClientFor(check.verify), { log });
    }
    catch (error) {
        await feed.end();
        throw error;
    }
    return { ...report, fedBy: await feed.end() };
}

// EXTERNAL MODULE: ./build/bundle-input/shared/bluegreen-deploy/traffic.js
var traffic = __webpack_require__(1888);
;// CONCATENATED MODULE: ./build/bundle-input/shared/bluegreen-deploy/bluegreen.js
// bluegreen-deploy: lock → read state → deploy the idle color pinned by digest → wait ready →
// smoke → move traffic (at every step a health check; any failure routes everything back) →
// record state → keep the previous color warm. Traffic never reaches a color that is not ready.


















class Deployer {
    kubectl;
    inputs;
    kubeconfigPath;
    timeline = [];
    constructor(kubectl, inputs, kubeconfigPath) {
        this.kubectl = kubectl;
        this.inputs = inputs;
        this.kubeconfigPath = kubeconfigPath;
    }
    note(event) {
        this.timeline.push({ at: new Date().toISOString(), event });
        runner/* info */.pq(event);
    }
    /** Applies the idle color's workloads pinned by digest and returns the Deployments to wait for. */
    async applyColor(color, { imageByDigest, version }) {
        const { inputs } = this;
        if (inputs.source.kind === 'manifests') {
            const colored = (0,manifests/* colorManifests */.G9)(inputs.source.objects, color, imageByDigest, inputs.selector, version);
            await this.kubectl.apply(colored.workloads);
            return colored.deployments;
        }
        if (inputs.source.kind === 'none') {
            throw new errors/* ConfigurationError */.j1(`deploying ${imageByDigest} to ${color} needs 'chart' or 'manifests'`);
        }
        const helmRelease = `${inputs.release}-${color}`;
        const args = ['upgrade', '--install', helmRelease, inputs.source.chart, '--namespace', inputs.namespace];
        if (this.kubeconfigPath)
            args.push('--kubeconfig', this.kubeconfigPath);
        for (const file of inputs.source.values)
            args.push('--values', file);
        for (const entry of inputs.source.set)
            args.push('--set', entry);
        const [repository, digest] = imageByDigest.split('@');
        args.push('--set', `color=${color}`, 
        // The pods' version label (what verification selects on), as for plain manifests.
        '--set-string', `version=${(0,release_labels/* versionLabelValue */.YV)(version)}`, '--set', `image.repository=${repository}`, '--set', `image.digest=${digest}`, '--set', 'service.create=false');
        await (0,exec/* execTool */.w)('helm', args, { timeoutMs: inputs.timeoutMs + 60_000 });
        // Helm's standard instance label names exactly this color's release, whatever else shares the selector.
        const deployments = await this.kubectl.list('deployment', `app.kubernetes.io/instance=${helmRelease}`);
        if (!deployments.length) {
            throw new errors/* ConfigurationError */.j1(`chart ${inputs.source.chart} rendered no Deployment labelled app.kubernetes.io/instance=${helmRelease}: the chart must set Helm's standard labels, and label its pods with 'selector' and color`);
        }
        return deployments.map((d) => d.metadata.name);
    }
    /**
     * Before `color` takes traffic from `live`: each of its Deployments gets at least as many
     * replicas as its counterpart on the live color has now (an autoscaler may have grown it far
     * past the manifests' count), so a switch never hands the live load to a minimum-sized color.
     */
    async preScale(color, live, deployments) {
        if (!live)
            return;
        const liveDeployments = await deploymentsOf(this.kubectl, this.inputs, live);
        const replicasOf = (object) => object?.spec?.replicas ?? 1;
        for (const name of deployments) {
            const counterpart = liveDeployments.find((candidate) => candidate.metadata.name === counterpartName(name, color, live));
            if (!counterpart)
                continue;
            const wanted = replicasOf(counterpart);
            const current = replicasOf(await this.kubectl.get('deployment', name));
            if (wanted > current) {
                await this.kubectl.scale(name, wanted);
                this.note(`pre-scaled ${name} to ${wanted} replicas, as ${counterpart.metadata.name} runs now (was ${current})`);
            }
        }
    }
    async waitReady(color, deployments) {
        for (const name of deployments) {
            try {
                await this.kubectl.rolloutStatus(name, this.inputs.timeoutMs);
            }
            catch (error) {
                const why = error instanceof errors/* ToolError */.v4 ? error.message : (0,errors/* errorMessage */.gJ)(error);
                throw new DeployFailure(`${color} never became ready (${name}): ${why}`);
            }
        }
        this.note(`${color} is ready (${deployments.join(', ')})`);
    }
    /** The live Service (and, for weighted strategies, one Service per color) exist. */
    async ensureServices() {
        const { inputs } = this;
        const template = inputs.source.kind === 'manifests' ? (0,manifests/* serviceTemplate */.QO)(inputs.source.objects) : undefined;
        const ports = template?.spec?.ports ?? [
            { name: 'http', port: inputs.servicePort, targetPort: inputs.targetPort },
        ];
        const service = (name, color) => ({
            apiVersion: 'v1',
            kind: 'Service',
            metadata: {
                name,
                labels: { 'app.kubernetes.io/managed-by': 'pipeline', 'pipeline/release': inputs.release },
            },
            spec: { selector: { ...inputs.selector, ...(color ? { color } : {}) }, ports },
        });
        const wanted = [];
        if (!(await this.kubectl.get('service', inputs.service)))
            wanted.push(service(inputs.service));
        if (inputs.strategy !== 'service') {
            for (const color of ['blue', 'green'])
                wanted.push(service((0,traffic/* colorService */.dn)(inputs.service, color), color));
        }
        if (wanted.length)
            await this.kubectl.apply(wanted);
    }
    /**
     * Every request to the live color before the idle one is replaced: a run stopped part-way
     * (cancelled, its runner lost, its routing back failed) or a release held for a decision leaves a
     * share of the traffic, a canary match or a mirror on the idle color, and its pods are about to
     * change under that traffic. Routing is idempotent: when nothing was left, nothing changes.
     */
    async clearIdle(idle, live) {
        await this.ensureServices();
        await (0,traffic/* routeTraffic */.DM)(this.kubectl, this.trafficTarget(), live, 100);
        this.note(`traffic: all on ${live} before ${idle} is replaced`);
    }
    /** Where this release's traffic is moved: its strategy, live Service, router and canary match. */
    trafficTarget() {
        const { strategy, service, router, canary } = this.inputs;
        return { strategy, service, router, canary };
    }
    /** Smoke-checks `color`; a run cancelled meanwhile stops checking with the cancel as its error. */
    async smoke(color, cancelled) {
        if (!this.inputs.smoke)
            return;
        try {
            this.note(`smoke ${color}: ${await (0,smoke/* runSmoke */.Lw)(this.inputs.smoke, color, cancelled)}`);
        }
        catch (error) {
            if (error instanceof cancel/* Cancelled */.cJ)
                throw error;
            throw new DeployFailure((0,errors/* errorMessage */.gJ)(error));
        }
    }
    /**
     * Moves traffic to `color` step by step (those above `after` percent); on any failure, or when
     * the run is cancelled meanwhile, everything goes back to `from`. Returns the percentage it held
     * at when `holding` gave a reason to stop.
     */
    shiftTraffic(color, from, options = {}) {
        // Cancelled between steps, the run would end with its share left on `color`.
        return (0,cancel/* whileCancellable */.So)((cancelled) => this.stepTraffic(color, from, options, cancelled));
    }
    async stepTraffic(color, from, options, cancelled) {
        const { inputs } = this;
        const target = this.trafficTarget();
        // A canary match first gets the matching requests alone (0%), then the weighted steps.
        const planned = from ? [...(inputs.canary ? [0] : []), ...inputs.steps] : [100];
        const steps = planned.filter((step) => options.after === undefined || step > options.after);
        let reached = options.after ?? 0;
        let moved = options.after !== undefined;
        // The step whose routing is under way: cancelled then, its share may or may not have landed.
        let moving;
        for (const step of steps) {
            const hold = moved ? options.holding?.() : undefined;
            if (hold) {
                this.note(`traffic held at ${reached}% to ${color}: ${hold}`);
                return reached;
            }
            try {
                cancelled.throwIfAborted();
                moving = step;
                await (0,traffic/* routeTraffic */.DM)(this.kubectl, target, color, step);
                moving = undefined;
                this.note(step === 0 && inputs.canary
                    ? `traffic: requests with ${(0,traffic/* describeCanary */.Wi)(inputs.canary)} to ${color}, no share of the rest`
                    : `traffic ${step}% to ${color}`);
                reached = step;
                moved = true;
                if (step < 100) {
                    await (0,cancel/* pause */.v7)(inputs.stepIntervalMs, cancelled);
                    await this.smoke(color, cancelled);
                }
            }
            catch (error) {
                if (!from)
                    throw error;
                // Cancelled while a step ran: whatever broke then (a kubectl the signal reached too) is the cancel.
                const cause = cancelled.aborted ? cancelled.reason : error;
                const why = (0,errors/* errorMessage */.gJ)(cause);
                // "traffic step 50% to green failed (why)", or "the run was cancelled (SIGINT) at 50% to
                // green" ("while moving 50% to green" when it came during that step's routing).
                const [what, detail] = cause instanceof cancel/* Cancelled */.cJ
                    ? [
                        `${why} ${moving === undefined ? `at ${reached}%` : `while moving ${moving}%`} to ${color}`,
                        '',
                    ]
                    : [`traffic step ${step}% to ${color} failed`, why];
                try {
                    await (0,traffic/* routeTraffic */.DM)(this.kubectl, target, from, 100);
                    this.note(`traffic back to ${from} after: ${why}`);
                }
                catch (backError) {
                    throw new DeployFailure(`${what}${detail && ` (${detail})`} and routing back to ${from} failed too (${(0,errors/* errorMessage */.gJ)(backError)}); re-run to converge`);
                }
                throw new DeployFailure(`${what}, all traffic is back on ${from}${detail && `: ${detail}`}`);
            }
        }
        return undefined;
    }
    async scaleDown(color) {
        const deployments = await deploymentsOf(this.kubectl, this.inputs, color);
        for (const deployment of deployments)
            await this.kubectl.scale(deployment.metadata.name, 0);
        if (deployments.length)
            this.note(`scaled ${color} down (${deployments.map((d) => d.metadata.name).join(', ')})`);
    }
}
/**
 * Judges the idle color before any user gets an answer from it; anything but a pass with data
 * fails the deploy. Mirroring copies the live color's requests, so a first deploy (nothing live)
 * is judged on smoke traffic when there are URLs for it, and otherwise not before the switch.
 */
async function preSwitchCheck(deployer, inputs, check, color, live) {
    const mirror = check.mirrorPercent !== undefined && live
        ? new traffic/* RouteMirror */.ZG(deployer.kubectl, deployer.trafficTarget(), live, check.mirrorPercent)
        : undefined;
    if (!mirror && !check.urls) {
        deployer.note(`pre-switch check of ${color}: skipped, no live requests to mirror on a first deploy`);
        return undefined;
    }
    let report;
    try {
        report = await runPreSwitchCheck(check, { namespace: inputs.namespace, release: inputs.release, color, version: inputs.version }, (line) => runner/* info */.pq(line), mirror);
    }
    catch (error) {
        if (!mirror || error instanceof errors/* ConfigurationError */.j1)
            throw error;
        throw new DeployFailure(`the pre-switch check of ${color} could not mirror: ${(0,errors/* errorMessage */.gJ)(error)}; no traffic moved`);
    }
    deployer.note(`pre-switch check of ${color}: ${report.verdict}, ${report.reason} (${report.fedBy})`);
    if (report.verdict !== 'pass' || report.noData)
        throw new DeployFailure(`the pre-switch SLO check of ${color} did not pass (${report.verdict}: ${report.reason}); no traffic moved`);
    return report;
}
/** A deploy that failed after the lock was taken: the state records it, the step fails. */
class DeployFailure extends Error {
    name = 'DeployFailure';
}
/** The history record of one deploy of `inputs` to `color`. */
function deployEntry(inputs, color, at, outcome, reason) {
    return {
        action: 'deploy',
        version: inputs.version,
        digest: inputs.image.digest,
        image: inputs.imageByDigest,
        color,
        at: at.toISOString(),
        outcome,
        ...(reason ? { reason } : {}),
        ...client_actor(),
    };
}
/** The same Deployment on the other color: `web-green` for `web-blue`, `shop-green-web` for `shop-blue-web`. */
function counterpartName(name, color, other) {
    if (name.endsWith(`-${color}`))
        return `${name.slice(0, -color.length)}${other}`;
    return name.replace(`-${color}-`, `-${other}-`);
}
function colorRecord(inputs, at) {
    return {
        digest: inputs.image.digest,
        image: inputs.imageByDigest,
        version: inputs.version,
        deployedAt: at.toISOString(),
    };
}
async function bluegreenDeploy(inputs, cleanup, hooks = {}) {
    (0,external_node_fs_.mkdirSync)(inputs.workDir, { recursive: true });
    const kubeconfig = await (0,access/* kubeconfigFile */.q)(inputs, inputs.workDir, cleanup);
    const kubectl = new kube_kubectl/* Kubectl */.bx(inputs.namespace, kubeconfig);
    return lock_withLock(kubectl, inputs.release, inputs.lockTimeoutMs, async () => {
        const deployer = new Deployer(kubectl, inputs, kubeconfig);
        const stored = await (0,release_record/* readState */.un)(kubectl, inputs.release);
        const active = workloads_liveColorOf(await kubectl.get('service', inputs.service));
        const held = stored.state.held;
        if (held?.digest === inputs.image.digest)
            throw new errors/* ConfigurationError */.j1(`${inputs.version} is held at ${held.percent}% on ${held.color} for a decision (score ${held.score ?? '—'}): deploy it with 'decision: promote' or 'decision: rollback', or roll it back with the Rollback form`);
        if (active && stored.state.colors[active]?.digest === inputs.image.digest) {
            deployer.note(`${inputs.imageByDigest} is already live on ${active}: nothing to do`);
            const housekept = await scaleDownDue(kubectl, inputs, active);
            if (housekept.scaledDown)
                deployer.note(`scaled ${housekept.scaledDown.color} down, its scale-down-delay passed (${housekept.scaledDown.deployments.join(', ') || 'no Deployments'})`);
            return {
                color: active,
                previousColor: stored.state.previousColor,
                version: stored.state.colors[active].version,
                digest: inputs.image.digest,
                url: (0,smoke/* colorUrl */.x2)(inputs, active),
                noop: true,
                recordedOutcome: (0,release_record/* entryOf */.Ms)(stored.state, inputs.image.digest)?.outcome,
                timeline: deployer.timeline,
            };
        }
        hooks.stillDecided?.({ color: active, state: stored.state });
        const color = active ? (0,release_record/* otherColor */.IP)(active) : 'blue';
        deployer.note(`live: ${active ?? 'nothing'}; deploying ${inputs.version} (${inputs.image.digest}) to ${color}`);
        const github = await startGithubDeployment(inputs.token, {
            environment: inputs.environment,
            version: inputs.version,
            description: `${inputs.version} to ${color}`,
        });
        let trafficMovedAt;
        let heldAt;
        let preSwitch;
        // From here the idle color is being replaced: a release held there is held no more.
        let replacing = false;
        try {
            if (active && inputs.strategy !== 'service')
                await deployer.clearIdle(color, active);
            replacing = true;
            const deployments = await deployer.applyColor(color, inputs);
            await deployer.preScale(color, active, deployments);
            await deployer.waitReady(color, deployments);
            await deployer.ensureServices();
            await deployer.smoke(color);
            if (hooks.preSwitch)
                preSwitch = await preSwitchCheck(deployer, inputs, hooks.preSwitch, color, active);
            trafficMovedAt = new Date().toISOString();
            const previousVersion = active ? stored.state.colors[active]?.version : undefined;
            hooks.trafficMoving?.({ color, previousColor: active, previousVersion, at: trafficMovedAt });
            heldAt = await deployer.shiftTraffic(color, active, { holding: hooks.holding });
        }
        catch (error) {
            await (0,release_record/* updateReleaseRecord */.wJ)(kubectl, inputs.release, (state) => {
                state.history.unshift(deployEntry(inputs, color, new Date(), 'failed', (0,errors/* errorMessage */.gJ)(error)));
                if (replacing && state.held?.color === color)
                    delete state.held;
            }, inputs.historyLimit).catch((recordError) => runner/* warning */.$e(`the failed deploy is not in the record: ${(0,errors/* errorMessage */.gJ)(recordError)}`));
            await github.status('failure', (0,errors/* errorMessage */.gJ)(error));
            throw error;
        }
        const now = new Date();
        const deployed = {
            color,
            previousColor: active,
            version: inputs.version,
            digest: inputs.image.digest,
            url: (0,smoke/* colorUrl */.x2)(inputs, color),
            noop: false,
            trafficMovedAt,
            preSwitch,
            github,
            timeline: deployer.timeline,
        };
        if (heldAt !== undefined) {
            // Part of the traffic on the new color: the old one stays active (the Service selects it).
            await (0,release_record/* updateReleaseRecord */.wJ)(kubectl, inputs.release, (state) => {
                state.colors[color] = colorRecord(inputs, now);
                state.history.unshift(deployEntry(inputs, color, now, 'deployed'));
                state.counters.deployments_total++;
                // A color that serves part of the traffic is never due to be scaled down.
                if (state.scaleDown?.color === color)
                    delete state.scaleDown;
                state.held = {
                    color,
                    percent: heldAt,
                    version: inputs.version,
                    digest: inputs.image.digest,
                    breached: [],
                    since: now.toISOString(),
                };
            }, inputs.historyLimit);
            return { ...deployed, heldAt };
        }
        if (active && inputs.scaleDownDelayMs === 0)
            await deployer.scaleDown(active);
        await (0,release_record/* updateReleaseRecord */.wJ)(kubectl, inputs.release, (state) => {
            state.previousColor = active;
            state.activeColor = color;
            state.colors[color] = colorRecord(inputs, now);
            delete state.held;
            state.history.unshift(deployEntry(inputs, color, now, 'deployed'));
            state.counters.deployments_total++;
            scale_down_keepWarm(state, active, now, inputs.scaleDownDelayMs);
        }, inputs.historyLimit);
        if (hooks.trafficMoving)
            await github.status('in_progress', `${inputs.version} live on ${color}, verifying its SLOs`);
        else
            await github.status('success', `${inputs.version} live on ${color}`, (0,smoke/* colorUrl */.x2)(inputs, color));
        deployer.note(`${inputs.version} is live on ${color}${active ? `; ${active} kept warm for rollback` : ''}`);
        return deployed;
    });
}
/** The release held for a decision, which must be the one `inputs` names; else one line why not. */
function heldForDecision(state, inputs) {
    const held = state.held;
    if (!held)
        throw new ConfigurationError(`input 'decision': nothing of ${inputs.release} is held for a decision (the record's latest: ${state.history[0] ? `${state.history[0].version} ${state.history[0].outcome}` : 'none'})`);
    if (held.digest !== inputs.image.digest)
        throw new ConfigurationError(`input 'decision': ${inputs.release} holds ${held.version} (${held.digest}) for a decision, not ${inputs.version} (${inputs.image.digest})`);
    return held;
}
/**
 * A person promoted the release held for a decision (on-marginal: wait): the remaining traffic
 * steps move it to 100% (each with its health check), and the record has it verified by that
 * decision, with the score it was held at.
 */
async function promoteHeld(inputs, cleanup) {
    mkdirSync(inputs.workDir, { recursive: true });
    const kubeconfig = await kubeconfigFile(inputs, inputs.workDir, cleanup);
    const kubectl = new Kubectl(inputs.namespace, kubeconfig);
    return withLock(kubectl, inputs.release, inputs.lockTimeoutMs, async () => {
        const deployer = new Deployer(kubectl, inputs, kubeconfig);
        const { state } = await readState(kubectl, inputs.release);
        const held = heldForDecision(state, inputs);
        const active = liveColorOf(await kubectl.get('service', inputs.service));
        const moving = held.percent < 100 && active !== held.color;
        deployer.note(`promoting ${held.version} on ${held.color} (held at ${held.percent}%, score ${held.score ?? '—'}) by decision of ${actor().actor ?? 'the workflow'}`);
        if (moving)
            await deployer.shiftTraffic(held.color, active, { after: held.percent });
        const now = new Date();
        if (moving && active && inputs.scaleDownDelayMs === 0)
            await deployer.scaleDown(active);
        await updateReleaseRecord(kubectl, inputs.release, (next) => {
            const entry = entryOf(next, held.digest);
            if (entry) {
                entry.outcome = 'verified';
                entry.reason = `promoted by a person at score ${held.score ?? '—'} (${held.breached.join(', ') || 'nothing'} breached)`;
            }
            delete next.held;
            if (moving) {
                next.previousColor = active;
                next.activeColor = held.color;
                keepWarm(next, active, now, inputs.scaleDownDelayMs);
            }
        }, inputs.historyLimit);
        deployer.note(`${held.version} is live on ${held.color}, promoted`);
        return {
            color: held.color,
            previousColor: moving ? active : state.previousColor,
            version: held.version,
            digest: held.digest,
            url: colorUrl(inputs, held.color),
            noop: false,
            recordedOutcome: 'verified',
            timeline: deployer.timeline,
        };
    });
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/bluegreen-deploy/run.js
// The bluegreen-deploy action: inputs → bluegreenDeploy → outputs and summary.





/** `heading` replaces the default one (the deploy umbrella leads with its own outcome). */
function deploySummary(inputs, outcome, heading) {
    const summary = new SummaryBuilder().heading(heading ??
        (outcome.noop
            ? `✅ ${inputs.release}: ${outcome.version} already live on ${outcome.color}`
            : `✅ ${inputs.release}: ${outcome.version} live on ${outcome.color}`));
    summary.table(['', ''], [
        ['Environment', `${inputs.environment} (namespace ${inputs.namespace})`],
        ['Image', `\`${inputs.imageByDigest}\``],
        ['Live color', outcome.color],
        ['Previous color (warm)', outcome.previousColor ?? '—'],
        [
            'Traffic',
            `${inputs.strategy}${inputs.steps.length > 1 ? ` in steps ${inputs.steps.join(' → ')}%` : ''}`,
        ],
        ...(outcome.preSwitch
            ? [
                [
                    'Pre-switch check',
                    `${outcome.preSwitch.verdict} on ${outcome.preSwitch.fedBy}: ${outcome.preSwitch.reason}`,
                ],
            ]
            : []),
    ]);
    if (outcome.timeline.length) {
        summary.heading('Timeline', 3).table(['Time', 'Event'], outcome.timeline.map((entry) => [entry.at, entry.event]));
    }
    return summary;
}
function setDeployOutputs(outcome) {
    runner/* setOutput */.uH('color', outcome.color);
    runner/* setOutput */.uH('previous-color', outcome.previousColor ?? '');
    runner/* setOutput */.uH('version', outcome.version);
    runner/* setOutput */.uH('digest', outcome.digest);
    runner/* setOutput */.uH('url', outcome.url ?? '');
}
/** The step once its deploy inputs are read (main.ts): the pre-switch check's inputs, then the deploy. */
async function bluegreenStep(raw, inputs) {
    const preSwitch = await getPreSwitchCheck(raw, inputs);
    const outcome = await bluegreenDeploy(inputs, new CleanupState(), { preSwitch });
    setDeployOutputs(outcome);
    await deploySummary(inputs, outcome).write();
}


/***/ }),

/***/ 101:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  iP: () => (/* binding */ STRICT_SCORING),
  loadSlo: () => (/* binding */ loadSlo),
  placeholdersOf: () => (/* binding */ placeholdersOf),
  Jn: () => (/* binding */ promDuration),
  no: () => (/* binding */ renderQuery)
});

// UNUSED EXPORTS: DIRECTIONS, OBJECTIVE_KINDS, OPERATORS, PLACEHOLDERS, SLO_API_VERSION, defaultSloPath, parseSlo

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./build/bundle-input/shared/errors.js
var errors = __webpack_require__(3796);
// EXTERNAL MODULE: ./build/bundle-input/shared/inputs.js
var inputs = __webpack_require__(4022);
// EXTERNAL MODULE: ./build/bundle-input/shared/records.js
var records = __webpack_require__(1261);
// EXTERNAL MODULE: ./build/bundle-input/shared/yaml.js
var yaml = __webpack_require__(3668);
;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/foreign.js
// SLO files people already have, read as ours: sloth (`version: prometheus/v1`) and OpenSLO
// (`apiVersion: openslo/v1`, an SLO with its SLI inline or beside it in the same file). Each is
// mapped onto our objective kinds and then validated like any pipeline/v1 file; whatever has no
// faithful mapping is refused in one line that names it, never dropped.
//
// Their queries select the whole service; verification judges one color of one release. So every
// vector selector in their PromQL gets our {{selector}} placeholder (the `target` input), using
// Prometheus' own PromQL grammar (@prometheus-io/lezer-promql): a judgment diluted by the old
// color's healthy traffic would pass a bad release.


/** verify-slo's default window: an OpenSLO threshold target becomes a `for` within it. */
const VERIFICATION_WINDOW_SECONDS = 300;
/** Which foreign format a YAML document is, if any. */
function foreignFormat(document) {
    if (!(0,records/* isRecord */.u)(document))
        return undefined;
    if (document.version === 'prometheus/v1' && 'slos' in document)
        return 'sloth';
    if (typeof document.apiVersion === 'string' && document.apiVersion.startsWith('openslo/'))
        return 'openslo';
    return undefined;
}
class Refusal {
    where;
    constructor(where) {
        this.where = where;
    }
    at(path, why) {
        return new errors/* ConfigurationError */.j1(`SLO ${this.where}: ${path}: ${why}`);
    }
    string(value, path, expected = 'a string') {
        if (typeof value !== 'string' || !value.trim())
            throw this.at(path, `got ${shown(value)}, expected ${expected}`);
        return value;
    }
    only(value, path, known, why) {
        for (const key of Object.keys(value))
            if (!known.includes(key))
                throw this.at(`${path}.${key}`, `not mapped (${why}; known: ${known.join(', ')})`);
    }
}
function shown(value) {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
/** sloth's window placeholder ({{.window}}), which PromQL cannot parse: a stand-in duration while parsing. */
const SLOTH_WINDOW = /\{\{\s*\.window\s*\}\}/g;
const WINDOW_STAND_IN = '59999s';
/**
 * `query` with {{selector}} among the matchers of every vector selector: `m{a="b"}` becomes
 * `m{ {{selector}}, a="b"}`, a bare `m` becomes `m{ {{selector}} }`.
 */
async function withTargetSelector(query, path, refusal) {
    if (query.includes('{{selector}}'))
        return query;
    if (query.includes(WINDOW_STAND_IN))
        throw refusal.at(path, `the query may not contain '${WINDOW_STAND_IN}'`);
    const { parser } = await __webpack_require__.e(/* import() */ 828).then(__webpack_require__.bind(__webpack_require__, 6828));
    const text = query.replace(SLOTH_WINDOW, WINDOW_STAND_IN);
    const tree = parser.parse(text);
    const insertions = [];
    let broken;
    tree.iterate({
        enter(node) {
            if (node.type.isError)
                broken ??= node.from;
            if (node.name !== 'VectorSelector')
                return;
            const matchers = node.node.getChild('LabelMatchers');
            if (!matchers)
                insertions.push({ at: node.to, text: '{ {{selector}} }' });
            else {
                const empty = text.slice(matchers.from + 1, matchers.to - 1).trim() === '';
                insertions.push({ at: matchers.from + 1, text: empty ? ' {{selector}} ' : ' {{selector}}, ' });
            }
        },
    });
    if (broken !== undefined)
        throw refusal.at(path, `not valid PromQL (at character ${broken + 1})`);
    if (!insertions.length)
        throw refusal.at(path, 'selects no series (no metric in the query)');
    let result = text;
    for (const { at, text: inserted } of insertions.sort((a, b) => b.at - a.at))
        result = result.slice(0, at) + inserted + result.slice(at);
    return result.replaceAll(WINDOW_STAND_IN, '{{window}}');
}
/** sloth's `prometheus/v1` spec: each SLO an error-budget burn rate over sloth's own SLI queries. */
async function fromSloth(document, where) {
    const refusal = new Refusal(where);
    refusal.only(document, 'spec', ['version', 'service', 'labels', 'slos'], 'sloth prometheus/v1 spec fields');
    const service = refusal.string(document.service, 'service');
    if (!Array.isArray(document.slos) || !document.slos.length)
        throw refusal.at('slos', `got ${shown(document.slos)}, expected a list of SLOs`);
    const objectives = [];
    for (const [index, slo] of document.slos.entries()) {
        const path = `slos[${index}]`;
        if (!(0,records/* isRecord */.u)(slo))
            throw refusal.at(path, `got ${shown(slo)}, expected an SLO`);
        // labels and alerting are how sloth writes its alerts: nothing to judge.
        refusal.only(slo, path, ['name', 'objective', 'description', 'sli', 'labels', 'alerting'], 'sloth SLO fields');
        const name = refusal.string(slo.name, `${path}.name`);
        if (typeof slo.objective !== 'number' || !(slo.objective > 0 && slo.objective < 100))
            throw refusal.at(`${path}.objective`, `got ${shown(slo.objective)}, expected a percentage above 0 and below 100`);
        const sli = slo.sli;
        if (!(0,records/* isRecord */.u)(sli))
            throw refusal.at(`${path}.sli`, `got ${shown(sli)}, expected events or raw`);
        let query;
        if ((0,records/* isRecord */.u)(sli.events)) {
            const errors = refusal.string(sli.events.error_query, `${path}.sli.events.error_query`, 'a PromQL query');
            const total = refusal.string(sli.events.total_query, `${path}.sli.events.total_query`, 'a PromQL query');
            // No error series at all is no errors (a healthy release), not no data.
            query = `((${errors.trim()}) or vector(0))\n/\n(${total.trim()})`;
        }
        else if ((0,records/* isRecord */.u)(sli.raw)) {
            query = refusal.string(sli.raw.error_ratio_query, `${path}.sli.raw.error_ratio_query`, 'a PromQL query');
        }
        else if ('plugin' in sli) {
            throw refusal.at(`${path}.sli.plugin`, 'not mapped (a sloth plugin runs inside sloth); give sli.events or sli.raw');
        }
        else
            throw refusal.at(`${path}.sli`, `got ${shown(sli)}, expected events or raw`);
        if (!SLOTH_WINDOW.test(query))
            throw refusal.at(`${path}.sli`, 'the queries must use {{.window}}, as sloth requires');
        SLOTH_WINDOW.lastIndex = 0;
        objectives.push({
            name,
            kind: 'burn-rate',
            description: typeof slo.description === 'string' ? slo.description : `sloth SLO ${name} of ${service}`,
            query: await withTargetSelector(query, `${path}.sli`, refusal),
            objective: Number((slo.objective / 100).toPrecision(12)),
            unit: 'ratio',
        });
    }
    return { apiVersion: 'pipeline/v1', kind: 'SLO', name: service, objectives };
}
/** An OpenSLO metric source's PromQL (Prometheus sources only). */
function prometheusQuery(source, path, refusal) {
    if (!(0,records/* isRecord */.u)(source) || !(0,records/* isRecord */.u)(source.metricSource))
        throw refusal.at(path, `got ${shown(source)}, expected {metricSource: {type: Prometheus, spec: {query}}}`);
    const { metricSource } = source;
    if ('metricSourceRef' in metricSource)
        throw refusal.at(`${path}.metricSource.metricSourceRef`, 'not mapped (give the Prometheus query inline)');
    if (typeof metricSource.type !== 'string' || metricSource.type.toLowerCase() !== 'prometheus')
        throw refusal.at(`${path}.metricSource.type`, `got ${shown(metricSource.type)}, expected Prometheus (the only source verify-slo queries)`);
    const spec = (0,records/* isRecord */.u)(metricSource.spec) ? metricSource.spec : {};
    return refusal.string(spec.query ?? spec.promql, `${path}.metricSource.spec.query`, 'a PromQL query');
}
/** A counter's increase over {{window}}: a plain selector as a range, anything else as a subquery. */
async function increaseOver(query, path, refusal) {
    const { parser } = await __webpack_require__.e(/* import() */ 828).then(__webpack_require__.bind(__webpack_require__, 6828));
    const top = parser.parse(query.trim()).topNode.firstChild;
    const bare = top?.name === 'VectorSelector' && top.to - top.from === query.trim().length;
    const selected = await withTargetSelector(query.trim(), path, refusal);
    return bare ? `sum(increase(${selected}[{{window}}]))` : `sum(increase((${selected})[{{window}}:]))`;
}
const OPENSLO_OPS = { lt: '>=', lte: '>', gt: '<=', gte: '<' };
/** OpenSLO `openslo/v1` documents: their SLOs, with SLIs inline or by reference to one beside them. */
async function fromOpenSlo(documents, where) {
    const refusal = new Refusal(where);
    const slis = new Map();
    const slos = [];
    for (const [index, document] of documents.entries()) {
        if (!(0,records/* isRecord */.u)(document) || document.apiVersion !== 'openslo/v1')
            throw refusal.at(`document ${index + 1}`, `got ${shown((0,records/* isRecord */.u)(document) ? document.apiVersion : document)}, expected apiVersion openslo/v1`);
        const name = (0,records/* isRecord */.u)(document.metadata) ? document.metadata.name : undefined;
        if (document.kind === 'SLI')
            slis.set(refusal.string(name, `document ${index + 1}.metadata.name`), document);
        else if (document.kind === 'SLO')
            slos.push(document);
        // Service, DataSource and alerting kinds describe, they do not judge.
    }
    if (!slos.length)
        throw refusal.at('kind', 'no SLO document (an OpenSLO file needs kind: SLO)');
    const objectives = [];
    for (const slo of slos) {
        const name = refusal.string((0,records/* isRecord */.u)(slo.metadata) ? slo.metadata.name : undefined, 'SLO metadata.name');
        const path = `SLO ${name}`;
        const spec = (0,records/* isRecord */.u)(slo.spec) ? slo.spec : {};
        const ref = spec.indicatorRef;
        const indicator = (0,records/* isRecord */.u)(spec.indicator)
            ? spec.indicator
            : typeof ref === 'string'
                ? slis.get(ref)
                : undefined;
        if (!indicator)
            throw refusal.at(`${path}.spec`, typeof ref === 'string'
                ? `indicatorRef '${ref}' names no SLI in this file`
                : 'no indicator or indicatorRef');
        const sli = (0,records/* isRecord */.u)(indicator.spec) ? indicator.spec : {};
        if (!Array.isArray(spec.objectives) || !spec.objectives.length)
            throw refusal.at(`${path}.spec.objectives`, `got ${shown(spec.objectives)}, expected a list`);
        for (const [index, objective] of spec.objectives.entries()) {
            const at = `${path}.spec.objectives[${index}]`;
            if (!(0,records/* isRecord */.u)(objective))
                throw refusal.at(at, `got ${shown(objective)}, expected an objective`);
            const target = typeof objective.target === 'number'
                ? objective.target
                : typeof objective.targetPercent === 'number'
                    ? objective.targetPercent / 100
                    : undefined;
            if (target === undefined || !(target > 0 && target < 1))
                throw refusal.at(`${at}.target`, `got ${shown(objective.target ?? objective.targetPercent)}, expected a target above 0 and below 1 (or targetPercent)`);
            const objectiveName = spec.objectives.length > 1 ? `${name}-${index + 1}` : name;
            const description = typeof objective.displayName === 'string' ? objective.displayName : `OpenSLO ${name}`;
            if ((0,records/* isRecord */.u)(sli.ratioMetric)) {
                const ratio = sli.ratioMetric;
                if (ratio.counter !== true)
                    throw refusal.at(`${path}.indicator.spec.ratioMetric.counter`, 'not mapped unless true (the good, bad and total queries must be counters)');
                const total = await increaseOver(prometheusQuery(ratio.total, `${path} ratioMetric.total`, refusal), `${path} ratioMetric.total`, refusal);
                let errorRatio;
                if (ratio.bad !== undefined)
                    errorRatio = `(${await increaseOver(prometheusQuery(ratio.bad, `${path} ratioMetric.bad`, refusal), `${path} ratioMetric.bad`, refusal)} or vector(0))\n/\n${total}`;
                else
                    errorRatio = `1 - (${await increaseOver(prometheusQuery(ratio.good, `${path} ratioMetric.good`, refusal), `${path} ratioMetric.good`, refusal)}\n/\n${total})`;
                objectives.push({
                    name: objectiveName,
                    kind: 'burn-rate',
                    description,
                    query: errorRatio,
                    objective: target,
                    unit: 'ratio',
                });
            }
            else if ((0,records/* isRecord */.u)(sli.thresholdMetric)) {
                const op = OPENSLO_OPS[String(objective.op)];
                if (!op)
                    throw refusal.at(`${at}.op`, `got ${shown(objective.op)}, expected lt, lte, gt or gte`);
                if (typeof objective.value !== 'number')
                    throw refusal.at(`${at}.value`, `got ${shown(objective.value)}, expected a number`);
                objectives.push({
                    name: objectiveName,
                    kind: 'threshold',
                    description,
                    query: await withTargetSelector(prometheusQuery(sli.thresholdMetric, `${path} thresholdMetric`, refusal), `${path} thresholdMetric`, refusal),
                    // OpenSLO's op says what is good; ours says what breaches.
                    op,
                    threshold: objective.value,
                    // `target` of the time good: bad for longer than the rest of the window breaches.
                    for: `${Math.round((1 - target) * VERIFICATION_WINDOW_SECONDS)}s`,
                });
            }
            else
                throw refusal.at(`${path}.indicator.spec`, 'expected ratioMetric or thresholdMetric');
        }
    }
    return {
        apiVersion: 'pipeline/v1',
        kind: 'SLO',
        name: slos.length === 1 && (0,records/* isRecord */.u)(slos[0]?.metadata) ? String(slos[0].metadata.name) : undefined,
        objectives,
    };
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/spec.js
// The SLO file: a versioned YAML document (apiVersion pipeline/v1, kind SLO) with objectives of four
// kinds, validated into typed objectives. Every mistake is one line naming the objective and the
// field. The format is documented in examples/slo/README.md and examples/slo/slo.schema.json.








const SLO_API_VERSION = 'pipeline/v1';
const OBJECTIVE_KINDS = ['threshold', 'relative', 'mann-whitney', 'burn-rate'];
const OPERATORS = ['>', '>=', '<', '<='];
const DIRECTIONS = ['increase', 'decrease', 'either'];
const STRICT_SCORING = { pass: 100, marginal: 100 };
const TOP_LEVEL = [
    'apiVersion',
    'kind',
    'name',
    'description',
    'extends',
    'window',
    'interval',
    'warm-up',
    'scoring',
    'objectives',
];
const COMMON = [
    'name',
    'kind',
    'description',
    'query',
    'unit',
    'min-samples',
    'weight',
    'critical',
    'enabled',
];
const BY_KIND = {
    threshold: ['op', 'threshold', 'for'],
    relative: ['op', 'factor', 'for'],
    'mann-whitney': ['direction', 'confidence', 'allowed-increase', 'allowed-decrease'],
    'burn-rate': ['objective', 'windows', 'period', 'for'],
};
const PLACEHOLDERS = ['selector', 'interval', 'window'];
const NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
const DEFAULT_BURN_WINDOWS = [
    { longSeconds: 3600, shortSeconds: 300, factor: 14.4 },
    { longSeconds: 21600, shortSeconds: 1800, factor: 6 },
];
function show(value) {
    if (typeof value === 'string')
        return (0,inputs/* quote */.hD)(value);
    let text;
    // Only what is shown is visited: YAML aliases can make a small file a tree too big to write out.
    let visited = 0;
    try {
        text =
            JSON.stringify(value, (_key, member) => {
                if (++visited > 50)
                    throw new RangeError('shown in part');
                return member;
            }) ?? String(value);
    }
    catch {
        text = Array.isArray(value)
            ? `[… ${value.length} items]`
            : value && typeof value === 'object'
                ? '{…}'
                : String(value);
    }
    return text.length <= 100 ? text : `${text.slice(0, 100)}…`;
}
/**
 * What a document that is not a mapping is, without showing it: a file named by mistake (a secret,
 * a key) parses as a string or a list, and its lines must not reach the log.
 */
function shapeOf(value) {
    if (Array.isArray(value))
        return `a list of ${value.length}`;
    if (value === null || value === undefined)
        return 'nothing';
    if (typeof value === 'string')
        return `text (${value.length} characters)`;
    return `a ${typeof value}`;
}
/** Builds the one-line errors of one SLO document. */
class Problems {
    where;
    constructor(where) {
        this.where = where;
    }
    top(field, value, expected) {
        return new errors/* ConfigurationError */.j1(`SLO ${this.where}: field '${field}': got ${show(value)}, expected ${expected}`);
    }
    objective(id, field, value, expected) {
        return new errors/* ConfigurationError */.j1(`SLO ${this.where}: objective ${id}, field '${field}': got ${show(value)}, expected ${expected}`);
    }
    missing(id, field, expected) {
        return new errors/* ConfigurationError */.j1(`SLO ${this.where}: objective ${id}, field '${field}' is missing: ${expected}`);
    }
    message(text) {
        return new errors/* ConfigurationError */.j1(`SLO ${this.where}: ${text}`);
    }
}
/** A number, or a percentage string like `5%` (0.05). */
function numberOf(value) {
    if (typeof value === 'number' && Number.isFinite(value))
        return value;
    if (typeof value === 'string') {
        const text = value.trim();
        const percent = /^(-?\d+(?:\.\d+)?)%$/.exec(text);
        if (percent)
            return Number(`${percent[1]}e-2`); // 99.9% is 0.999 exactly, not 99.9 / 100
        if (/^-?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i.test(text))
            return Number(text);
    }
    return undefined;
}
/** A duration in seconds: `90s`, `2m`, `1h30m`, or a bare number of seconds. */
function secondsOf(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) && value >= 0 ? value : undefined;
    if (typeof value !== 'string')
        return undefined;
    const ms = (0,inputs/* parseDuration */.E9)(value);
    return ms === undefined ? undefined : ms / 1000;
}
const DURATION = 'a duration like 30s, 2m or 1h30m';
/** The placeholders a query uses. */
function placeholdersOf(query) {
    return [...query.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((match) => match[1]);
}
/** Fills {{selector}}, {{interval}} and {{window}} in a query. */
function renderQuery(query, values) {
    return query.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (whole, name) => {
        const value = values[name];
        return value === undefined ? whole : value;
    });
}
/** Seconds as a PromQL duration (`90s`, `5m`, `1h`). */
function promDuration(seconds) {
    const whole = Math.max(1, Math.round(seconds));
    if (whole % 3600 === 0)
        return `${whole / 3600}h`;
    if (whole % 60 === 0)
        return `${whole / 60}m`;
    return `${whole}s`;
}
function parseObjective(raw, index, problems) {
    const position = `#${index + 1}`;
    if (!(0,records/* isRecord */.u)(raw))
        throw problems.message(`objective ${position}: got ${shapeOf(raw)}, expected a mapping`);
    const name = raw.name;
    if (name === undefined)
        throw problems.missing(position, 'name', 'every objective needs a name');
    if (typeof name !== 'string' || !NAME.test(name))
        throw problems.objective(position, 'name', name, 'a name of lower-case letters, digits and . _ - (like error-rate)');
    const id = `'${name}'`;
    const kind = raw.kind;
    if (kind === undefined)
        throw problems.missing(id, 'kind', `one of ${OBJECTIVE_KINDS.join(', ')}`);
    if (!OBJECTIVE_KINDS.includes(kind))
        throw problems.objective(id, 'kind', kind, `one of ${OBJECTIVE_KINDS.join(', ')}`);
    const objectiveKind = kind;
    const known = [...COMMON, ...BY_KIND[objectiveKind]];
    for (const field of Object.keys(raw)) {
        if (!known.includes(field))
            throw problems.message(`objective ${id}, field '${field}': not a field of a ${objectiveKind} objective (known: ${known.join(', ')})`);
    }
    const query = raw.query;
    if (query === undefined || query === null || query === '')
        throw problems.missing(id, 'query', 'a PromQL query');
    if (typeof query !== 'string')
        throw problems.objective(id, 'query', query, 'a PromQL query (a string)');
    const allowedPlaceholders = objectiveKind === 'burn-rate' ? PLACEHOLDERS : ['selector', 'interval'];
    for (const placeholder of placeholdersOf(query)) {
        if (!allowedPlaceholders.includes(placeholder))
            throw problems.objective(id, 'query', `{{${placeholder}}}`, `only the placeholders ${allowedPlaceholders.map((p) => `{{${p}}}`).join(', ')}`);
    }
    if ((objectiveKind === 'relative' || objectiveKind === 'mann-whitney') &&
        !placeholdersOf(query).includes('selector'))
        throw problems.objective(id, 'query', query, 'a query with {{selector}}, filled in with the target and then the baseline selector');
    if (objectiveKind === 'burn-rate' && !placeholdersOf(query).includes('window'))
        throw problems.objective(id, 'query', query, 'an error ratio over {{window}}, e.g. sum(rate(errors[{{window}}])) / sum(rate(requests[{{window}}]))');
    const optionalString = (field) => {
        const value = raw[field];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'string')
            throw problems.objective(id, field, value, 'a string');
        return value;
    };
    const number = (field, fallback, check, expected) => {
        const value = raw[field];
        if (value === undefined || value === null) {
            if (fallback === undefined)
                throw problems.missing(id, field, expected);
            return fallback;
        }
        const parsed = numberOf(value);
        if (parsed === undefined || !check(parsed))
            throw problems.objective(id, field, value, expected);
        return parsed;
    };
    const duration = (field, fallback) => {
        const value = raw[field];
        if (value === undefined || value === null)
            return fallback;
        const seconds = secondsOf(value);
        if (seconds === undefined)
            throw problems.objective(id, field, value, DURATION);
        return seconds;
    };
    const oneOf = (field, allowed, fallback) => {
        const value = raw[field];
        if (value === undefined || value === null)
            return fallback;
        if (!allowed.includes(value))
            throw problems.objective(id, field, value, `one of ${allowed.join(', ')}`);
        return value;
    };
    const minSamplesValue = raw['min-samples'];
    let minSamples;
    if (minSamplesValue !== undefined && minSamplesValue !== null) {
        if (typeof minSamplesValue !== 'number' || !Number.isInteger(minSamplesValue) || minSamplesValue < 1)
            throw problems.objective(id, 'min-samples', minSamplesValue, 'a whole number of at least 1');
        minSamples = minSamplesValue;
    }
    const critical = raw.critical ?? false;
    if (typeof critical !== 'boolean')
        throw problems.objective(id, 'critical', critical, 'true or false');
    // `enabled: no` or 'false' (text) would otherwise keep an objective the user meant to drop.
    if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean')
        throw problems.objective(id, 'enabled', raw.enabled, 'true or false');
    const base = {
        name,
        description: optionalString('description'),
        query,
        unit: optionalString('unit'),
        minSamples,
        weight: number('weight', 1, (n) => n > 0 && n <= 1000, 'a number above 0 (its share of the score, like 3)'),
        critical,
    };
    switch (objectiveKind) {
        case 'threshold':
            return {
                ...base,
                kind: 'threshold',
                op: oneOf('op', OPERATORS, '>'),
                threshold: number('threshold', undefined, () => true, 'a number (like 0.05 or 5%)'),
                forSeconds: duration('for', 0),
            };
        case 'relative':
            return {
                ...base,
                kind: 'relative',
                op: oneOf('op', OPERATORS, '>'),
                factor: number('factor', undefined, (n) => n > 0, 'a number greater than 0 (2 means twice the baseline)'),
                forSeconds: duration('for', 0),
            };
        case 'mann-whitney': {
            const allowedIncrease = number('allowed-increase', 1, (n) => n >= 1, 'a ratio of at least 1 (like 1.2)');
            const allowedDecrease = number('allowed-decrease', 1, (n) => n > 0 && n <= 1, 'a ratio above 0 and at most 1 (like 0.8)');
            return {
                ...base,
                kind: 'mann-whitney',
                direction: oneOf('direction', DIRECTIONS, 'increase'),
                confidence: number('confidence', 0.95, (n) => n >= 0.5 && n < 1, 'a confidence level from 0.5 to below 1 (like 0.95 or 99%)'),
                allowedIncrease,
                allowedDecrease,
            };
        }
        case 'burn-rate': {
            const objective = number('objective', undefined, (n) => n > 0 && n < 1, 'the SLO objective, above 0 and below 1 (like 0.999 or 99.9%)');
            let windows = DEFAULT_BURN_WINDOWS;
            const rawWindows = raw.windows;
            if (rawWindows !== undefined && rawWindows !== null) {
                const expected = 'a list of {long, short, factor}, like [{long: 1h, short: 5m, factor: 14.4}]';
                if (!Array.isArray(rawWindows) || !rawWindows.length)
                    throw problems.objective(id, 'windows', rawWindows, expected);
                windows = rawWindows.map((entry, i) => {
                    const field = `windows[${i}]`;
                    if (!(0,records/* isRecord */.u)(entry))
                        throw problems.objective(id, field, entry, expected);
                    for (const key of Object.keys(entry))
                        if (!['long', 'short', 'factor'].includes(key))
                            throw problems.objective(id, `${field}.${key}`, entry[key], 'only long, short and factor');
                    const longSeconds = secondsOf(entry.long);
                    const shortSeconds = secondsOf(entry.short);
                    if (!longSeconds)
                        throw problems.objective(id, `${field}.long`, entry.long, DURATION);
                    if (!shortSeconds)
                        throw problems.objective(id, `${field}.short`, entry.short, DURATION);
                    if (shortSeconds >= longSeconds)
                        throw problems.objective(id, `${field}.short`, entry.short, `a window shorter than long (${entry.long})`);
                    const factor = numberOf(entry.factor);
                    if (factor === undefined || factor <= 0)
                        throw problems.objective(id, `${field}.factor`, entry.factor, 'a burn rate above 0 (like 14.4)');
                    return { longSeconds, shortSeconds, factor };
                });
            }
            const periodSeconds = duration('period', 30 * 86_400);
            if (periodSeconds <= 0)
                throw problems.objective(id, 'period', raw.period, DURATION);
            return {
                ...base,
                kind: 'burn-rate',
                objective,
                windows,
                periodSeconds,
                forSeconds: duration('for', 0),
            };
        }
    }
}
/** The shipped default SLO (the operators' runbook): examples/slo/default.yaml beside the action. */
function defaultSloPath() {
    const here = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(require("url").pathToFileURL(__filename).href));
    // shared/slo/ in the sources, dist/verify-slo/ in the bundle: both two levels below the root.
    const candidates = [(0,external_node_path_.join)(here, '..', '..', 'examples', 'slo', 'default.yaml')];
    candidates.push((0,external_node_path_.join)(here, '..', '..', '..', 'examples', 'slo', 'default.yaml'));
    const found = candidates.find((candidate) => (0,external_node_fs_.existsSync)(candidate));
    if (!found)
        throw new errors/* ConfigurationError */.j1(`the shipped default SLO is missing: looked for ${candidates.join(' and ')} (is the action checked out whole?)`);
    return found;
}
async function loadDocument(text, where, dir) {
    let documents;
    try {
        documents = (await (0,yaml/* loadAllYaml */.b)(text)).filter((document) => document !== null && document !== undefined);
    }
    catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new errors/* ConfigurationError */.j1(`SLO ${where}: not valid YAML (${reason})`);
    }
    // sloth and OpenSLO files are read as ours (OpenSLO may put its SLIs in further documents).
    const format = foreignFormat(documents[0]);
    let raw = documents[0];
    if (format === 'openslo')
        raw = await fromOpenSlo(documents, where);
    else if (documents.length > 1)
        throw new errors/* ConfigurationError */.j1(`SLO ${where}: ${documents.length} YAML documents, expected one (only an OpenSLO file has several)`);
    else if (format === 'sloth')
        raw = await fromSloth(raw, where);
    if (!(0,records/* isRecord */.u)(raw))
        throw new errors/* ConfigurationError */.j1(`SLO ${where}: got ${shapeOf(raw)}, expected a mapping with apiVersion, kind and objectives`);
    return { raw, where, dir };
}
/** Objectives of `child` replace (field by field) the same-named ones of `base`; `enabled: false` drops one. */
function mergeObjectives(base, child, problems) {
    const list = (value, label) => {
        if (value === undefined || value === null)
            return [];
        if (!Array.isArray(value))
            throw problems.top(label, value, 'a list of objectives');
        return value;
    };
    const merged = list(base, 'objectives').map((entry) => ((0,records/* isRecord */.u)(entry) ? { ...entry } : entry));
    for (const entry of list(child, 'objectives')) {
        const existing = (0,records/* isRecord */.u)(entry)
            ? merged.findIndex((candidate) => (0,records/* isRecord */.u)(candidate) && candidate.name === entry.name)
            : -1;
        if (existing >= 0 && (0,records/* isRecord */.u)(entry)) {
            const combined = { ...merged[existing], ...entry };
            // A changed kind starts from scratch: the base's kind-specific fields no longer apply.
            merged[existing] = entry.kind && entry.kind !== merged[existing].kind ? entry : combined;
        }
        else {
            merged.push(entry);
        }
    }
    return merged.filter((entry) => !((0,records/* isRecord */.u)(entry) && entry.enabled === false));
}
async function resolveDocument(doc, depth) {
    const problems = new Problems(doc.where);
    for (const field of Object.keys(doc.raw)) {
        if (!TOP_LEVEL.includes(field))
            throw problems.message(`field '${field}': not an SLO field (known: ${TOP_LEVEL.join(', ')})`);
    }
    if (doc.raw.apiVersion !== SLO_API_VERSION)
        throw problems.top('apiVersion', doc.raw.apiVersion, `'${SLO_API_VERSION}'`);
    if (doc.raw.kind !== 'SLO')
        throw problems.top('kind', doc.raw.kind, `'SLO'`);
    const parent = doc.raw.extends;
    if (parent === undefined || parent === null)
        return { raw: doc.raw, sources: [doc.where] };
    if (typeof parent !== 'string' || !parent.trim())
        throw problems.top('extends', parent, `'default' (the shipped runbook SLO) or a path to an SLO file`);
    if (depth >= 5)
        throw problems.message(`'extends' goes more than 5 files deep (a cycle?)`);
    const path = parent === 'default' ? defaultSloPath() : (0,external_node_path_.isAbsolute)(parent) ? parent : (0,external_node_path_.resolve)(doc.dir, parent);
    if (!(0,external_node_fs_.existsSync)(path))
        throw problems.top('extends', parent, `'default' or a path to an existing SLO file`);
    const base = await resolveDocument(await loadDocument((0,external_node_fs_.readFileSync)(path, 'utf8'), path, (0,external_node_path_.dirname)(path)), depth + 1);
    const raw = { ...base.raw, ...doc.raw };
    delete raw.extends;
    raw.objectives = mergeObjectives(base.raw.objectives, doc.raw.objectives, problems);
    return { raw, sources: [doc.where, ...base.sources] };
}
/** `scoring: {pass: 90, marginal: 75}`: scores out of 100; marginal defaults to pass (no marginal band). */
function parseScoring(value, problems) {
    if (value === undefined || value === null)
        return undefined;
    const expected = 'a mapping like {pass: 90, marginal: 75} (scores out of 100)';
    if (!(0,records/* isRecord */.u)(value))
        throw problems.top('scoring', value, expected);
    for (const key of Object.keys(value))
        if (key !== 'pass' && key !== 'marginal')
            throw problems.top(`scoring.${key}`, value[key], 'only pass and marginal');
    const score = (key, fallback) => {
        const given = value[key];
        if ((given === undefined || given === null) && fallback !== undefined)
            return fallback;
        if (typeof given !== 'number' || !Number.isFinite(given) || given < 1 || given > 100)
            throw problems.top(`scoring.${key}`, given, 'a score from 1 to 100 (like 90, not 0.9)');
        return given;
    };
    const pass = score('pass');
    const marginal = score('marginal', pass);
    if (marginal > pass)
        throw problems.top('scoring.marginal', marginal, `a score at most scoring.pass (${pass})`);
    return { pass, marginal };
}
/** Parses and validates an SLO document. `where` names it in errors; `dir` resolves `extends`. */
async function parseSlo(text, where = 'inline', dir = process.cwd()) {
    const { raw, sources } = await resolveDocument(await loadDocument(text, where, dir), 0);
    const problems = new Problems(where);
    const objectivesRaw = raw.objectives;
    if (!Array.isArray(objectivesRaw) || !objectivesRaw.length)
        throw problems.top('objectives', objectivesRaw, 'a non-empty list of objectives');
    // `enabled: false` drops an objective, inherited or not.
    const objectives = objectivesRaw.flatMap((entry, index) => (0,records/* isRecord */.u)(entry) && entry.enabled === false ? [] : [parseObjective(entry, index, problems)]);
    if (!objectives.length)
        throw problems.top('objectives', objectivesRaw, 'at least one objective not disabled (enabled: false)');
    const seen = new Set();
    for (const objective of objectives) {
        if (seen.has(objective.name))
            throw problems.message(`objective '${objective.name}' is defined twice`);
        seen.add(objective.name);
    }
    // At most what the inputs take: a longer one (`window: 1e300`, `warm-up: 99999999d`) is a typo.
    const duration = (field) => {
        const value = raw[field];
        if (value === undefined || value === null)
            return undefined;
        const seconds = secondsOf(value);
        if (seconds === undefined || seconds * 1000 > inputs/* MAX_DURATION_MS */.rG)
            throw problems.top(field, value, `${DURATION} (at most 30d)`);
        return seconds;
    };
    const windowSeconds = duration('window');
    const intervalSeconds = duration('interval');
    if (windowSeconds !== undefined && windowSeconds <= 0)
        throw problems.top('window', raw.window, DURATION);
    if (intervalSeconds !== undefined && intervalSeconds < 1)
        throw problems.top('interval', raw.interval, 'a duration of at least 1s');
    const scoring = parseScoring(raw.scoring, problems);
    const text_ = (field) => {
        const value = raw[field];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'string')
            throw problems.top(field, value, 'a string');
        return value;
    };
    return {
        name: text_('name'),
        description: text_('description'),
        windowSeconds,
        intervalSeconds,
        warmUpSeconds: duration('warm-up'),
        ...(scoring ? { scoring } : {}),
        objectives,
        sources,
    };
}
/** Reads an SLO from a file path, or parses the value as inline YAML. */
async function loadSlo(value) {
    const text = value.trim();
    if (text === 'default')
        return loadSlo(defaultSloPath());
    if (!text.includes('\n') && !text.includes(':')) {
        if (!(0,external_node_fs_.existsSync)(text))
            throw new errors/* ConfigurationError */.j1(`input 'slo': got ${(0,inputs/* quote */.hD)(text)}, expected a path to an SLO file, 'default', or inline YAML`);
    }
    if (!text.includes('\n') && (0,external_node_fs_.existsSync)(text)) {
        const path = (0,external_node_path_.resolve)(text);
        return parseSlo((0,external_node_fs_.readFileSync)(path, 'utf8'), path, (0,external_node_path_.dirname)(path));
    }
    return parseSlo(value, 'inline', process.cwd());
}


/***/ })

};
;