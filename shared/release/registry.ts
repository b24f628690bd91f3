// A small OCI distribution client over fetch: enough to resolve a tag to its digest and to check
// what a repository holds, with bearer-token auth and bounded retries on registry faults.
import { ToolError } from '../errors.js';
import type { ImageReference } from './reference.js';

export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
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

  private async authenticate(challenge: string, repository: string): Promise<void> {
    const params = parseChallenge(challenge);
    if (!challenge.toLowerCase().startsWith('bearer') || !params.realm) return;
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', params.scope ?? `repository:${repository}:pull`);
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
    method: 'GET' | 'HEAD',
    path: string,
    repository: string,
    accept = MANIFEST_MEDIA_TYPES,
  ): Promise<Response> {
    const url = `${registryBaseUrl(this.registry, this.options.insecure)}${path}`;
    const send = () => {
      const headers: Record<string, string> = { accept: accept.join(', ') };
      if (this.token) headers.authorization = `Bearer ${this.token}`;
      else if (this.options.username) {
        headers.authorization = `Basic ${Buffer.from(`${this.options.username}:${this.options.password ?? ''}`).toString('base64')}`;
      }
      return this.fetchWithRetry(url, { method, headers });
    };
    let response = await send();
    if (response.status === 401 && !this.token) {
      await this.authenticate(response.headers.get('www-authenticate') ?? '', repository);
      if (this.token) response = await send();
    }
    return response;
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
