// A small client for the Prometheus HTTP API (/api/v1/query, /api/v1/query_range). Two kinds of
// failure, kept apart because they mean different things to a verification: Prometheus cannot be
// reached (no observation is possible: fail closed) and Prometheus rejects a query (a mistake in
// the SLO file).
import { fetchFailure, withoutCredentials } from '../net.js';

export interface Point {
  /** Unix time in seconds. */
  t: number;
  v: number;
}

export interface Series {
  labels: Record<string, string>;
  points: Point[];
}

/** Prometheus could not be reached or did not answer (connection refused, timeout, 5xx). */
export class PrometheusUnavailableError extends Error {
  override name = 'PrometheusUnavailableError';
}

/** Prometheus answered that the query is wrong (bad_data, 4xx): the query is the problem. */
export class PrometheusQueryError extends Error {
  override name = 'PrometheusQueryError';
  constructor(
    message: string,
    readonly query: string,
  ) {
    super(message);
  }
}

export interface PrometheusOptions {
  /** Bearer token, sent as Authorization. */
  token?: string;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  /** Attempts per request when Prometheus is unavailable (default 3, one second apart). */
  attempts?: number;
}

/** Prometheus sample values are strings; NaN marks "no value" (0/0), ±Inf stays. */
function parseValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

export class PrometheusClient {
  readonly baseUrl: string;
  private readonly headers: Record<string, string> = { accept: 'application/json' };

  constructor(
    baseUrl: string,
    private readonly options: PrometheusOptions = {},
  ) {
    // fetch refuses URLs with credentials: they go as Basic authorization instead.
    const plain = withoutCredentials(baseUrl);
    Object.assign(this.headers, plain.headers);
    if (options.token) this.headers.authorization = `Bearer ${options.token}`;
    this.baseUrl = plain.url.replace(/\/+$/, '');
  }

  /** The URL without credentials, for messages. */
  toString(): string {
    return this.baseUrl;
  }

  private async request(path: string, params: Record<string, string>): Promise<unknown> {
    const attempts = Math.max(1, this.options.attempts ?? 3);
    let lastError: PrometheusUnavailableError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        return await this.once(path, params);
      } catch (error) {
        if (!(error instanceof PrometheusUnavailableError)) throw error;
        lastError = error;
        if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    throw lastError as PrometheusUnavailableError;
  }

  private async once(path: string, params: Record<string, string>): Promise<unknown> {
    const body = new URLSearchParams(params);
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { ...this.headers, 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new PrometheusUnavailableError(
        `Prometheus at ${this.baseUrl} is unreachable (${fetchFailure(error, timeoutMs)})`,
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new PrometheusUnavailableError(
        `Prometheus at ${this.baseUrl} broke off its answer (${fetchFailure(error, timeoutMs)})`,
      );
    }
    let json: { status?: string; errorType?: string; error?: string; data?: unknown } | undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.ok && json?.status === 'success') return json.data;
    const detail = json?.error ?? text.trim().split('\n')[0]?.slice(0, 200) ?? '';
    if (response.status === 401 || response.status === 403) {
      throw new PrometheusUnavailableError(
        `Prometheus at ${this.baseUrl} refused access (HTTP ${response.status}${detail ? `: ${detail}` : ''})`,
      );
    }
    if (response.status === 400 || response.status === 422 || json?.errorType === 'bad_data') {
      throw new PrometheusQueryError(
        `Prometheus rejected the query: ${detail || `HTTP ${response.status}`}`,
        params.query ?? '',
      );
    }
    throw new PrometheusUnavailableError(
      `Prometheus at ${this.baseUrl} answered HTTP ${response.status}${detail ? ` (${detail})` : ''}`,
    );
  }

  /** An instant query at `time` (unix seconds; now when absent). */
  async query(query: string, time?: number): Promise<Series[]> {
    const params: Record<string, string> = { query };
    if (time !== undefined) params.time = String(time);
    const data = (await this.request('/api/v1/query', params)) as {
      resultType?: string;
      result?: unknown;
    };
    if (data?.resultType === 'scalar' || data?.resultType === 'string') {
      const [t, v] = data.result as [number, string];
      return [{ labels: {}, points: [{ t, v: parseValue(v) }] }];
    }
    const result = (data?.result ?? []) as { metric?: Record<string, string>; value?: [number, string] }[];
    return result.map((entry) => ({
      labels: entry.metric ?? {},
      points: entry.value ? [{ t: entry.value[0], v: parseValue(entry.value[1]) }] : [],
    }));
  }

  /** A range query: one point per `step` seconds from `start` to `end` (unix seconds). */
  async queryRange(query: string, start: number, end: number, step: number): Promise<Series[]> {
    const data = (await this.request('/api/v1/query_range', {
      query,
      start: String(start),
      end: String(end),
      step: String(step),
    })) as { result?: unknown };
    const result = (data?.result ?? []) as { metric?: Record<string, string>; values?: [number, string][] }[];
    return result.map((entry) => ({
      labels: entry.metric ?? {},
      points: (entry.values ?? []).map(([t, v]) => ({ t, v: parseValue(v) })),
    }));
  }
}
