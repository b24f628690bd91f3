// A small OCI distribution client over fetch: enough to resolve a tag to its digest and to check
// what a repository holds, with bounded retries on registry faults. Credentials follow the OCI
// token flow: the first request to a registry goes without them, and they go only to that registry
// (after it asked, with a Basic challenge) or to the token realm its Bearer challenge names — never
// to another host an image reference, an upload location or a redirect points at.
import { ToolError } from '../errors.js';
import { redactCredentials } from '../inputs.js';
import { fetchFailure } from '../net.js';
import { DIGEST, type ImageReference } from './reference.js';

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** The tag under which a registry without the referrers API keeps a manifest's referrers (and cosign its signatures). */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-');
}

export const MANIFEST_MEDIA_TYPES = [
  OCI_INDEX,
  'application/vnd.oci.artifact.manifest.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

export interface RegistryOptions {
  /** Credentials for this registry only (and the token realm it names). */
  username?: string;
  password?: string;
  /** Plain HTTP (also used automatically for localhost and 127.0.0.0/8). */
  insecure?: boolean;
  /** Attempts for a request that fails with 5xx or a network error (default 4). */
  attempts?: number;
  /** Base delay between attempts in ms, doubled each time (default 500). */
  backoffMs?: number;
  /** Deadline of each attempt, the whole answer included (default 30 s). */
  timeoutMs?: number;
}

export function registryBaseUrl(registry: string, insecure = false): string {
  const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
  const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
  return `${insecure || local ? 'http' : 'https'}://${host}`;
}

/** A URL's hostname (no port) that never leaves this machine. */
function isLoopbackHostname(hostname: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(hostname);
}

export interface AuthChallenge {
  /** Lower case: 'bearer', 'basic', … */
  scheme: string;
  params: Record<string, string>;
}

/** The challenges of a WWW-Authenticate header (several may be joined by commas). */
export function parseChallenges(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  for (const [, name, , value] of header.matchAll(/([\w.-]+)\s*(=\s*("(?:[^"\\]|\\.)*"|[^\s,]*))?/g)) {
    if (value === undefined) challenges.push({ scheme: (name as string).toLowerCase(), params: {} });
    else {
      const current = challenges.at(-1);
      const unquoted = value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
      if (current) current.params[(name as string).toLowerCase()] = unquoted;
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
export function trustedTokenRealm(realm: string, registryUrl: string): URL | string {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    return 'not a URL';
  }
  // Credentials in the realm itself would be someone else's; ours go in the header.
  url.username = '';
  url.password = '';
  if (url.protocol === 'https:') return url;
  if (url.protocol !== 'http:') return `${url.protocol} is neither https nor http`;
  const registry = new URL(registryUrl);
  if (registry.protocol !== 'http:')
    return `plain http from a registry reached over https would send credentials in the clear`;
  if (!isLoopbackHostname(url.hostname) && url.hostname !== registry.hostname)
    return `plain http to ${url.host}, which is neither loopback nor the registry's own host`;
  return url;
}

/** The `message` of an OCI error body ({"errors":[{"code","message"}]}), if it is one. */
function registryErrorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    const first = body.errors?.[0];
    return (first?.message ?? first?.code ?? '').slice(0, 200);
  } catch {
    return '';
  }
}

/** "HTTP 401 Unauthorized": the registry's own status text. */
function httpStatus(response: Response): string {
  return `HTTP ${response.status} ${response.statusText}`.trim();
}

/** Reads nothing more of a response we do not use, so its connection is freed. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

interface Sent {
  response: Response;
  /** Where the response came from, after redirects. */
  url: URL;
}

export class RegistryClient {
  private readonly baseUrl: string;
  /** Where this registry's credentials and tokens may go (after redirects too). */
  private readonly origin: string;
  /** Bearer tokens by the scope they were asked for (`repository:<name>:<actions>`). */
  private readonly tokens = new Map<string, string>();
  /** The registry asked for Basic auth once, so later requests send it straight away. */
  private basicChallenged = false;

  constructor(
    private readonly registry: string,
    private readonly options: RegistryOptions = {},
  ) {
    this.baseUrl = registryBaseUrl(registry, options.insecure);
    this.origin = new URL(this.baseUrl).origin;
  }

  get host(): string {
    return this.registry;
  }

  get insecure(): boolean {
    return Boolean(this.options.insecure);
  }

  private get basicAuthorization(): string | undefined {
    const { username, password } = this.options;
    if (!username) return undefined;
    return `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
  }

  private async fetchWithRetry(url: string, init: RequestInit): Promise<Response> {
    const attempts = this.options.attempts ?? 4;
    const backoff = this.options.backoffMs ?? 500;
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    let lastError = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
        if (response.status < 500) return response;
        lastError = `HTTP ${response.status} ${response.statusText}`.trim();
      } catch (error) {
        lastError = fetchFailure(error, timeoutMs);
      }
      if (attempt < attempts)
        await new Promise((resolve) => setTimeout(resolve, backoff * 2 ** (attempt - 1)));
    }
    // The URL may be a redirect to storage signed in its query (a credential while it lasts).
    throw new ToolError(
      `registry ${this.registry}: ${lastError} (gave up after ${attempts} attempts on ${redactCredentials(url)})`,
      'registry',
      null,
      lastError,
    );
  }

  /**
   * Sends a request and follows redirects itself: `authorization` goes only to `authorizedOrigin`,
   * so a blob redirected to storage on another host (or to plain http) arrives without it.
   */
  private async send(
    url: string,
    request: { method: string; headers: Record<string, string>; body?: Uint8Array },
    authorizedOrigin: string,
    authorization?: string,
  ): Promise<Sent> {
    let current = new URL(url);
    let { method, body } = request;
    for (let redirects = 0; ; redirects++) {
      const headers = { ...request.headers };
      if (!body) delete headers['content-type'];
      if (authorization && current.origin === authorizedOrigin) headers.authorization = authorization;
      const response = await this.fetchWithRetry(current.toString(), {
        method,
        headers,
        body: body as BodyInit | undefined,
        redirect: 'manual',
      });
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || !location) return { response, url: current };
      await discard(response);
      if (redirects === MAX_REDIRECTS)
        throw new ToolError(
          `registry ${this.registry}: more than ${MAX_REDIRECTS} redirects from ${redactCredentials(url)}`,
          'registry',
          null,
          '',
        );
      // As fetch does: 303 turns anything but HEAD into a GET, 301/302 turn a POST into one.
      if ((response.status === 303 && method !== 'HEAD') || (response.status < 303 && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      current = new URL(location, current);
    }
  }

  /** A token from the realm this registry's challenge names, with our credentials if we have any. */
  private async fetchToken(challenge: Record<string, string>, tokenScope: string): Promise<string> {
    const realm = trustedTokenRealm(challenge.realm ?? '', this.baseUrl);
    if (typeof realm === 'string')
      throw new ToolError(
        `registry ${this.registry}: refusing its token realm ${challenge.realm}: ${realm}`,
        'registry',
        null,
        '',
      );
    if (challenge.service) realm.searchParams.set('service', challenge.service);
    // Our scope first (a push needs push even when a HEAD was challenged for pull), then the registry's.
    realm.searchParams.append('scope', tokenScope);
    if (challenge.scope && challenge.scope !== tokenScope)
      realm.searchParams.append('scope', challenge.scope);
    const { response } = await this.send(
      realm.toString(),
      { method: 'GET', headers: { accept: 'application/json' } },
      realm.origin,
      this.basicAuthorization,
    );
    if (!response.ok) {
      await discard(response);
      throw new ToolError(
        `registry ${this.registry}: token request to ${realm.host} failed (${httpStatus(response)})`,
        'registry',
        null,
        '',
      );
    }
    const body = (await response.json().catch(() => ({}))) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token)
      throw new ToolError(
        `registry ${this.registry}: the token response from ${realm.host} holds no token`,
        'registry',
        null,
        '',
      );
    return token;
  }

  /** The Authorization that answers a 401's challenge, or undefined when we cannot answer it. */
  private async answerChallenge(header: string, tokenScope: string): Promise<string | undefined> {
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
  private authorizationFor(tokenScope: string): string | undefined {
    const token = this.tokens.get(tokenScope);
    if (token) return `Bearer ${token}`;
    return this.basicChallenged ? this.basicAuthorization : undefined;
  }

  /** A 401 that stands: one line naming the registry and the repository, never a silent pass. */
  private async unauthorized(response: Response, repository: string, why: string): Promise<ToolError> {
    const detail = registryErrorMessage(await response.text().catch(() => ''));
    return new ToolError(
      `registry ${this.registry}: ${httpStatus(response)} for repository ${repository} ${why}${detail ? `: ${detail}` : ''}`,
      'registry',
      null,
      detail,
    );
  }

  async request(
    method: 'GET' | 'HEAD' | 'PUT' | 'POST',
    path: string,
    repository: string,
    accept = MANIFEST_MEDIA_TYPES,
    body?: { data: Uint8Array; contentType: string },
    scope: 'pull' | 'pull,push' = 'pull',
  ): Promise<Response> {
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path}`;
    const headers: Record<string, string> = { accept: accept.join(', ') };
    if (body) headers['content-type'] = body.contentType;
    const send = (authorization?: string) =>
      this.send(url, { method, headers, body: body?.data }, this.origin, authorization);
    // A token is scoped: a pull token is refused for a push, so each scope has its own.
    const tokenScope = `repository:${repository}:${scope}`;
    const first = await send(this.authorizationFor(tokenScope));
    if (first.response.status !== 401) return first.response;
    // Only this registry's own challenge is answered; another host's never gets our credentials.
    if (first.url.origin !== this.origin)
      throw await this.unauthorized(
        first.response,
        repository,
        `from ${first.url.host}, which is not the registry and gets no credentials`,
      );
    const authorization = await this.answerChallenge(
      first.response.headers.get('www-authenticate') ?? '',
      tokenScope,
    );
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
  async referrersIndex(repository: string, digest: string): Promise<{ api: boolean; manifests: Referrer[] }> {
    const manifests: Referrer[] = [];
    let path: string | undefined = `/v2/${repository}/referrers/${digest}`;
    for (let page = 0; path; page++) {
      const response = await this.request('GET', path, repository, [OCI_INDEX]);
      if (response.status === 404 && page === 0) {
        await discard(response);
        return { api: false, manifests };
      }
      if (!response.ok) {
        await discard(response);
        throw new ToolError(
          `registry ${this.registry}: listing the referrers of ${repository}@${digest} answered HTTP ${response.status}`,
          'registry',
          null,
          '',
        );
      }
      let index: { manifests?: (Omit<Referrer, 'digest'> & { digest?: unknown })[] };
      try {
        index = (await response.json()) as typeof index;
      } catch {
        throw new ToolError(
          `registry ${this.registry}: the referrers of ${repository}@${digest} are not an OCI index (not JSON)`,
          'registry',
          null,
          '',
        );
      }
      for (const entry of index.manifests ?? []) {
        if (typeof entry.digest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(entry.digest))
          throw new ToolError(
            `registry ${this.registry}: the referrers of ${repository}@${digest} list a manifest without a sha256 digest`,
            'registry',
            null,
            '',
          );
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
  async resolve(ref: ImageReference): Promise<string | undefined> {
    const reference = ref.digest ?? ref.tag ?? 'latest';
    const response = await this.request(
      'HEAD',
      `/v2/${ref.repository}/manifests/${reference}`,
      ref.repository,
    );
    if (response.status === 404) return undefined;
    if (!response.ok) {
      throw new ToolError(
        `registry ${this.registry}: HEAD ${ref.repository}:${reference} answered HTTP ${response.status}`,
        'registry',
        null,
        '',
      );
    }
    // What it names becomes an image reference (name@digest): only a digest is taken as one.
    const digest = response.headers.get('docker-content-digest') ?? '';
    if (!DIGEST.test(digest))
      throw new ToolError(
        `registry ${this.registry}: HEAD ${ref.repository}:${reference} answered without a digest (Docker-Content-Digest ${JSON.stringify(digest.slice(0, 100))})`,
        'registry',
        null,
        '',
      );
    return digest;
  }
}

interface Descriptor {
  digest: string;
  mediaType?: string;
}

/** An OCI descriptor of a manifest that refers to another (a signature, an attestation…). */
export interface Referrer extends Descriptor {
  size?: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

/**
 * Adds `referrers` of `subject` to the OCI 1.1 referrers tag schema (`sha256-<hex>`, an index)
 * of a registry without the referrers API, as a client must there; returns how many were new. A
 * tag that holds anything but an OCI index is left alone and refused.
 */
export async function addToReferrersTag(
  client: RegistryClient,
  repository: string,
  subject: string,
  referrers: Referrer[],
): Promise<number> {
  const tag = referrersTag(subject);
  const got = await client.request(
    'GET',
    `/v2/${repository}/manifests/${tag}`,
    repository,
    [OCI_INDEX],
    undefined,
    'pull,push',
  );
  let index: { schemaVersion: number; mediaType: string; manifests: Referrer[] } = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [],
  };
  const refuse = (why: string) =>
    new ToolError(`registry: the referrers tag ${repository}:${tag} ${why}`, 'registry', null, '');
  if (got.status === 404) await discard(got);
  else if (!got.ok) {
    await discard(got);
    throw refuse(`answered HTTP ${got.status}`);
  } else {
    const existing = (await got.json().catch(() => undefined)) as typeof index | undefined;
    if (existing?.mediaType !== OCI_INDEX || !Array.isArray(existing.manifests))
      throw refuse('holds something other than an OCI image index; not overwriting it');
    index = existing;
  }
  const added = referrers.filter(
    (referrer) => !index.manifests.some((entry) => entry.digest === referrer.digest),
  );
  if (!added.length) return 0;
  const incomplete = added.find((referrer) => !referrer.mediaType || !Number.isInteger(referrer.size));
  if (incomplete) throw refuse(`cannot list ${incomplete.digest}: its descriptor has no mediaType or size`);
  index.manifests.push(...added);
  const put = await client.request(
    'PUT',
    `/v2/${repository}/manifests/${tag}`,
    repository,
    MANIFEST_MEDIA_TYPES,
    { data: new TextEncoder().encode(JSON.stringify(index)), contentType: OCI_INDEX },
    'pull,push',
  );
  if (!put.ok) throw refuse(`could not be written: HTTP ${put.status} ${(await put.text()).slice(0, 200)}`);
  return added.length;
}

/**
 * Copies a manifest (an index with every manifest it lists, or a manifest with its config and
 * layers) byte for byte, so digests are preserved — also for artifacts (signatures,
 * attestations, referrer indexes) that image copiers refuse to handle.
 */
export async function copyManifest(
  source: RegistryClient,
  sourceRepository: string,
  reference: string,
  target: RegistryClient,
  targetRepository: string,
  targetReference = reference,
): Promise<string> {
  const response = await source.request(
    'GET',
    `/v2/${sourceRepository}/manifests/${reference}`,
    sourceRepository,
  );
  if (!response.ok)
    throw new ToolError(
      `registry: GET ${sourceRepository}:${reference} answered HTTP ${response.status}`,
      'registry',
      null,
      '',
    );
  const data = new Uint8Array(await response.arrayBuffer());
  const manifest = JSON.parse(Buffer.from(data).toString('utf8')) as {
    mediaType?: string;
    manifests?: Descriptor[];
    config?: Descriptor;
    layers?: Descriptor[];
    blobs?: Descriptor[];
  };
  const contentType =
    manifest.mediaType ??
    response.headers.get('content-type') ??
    'application/vnd.oci.image.manifest.v1+json';
  for (const child of manifest.manifests ?? []) {
    await copyManifest(source, sourceRepository, child.digest, target, targetRepository, child.digest);
  }
  for (const blob of [manifest.config, ...(manifest.layers ?? []), ...(manifest.blobs ?? [])]) {
    if (blob) await copyBlob(source, sourceRepository, blob.digest, target, targetRepository);
  }
  const put = await target.request(
    'PUT',
    `/v2/${targetRepository}/manifests/${targetReference}`,
    targetRepository,
    MANIFEST_MEDIA_TYPES,
    { data, contentType },
    'pull,push',
  );
  if (!put.ok) {
    throw new ToolError(
      `registry: PUT ${targetRepository}:${targetReference} answered HTTP ${put.status}: ${(await put.text()).slice(0, 200)}`,
      'registry',
      null,
      '',
    );
  }
  return put.headers.get('docker-content-digest') ?? '';
}

async function copyBlob(
  source: RegistryClient,
  sourceRepository: string,
  digest: string,
  target: RegistryClient,
  targetRepository: string,
) {
  const exists = await target.request(
    'HEAD',
    `/v2/${targetRepository}/blobs/${digest}`,
    targetRepository,
    ['*/*'],
    undefined,
    'pull,push',
  );
  if (exists.ok) return;
  const blob = await source.request('GET', `/v2/${sourceRepository}/blobs/${digest}`, sourceRepository, [
    '*/*',
  ]);
  if (!blob.ok)
    throw new ToolError(
      `registry: GET blob ${digest} from ${sourceRepository} answered HTTP ${blob.status}`,
      'registry',
      null,
      '',
    );
  const data = new Uint8Array(await blob.arrayBuffer());
  const start = await target.request(
    'POST',
    `/v2/${targetRepository}/blobs/uploads/`,
    targetRepository,
    ['*/*'],
    undefined,
    'pull,push',
  );
  const location = start.headers.get('location');
  if (start.status !== 202 || !location)
    throw new ToolError(
      `registry: upload to ${targetRepository} answered HTTP ${start.status}`,
      'registry',
      null,
      '',
    );
  const base = registryBaseUrl(target.host, target.insecure);
  const url = new URL(location, base);
  url.searchParams.set('digest', digest);
  const put = await target.request(
    'PUT',
    url.toString(),
    targetRepository,
    ['*/*'],
    { data, contentType: 'application/octet-stream' },
    'pull,push',
  );
  if (put.status !== 201)
    throw new ToolError(
      `registry: upload of ${digest} to ${targetRepository} answered HTTP ${put.status}`,
      'registry',
      null,
      '',
    );
}
