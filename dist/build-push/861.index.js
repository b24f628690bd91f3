"use strict";
exports.id = 861;
exports.ids = [861];
exports.modules = {

/***/ 9861:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildPushStep: () => (/* binding */ buildPushStep)
});

// UNUSED EXPORTS: buildPush, buildPushSummary, chooseBuilder

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle-input/shared/cosign.js
var shared_cosign = __webpack_require__(5708);
// EXTERNAL MODULE: ./build/bundle-input/shared/credentials.js
var credentials = __webpack_require__(5089);
// EXTERNAL MODULE: ./build/bundle-input/shared/errors.js
var errors = __webpack_require__(3796);
;// CONCATENATED MODULE: ./build/bundle-input/shared/release/provenance.js
const PROVENANCE_BUILD_TYPE = 'https://github.com/org/pipeline/build-push/v1';
function slsaProvenance(input) {
    const env = input.env ?? process.env;
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    const repository = env.GITHUB_REPOSITORY || 'local/unknown';
    const ref = env.GITHUB_REF || '';
    const workflowRef = env.GITHUB_WORKFLOW_REF || `${repository}/.github/workflows/unknown@${ref}`;
    const dependency = { uri: `git+${server}/${repository}@${ref}` };
    if (env.GITHUB_SHA)
        dependency.digest = { gitCommit: env.GITHUB_SHA };
    return {
        buildDefinition: {
            buildType: PROVENANCE_BUILD_TYPE,
            externalParameters: {
                workflow: {
                    ref,
                    repository: `${server}/${repository}`,
                    path: workflowRef.split('@')[0]?.replace(`${repository}/`, ''),
                },
                context: input.context,
                file: input.file,
                platforms: input.platforms,
                buildArgs: input.buildArgs,
            },
            internalParameters: {
                github: {
                    event_name: env.GITHUB_EVENT_NAME,
                    repository_id: env.GITHUB_REPOSITORY_ID,
                    repository_owner_id: env.GITHUB_REPOSITORY_OWNER_ID,
                    runner_environment: env.RUNNER_ENVIRONMENT,
                },
            },
            resolvedDependencies: [dependency],
        },
        runDetails: {
            builder: { id: `${server}/${workflowRef}` },
            metadata: {
                invocationId: `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID ?? '0'}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
                startedOn: input.startedOn.toISOString(),
                finishedOn: input.finishedOn.toISOString(),
            },
        },
    };
}

// EXTERNAL MODULE: ./build/bundle-input/shared/release/reference.js
var release_reference = __webpack_require__(3728);
// EXTERNAL MODULE: ./build/bundle-input/shared/inputs.js
var inputs = __webpack_require__(4022);
// EXTERNAL MODULE: ./build/bundle-input/shared/net.js
var net = __webpack_require__(4728);
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
        throw new errors/* ToolError */.v4(`registry ${this.registry}: ${lastError} (gave up after ${attempts} attempts on ${(0,inputs/* redactCredentials */.UY)(url)})`, 'registry', null, lastError);
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
                throw new errors/* ToolError */.v4(`registry ${this.registry}: more than ${MAX_REDIRECTS} redirects from ${(0,inputs/* redactCredentials */.UY)(url)}`, 'registry', null, '');
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

// EXTERNAL MODULE: ./build/bundle-input/shared/runner.js
var runner = __webpack_require__(2421);
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

// EXTERNAL MODULE: ./build/bundle-input/shared/tools/exec.js
var exec = __webpack_require__(934);
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
;// CONCATENATED MODULE: ./build/bundle-input/shared/build/builder.js
// Builds an image into an OCI layout first, so its digest is known before anything is pushed;
// then copies the layout to the registry under each tag with its digest preserved.



/** Drivers whose BuildKit runs apart from Docker's image store: OCI export, every platform. */
const OCI_CAPABLE_DRIVERS = new Set(['docker-container', 'kubernetes', 'remote', 'cloud']);
/** The first `Name:` and `Driver:` of `docker buildx inspect`: the builder's, before its nodes'. */
function parseBuildxInspect(text) {
    const field = (key) => new RegExp(`^${key}:[ \\t]*(\\S+)[ \\t]*$`, 'm').exec(text)?.[1];
    const name = field('Name');
    const driver = field('Driver');
    return name && driver ? { name, driver } : undefined;
}
/**
 * Why this builder cannot build our plan (an OCI layout, any platforms), or undefined when it can.
 * Docker's own `docker` driver exports OCI only when the engine keeps images in containerd (its
 * docs: "the default image store does not support" OCI export or multi-platform images).
 */
function buildxBuilderProblem(builder, containerdImageStore) {
    if (OCI_CAPABLE_DRIVERS.has(builder.driver))
        return undefined;
    if (builder.driver === 'docker' && containerdImageStore)
        return undefined;
    const why = builder.driver === 'docker'
        ? "uses the docker driver, and this engine's classic image store cannot export an OCI image"
        : `uses the ${builder.driver} driver, which cannot export an OCI image`;
    return `the buildx builder '${builder.name}' ${why}: add docker/setup-buildx-action before this step (it creates a docker-container builder)`;
}
/** Whether `docker info`'s DriverStatus says the engine keeps images in containerd. */
function usesContainerdImageStore(driverStatusJson) {
    try {
        const status = JSON.parse(driverStatusJson);
        return (Array.isArray(status) &&
            status.some((pair) => Array.isArray(pair) && pair[0] === 'driver-type' && pair[1] === 'io.containerd.snapshotter.v1'));
    }
    catch {
        return false;
    }
}
function pairs(flag, values) {
    return Object.entries(values).flatMap(([key, value]) => [flag, `${key}=${value}`]);
}
/** buildah: build every platform into a local manifest list, then write it as an OCI layout. */
function buildahCommands(plan) {
    const build = [
        'build',
        '--manifest',
        plan.localName,
        '--file',
        plan.file,
        '--platform',
        plan.platforms.join(','),
    ];
    build.push(...pairs('--build-arg', plan.buildArgs), ...pairs('--label', plan.labels), ...pairs('--annotation', plan.annotations));
    if (plan.timestamp !== undefined)
        build.push('--timestamp', String(plan.timestamp));
    build.push(plan.context);
    return [
        ['manifest', 'rm', plan.localName],
        build,
        ['manifest', 'push', '--all', plan.localName, `oci:${plan.layoutDir}`],
    ];
}
/** docker buildx: the same plan, exported straight to an OCI layout folder. */
function buildxArgs(plan) {
    const args = ['buildx', 'build'];
    if (plan.buildxBuilder)
        args.push('--builder', plan.buildxBuilder);
    args.push('--file', plan.file, '--platform', plan.platforms.join(','));
    // BuildKit's reproducible builds: SOURCE_DATE_EPOCH for the config and history, and the layers'
    // file times rewritten to it (what buildah's --timestamp does).
    const buildArgs = plan.timestamp !== undefined && !('SOURCE_DATE_EPOCH' in plan.buildArgs)
        ? { ...plan.buildArgs, SOURCE_DATE_EPOCH: String(plan.timestamp) }
        : plan.buildArgs;
    args.push(...pairs('--build-arg', buildArgs), ...pairs('--label', plan.labels));
    // One platform is exported as a manifest alone: BuildKit refuses index annotations then.
    const annotated = plan.platforms.length > 1 ? 'index,manifest' : 'manifest';
    for (const [key, value] of Object.entries(plan.annotations))
        args.push('--annotation', `${annotated}:${key}=${value}`);
    const rewrite = plan.timestamp !== undefined ? ',rewrite-timestamp=true' : '';
    args.push('--output', `type=oci,dest=${plan.layoutDir},tar=false${rewrite}`, '--provenance=false', '--sbom=false');
    args.push(plan.context);
    return args;
}
/** The digest of the (single) image in an OCI layout: what the registry will report. */
function layoutDigest(layoutDir) {
    const index = JSON.parse((0,external_node_fs_.readFileSync)(`${layoutDir}/index.json`, 'utf8'));
    const digest = index.manifests?.[0]?.digest;
    if (!digest)
        throw new Error(`OCI layout ${layoutDir} holds no image`);
    return digest;
}
async function buildToLayout(plan, env = {}) {
    if (plan.builder === 'buildx') {
        await (0,exec/* execTool */.w)('docker', buildxArgs(plan), { timeoutMs: 60 * 60_000, streamStderr: true, env });
    }
    else {
        const [remove, build, push] = buildahCommands(plan);
        // buildah takes $DOCKER_CONFIG/config.json as its auth file and refuses to run when it is not
        // there (a runner's DOCKER_CONFIG often points at a folder without one): then it has no say.
        const dockerConfig = env.DOCKER_CONFIG ?? process.env.DOCKER_CONFIG;
        if (dockerConfig && !(0,external_node_fs_.existsSync)((0,external_node_path_.join)(dockerConfig, 'config.json')))
            env = { ...env, DOCKER_CONFIG: undefined };
        await (0,exec/* execTool */.w)('buildah', remove, { okExitCodes: [0, 1, 125], env }).catch(() => undefined);
        await (0,exec/* execTool */.w)('buildah', build, { timeoutMs: 60 * 60_000, streamStderr: true, env });
        await (0,exec/* execTool */.w)('buildah', push, { timeoutMs: 10 * 60_000, env });
    }
    return layoutDigest(plan.layoutDir);
}
function skopeoCopyArgs(layoutDir, destination, options) {
    const args = ['copy', '--all', '--preserve-digests', '--retry-times', '3'];
    if (options.authFile)
        args.push('--dest-authfile', options.authFile);
    if (options.insecure)
        args.push('--dest-tls-verify=false');
    args.push(`oci:${layoutDir}`, `docker://${destination}`);
    return args;
}
async function pushLayout(layoutDir, destination, options) {
    await (0,exec/* execTool */.w)('skopeo', skopeoCopyArgs(layoutDir, destination, options), {
        timeoutMs: 30 * 60_000,
        secrets: options.secrets,
    });
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/build/run.js
// build-push: inputs → build into an OCI layout (digest known) → refuse to move an immutable tag →
// push every tag with the digest preserved → sign and attest by digest → outputs and summary.















/** The buildx builder a build would use, and why it cannot build our plan; a ToolError if docker or buildx does not answer. */
async function inspectBuildx() {
    const inspected = await (0,exec/* execTool */.w)('docker', ['buildx', 'inspect'], { timeoutMs: 30_000 });
    const builder = parseBuildxInspect(inspected.stdout);
    if (!builder)
        throw new errors/* ConfigurationError */.j1(`docker buildx inspect named no builder and driver: ${inspected.stdout.trim().split('\n')[0] ?? ''}`);
    let containerdImageStore = false;
    if (builder.driver === 'docker') {
        const info = await (0,exec/* execTool */.w)('docker', ['info', '--format', '{{json .DriverStatus}}'], {
            timeoutMs: 30_000,
        });
        containerdImageStore = usesContainerdImageStore(info.stdout.trim());
    }
    return { builder, problem: buildxBuilderProblem(builder, containerdImageStore) };
}
/**
 * auto: buildx when Docker answers with a builder that can export an OCI image, else buildah.
 * buildx: that builder, or one line saying what to add. Nothing is built before this is settled.
 */
async function chooseBuilder(wanted) {
    if (wanted === 'buildah')
        return { builder: 'buildah' };
    let inspected;
    let unanswered;
    try {
        inspected = await inspectBuildx();
    }
    catch (error) {
        unanswered = error instanceof Error ? error.message : String(error);
    }
    if (inspected && !inspected.problem)
        return { builder: 'buildx', buildxBuilder: inspected.builder.name };
    if (wanted === 'buildx')
        throw new errors/* ConfigurationError */.j1(inspected?.problem
            ? `builder: buildx, but ${inspected.problem}`
            : `builder: buildx, but docker buildx does not answer (${unanswered}): add docker/setup-buildx-action before this step`);
    if (inspected?.problem) {
        if (!findOnPath('buildah').length)
            throw new errors/* ConfigurationError */.j1(`builder: auto found no builder that can export an OCI image: ${inspected.problem}, or install buildah`);
        runner/* info */.pq(`Docker answers, but ${inspected.problem}; building with buildah meanwhile`);
    }
    return { builder: 'buildah' };
}
/** The commit time of the build context: reproducible timestamps when the sources are a git checkout. */
async function sourceTimestamp(context) {
    const fromEnv = process.env.SOURCE_DATE_EPOCH;
    if (fromEnv && /^\d+$/.test(fromEnv))
        return Number(fromEnv);
    try {
        const result = await (0,exec/* execTool */.w)('git', ['-C', context, 'log', '-1', '--format=%ct'], { timeoutMs: 10_000 });
        const value = result.stdout.trim();
        return /^\d+$/.test(value) ? Number(value) : undefined;
    }
    catch {
        return undefined;
    }
}
function ociLabels(inputs, created) {
    const env = process.env;
    const labels = { 'org.opencontainers.image.created': created.toISOString() };
    if (env.GITHUB_REPOSITORY) {
        labels['org.opencontainers.image.source'] =
            `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`;
    }
    const revision = inputs.sha;
    if (revision)
        labels['org.opencontainers.image.revision'] = revision;
    const version = inputs.tags.find((tag) => tag.source === 'version');
    if (version)
        labels['org.opencontainers.image.version'] = version.tag;
    return { ...labels, ...inputs.labels };
}
async function buildPush(inputs, cleanup = new CleanupState()) {
    (0,external_node_fs_.mkdirSync)(inputs.workDir, { recursive: true });
    if (inputs.cosignPassword)
        runner/* setSecret */.Pq(inputs.cosignPassword);
    const repository = (0,release_reference/* repositoryName */.aR)(inputs.image);
    const { builder, buildxBuilder } = await chooseBuilder(inputs.builder);
    const timestamp = await sourceTimestamp(inputs.context);
    const labels = ociLabels(inputs, timestamp === undefined ? new Date() : new Date(timestamp * 1000));
    const layoutDir = (0,external_node_path_.join)(inputs.workDir, `layout-${crypto.randomUUID()}`);
    const plan = {
        builder,
        context: inputs.context,
        file: inputs.file,
        platforms: inputs.platforms,
        buildArgs: inputs.buildArgs,
        labels,
        annotations: Object.fromEntries(Object.entries(labels).filter(([key]) => key.startsWith('org.opencontainers.'))),
        timestamp,
        layoutDir,
        localName: `localhost/pipeline-build-${crypto.randomUUID().slice(0, 8)}`,
        buildxBuilder,
    };
    const startedOn = new Date();
    runner/* info */.pq(`Building ${repository} for ${inputs.platforms.join(', ')} with ${builder}${buildxBuilder ? ` (builder ${buildxBuilder})` : ''}`);
    const digest = await buildToLayout(plan);
    runner/* info */.pq(`Built ${digest}`);
    const client = new RegistryClient(inputs.image.registry, {
        username: inputs.username,
        password: inputs.password,
        insecure: inputs.insecureRegistry,
    });
    // Checked before anything is pushed: a version or sha tag never moves to another digest.
    const conflicts = [];
    for (const tag of inputs.tags.filter((candidate) => candidate.immutable)) {
        const existing = await client.resolve({ ...inputs.image, tag: tag.tag });
        if (existing && existing !== digest)
            conflicts.push(`${repository}:${tag.tag} is ${existing}`);
    }
    if (conflicts.length) {
        throw new errors/* ConfigurationError */.j1(`immutable tag(s) already point to another digest: ${conflicts.join('; ')}; this build is ${digest}. Nothing was pushed.`);
    }
    const result = {
        digest,
        imageByDigest: `${repository}@${digest}`,
        tags: inputs.tags.map((tag) => `${repository}:${tag.tag}`),
        builder,
        pushed: false,
        signed: false,
        attestations: [],
        platforms: inputs.platforms,
        labels,
    };
    if (!inputs.push) {
        (0,external_node_fs_.rmSync)(layoutDir, { recursive: true, force: true });
        return result;
    }
    const authDir = (0,credentials/* dockerConfigDir */.kG)(inputs.image.registry, inputs, inputs.workDir, cleanup);
    const authFile = authDir ? (0,external_node_path_.join)(authDir, 'config.json') : undefined;
    const secrets = inputs.password ? [inputs.password] : [];
    for (const tag of result.tags) {
        await pushLayout(layoutDir, tag, { authFile, insecure: inputs.insecureRegistry, secrets });
    }
    const pushedDigest = await client.resolve({ ...inputs.image, tag: inputs.tags[0]?.tag });
    if (pushedDigest !== digest) {
        throw new errors/* ConfigurationError */.j1(`registry reports ${pushedDigest ?? 'nothing'} for ${result.tags[0]} after the push, expected ${digest}`);
    }
    result.pushed = true;
    (0,external_node_fs_.rmSync)(layoutDir, { recursive: true, force: true });
    if (inputs.sign) {
        const cosign = await installTool((0,versions/* cosignSpec */.Pj)(inputs.cosignVersion), { mirror: inputs.toolsMirror });
        const request = {
            imageByDigest: result.imageByDigest,
            keyFile: (0,credentials/* keyFile */._$)(inputs.cosignKey, inputs.workDir, 'cosign.key', cleanup),
            password: inputs.cosignPassword,
            tlogUpload: inputs.tlogUpload,
            signingConfig: inputs.signingConfig,
            trustedRoot: inputs.trustedRoot,
        };
        if (authDir)
            process.env.DOCKER_CONFIG = authDir;
        // buildah pushes an index (one entry per platform): each platform's manifest is signed too.
        await (0,shared_cosign/* runCosign */.DV)(cosign, (0,shared_cosign/* cosignSignArgs */.we)(request, { recursive: true }), request.password);
        result.signed = true;
        if (inputs.sbom) {
            const trivy = await installTool((0,versions/* trivySpec */.aA)(inputs.trivyVersion), { mirror: inputs.toolsMirror });
            const sbomPath = (0,external_node_path_.join)(inputs.workDir, 'sbom.cdx.json');
            const trivyArgs = [
                'image',
                '--format',
                'cyclonedx',
                '--output',
                sbomPath,
                '--skip-version-check',
                '--disable-telemetry',
            ];
            if (inputs.insecureRegistry)
                trivyArgs.push('--insecure');
            await (0,exec/* execTool */.w)(trivy, [...trivyArgs, result.imageByDigest], { timeoutMs: 20 * 60_000 });
            await (0,shared_cosign/* runCosign */.DV)(cosign, (0,shared_cosign/* cosignAttestArgs */.QS)(request, sbomPath, 'cyclonedx'), request.password);
            result.attestations.push('CycloneDX SBOM (https://cyclonedx.org/bom)');
        }
        if (inputs.provenance) {
            const provenancePath = (0,external_node_path_.join)(inputs.workDir, 'provenance.json');
            const predicate = slsaProvenance({
                context: inputs.context,
                file: inputs.file,
                platforms: inputs.platforms,
                buildArgs: inputs.buildArgs,
                startedOn,
                finishedOn: new Date(),
            });
            (0,external_node_fs_.writeFileSync)(provenancePath, JSON.stringify(predicate, null, 2));
            await (0,shared_cosign/* runCosign */.DV)(cosign, (0,shared_cosign/* cosignAttestArgs */.QS)(request, provenancePath, 'slsaprovenance1'), request.password);
            result.attestations.push('SLSA provenance v1 (https://slsa.dev/provenance/v1)');
        }
    }
    return result;
}
function buildPushSummary(result) {
    return new SummaryBuilder()
        .heading(`📦 ${result.pushed ? 'Pushed' : 'Built'} ${result.imageByDigest}`)
        .table(['', ''], [
        ['Digest', `\`${result.digest}\``],
        ['Tags', result.tags.map((tag) => `\`${tag}\``).join('<br>')],
        ['Platforms', result.platforms.join(', ')],
        ['Builder', result.builder],
        ['Signature', result.signed ? '✅ signed by digest (cosign)' : '— not signed'],
        ['Attestations', result.attestations.length ? result.attestations.join('<br>') : '—'],
    ]);
}
/** The step once its inputs are read (main.ts): build, push, sign, then outputs and summary. */
async function buildPushStep(inputs) {
    const result = await buildPush(inputs);
    runner/* setOutput */.uH('digest', result.digest);
    runner/* setOutput */.uH('image', result.imageByDigest);
    runner/* setOutput */.uH('tags', result.tags.join('\n'));
    runner/* setOutput */.uH('metadata', JSON.stringify(result));
    await buildPushSummary(result).write();
}


/***/ })

};
;