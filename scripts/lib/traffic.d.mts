export interface TrafficRecord {
  seq: number;
  /** ms from the start when the schedule had it due, and when it was sent. */
  scheduledAt: number;
  at: number;
  latencyMs: number;
  status: number | null;
  /** ECONNREFUSED, ECONNRESET, timeout, EMAXINFLIGHT, … when there was no answer. */
  error: string | null;
  /** The X-App-Version header of the answer. */
  version: string | null;
}

export interface TrafficOptions {
  url: string;
  rps?: number;
  durationMs?: number;
  maxRequests?: number;
  maxInFlight?: number;
  timeoutMs?: number;
  /** A kept-alive connection idle this long is closed by the client (default 4000). */
  idleSocketMs?: number;
  signal?: AbortSignal;
  onRecord?: (record: TrafficRecord) => void;
}

export interface TrafficRun {
  url: string;
  startedAt: number;
  elapsedMs: number;
  options: Required<
    Pick<TrafficOptions, 'rps' | 'durationMs' | 'maxRequests' | 'maxInFlight' | 'timeoutMs' | 'idleSocketMs'>
  >;
  records: TrafficRecord[];
}

export interface Traffic {
  records: TrafficRecord[];
  done: Promise<TrafficRun>;
  /** Resolves once the sender thread runs: from then on now() is the records' clock. */
  started: Promise<void>;
  /** ms since the start on the records' (monotonic) clock. */
  now(): number;
  stop(): Promise<TrafficRun>;
}

export interface SwitchComplete {
  at: number;
  requests: number;
}

export interface TimelineRow {
  start: number;
  requests: number;
  byStatus: Record<string, number>;
  byVersion: Record<string, number>;
  otherFailures: number;
  p50: number | null;
  p99: number | null;
}

export interface LatencyPercentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface TrafficSummary {
  url: string;
  startedAt: string;
  elapsedMs: number;
  requests: number;
  achievedRps: number | null;
  byStatus: Record<string, number>;
  byVersion: Record<string, number>;
  applicationErrors: number;
  otherFailures: number;
  latencyMs: LatencyPercentiles;
  versions: Record<string, { firstResponseAt: number | null; switchComplete: SwitchComplete | null }>;
}

export const LIMITS: { rps: number; durationMs: number; maxRequests: number; maxInFlight: number };
export const DEFAULTS: {
  rps: number;
  durationMs: number;
  maxInFlight: number;
  timeoutMs: number;
  idleSocketMs: number;
};
export const IN_FLIGHT_LIMIT: string;
/** ms on the process-wide monotonic clock (the same in every thread). */
export function monotonicMs(): number;
export function isLoopbackAddress(address: string): boolean;
export function checkTarget(url: string): { address: string; port: number; path: string; hostHeader: string };
export function parseDuration(text: string): number;
export function startTraffic(options: TrafficOptions): Traffic;
export function runTraffic(options: TrafficOptions): Promise<TrafficRun>;
export function isApplicationError(record: TrafficRecord): boolean;
export function isFailure(record: TrafficRecord): boolean;
export function isOtherFailure(record: TrafficRecord): boolean;
export function totalsByStatus(records: TrafficRecord[]): Record<string, number>;
export function totalsByVersion(records: TrafficRecord[]): Record<string, number>;
export function otherFailures(records: TrafficRecord[]): TrafficRecord[];
export function firstResponseFrom(records: TrafficRecord[], version: string): number | null;
export function firstMatching(
  records: TrafficRecord[],
  predicate: (record: TrafficRecord) => boolean,
): TrafficRecord | null;
export function switchComplete(records: TrafficRecord[], version: string): SwitchComplete | null;
export function latencyPercentiles(records: TrafficRecord[]): LatencyPercentiles;
export function timeline(records: TrafficRecord[], bucketMs?: number): TimelineRow[];
export function summarize(run: TrafficRun): TrafficSummary;
export function formatSummary(summary: TrafficSummary): string;
export function formatTimelineRow(row: TimelineRow): string;
