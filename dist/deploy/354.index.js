"use strict";
exports.id = 354;
exports.ids = [354];
exports.modules = {

/***/ 3354:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  incidentSummary: () => (/* binding */ incidentSummary),
  rollback: () => (/* binding */ rollback)
});

// UNUSED EXPORTS: resolveRollbackTarget, rollbackStep

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/bundle-input/shared/bluegreen-deploy/bluegreen.js
var bluegreen = __webpack_require__(4874);
// EXTERNAL MODULE: ./build/bundle-input/shared/bluegreen-deploy/inputs.js
var bluegreen_deploy_inputs = __webpack_require__(2688);
// EXTERNAL MODULE: ./build/bundle-input/shared/bluegreen-deploy/smoke.js
var bluegreen_deploy_smoke = __webpack_require__(292);
// EXTERNAL MODULE: ./build/bundle-input/shared/cluster/access.js
var access = __webpack_require__(2014);
// EXTERNAL MODULE: ./build/bundle-input/shared/cluster/lock.js
var lock = __webpack_require__(7455);
// EXTERNAL MODULE: ./build/bundle-input/shared/cluster/release-labels.js
var release_labels = __webpack_require__(1239);
// EXTERNAL MODULE: ./build/bundle-input/shared/cluster/release-record.js
var release_record = __webpack_require__(4037);
// EXTERNAL MODULE: ./build/bundle-input/shared/cluster/scale-down.js
var scale_down = __webpack_require__(505);
// EXTERNAL MODULE: ./build/bundle-input/shared/cluster/workloads.js
var workloads = __webpack_require__(3344);
// EXTERNAL MODULE: ./build/bundle-input/shared/errors.js
var errors = __webpack_require__(3796);
// EXTERNAL MODULE: ./build/bundle-input/shared/github/client.js
var client = __webpack_require__(4700);
// EXTERNAL MODULE: ./build/bundle-input/shared/github/deployment.js
var deployment = __webpack_require__(2292);
// EXTERNAL MODULE: ./build/bundle-input/shared/inputs.js
var inputs = __webpack_require__(4022);
// EXTERNAL MODULE: ./build/bundle-input/shared/kube/kubectl.js
var kube_kubectl = __webpack_require__(4471);
// EXTERNAL MODULE: ./build/bundle-input/shared/notify/notify.js
var notify = __webpack_require__(6324);
// EXTERNAL MODULE: ./build/bundle-input/shared/release/reference.js
var release_reference = __webpack_require__(3728);
// EXTERNAL MODULE: ./build/bundle-input/shared/report/summary.js
var summary = __webpack_require__(6546);
// EXTERNAL MODULE: ./build/bundle-input/shared/runner.js
var runner = __webpack_require__(2421);
// EXTERNAL MODULE: ./build/bundle-input/shared/slo/inputs.js + 1 modules
var slo_inputs = __webpack_require__(6743);
// EXTERNAL MODULE: ./build/bundle-input/shared/state.js
var state = __webpack_require__(9374);
// EXTERNAL MODULE: ./build/bundle-input/shared/cosign.js
var shared_cosign = __webpack_require__(5708);
// EXTERNAL MODULE: ./build/bundle-input/shared/credentials.js
var credentials = __webpack_require__(5089);
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

