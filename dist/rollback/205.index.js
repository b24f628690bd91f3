"use strict";
exports.id = 205;
exports.ids = [205];
exports.modules = {

/***/ 4700:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $f: () => (/* binding */ githubClient),
/* harmony export */   G2: () => (/* binding */ workflowRepository),
/* harmony export */   eN: () => (/* binding */ actor)
/* harmony export */ });
/* unused harmony export GITHUB_API_TIMEOUT_MS */
/* harmony import */ var _net_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4728);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2421);
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
    _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(token);
    // Loaded only here: octokit is a large part of a bundle and most runs never need it.
    const { getOctokit } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(413)]).then(__webpack_require__.bind(__webpack_require__, 2413));
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
                throw new Error(`GitHub API: no answer within ${(0,_net_js__WEBPACK_IMPORTED_MODULE_1__/* .deadlineText */ ._z)(timeoutMs)}`);
            throw error;
        }
    });
    return octokit;
}
/** The run and the person behind a change, for the release record and the incident. */
function actor(env = process.env) {
    return {
        run: env.GITHUB_RUN_ID
            ? `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
            : undefined,
        actor: env.GITHUB_ACTOR,
    };
}


/***/ }),

/***/ 6546:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ SummaryBuilder)
/* harmony export */ });
/* unused harmony export plain */
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2421);
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
        _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .appendSummary */ .fe(this.toMarkdown());
    }
}


/***/ }),

/***/ 5205:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  rollbackStep: () => (/* binding */ rollbackStep)
});

// UNUSED EXPORTS: incidentSummary, resolveRollbackTarget, rollback

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle-input/shared/cancel.js
var cancel = __webpack_require__(9805);
// EXTERNAL MODULE: ./build/bundle-input/shared/cluster/access.js
var access = __webpack_require__(2014);
// EXTERNAL MODULE: ./build/bundle-input/shared/errors.js
var errors = __webpack_require__(3796);
// EXTERNAL MODULE: ./build/bundle-input/shared/kube/kubectl.js
var kube_kubectl = __webpack_require__(4471);
// EXTERNAL MODULE: ./build/bundle-input/shared/runner.js
var runner = __webpack_require__(2421);
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

// EXTERNAL MODULE: ./build/bundle-input/shared/github/client.js
var client = __webpack_require__(4700);
;// CONCATENATED MODULE: ./build/bundle-input/shared/github/deployment.js
// A GitHub Deployment with statuses for each blue-green deploy, when a token is given, so the
// environment page shows what is live. Reporting never decides a deploy: API failures are warnings.



const SILENT = { status: async () => { } };
async function startGithubDeployment(token, options) {
    const env = process.env;
    if (!token)
        return SILENT;
    const repository = (0,client/* workflowRepository */.G2)(env);
    if (!repository || !env.GITHUB_SHA) {
        runner/* warning */.$e('token given but GITHUB_REPOSITORY / GITHUB_SHA are not set: no GitHub Deployment reported');
        return SILENT;
    }
    const { owner, repo } = repository;
    try {
        const octokit = await (0,client/* githubClient */.$f)(token, env);
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
// EXTERNAL MODULE: ./build/bundle-input/shared/net.js
var net = __webpack_require__(4728);
// EXTERNAL MODULE: ./build/bundle-input/shared/slo/inputs.js + 1 modules
var slo_inputs = __webpack_require__(6743);
// EXTERNAL MODULE: ./build/bundle-input/shared/slo/verify.js
var verify = __webpack_require__(2747);
// EXTERNAL MODULE: ./build/bundle-input/shared/bluegreen-deploy/smoke.js
var bluegreen_deploy_smoke = __webpack_require__(292);
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
    const givenUrls = parseSmokeUrls(urlLines, 'pre-switch-url');
    if (!slo) {
        if (mirrorPercent !== undefined)
            throw new ConfigurationError(`input 'pre-switch-mirror' needs 'pre-switch-slo': the SLO the mirrored requests are judged by`);
        return undefined;
    }
    if (!raw.raw('prometheus-url'))
        throw new ConfigurationError(`input 'pre-switch-slo' needs 'prometheus-url' (where the idle color is judged)`);
    // Mirroring, a health-check smoke URL is not what to judge a first deploy on (only pre-switch-url).
    const urls = givenUrls ?? (mirrorPercent === undefined ? place.smoke?.urls : undefined);
    if (!urls && mirrorPercent === undefined)
        throw new ConfigurationError(`input 'pre-switch-slo' needs 'pre-switch-mirror', 'pre-switch-url' or 'smoke-url': live requests to copy, or the idle color's URLs to send smoke traffic to`);
    const targetTemplate = raw.raw('target') || DEFAULT_TARGET;
    const verify = await getVerifySloInputs(new Inputs((name) => {
        if (name === 'slo')
            return slo;
        // Not the file's window: SLO files are written for after the switch (minutes).
        if (name === 'window')
            return raw.raw('pre-switch-window') || DEFAULT_WINDOW;
        if (name === 'target')
            return fillSelector(targetTemplate, { ...place, color: 'blue', version: 'placeholder' });
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
        throw new ConfigurationError(`input 'pre-switch-slo': ${cannotFail[0]} (pre-switch-window); a pre-switch SLO needs objectives whose 'for' fits the window, e.g. examples/slo/pre-switch.yaml`);
    if (verify.plan.spec.objectives.every((objective) => ['relative', 'mann-whitney'].includes(objective.kind)))
        throw new ConfigurationError(`input 'pre-switch-slo': every objective compares with a baseline, and before the switch there is none: give at least one threshold or burn-rate objective`);
    return { verify, urls, mirrorPercent, targetTemplate, requestsPerSecond: REQUESTS_PER_SECOND };
}
/** `pre-switch-mirror`: a whole percentage of the live requests; only an HTTPRoute can copy them. */
function parseMirrorPercent(text, strategy) {
    const value = text.trim();
    if (!value)
        return undefined;
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100)
        throw new ConfigurationError(`input 'pre-switch-mirror': got ${quote(text)}, expected the percent of live requests to mirror, a whole number from 1 to 100`);
    if (strategy !== 'gateway')
        throw new ConfigurationError(`input 'pre-switch-mirror': got ${quote(text)} with traffic '${strategy}'; requests are mirrored by the Gateway API HTTPRoute (traffic: gateway)`);
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
        const url = check.urls && (0,bluegreen_deploy_smoke/* smokeUrl */.zY)({ urls: check.urls }, place.color);
        if (!url)
            throw new errors/* ConfigurationError */.j1(`input 'pre-switch-url': no URL for ${place.color}`);
        feed = smokeFeed(url, check.requestsPerSecond);
    }
    log(`pre-switch check of ${place.color} (${place.version}): ${feed.what} for up to ${plan.windowSeconds}s, judged on ${plan.target}`);
    await feed.start();
    let report;
    try {
        report = await (0,verify.verifyFailClosed)(plan, (0,slo_inputs/* prometheusClientFor */.LD)(check.verify), { log });
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
            this.note(`smoke ${color}: ${await (0,bluegreen_deploy_smoke/* runSmoke */.Lw)(this.inputs.smoke, color, cancelled)}`);
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
        ...(0,client/* actor */.eN)(),
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
                url: (0,bluegreen_deploy_smoke/* colorUrl */.x2)(inputs, active),
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
            url: (0,bluegreen_deploy_smoke/* colorUrl */.x2)(inputs, color),
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
            await github.status('success', `${inputs.version} live on ${color}`, (0,bluegreen_deploy_smoke/* colorUrl */.x2)(inputs, color));
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

// EXTERNAL MODULE: ./build/bundle-input/shared/bluegreen-deploy/inputs.js
var bluegreen_deploy_inputs = __webpack_require__(2688);
;// CONCATENATED MODULE: ./build/bundle-input/shared/notify/notify.js
// Notifications from the runner: Slack and Microsoft Teams incoming webhooks, and a generic JSON
// webhook signed with an HMAC secret (as GitHub signs its own: X-Pipeline-Signature-256). One
// message per event per run; a notification that cannot be sent is a warning, never the verdict.




/** The notify-* inputs: webhook URLs are secrets (Slack's carries its token), masked whole. */
function getNotifyTargets(inputs) {
    const url = (name) => {
        const value = inputs.raw(name);
        if (!value)
            return undefined;
        runner/* setSecret */.Pq(value);
        (0,shared_inputs/* checkUrl */.CU)(name, value);
        return value;
    };
    const targets = {
        slack: url('notify-slack'),
        teams: url('notify-teams'),
        webhook: url('notify-webhook'),
        webhookSecret: inputs.raw('notify-webhook-secret') || undefined,
    };
    if (targets.webhookSecret)
        runner/* setSecret */.Pq(targets.webhookSecret);
    return targets;
}
const HEADLINE = {
    started: (e) => `🚀 ${e.release}: deploying ${e.version}${e.environment ? ` to ${e.environment}` : ''}`,
    failed: (e) => `💥 ${e.release}: deploying ${e.version} failed before verification (${e.reason})`,
    verified: (e) => `✅ ${e.release}: ${e.version} is live, its SLOs held`,
    'not-verified': (e) => `⚠️ ${e.release}: ${e.version} is live, not verified (${e.reason ?? e.verdict})`,
    breached: (e) => `❌ ${e.release}: ${e.version} breached its SLOs (${(e.breached ?? []).join(', ') || e.reason})`,
    held: (e) => `🟡 ${e.release}: ${e.version} held for a decision, its score marginal (${(e.breached ?? []).join(', ') || e.reason})`,
    'rolled-back': (e) => `↩️ ${e.release}: rolled back ${e.version} → ${e.rolledBackTo}${e.timeToRollbackSeconds === undefined ? '' : ` in ${e.timeToRollbackSeconds.toFixed(1)}s`}`,
};
function headline(event) {
    return HEADLINE[event.event](event);
}
function facts(event) {
    return [
        ['Release', event.release],
        ['Environment', event.environment ?? ''],
        ['Version', event.version],
        ['Verdict', event.verdict ?? ''],
        ['Rolled back to', event.rolledBackTo ?? ''],
        [
            'Time to rollback',
            event.timeToRollbackSeconds === undefined ? '' : `${event.timeToRollbackSeconds.toFixed(1)}s`,
        ],
    ].filter(([, value]) => value !== '');
}
/**
 * Slack reads `<…>` in a message as a link or a mention (`<!channel>`) and `&` as an entity; a reason
 * such as `p < 0.05 … ratio > 1.2×` must reach it as written, so these three are escaped, as Slack asks.
 */
function slackEscape(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** Slack's incoming-webhook message: a text fallback and Block Kit blocks. */
function slackMessage(event) {
    const text = slackEscape(headline(event));
    return {
        text,
        blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
            {
                type: 'section',
                fields: facts(event).map(([title, value]) => ({
                    type: 'mrkdwn',
                    text: `*${title}*\n${slackEscape(value)}`,
                })),
            },
            ...(event.runUrl
                ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `<${event.runUrl}|The workflow run>` }] }]
                : []),
        ],
    };
}
/** Teams' workflow webhook message: one Adaptive Card. */
function teamsMessage(event) {
    return {
        type: 'message',
        attachments: [
            {
                contentType: 'application/vnd.microsoft.card.adaptive',
                contentUrl: null,
                content: {
                    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
                    type: 'AdaptiveCard',
                    version: '1.4',
                    body: [
                        { type: 'TextBlock', text: headline(event), weight: 'Bolder', size: 'Medium', wrap: true },
                        { type: 'FactSet', facts: facts(event).map(([title, value]) => ({ title, value })) },
                    ],
                    ...(event.runUrl
                        ? { actions: [{ type: 'Action.OpenUrl', title: 'The workflow run', url: event.runUrl }] }
                        : {}),
                },
            },
        ],
    };
}
/** The generic webhook's body and its headers; the signature is HMAC-SHA256 of the exact body. */
function webhookRequest(event, delivery, secret) {
    const body = JSON.stringify({ ...event, headline: headline(event), sentAt: new Date().toISOString() });
    const headers = {
        'content-type': 'application/json',
        'x-pipeline-event': event.event,
        'x-pipeline-delivery': delivery,
    };
    if (secret)
        headers['x-pipeline-signature-256'] =
            `sha256=${process.getBuiltinModule('node:crypto').createHmac('sha256', secret).update(body).digest('hex')}`;
    return { body, headers };
}
const NOTIFY_TIMEOUT_MS = 10_000;
async function post(url, body, headers) {
    const plain = (0,net/* withoutCredentials */.ri)(url);
    let response;
    try {
        response = await fetch(plain.url, {
            method: 'POST',
            headers: { ...plain.headers, ...headers },
            body,
            redirect: 'manual',
            signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
        });
    }
    catch (error) {
        throw new Error((0,net/* fetchFailure */.Z5)(error, NOTIFY_TIMEOUT_MS));
    }
    await response.body?.cancel().catch(() => { });
    if (!response.ok)
        throw new Error(`HTTP ${response.status}`);
}
/** Sends each event once per run to every target given; failures are warnings that name the target. */
function notifier(targets, env = process.env) {
    const sent = new Set();
    const runUrl = env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined;
    return {
        async send(event) {
            if (sent.has(event.event))
                return;
            sent.add(event.event);
            const full = { ...event, runUrl: event.runUrl ?? runUrl };
            // Same delivery id for the same event of the same run: a receiver can drop a repeat.
            const delivery = env.GITHUB_RUN_ID
                ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${event.event}`
                : crypto.randomUUID();
            const sends = [
                [
                    'Slack',
                    targets.slack,
                    () => post(targets.slack, JSON.stringify(slackMessage(full)), {
                        'content-type': 'application/json',
                    }),
                ],
                [
                    'Teams',
                    targets.teams,
                    () => post(targets.teams, JSON.stringify(teamsMessage(full)), {
                        'content-type': 'application/json',
                    }),
                ],
                [
                    'the webhook',
                    targets.webhook,
                    () => {
                        const request = webhookRequest(full, delivery, targets.webhookSecret);
                        return post(targets.webhook, request.body, request.headers);
                    },
                ],
            ];
            await Promise.all(sends
                .filter(([, url]) => url)
                .map(([name, , send]) => send().catch((error) => runner/* warning */.$e(`notification '${event.event}' to ${name} not sent: ${(0,errors/* errorMessage */.gJ)(error)}`))));
        },
    };
}

// EXTERNAL MODULE: ./build/bundle-input/shared/release/reference.js
var release_reference = __webpack_require__(3728);
// EXTERNAL MODULE: ./build/bundle-input/shared/report/summary.js
var summary = __webpack_require__(6546);
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

// EXTERNAL MODULE: ./build/bundle-input/shared/cosign.js
var shared_cosign = __webpack_require__(5708);
// EXTERNAL MODULE: ./build/bundle-input/shared/credentials.js
var credentials = __webpack_require__(5089);
;// CONCATENATED MODULE: ./build/bundle-input/shared/release/registry.js
// A small OCI distribution client over fetch: enough to resolve a tag to its digest and to check
// what a repository holds, with bounded retries on registry faults. Credentials follow the OCI
// token flow: the first request to a registry goes without them, and they go only to that registry
// (after it asked, with a Basic challenge) or to the token realm its Bearer challenge names — never
// to another host an image reference, an upload location or a redirect points at.




const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
/** The tag under which a registry without the referrers API keeps a manifest's referrers (and cosign its signatures). */
function referrersTag(digest) {
    return digest.replace(':', '-');
}
const MANIFEST_MEDIA_TYPES = [
    OCI_INDEX,
    'application/vnd.oci.artifact.manifest.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
];
function registryBaseUrl(registry, insecure = false) {
    const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
    const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
    return `${insecure || local ? 'http' : 'https'}://${host}`;
}
/** A URL's hostname (no port) that never leaves this machine. */
function isLoopbackHostname(hostname) {
    return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(hostname);
}
/** The challenges of a WWW-Authenticate header (several may be joined by commas). */
function parseChallenges(header) {
    const challenges = [];
    for (const [, name, , value] of header.matchAll(/([\w.-]+)\s*(=\s*("(?:[^"\\]|\\.)*"|[^\s,]*))?/g)) {
        if (value === undefined)
            challenges.push({ scheme: name.toLowerCase(), params: {} });
        else {
            const current = challenges.at(-1);
            const unquoted = value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
            if (current)
                current.params[name.toLowerCase()] = unquoted;
        }
    }
    return challenges;
}
/**
 * The token realm a registry's Bearer challenge names, as a URL our credentials may go to; a string
 * says why not. https always; plain http only when the registry itself is plain http (loopback or
 * `insecure`) and the realm is on loopback or on the registry's own host — a challenge must not
 * downgrade credentials to plain text on the network.
 */
function trustedTokenRealm(realm, registryUrl) {
    let url;
    try {
        url = new URL(realm);
    }
    catch {
        return 'not a URL';
    }
    // Credentials in the realm itself would be someone else's; ours go in the header.
    url.username = '';
    url.password = '';
    if (url.protocol === 'https:')
        return url;
    if (url.protocol !== 'http:')
        return `${url.protocol} is neither https nor http`;
    const registry = new URL(registryUrl);
    if (registry.protocol !== 'http:')
        return `plain http from a registry reached over https would send credentials in the clear`;
    if (!isLoopbackHostname(url.hostname) && url.hostname !== registry.hostname)
        return `plain http to ${url.host}, which is neither loopback nor the registry's own host`;
    return url;
}
/** The `message` of an OCI error body ({"errors":[{"code","message"}]}), if it is one. */
function registryErrorMessage(text) {
    try {
        const body = JSON.parse(text);
        const first = body.errors?.[0];
        return (first?.message ?? first?.code ?? '').slice(0, 200);
    }
    catch {
        return '';
    }
}
/** "HTTP 401 Unauthorized": the registry's own status text. */
function httpStatus(response) {
    return `HTTP ${response.status} ${response.statusText}`.trim();
}
/** Reads nothing more of a response we do not use, so its connection is freed. */
async function discard(response) {
    await response.body?.cancel().catch(() => { });
}
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
class RegistryClient {
    registry;
    options;
    baseUrl;
    /** Where this registry's credentials and tokens may go (after redirects too). */
    origin;
    /** Bearer tokens by the scope they were asked for (`repository:<name>:<actions>`). */
    tokens = new Map();
    /** The registry asked for Basic auth once, so later requests send it straight away. */
    basicChallenged = false;
    constructor(registry, options = {}) {
        this.registry = registry;
        this.options = options;
        this.baseUrl = registryBaseUrl(registry, options.insecure);
        this.origin = new URL(this.baseUrl).origin;
    }
    get host() {
        return this.registry;
    }
    get insecure() {
        return Boolean(this.options.insecure);
    }
    get basicAuthorization() {
        const { username, password } = this.options;
        if (!username)
            return undefined;
        return `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
    }
    async fetchWithRetry(url, init) {
        const attempts = this.options.attempts ?? 4;
        const backoff = this.options.backoffMs ?? 500;
        const timeoutMs = this.options.timeoutMs ?? 30_000;
        let lastError = '';
        for (let attempt = 1; attempt <= attempts; attempt++) {
            try {
                const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
                if (response.status < 500)
                    return response;
                lastError = `HTTP ${response.status} ${response.statusText}`.trim();
            }
            catch (error) {
                lastError = (0,net/* fetchFailure */.Z5)(error, timeoutMs);
            }
            if (attempt < attempts)
                await new Promise((resolve) => setTimeout(resolve, backoff * 2 ** (attempt - 1)));
        }
        // The URL may be a redirect to storage signed in its query (a credential while it lasts).
        throw new errors/* ToolError */.v4(`registry ${this.registry}: ${lastError} (gave up after ${attempts} attempts on ${(0,shared_inputs/* redactCredentials */.UY)(url)})`, 'registry', null, lastError);
    }
    /**
     * Sends a request and follows redirects itself: `authorization` goes only to `authorizedOrigin`,
     * so a blob redirected to storage on another host (or to plain http) arrives without it.
     */
    async send(url, request, authorizedOrigin, authorization) {
        let current = new URL(url);
        let { method, body } = request;
        for (let redirects = 0;; redirects++) {
            const headers = { ...request.headers };
            if (!body)
                delete headers['content-type'];
            if (authorization && current.origin === authorizedOrigin)
                headers.authorization = authorization;
            const response = await this.fetchWithRetry(current.toString(), {
                method,
                headers,
                body: body,
                redirect: 'manual',
            });
            const location = response.headers.get('location');
            if (!REDIRECT_STATUSES.has(response.status) || !location)
                return { response, url: current };
            await discard(response);
            if (redirects === MAX_REDIRECTS)
                throw new errors/* ToolError */.v4(`registry ${this.registry}: more than ${MAX_REDIRECTS} redirects from ${(0,shared_inputs/* redactCredentials */.UY)(url)}`, 'registry', null, '');
            // As fetch does: 303 turns anything but HEAD into a GET, 301/302 turn a POST into one.
            if ((response.status === 303 && method !== 'HEAD') || (response.status < 303 && method === 'POST')) {
                method = 'GET';
                body = undefined;
            }
            current = new URL(location, current);
        }
    }
    /** A token from the realm this registry's challenge names, with our credentials if we have any. */
    async fetchToken(challenge, tokenScope) {
        const realm = trustedTokenRealm(challenge.realm ?? '', this.baseUrl);
        if (typeof realm === 'string')
            throw new errors/* ToolError */.v4(`registry ${this.registry}: refusing its token realm ${challenge.realm}: ${realm}`, 'registry', null, '');
        if (challenge.service)
            realm.searchParams.set('service', challenge.service);
        // Our scope first (a push needs push even when a HEAD was challenged for pull), then the registry's.
        realm.searchParams.append('scope', tokenScope);
        if (challenge.scope && challenge.scope !== tokenScope)
            realm.searchParams.append('scope', challenge.scope);
        const { response } = await this.send(realm.toString(), { method: 'GET', headers: { accept: 'application/json' } }, realm.origin, this.basicAuthorization);
        if (!response.ok) {
            await discard(response);
            throw new errors/* ToolError */.v4(`registry ${this.registry}: token request to ${realm.host} failed (${httpStatus(response)})`, 'registry', null, '');
        }
        const body = (await response.json().catch(() => ({})));
        const token = body.token ?? body.access_token;
        if (!token)
            throw new errors/* ToolError */.v4(`registry ${this.registry}: the token response from ${realm.host} holds no token`, 'registry', null, '');
        return token;
    }
    /** The Authorization that answers a 401's challenge, or undefined when we cannot answer it. */
    async answerChallenge(header, tokenScope) {
        const challenges = parseChallenges(header);
        const bearer = challenges.find((challenge) => challenge.scheme === 'bearer' && challenge.params.realm);
        if (bearer) {
            const token = await this.fetchToken(bearer.params, tokenScope);
            this.tokens.set(tokenScope, token);
            return `Bearer ${token}`;
        }
        const basic = this.basicAuthorization;
        if (basic && challenges.some((challenge) => challenge.scheme === 'basic')) {
            this.basicChallenged = true;
            return basic;
        }
        return undefined;
    }
    /** What a request sends before any challenge: only what this registry already asked for. */
    authorizationFor(tokenScope) {
        const token = this.tokens.get(tokenScope);
        if (token)
            return `Bearer ${token}`;
        return this.basicChallenged ? this.basicAuthorization : undefined;
    }
    /** A 401 that stands: one line naming the registry and the repository, never a silent pass. */
    async unauthorized(response, repository, why) {
        const detail = registryErrorMessage(await response.text().catch(() => ''));
        return new errors/* ToolError */.v4(`registry ${this.registry}: ${httpStatus(response)} for repository ${repository} ${why}${detail ? `: ${detail}` : ''}`, 'registry', null, detail);
    }
    async request(method, path, repository, accept = MANIFEST_MEDIA_TYPES, body, scope = 'pull') {
        const url = path.startsWith('http') ? path : `${this.baseUrl}${path}`;
        const headers = { accept: accept.join(', ') };
        if (body)
            headers['content-type'] = body.contentType;
        const send = (authorization) => this.send(url, { method, headers, body: body?.data }, this.origin, authorization);
        // A token is scoped: a pull token is refused for a push, so each scope has its own.
        const tokenScope = `repository:${repository}:${scope}`;
        const first = await send(this.authorizationFor(tokenScope));
        if (first.response.status !== 401)
            return first.response;
        // Only this registry's own challenge is answered; another host's never gets our credentials.
        if (first.url.origin !== this.origin)
            throw await this.unauthorized(first.response, repository, `from ${first.url.host}, which is not the registry and gets no credentials`);
        const authorization = await this.answerChallenge(first.response.headers.get('www-authenticate') ?? '', tokenScope);
        if (!authorization) {
            const why = this.basicAuthorization
                ? `with a challenge this client cannot answer (${first.response.headers.get('www-authenticate') || 'none'})`
                : 'and no credentials were given for it';
            throw await this.unauthorized(first.response, repository, why);
        }
        await discard(first.response);
        const retried = await send(authorization);
        if (retried.response.status === 401) {
            this.tokens.delete(tokenScope);
            const anonymously = this.basicAuthorization ? '' : ' anonymously (no credentials were given)';
            throw await this.unauthorized(retried.response, repository, `after authenticating${anonymously}`);
        }
        return retried.response;
    }
    /**
     * The manifests that refer to `digest` (OCI 1.1 referrers API, every page); `api: false` only
     * where the registry has no such API (404, as the distribution spec says it answers then: the
     * referrers tag schema holds them); any other failure throws — an error is never an empty list,
     * which would copy an image without its signatures.
     */
    async referrersIndex(repository, digest) {
        const manifests = [];
        let path = `/v2/${repository}/referrers/${digest}`;
        for (let page = 0; path; page++) {
            const response = await this.request('GET', path, repository, [OCI_INDEX]);
            if (response.status === 404 && page === 0) {
                await discard(response);
                return { api: false, manifests };
            }
            if (!response.ok) {
                await discard(response);
                throw new errors/* ToolError */.v4(`registry ${this.registry}: listing the referrers of ${repository}@${digest} answered HTTP ${response.status}`, 'registry', null, '');
            }
            let index;
            try {
                index = (await response.json());
            }
            catch {
                throw new errors/* ToolError */.v4(`registry ${this.registry}: the referrers of ${repository}@${digest} are not an OCI index (not JSON)`, 'registry', null, '');
            }
            for (const entry of index.manifests ?? []) {
                if (typeof entry.digest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(entry.digest))
                    throw new errors/* ToolError */.v4(`registry ${this.registry}: the referrers of ${repository}@${digest} list a manifest without a sha256 digest`, 'registry', null, '');
                const { digest: referrer, mediaType, size, artifactType, annotations } = entry;
                manifests.push({ digest: referrer, mediaType, size, artifactType, annotations });
            }
            // Pagination (Link: <…>; rel="next"), only within this repository's referrers, at most 100 pages.
            const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
            path = next?.startsWith(`/v2/${repository}/referrers/`) && page < 99 ? next : undefined;
        }
        return { api: true, manifests };
    }
    /** The digest a tag (or digest) points at, or undefined when the registry does not have it. */
    async resolve(ref) {
        const reference = ref.digest ?? ref.tag ?? 'latest';
        const response = await this.request('HEAD', `/v2/${ref.repository}/manifests/${reference}`, ref.repository);
        if (response.status === 404)
            return undefined;
        if (!response.ok) {
            throw new errors/* ToolError */.v4(`registry ${this.registry}: HEAD ${ref.repository}:${reference} answered HTTP ${response.status}`, 'registry', null, '');
        }
        // What it names becomes an image reference (name@digest): only a digest is taken as one.
        const digest = response.headers.get('docker-content-digest') ?? '';
        if (!release_reference/* DIGEST */.Dh.test(digest))
            throw new errors/* ToolError */.v4(`registry ${this.registry}: HEAD ${ref.repository}:${reference} answered without a digest (Docker-Content-Digest ${JSON.stringify(digest.slice(0, 100))})`, 'registry', null, '');
        return digest;
    }
}
/**
 * Adds `referrers` of `subject` to the OCI 1.1 referrers tag schema (`sha256-<hex>`, an index)
 * of a registry without the referrers API, as a client must there; returns how many were new. A
 * tag that holds anything but an OCI index is left alone and refused.
 */
async function addToReferrersTag(client, repository, subject, referrers) {
    const tag = referrersTag(subject);
    const got = await client.request('GET', `/v2/${repository}/manifests/${tag}`, repository, [OCI_INDEX], undefined, 'pull,push');
    let index = {
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [],
    };
    const refuse = (why) => new ToolError(`registry: the referrers tag ${repository}:${tag} ${why}`, 'registry', null, '');
    if (got.status === 404)
        await discard(got);
    else if (!got.ok) {
        await discard(got);
        throw refuse(`answered HTTP ${got.status}`);
    }
    else {
        const existing = (await got.json().catch(() => undefined));
        if (existing?.mediaType !== OCI_INDEX || !Array.isArray(existing.manifests))
            throw refuse('holds something other than an OCI image index; not overwriting it');
        index = existing;
    }
    const added = referrers.filter((referrer) => !index.manifests.some((entry) => entry.digest === referrer.digest));
    if (!added.length)
        return 0;
    const incomplete = added.find((referrer) => !referrer.mediaType || !Number.isInteger(referrer.size));
    if (incomplete)
        throw refuse(`cannot list ${incomplete.digest}: its descriptor has no mediaType or size`);
    index.manifests.push(...added);
    const put = await client.request('PUT', `/v2/${repository}/manifests/${tag}`, repository, MANIFEST_MEDIA_TYPES, { data: new TextEncoder().encode(JSON.stringify(index)), contentType: OCI_INDEX }, 'pull,push');
    if (!put.ok)
        throw refuse(`could not be written: HTTP ${put.status} ${(await put.text()).slice(0, 200)}`);
    return added.length;
}
/**
 * Copies a manifest (an index with every manifest it lists, or a manifest with its config and
 * layers) byte for byte, so digests are preserved — also for artifacts (signatures,
 * attestations, referrer indexes) that image copiers refuse to handle.
 */
async function copyManifest(source, sourceRepository, reference, target, targetRepository, targetReference = reference) {
    const response = await source.request('GET', `/v2/${sourceRepository}/manifests/${reference}`, sourceRepository);
    if (!response.ok)
        throw new ToolError(`registry: GET ${sourceRepository}:${reference} answered HTTP ${response.status}`, 'registry', null, '');
    const data = new Uint8Array(await response.arrayBuffer());
    const manifest = JSON.parse(Buffer.from(data).toString('utf8'));
    const contentType = manifest.mediaType ??
        response.headers.get('content-type') ??
        'application/vnd.oci.image.manifest.v1+json';
    for (const child of manifest.manifests ?? []) {
        await copyManifest(source, sourceRepository, child.digest, target, targetRepository, child.digest);
    }
    for (const blob of [manifest.config, ...(manifest.layers ?? []), ...(manifest.blobs ?? [])]) {
        if (blob)
            await copyBlob(source, sourceRepository, blob.digest, target, targetRepository);
    }
    const put = await target.request('PUT', `/v2/${targetRepository}/manifests/${targetReference}`, targetRepository, MANIFEST_MEDIA_TYPES, { data, contentType }, 'pull,push');
    if (!put.ok) {
        throw new ToolError(`registry: PUT ${targetRepository}:${targetReference} answered HTTP ${put.status}: ${(await put.text()).slice(0, 200)}`, 'registry', null, '');
    }
    return put.headers.get('docker-content-digest') ?? '';
}
async function copyBlob(source, sourceRepository, digest, target, targetRepository) {
    const exists = await target.request('HEAD', `/v2/${targetRepository}/blobs/${digest}`, targetRepository, ['*/*'], undefined, 'pull,push');
    if (exists.ok)
        return;
    const blob = await source.request('GET', `/v2/${sourceRepository}/blobs/${digest}`, sourceRepository, [
        '*/*',
    ]);
    if (!blob.ok)
        throw new ToolError(`registry: GET blob ${digest} from ${sourceRepository} answered HTTP ${blob.status}`, 'registry', null, '');
    const data = new Uint8Array(await blob.arrayBuffer());
    const start = await target.request('POST', `/v2/${targetRepository}/blobs/uploads/`, targetRepository, ['*/*'], undefined, 'pull,push');
    const location = start.headers.get('location');
    if (start.status !== 202 || !location)
        throw new ToolError(`registry: upload to ${targetRepository} answered HTTP ${start.status}`, 'registry', null, '');
    const base = registryBaseUrl(target.host, target.insecure);
    const url = new URL(location, base);
    url.searchParams.set('digest', digest);
    const put = await target.request('PUT', url.toString(), targetRepository, ['*/*'], { data, contentType: 'application/octet-stream' }, 'pull,push');
    if (put.status !== 201)
        throw new ToolError(`registry: upload of ${digest} to ${targetRepository} answered HTTP ${put.status}`, 'registry', null, '');
}

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

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
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
        throw new Error((0,shared_inputs/* redactCredentials */.UY)((0,net/* fetchFailure */.Z5)(error, timeoutMs)));
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
        const result = await (0,exec/* execTool */.w)(binary, spec.versionArgs, { timeoutMs: 30_000 });
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
    const tc = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(991)]).then(__webpack_require__.bind(__webpack_require__, 5991));
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
    const shown = (0,shared_inputs/* redactCredentials */.UY)(url);
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
;// CONCATENATED MODULE: ./build/bundle-input/shared/rollback/trust.js
// What rollback puts back must be trustworthy: with a signer configured (a cosign key or a keyless
// identity), the target's signature is verified before anything changes, and a version that is no
// longer in the release history may still come from the registry — by tag, digest or image
// reference — because its signature vouches for it. Without a signer only the history counts.










/** The release's image repository: the live color's, else the newest recorded one. */
function releaseRepository(state) {
    const images = [
        state.activeColor ? state.colors[state.activeColor]?.image : undefined,
        ...state.history.map((entry) => entry.image),
    ];
    const image = images.find((candidate) => Boolean(candidate));
    if (!image)
        return undefined;
    const { registry, repository } = (0,release_reference/* parseImageReference */.o_)(image);
    return { registry, repository };
}
/**
 * How `to` may name an image in the registry: a full reference, a digest, a tag (or a commit's sha-
 * tag). Only ever in the release's own repository: an image from elsewhere is refused, whoever
 * signed it, and no request (let alone a credential) goes to another registry.
 */
function registryCandidates(to, repository) {
    if (to === '' || to === 'previous' || /^#\d+$/.test(to))
        return [];
    if (to.includes('/')) {
        const named = (0,release_reference/* parseImageReference */.o_)(to, 'to');
        if (!repository || (0,release_reference/* repositoryName */.aR)(named) !== (0,release_reference/* repositoryName */.aR)(repository))
            throw new errors/* ConfigurationError */.j1(`input 'to': got ${(0,shared_inputs/* quote */.hD)(to)}, expected an image of the release's own repository (${repository ? (0,release_reference/* repositoryName */.aR)(repository) : 'none recorded yet'})`);
        return [named];
    }
    if (!repository)
        return [];
    if (release_reference/* DIGEST */.Dh.test(to))
        return [{ ...repository, digest: to }];
    if (!release_reference/* TAG */.Dk.test(to))
        return [];
    const tags = [to];
    if (/^v\d/.test(to))
        tags.push(to.slice(1));
    if (/^[0-9a-f]{7,40}$/.test(to))
        tags.push(`sha-${to.slice(0, 7)}`);
    return tags.map((tag) => ({ ...repository, tag }));
}
/** The first candidate the registry has, by digest; undefined when it has none of them. */
async function targetFromRegistry(to, state, signer) {
    const repository = releaseRepository(state);
    for (const candidate of registryCandidates(to, repository)) {
        const client = new RegistryClient(candidate.registry, {
            ...credentialsFor(candidate.registry, repository, signer),
            insecure: signer.insecureRegistry,
        });
        const digest = await client.resolve(candidate);
        if (!digest || (candidate.digest && candidate.digest !== digest))
            continue;
        const version = candidate.tag ?? digest.slice('sha256:'.length, 'sha256:'.length + 12);
        runner/* info */.pq(`${to} is not in the release history; the registry has it: ${(0,release_reference/* repositoryName */.aR)(candidate)}@${digest}`);
        return { version, digest, image: `${(0,release_reference/* repositoryName */.aR)(candidate)}@${digest}` };
    }
    return undefined;
}
/** The registry credentials are the release registry's: never given to another host. */
function credentialsFor(registry, repository, signer) {
    return repository && registry === repository.registry ? signer.credentials : {};
}
/**
 * Verifies the image's signature and that it passed verification in `environment` (a signed
 * verification attestation for its digest); either missing refuses the rollback before any change.
 */
async function requireSignature(image, state, signer, environment, workDir, cleanup) {
    const cosign = await installTool((0,versions/* cosignSpec */.Pj)(signer.cosignVersion), { mirror: signer.toolsMirror });
    const { registry } = (0,release_reference/* parseImageReference */.o_)(image);
    const config = (0,credentials/* dockerConfigDir */.kG)(registry, credentialsFor(registry, releaseRepository(state), signer), workDir, cleanup);
    if (config)
        process.env.DOCKER_CONFIG = config;
    const request = {
        ...signer.identity,
        key: (0,credentials/* keyFile */._$)(signer.identity.key, workDir, 'cosign.pub', cleanup),
        image,
        ignoreTlog: signer.ignoreTlog,
        insecureRegistry: signer.insecureRegistry,
    };
    const outcome = await (0,shared_cosign/* verifySignature */.Od)(cosign, request);
    if (!outcome.verified)
        throw new errors/* ConfigurationError */.j1(`refusing to roll back to ${image}: signature not verified: ${outcome.detail}`);
    // Signed is not enough: a signed image may have failed the gate or its SLOs. Any age will do.
    const attested = await (0,shared_cosign/* verifiedAttestations */.e5)(cosign, request, VERIFICATION_PREDICATE_TYPE);
    const digest = image.slice(image.indexOf('@') + 1);
    const why = 'missing' in attested
        ? `no signed verification attestation (${attested.missing})`
        : missingVerificationProof(parseAttestations(attested.stdout), digest, environment);
    if (why)
        throw new errors/* ConfigurationError */.j1(`refusing to roll back to ${image}: it never passed verification in ${environment}: ${why}`);
    return `${outcome.detail}; passed verification in ${environment}`;
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/rollback/run.js
// rollback: put a known-good version back. With the previous color still warm and holding it,
// this is one traffic switch; otherwise the version is redeployed through the blue-green path.
// Always: post-rollback smoke checks and an incident record (summary + JSON file).























/**
 * Finds `to` (previous | version | sha | digest | #N history index) in the release's record.
 * `previous` is the newest version, other than the live one, whose latest outcome is deployed or
 * verified: never one that breached, was rolled back or failed. A version, sha or digest named
 * outright may be one that was rolled back (someone chose it); a failed entry never ran and is
 * refused unless `force` (its image may still be sound: the failure may have been the cluster's).
 */
function resolveRollbackTarget(state, to, liveDigest, options = {}) {
    const ran = state.history.filter((entry) => entry.outcome !== 'failed');
    const imageOf = (entry) => entry.image ?? Object.values(state.colors).find((record) => record?.digest === entry.digest)?.image ?? '';
    const pick = (entry) => entry ? { version: entry.version, digest: entry.digest, image: imageOf(entry) } : undefined;
    let found;
    if (to === 'previous' || to === '') {
        found = pick(lastGood(state.history).find((entry) => entry.digest !== liveDigest));
    }
    else if (/^#\d+$/.test(to)) {
        const entry = state.history[Number(to.slice(1))];
        if (entry?.outcome === 'failed' && !options.force)
            throw new errors/* ConfigurationError */.j1(`input 'to': ${to} is ${entry.version}, whose deploy failed (${entry.reason ?? 'no reason recorded'}): it never ran; name a version that did, or set 'force: true'`);
        found = pick(entry);
    }
    else if (/^sha256:[a-f0-9]{64}$/.test(to)) {
        found = pick(ran.find((entry) => entry.digest === to));
    }
    else if (to.includes('/')) {
        // An image reference: an entry of that very repository, by its digest, else its tag's version.
        const named = (0,release_reference/* parseImageReference */.o_)(to, 'to');
        const tag = named.tag ?? '';
        found = pick(ran.find((entry) => repositoryOf(imageOf(entry)) === (0,release_reference/* repositoryName */.aR)(named) &&
            (named.digest
                ? entry.digest === named.digest
                : entry.version === tag || entry.version === tag.replace(/^v/, ''))));
    }
    else {
        found = pick(ran.find((entry) => entry.version === to ||
            entry.version === to.replace(/^v/, '') ||
            (/^[0-9a-f]{7,40}$/.test(to) && entry.version === `sha-${to.slice(0, 7)}`)));
    }
    if (!found) {
        const known = [...new Set(ran.map((entry) => entry.version))].join(', ') || 'none';
        throw new errors/* ConfigurationError */.j1(`input 'to': '${to || 'previous'}' is not in the release history of ${state.release} (known versions: ${known})`);
    }
    if (!found.image) {
        throw new errors/* ConfigurationError */.j1(`input 'to': ${found.version} (${found.digest}) is in the history of ${state.release} but its image is no longer recorded; deploy it with bluegreen-deploy`);
    }
    return found;
}
/** registry/repository of a recorded image; undefined when there is none (or it does not parse). */
function repositoryOf(image) {
    try {
        return image ? (0,release_reference/* repositoryName */.aR)((0,release_reference/* parseImageReference */.o_)(image)) : undefined;
    }
    catch {
        return undefined;
    }
}
/** Each digest's newest entry, newest first, kept only when that outcome is deployed or verified. */
function lastGood(history) {
    const seen = new Set();
    return history.filter((entry) => {
        if (seen.has(entry.digest))
            return false;
        seen.add(entry.digest);
        return !release_record/* NOT_GOOD */.ej.includes(entry.outcome);
    });
}
/** In the history; else, with a signer, in the registry (its signature is checked next). */
async function findRollbackTarget(state, inputs, liveDigest) {
    try {
        return resolveRollbackTarget(state, inputs.to, liveDigest, { force: inputs.force });
    }
    catch (error) {
        if (!(error instanceof errors/* ConfigurationError */.j1))
            throw error;
        if (!inputs.signer)
            throw new errors/* ConfigurationError */.j1(`${error.message}; with 'cosign-key' or 'certificate-identity' a signed image from the registry can be put back too`);
        const fromRegistry = await targetFromRegistry(inputs.to, state, inputs.signer);
        if (!fromRegistry)
            throw new errors/* ConfigurationError */.j1(`${error.message}, nor in the registry`);
        return fromRegistry;
    }
}
async function rollback(inputs, cleanup) {
    const started = new Date();
    (0,external_node_fs_.mkdirSync)(inputs.workDir, { recursive: true });
    const kubeconfig = await (0,access/* kubeconfigFile */.q)(inputs, inputs.workDir, cleanup);
    const kubectl = new kube_kubectl/* Kubectl */.bx(inputs.namespace, kubeconfig);
    // Only the switch moves traffic with it, and all at once: a known-good version needs no steps.
    const deployer = new Deployer(kubectl, { ...inputs, steps: [100] }, kubeconfig);
    // Decided from this read, before the lock: under it, the switch or withdrawal reads again and
    // goes on only if what it was decided from still holds.
    const before = await readLive(kubectl, inputs);
    const { state, color: liveColor, record: live } = before;
    const held = state.held;
    if (held && held.percent < 100 && liveColor && live && (inputs.to === 'previous' || !inputs.to))
        return withdrawHeld(kubectl, deployer, inputs, { held, before, liveColor, live, started });
    const target = await findRollbackTarget(state, inputs, live?.digest);
    if (live?.digest === target.digest)
        return nothingToRollBack(inputs, started, target, liveColor, live);
    const idle = liveColor ? (0,release_record/* otherColor */.IP)(liveColor) : undefined;
    const warm = idle && state.colors[idle]?.digest === target.digest ? idle : undefined;
    // Said before the signature check and the lock: found out in the deploy, it would be recorded
    // there as a failed deploy of the version, which `previous` then passes over.
    if (!warm && inputs.source.kind === 'none')
        throw new errors/* ConfigurationError */.j1(`${target.version} is not warm on ${idle ?? 'either color'}, so it can only be put back by a redeploy: give 'manifests' or 'chart'; nothing was changed`);
    // Before anything changes: the version put back must carry the release signer's signature.
    if (!inputs.signer && !inputs.unsignedBecause)
        throw new Error('rollback without a signer needs a reason the signature goes unchecked');
    const signature = inputs.signer
        ? await requireSignature(target.image, state, inputs.signer, inputs.environment, inputs.workDir, cleanup)
        : `not checked: ${inputs.unsignedBecause}`;
    let outcome;
    if (warm) {
        outcome = await lock_withLock(kubectl, inputs.release, inputs.lockTimeoutMs, async () => {
            // Another run (a deploy, a second rollback) may have moved the release while this one
            // waited: the switch decided above is made only if what it rests on is as it was.
            const now = await readLive(kubectl, inputs);
            if (now.record?.digest === target.digest)
                return { color: now.color, timeline: deployer.timeline, method: 'none' };
            const change = liveChange(before, now) ??
                (now.state.colors[warm]?.digest !== target.digest
                    ? `${warm} held ${target.version}, now ${now.state.colors[warm]?.version ?? 'nothing'}`
                    : undefined);
            if (change)
                throw changedWhileWaiting(inputs.release, change);
            deployer.note(`rolling back ${inputs.release} from ${live?.version} to ${target.version}, warm on ${warm}: ${inputs.reason}`);
            const deployments = await deploymentsOf(kubectl, inputs, warm);
            for (const deployment of deployments) {
                const replicas = deployment.spec.replicas ?? 0;
                if (replicas === 0)
                    await kubectl.scale(deployment.metadata.name, 1);
            }
            // An idle color shrinks (its autoscaler saw no load, or scale-down took it to 0): it gets
            // back at least what the live color runs before it takes the load again.
            await deployer.preScale(warm, liveColor, deployments.map((d) => d.metadata.name));
            await deployer.waitReady(warm, deployments.map((d) => d.metadata.name));
            await deployer.shiftTraffic(warm, undefined);
            // The environment's active deployment is the version put back again (auto_inactive retires
            // the one rolled back); a redeploy reports its own.
            const github = await startGithubDeployment(inputs.token, {
                environment: inputs.environment,
                version: target.version,
                description: `rollback to ${target.version} on ${warm}: ${inputs.reason}`,
            });
            await github.status('success', `${target.version} live on ${warm} (rolled back)`, (0,bluegreen_deploy_smoke/* colorUrl */.x2)(inputs, warm));
            // Still under the lock: a deploy waiting for it must find the record (active color, what
            // stays warm) as this switch left it, and the color taken away not scaled down under it.
            const settled = await settle(kubectl, deployer, inputs, {
                target,
                color: warm,
                takenAway: live?.digest,
                switchedFrom: liveColor,
            });
            return { color: warm, timeline: deployer.timeline, method: 'switch', settled };
        });
    }
    else {
        const redeployed = await bluegreenDeploy({ ...inputs, ...(0,bluegreen_deploy_inputs/* releaseVersion */.SF)(target.image, target.version, 'to') }, cleanup, {
            // As a switch does: what is taken away (and named in the incident) is what was live when
            // the rollback was decided, or nothing changes.
            stillDecided: ({ color, state }) => {
                const change = liveChange(before, liveRelease(state, color));
                if (change)
                    throw changedWhileWaiting(inputs.release, change);
            },
        });
        // Its deploy decides again under its own lock: a no-op there is the target put back meanwhile.
        outcome = {
            color: redeployed.color,
            timeline: redeployed.timeline,
            method: redeployed.noop ? 'none' : 'redeploy',
        };
    }
    // Another run put the target back while this one waited for the lock: nothing to record.
    if (outcome.method === 'none')
        return nothingToRollBack(inputs, started, target, outcome.color);
    // The switch settles under its lock; a redeploy's own lock ended with its deploy.
    const { smoke, finished } = outcome.settled ??
        (await settle(kubectl, deployer, inputs, { target, color: outcome.color, takenAway: live?.digest }));
    return incidentOf(inputs, started, finished, {
        from: { version: live?.version, digest: live?.digest, color: liveColor },
        to: { version: target.version, digest: target.digest, color: outcome.color },
        method: outcome.method,
        timeline: outcome.timeline,
        verdicts: { smoke, signature },
    });
}
/** The incident of this rollback: what was asked, when and by whom, and `what` it did. */
function incidentOf(inputs, started, finished, what) {
    return {
        id: `${inputs.release}-${started.getTime()}`,
        release: inputs.release,
        environment: inputs.environment,
        reason: inputs.reason,
        from: what.from,
        to: what.to,
        method: what.method,
        startedAt: started.toISOString(),
        finishedAt: finished.toISOString(),
        durationMs: finished.getTime() - started.getTime(),
        timeline: what.timeline,
        verdicts: what.verdicts,
        triggeredBy: (0,client/* actor */.eN)().actor,
        runUrl: (0,client/* actor */.eN)().run,
    };
}
/**
 * After the version is back: its smoke check, the color taken away scaled down (scale-down-delay
 * 0), and the record: the rollback in the history, what it took away never `previous` again.
 */
async function settle(kubectl, deployer, inputs, rollback) {
    const { target, color, takenAway, switchedFrom } = rollback;
    const smoke = await smokeAfter(deployer, inputs, color);
    if (switchedFrom && inputs.scaleDownDelayMs === 0)
        await deployer.scaleDown(switchedFrom);
    const finished = new Date();
    const entry = {
        action: 'rollback',
        version: target.version,
        digest: target.digest,
        image: target.image,
        color,
        at: finished.toISOString(),
        outcome: 'deployed',
        reason: inputs.reason,
        ...(0,client/* actor */.eN)(),
    };
    await (0,release_record/* updateReleaseRecord */.wJ)(kubectl, inputs.release, (state) => {
        // What was taken away is never `previous` again (a version named outright still may be).
        const rolledBack = (0,release_record/* entryOf */.Ms)(state, takenAway);
        if (rolledBack)
            rolledBack.outcome = 'rolled-back';
        state.history.unshift(entry);
        state.counters.rollbacks_total++;
        // Whatever was held for a decision is decided: it was rolled back, or replaced.
        delete state.held;
        if (switchedFrom) {
            state.previousColor = switchedFrom;
            state.activeColor = color;
            // What was taken away stays warm for scale-down-delay (to look into, or to switch to
            // again), then the next run or housekeeping scales it down.
            scale_down_keepWarm(state, switchedFrom, finished, inputs.scaleDownDelayMs);
        }
    }, inputs.historyLimit);
    return { smoke, finished };
}
async function readLive(kubectl, inputs) {
    const { state } = await (0,release_record/* readState */.un)(kubectl, inputs.release);
    return liveRelease(state, workloads_liveColorOf(await kubectl.get('service', inputs.service)));
}
function liveRelease(state, color) {
    return { state, color, record: color ? state.colors[color] : undefined };
}
/** How what is live moved between two reads, in words; undefined when it did not. */
function liveChange(before, now) {
    if (now.color === before.color && now.record?.digest === before.record?.digest)
        return undefined;
    const text = (live) => live.color ? `${live.record?.version ?? 'an unrecorded version'} on ${live.color}` : 'nothing';
    return `live was ${text(before)}, now ${text(now)}`;
}
/** A decision made before the lock that no longer holds: deciding again is the operator's call. */
function changedWhileWaiting(release, change) {
    return new errors/* ConfigurationError */.j1(`release ${release} changed while this rollback waited for its lock: ${change}; nothing was changed; run the rollback again to decide against what is live now`);
}
/** The incident of a rollback whose target is already live, on `color`: nothing changed. */
function nothingToRollBack(inputs, started, target, color, live = target) {
    const now = new Date();
    return incidentOf(inputs, started, now, {
        from: { version: live.version, digest: live.digest, color },
        to: { version: target.version, digest: target.digest, color },
        method: 'none',
        timeline: [
            { at: now.toISOString(), event: `${target.version} is already live on ${color}: nothing to roll back` },
        ],
        verdicts: { smoke: 'not run' },
    });
}
/** The smoke check of what was put back, as the incident records it: never a reason to stop. */
async function smokeAfter(deployer, inputs, color) {
    if (!inputs.smoke)
        return 'not configured';
    try {
        await deployer.smoke(color);
        return 'pass';
    }
    catch (error) {
        return `fail: ${(0,errors/* errorMessage */.gJ)(error)}`;
    }
}
/**
 * Rolls back a release held part-way (on-marginal: wait): its share of the traffic goes back to
 * the live color, which never stopped being active. Nothing is redeployed and nothing else moves.
 */
async function withdrawHeld(kubectl, deployer, inputs, context) {
    const { held, before, liveColor, live, started } = context;
    const finished = await lock_withLock(kubectl, inputs.release, inputs.lockTimeoutMs, async () => {
        // As for the switch: another run may have withdrawn, promoted or replaced it meanwhile.
        const now = await readLive(kubectl, inputs);
        const change = liveChange(before, now);
        if (!change && !now.state.held)
            return undefined;
        const still = now.state.held;
        if (change || still?.digest !== held.digest || still.color !== held.color)
            throw changedWhileWaiting(inputs.release, change ??
                `${held.version} was held at ${held.percent}% on ${held.color}, now ${still?.version} is held at ${still?.percent}% on ${still?.color}`);
        deployer.note(`withdrawing ${held.version} (held at ${held.percent}% on ${held.color}, score ${held.score ?? '—'}): all traffic back to ${live.version} on ${liveColor}: ${inputs.reason}`);
        await deployer.shiftTraffic(liveColor, undefined);
        if (inputs.scaleDownDelayMs === 0)
            await deployer.scaleDown(held.color);
        const at = new Date();
        // Recorded under the lock: only the record says it is no longer held, and the next run to
        // take the lock decides from it.
        await (0,release_record/* updateReleaseRecord */.wJ)(kubectl, inputs.release, (state) => {
            const withdrawn = (0,release_record/* entryOf */.Ms)(state, held.digest);
            if (withdrawn) {
                withdrawn.outcome = 'rolled-back';
                withdrawn.reason = inputs.reason;
            }
            delete state.held;
            state.counters.rollbacks_total++;
            scale_down_keepWarm(state, held.color, at, inputs.scaleDownDelayMs);
        }, inputs.historyLimit);
        return at;
    });
    if (!finished)
        return nothingToRollBack(inputs, started, live, liveColor);
    const smoke = await smokeAfter(deployer, inputs, liveColor);
    return incidentOf(inputs, started, finished, {
        from: { version: held.version, digest: held.digest, color: held.color },
        to: { version: live.version, digest: live.digest, color: liveColor },
        method: 'switch',
        timeline: deployer.timeline,
        verdicts: { smoke, signature: `not needed: ${live.version} never stopped being live` },
    });
}
function incidentSummary(incident) {
    return new summary/* SummaryBuilder */.C()
        .heading(`⏪ Rollback of ${incident.release} (${incident.environment}): ${incident.from.version ?? '?'} → ${incident.to.version}`)
        .paragraph(`**Reason:** ${incident.reason}`)
        .table(['', 'From', 'To'], [
        ['Version', incident.from.version ?? '—', incident.to.version],
        ['Digest', `\`${incident.from.digest ?? '—'}\``, `\`${incident.to.digest}\``],
        ['Color', incident.from.color ?? '—', incident.to.color],
    ])
        .paragraph(`Method: **${incident.method}** in ${(incident.durationMs / 1000).toFixed(1)}s · smoke: ${incident.verdicts.smoke}${incident.verdicts.slo ? ` · SLO: ${incident.verdicts.slo}` : ''}${incident.verdicts.signature ? ` · signature: ${incident.verdicts.signature}` : ''} · triggered by ${incident.triggeredBy ?? 'unknown'}${incident.runUrl ? ` in ${incident.runUrl}` : ''}`)
        .heading('Timeline', 3)
        .table(['Time', 'Event'], incident.timeline.map((entry) => [entry.at, entry.event]));
}
/** The rollback step once its inputs are checked (shared/rollback/main.ts checks them first). */
async function rollbackStep(inputs) {
    {
        const notify = notifier(getNotifyTargets(new shared_inputs/* Inputs */.G0()));
        const cleanup = new CleanupState();
        const incident = await rollback(inputs, cleanup);
        // The post-rollback verification selects the version put back only, nothing beside it.
        const target = (0,release_labels/* fillSelector */.Bk)(inputs.targetTemplate, {
            namespace: inputs.namespace,
            release: inputs.release,
            color: incident.to.color,
            version: incident.to.version,
        });
        runner/* setOutput */.uH('target', target);
        runner/* setOutput */.uH('version', incident.to.version);
        runner/* setOutput */.uH('digest', incident.to.digest);
        runner/* setOutput */.uH('color', incident.to.color);
        const { verify } = inputs;
        let report;
        let recordError = '';
        // Smoke first: a version that does not answer is not judged for a whole window.
        if (verify && incident.method !== 'none' && !incident.verdicts.smoke.startsWith('fail')) {
            verify.plan.target = target;
            runner/* info */.pq(`verifying ${incident.to.version} after the rollback: ${target}`);
            // Verification, its summary and the incident issue are loaded by the runs that use them.
            const { verifyFailClosed } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 2747));
            const client = (0,slo_inputs/* prometheusClientFor */.LD)(verify);
            report = await verifyFailClosed(verify.plan, client, { log: (line) => runner/* info */.pq(line) });
            incident.verdicts.slo = report.verdict;
            runner/* setOutput */.uH('verdict', report.verdict);
            runner/* setOutput */.uH('report', JSON.stringify(report));
            if (report.verdict === 'fail') {
                // The version put back did not hold either: recorded, never `previous` again.
                const kubectl = new kube_kubectl/* Kubectl */.bx(inputs.namespace, await (0,access/* kubeconfigFile */.q)(inputs, inputs.workDir, cleanup));
                await (0,release_record/* updateReleaseRecord */.wJ)(kubectl, inputs.release, (state) => {
                    const entry = (0,release_record/* entryOf */.Ms)(state, incident.to.digest);
                    if (entry)
                        entry.outcome = 'breached';
                }, inputs.historyLimit).catch((error) => {
                    recordError = (0,errors/* errorMessage */.gJ)(error);
                });
            }
        }
        const dir = (0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_path_.resolve)('.tmp'), 'rollback');
        (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
        const file = (0,external_node_path_.join)(dir, `incident-${incident.id}.json`);
        (0,external_node_fs_.writeFileSync)(file, JSON.stringify(incident, null, 2));
        runner/* setOutput */.uH('incident', file);
        const summary = incidentSummary(incident);
        if (report)
            summary.append((await __webpack_require__.e(/* import() */ 0).then(__webpack_require__.bind(__webpack_require__, 8000))).sloSummary(report, undefined));
        await summary.write();
        if (inputs.incidentIssue && incident.method !== 'none') {
            const { openIncidentIssue } = await __webpack_require__.e(/* import() */ 770).then(__webpack_require__.bind(__webpack_require__, 9770));
            const url = await openIncidentIssue(inputs.token, incident, summary);
            if (url)
                runner/* setOutput */.uH('issue-url', url);
        }
        if (incident.method !== 'none')
            await notify.send({
                event: 'rolled-back',
                release: inputs.release,
                environment: inputs.environment,
                version: incident.from.version ?? '?',
                rolledBackTo: incident.to.version,
                verdict: report?.verdict,
                reason: inputs.reason,
                timeToRollbackSeconds: incident.durationMs / 1000,
            });
        const failed = [
            incident.verdicts.smoke.startsWith('fail')
                ? `the post-rollback smoke check failed: ${incident.verdicts.smoke}`
                : '',
            report?.verdict === 'fail' ? `its SLO verification failed: ${report.reason}` : '',
            recordError,
        ].filter(Boolean);
        if (failed.length)
            runner/* setFailed */.C1(`rolled back to ${incident.to.version}, but ${failed.join('; ')}`);
        else if (report?.verdict === 'inconclusive')
            runner/* warning */.$e(`post-rollback SLO verification inconclusive: ${report.reason}`);
    }
}


/***/ }),

