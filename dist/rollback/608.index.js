"use strict";
exports.id = 608;
exports.ids = [608];
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

/***/ 5608:
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
// EXTERNAL MODULE: ./build/bundle-input/shared/slo/inputs.js
var slo_inputs = __webpack_require__(7703);
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
var reference = __webpack_require__(3728);
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

// EXTERNAL MODULE: ./build/bundle-input/shared/rollback/trust.js + 4 modules
var trust = __webpack_require__(8382);
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
        const named = (0,reference/* parseImageReference */.o_)(to, 'to');
        const tag = named.tag ?? '';
        found = pick(ran.find((entry) => repositoryOf(imageOf(entry)) === (0,reference/* repositoryName */.aR)(named) &&
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
        return image ? (0,reference/* repositoryName */.aR)((0,reference/* parseImageReference */.o_)(image)) : undefined;
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
        const fromRegistry = await (0,trust/* targetFromRegistry */.BJ)(inputs.to, state, inputs.signer);
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
        ? await (0,trust/* requireSignature */.Mg)(target.image, state, inputs.signer, inputs.environment, inputs.workDir, cleanup)
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


/***/ })

};
;