// EXTERNAL MODULE: ./build/bundle-input/shared/release/verification.js
var verification = __webpack_require__(1826);
// EXTERNAL MODULE: ./build/bundle-input/shared/tools/installer.js
var installer = __webpack_require__(8483);
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
            throw new errors/* ConfigurationError */.j1(`input 'to': got ${(0,inputs/* quote */.hD)(to)}, expected an image of the release's own repository (${repository ? (0,release_reference/* repositoryName */.aR)(repository) : 'none recorded yet'})`);
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
    const cosign = await (0,installer/* installTool */.Gn)((0,versions/* cosignSpec */.Pj)(signer.cosignVersion), { mirror: signer.toolsMirror });
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
    const attested = await (0,shared_cosign/* verifiedAttestations */.e5)(cosign, request, verification/* VERIFICATION_PREDICATE_TYPE */.Vy);
    const digest = image.slice(image.indexOf('@') + 1);
    const why = 'missing' in attested
        ? `no signed verification attestation (${attested.missing})`
        : (0,verification/* missingVerificationProof */.eH)((0,verification/* parseAttestations */.nU)(attested.stdout), digest, environment);
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
    const deployer = new bluegreen/* Deployer */.ps(kubectl, { ...inputs, steps: [100] }, kubeconfig);
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
        outcome = await (0,lock/* withLock */.kK)(kubectl, inputs.release, inputs.lockTimeoutMs, async () => {
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
            const deployments = await (0,workloads/* deploymentsOf */.o)(kubectl, inputs, warm);
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
            const github = await (0,deployment/* startGithubDeployment */.Z)(inputs.token, {
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
        const redeployed = await (0,bluegreen/* bluegreenDeploy */.D0)({ ...inputs, ...(0,bluegreen_deploy_inputs/* releaseVersion */.SF)(target.image, target.version, 'to') }, cleanup, {
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
            (0,scale_down/* keepWarm */.Fe)(state, switchedFrom, finished, inputs.scaleDownDelayMs);
        }
    }, inputs.historyLimit);
    return { smoke, finished };
}
async function readLive(kubectl, inputs) {
    const { state } = await (0,release_record/* readState */.un)(kubectl, inputs.release);
    return liveRelease(state, (0,workloads/* liveColorOf */.R)(await kubectl.get('service', inputs.service)));
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
    const finished = await (0,lock/* withLock */.kK)(kubectl, inputs.release, inputs.lockTimeoutMs, async () => {
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
            (0,scale_down/* keepWarm */.Fe)(state, held.color, at, inputs.scaleDownDelayMs);
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
        const notify = notifier(getNotifyTargets(new Inputs()));
        const cleanup = new CleanupState();
        const incident = await rollback(inputs, cleanup);
        // The post-rollback verification selects the version put back only, nothing beside it.
        const target = fillSelector(inputs.targetTemplate, {
            namespace: inputs.namespace,
            release: inputs.release,
            color: incident.to.color,
            version: incident.to.version,
        });
        core.setOutput('target', target);
        core.setOutput('version', incident.to.version);
        core.setOutput('digest', incident.to.digest);
        core.setOutput('color', incident.to.color);
        const { verify } = inputs;
        let report;
        let recordError = '';
        // Smoke first: a version that does not answer is not judged for a whole window.
        if (verify && incident.method !== 'none' && !incident.verdicts.smoke.startsWith('fail')) {
            verify.plan.target = target;
            core.info(`verifying ${incident.to.version} after the rollback: ${target}`);
            // Verification, its summary and the incident issue are loaded by the runs that use them.
            const { verifyFailClosed } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 2747));
            const client = prometheusClientFor(verify);
            report = await verifyFailClosed(verify.plan, client, { log: (line) => core.info(line) });
            incident.verdicts.slo = report.verdict;
            core.setOutput('verdict', report.verdict);
            core.setOutput('report', JSON.stringify(report));
            if (report.verdict === 'fail') {
                // The version put back did not hold either: recorded, never `previous` again.
                const kubectl = new Kubectl(inputs.namespace, await kubeconfigFile(inputs, inputs.workDir, cleanup));
                await updateReleaseRecord(kubectl, inputs.release, (state) => {
                    const entry = entryOf(state, incident.to.digest);
                    if (entry)
                        entry.outcome = 'breached';
                }, inputs.historyLimit).catch((error) => {
                    recordError = errorMessage(error);
                });
            }
        }
        const dir = join(process.env.RUNNER_TEMP || resolve('.tmp'), 'rollback');
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `incident-${incident.id}.json`);
        writeFileSync(file, JSON.stringify(incident, null, 2));
        core.setOutput('incident', file);
        const summary = incidentSummary(incident);
        if (report)
            summary.append((await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 8000))).sloSummary(report, undefined));
        await summary.write();
        if (inputs.incidentIssue && incident.method !== 'none') {
            const { openIncidentIssue } = await __webpack_require__.e(/* import() */ 770).then(__webpack_require__.bind(__webpack_require__, 9770));
            const url = await openIncidentIssue(inputs.token, incident, summary);
            if (url)
                core.setOutput('issue-url', url);
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
            core.setFailed(`rolled back to ${incident.to.version}, but ${failed.join('; ')}`);
        else if (report?.verdict === 'inconclusive')
            core.warning(`post-rollback SLO verification inconclusive: ${report.reason}`);
    }
}


/***/ })

};
;