/***/ 3215:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Xo: () => (/* binding */ formatSeconds),
  Fl: () => (/* binding */ formatValue),
  S4: () => (/* binding */ judge),
  tl: () => (/* binding */ judgeObjective),
  ZH: () => (/* binding */ minSamplesOf),
  JB: () => (/* binding */ notEvaluated),
  uw: () => (/* binding */ scoreOf),
  AR: () => (/* binding */ sharesOf)
});

// UNUSED EXPORTS: compare, heldFor

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


/***/ }),

/***/ 2747:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   verifyFailClosed: () => (/* binding */ verifyFailClosed)
/* harmony export */ });
/* unused harmony exports decideMarginal, checkPlan, expectedPoints, queriesOf, baselineReference, verifySlo */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3796);
/* harmony import */ var _evaluate_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3215);
/* harmony import */ var _prometheus_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1850);
/* harmony import */ var _spec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(101);
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
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`input 'baseline' is required: objective '${objective.name}' (${objective.kind}) compares the target with a baseline, e.g. color="blue"`);
        const min = (0,_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .minSamplesOf */ .ZH)(objective, expected);
        if (min > expected)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`SLO objective '${objective.name}', field 'min-samples': needs ${min} samples but a ${plan.windowSeconds}s window at a ${plan.intervalSeconds}s interval gives at most ${expected}`);
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
    const interval = (0,_spec_js__WEBPACK_IMPORTED_MODULE_3__/* .promDuration */ .Jn)(plan.intervalSeconds);
    const render = (selector, window) => (0,_spec_js__WEBPACK_IMPORTED_MODULE_3__/* .renderQuery */ .no)(objective.query, {
        selector,
        interval,
        window: window === undefined ? undefined : (0,_spec_js__WEBPACK_IMPORTED_MODULE_3__/* .promDuration */ .Jn)(window),
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`SLO objective '${objective.name}', field 'query': the ${role} query returned ${series.length} series (${shown.join(', ')}${series.length > 3 ? ', …' : ''}); aggregate it to one, e.g. with sum, avg or max: ${query}`);
    }
    return series[0]?.points ?? [];
}
function queryProblem(objective, error, query) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`SLO objective '${objective.name}', field 'query': ${error.message}: ${query.replace(/\s+/g, ' ').trim()}`);
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
            if (error instanceof _prometheus_js__WEBPACK_IMPORTED_MODULE_2__/* .PrometheusQueryError */ .Vf)
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
            return (0,_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .notEvaluated */ .JB)(objective, `no baseline (${plan.noBaselineReason})`, context);
        return (0,_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .judgeObjective */ .tl)(objective, observations[index] ?? { target: [] }, context);
    });
    let results = judgeAll(false);
    const scoring = plan.spec.scoring ?? _spec_js__WEBPACK_IMPORTED_MODULE_3__/* .STRICT_SCORING */ .iP;
    const onMarginal = plan.onMarginal ?? 'fail';
    // Whether the results are the end-of-window ones: what counts in the score depends on it.
    let judgedFinal = false;
    let belowPass = false;
    const report = (judgment, at) => {
        const shares = (0,_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .sharesOf */ .AR)(results, objectives, judgedFinal);
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
            score: (0,_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .scoreOf */ .uw)(results, objectives, false),
        }, at);
    };
    // Every query once, now: a typo or an unreachable Prometheus fails before any waiting.
    try {
        await Promise.all(objectives.flatMap((objective, index) => Object.values(queries[index] ?? {}).map(async (query) => {
            try {
                await client.query(query);
            }
            catch (error) {
                if (error instanceof _prometheus_js__WEBPACK_IMPORTED_MODULE_2__/* .PrometheusQueryError */ .Vf)
                    throw queryProblem(objective, error, query);
                throw error;
            }
        })));
    }
    catch (error) {
        if (error instanceof _prometheus_js__WEBPACK_IMPORTED_MODULE_2__/* .PrometheusUnavailableError */ .rR)
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
            if (error instanceof _prometheus_js__WEBPACK_IMPORTED_MODULE_2__/* .PrometheusUnavailableError */ .rR)
                return unavailable(error, now() / 1000);
            throw error;
        }
        results = judgeAll(final);
        judgedFinal = final;
        const judgment = decideMarginal((0,_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .judge */ .S4)(results, final, plan.onNoData, objectives, scoring), onMarginal);
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
            scoring: plan.spec.scoring ?? _spec_js__WEBPACK_IMPORTED_MODULE_3__/* .STRICT_SCORING */ .iP,
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


/***/ })

};
;