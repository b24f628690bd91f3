// A small OCI distribution client over fetch: enough to resolve a tag to its digest and to check
// what a repository holds, with bearer-token auth and bounded retries on registry faults.
import { ToolError } from '../errors.js';
import type { ImageReference } from './reference.js';

export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.artifact.manifest.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

export interface RegistryOptions {
  username?: string;
  password?: string;
  /** Plain HTTP (also used automatically for localhost and 127.0.0.0/8). */
  insecure?: boolean;
  /** Attempts for a request that fails with 5xx or a network error (default 4). */
  attempts?: number;
  /** Base delay between attempts in ms, doubled each time (default 500). */
  backoffMs?: number;
}

export function registryBaseUrl(registry: string, insecure = false): string {
  const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
  const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
  return `${insecure || local ? 'http' : 'https'}://${host}`;
}

function parseChallenge(header: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [, key, value] of header.matchAll(/(\w+)="([^"]*)"/g)) params[key as string] = value as string;
  return params;
}

export class RegistryClient {
  private token?: string;

  constructor(
    private readonly registry: string,
    private readonly options: RegistryOptions = {},
  ) {}

  get host(): string {
    return this.registry;
  }

  get insecure(): boolean {
    return Boolean(this.options.insecure);
  }

  private async fetchWithRetry(url: string, init: RequestInit): Promise<Response> {
    const attempts = this.options.attempts ?? 4;
    const backoff = this.options.backoffMs ?? 500;
    let lastError = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
        if (response.status < 500) return response;
        lastError = `HTTP ${response.status} ${response.statusText}`.trim();
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        lastError = cause?.code ?? cause?.message ?? (error as Error).message;
      }
      if (attempt < attempts)
        await new Promise((resolve) => setTimeout(resolve, backoff * 2 ** (attempt - 1)));
    }
    throw new ToolError(
      `registry ${this.registry}: ${lastError} (gave up after ${attempts} attempts on ${url})`,
      'registry',
      null,
      lastError,
    );
  }

  private async authenticate(challenge: string, repository: string, scope: string): Promise<void> {
    const params = parseChallenge(challenge);
    if (!challenge.toLowerCase().startsWith('bearer') || !params.realm) return;
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', params.scope ?? `repository:${repository}:${scope}`);
    const headers: Record<string, string> = {};
    if (this.options.username) {
      headers.authorization = `Basic ${Buffer.from(`${this.options.username}:${this.options.password ?? ''}`).toString('base64')}`;
    }
    const response = await this.fetchWithRetry(url.toString(), { headers });
    if (!response.ok)
      throw new ToolError(
        `registry ${this.registry}: token request failed (HTTP ${response.status})`,
        'registry',
        null,
        '',
      );
    const body = (await response.json()) as { token?: string; access_token?: string };
    this.token = body.token ?? body.access_token;
  }

  async request(
    method: 'GET' | 'HEAD' | 'PUT' | 'POST',
    path: string,
    repository: string,
    accept = MANIFEST_MEDIA_TYPES,
    body?: { data: Uint8Array; contentType: string },
    scope: 'pull' | 'pull,push' = 'pull',
  ): Promise<Response> {
    const url = path.startsWith('http')
      ? path
      : `${registryBaseUrl(this.registry, this.options.insecure)}${path}`;
    const send = () => {
      const headers: Record<string, string> = { accept: accept.join(', ') };
      if (body) headers['content-type'] = body.contentType;
      if (this.token) headers.authorization = `Bearer ${this.token}`;
      else if (this.options.username) {
        headers.authorization = `Basic ${Buffer.from(`${this.options.username}:${this.options.password ?? ''}`).toString('base64')}`;
      }
      return this.fetchWithRetry(url, {
        method,
        headers,
        body: body?.data as BodyInit | undefined,
        redirect: 'follow',
      });
    };
    let response = await send();
    // A token is scoped: a pull token is refused for a push, so a 401 always asks for the scope needed.
    if (response.status === 401) {
      const previous = this.token;
      await this.authenticate(response.headers.get('www-authenticate') ?? '', repository, scope);
      if (this.token && this.token !== previous) response = await send();
    }
    return response;
  }

  /** Digests of manifests that refer to `digest` (OCI 1.1 referrers API); [] where unsupported. */
  async referrers(repository: string, digest: string): Promise<string[]> {
    const response = await this.request('GET', `/v2/${repository}/referrers/${digest}`, repository, [
      'application/vnd.oci.image.index.v1+json',
    ]);
    if (!response.ok) return [];
    try {
      const index = (await response.json()) as { manifests?: { digest: string }[] };
      return (index.manifests ?? []).map((entry) => entry.digest);
    } catch {
      return [];
    }
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
    return response.headers.get('docker-content-digest') ?? undefined;
  }
}

interface Descriptor {
  digest: string;
  mediaType?: string;
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
