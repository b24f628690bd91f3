// Steady traffic, measured from the outside as the application's users see it: requests start at
// fixed intervals whether or not earlier ones finished (an open loop, so a stall shows up as
// latency and errors, not as fewer requests), each answer recorded with its status (or error
// code) and the version that served it (X-App-Version). Bounded in requests and in time, and sent
// to loopback only: the address is checked before anything is sent, and no name but localhost is
// ever resolved.
//
// startTraffic(options) → { records, stop(), done }, runTraffic(options), and the pure analysis
// functions (totals, failures, switch times, timeline, summary) over the records. The requests
// themselves go from a worker thread (traffic-sender.mjs). Its command line is bench/traffic.mjs;
// the tests, the demo and the workload story use it from here.
import { BlockList, isIP } from 'node:net';
import { Worker } from 'node:worker_threads';

export const LIMITS = { rps: 5000, durationMs: 60 * 60_000, maxRequests: 1_000_000, maxInFlight: 4096 };
// idleSocketMs: a kept-alive connection idle that long is closed by the client, well before a
// proxy closes it (Traefik after 180 s, nginx 75 s, as Go's and undici's clients do): a request
// sent on a connection the server has just closed is reset, and the reset would be counted as the
// data plane's failure. A stall of the sender's event loop (GC; before the sender had its own
// thread, the caller's synchronous kubectl) widens that race from microseconds to the stall: the
// server's FIN waits unread while the requests due meanwhile are written onto the closed connection.
export const DEFAULTS = {
  rps: 200,
  durationMs: 30_000,
  maxInFlight: 512,
  timeoutMs: 5000,
  idleSocketMs: 4000,
};
/** The error recorded for a request that was due while maxInFlight requests were outstanding. */
export const IN_FLIGHT_LIMIT = 'EMAXINFLIGHT';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
loopback.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** True for an IP address in 127.0.0.0/8 or ::1 (also as an IPv4-mapped IPv6 address). */
export function isLoopbackAddress(address) {
  const family = isIP(address);
  if (family === 0) return false;
  return loopback.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The URL's target, checked before anything is sent: http only, and a host that is a loopback
 * address or `localhost` (taken as 127.0.0.1, never looked up). Throws naming what was refused.
 */
export function checkTarget(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:') throw new Error(`${url}: only http:// URLs (got ${parsed.protocol})`);
  if (parsed.username || parsed.password) throw new Error(`${url}: no credentials in the URL`);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const address = host.toLowerCase() === 'localhost' ? '127.0.0.1' : host;
  if (!isLoopbackAddress(address)) {
    throw new Error(
      `${url}: refusing to send traffic to ${host}: only loopback (127.0.0.0/8, ::1, localhost) is allowed`,
    );
  }
  return {
    address,
    port: Number(parsed.port || 80),
    path: `${parsed.pathname}${parsed.search}`,
    hostHeader: parsed.host,
  };
}

/** "30s", "1m30s", "250ms", "2h" or a number of seconds → milliseconds. */
export function parseDuration(text) {
  const value = String(text).trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const units = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((part) => part[0]).join('') !== value)
    throw new Error(`not a duration: ${JSON.stringify(text)} (e.g. 30s, 2m, 500ms)`);
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * units[unit], 0);
}

function checkedOptions(options) {
  const rps = options.rps ?? DEFAULTS.rps;
  const durationMs = options.durationMs ?? DEFAULTS.durationMs;
  const maxRequests = options.maxRequests ?? Math.ceil((rps * durationMs) / 1000);
  const maxInFlight = options.maxInFlight ?? DEFAULTS.maxInFlight;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const idleSocketMs = options.idleSocketMs ?? DEFAULTS.idleSocketMs;
  const within = (name, value, low, high) => {
    if (!Number.isFinite(value) || value < low || value > high)
      throw new Error(`${name} must be from ${low} to ${high} (got ${value})`);
  };
  within('rps', rps, 0.1, LIMITS.rps);
  within('duration (ms)', durationMs, 1, LIMITS.durationMs);
  within('max requests', maxRequests, 1, LIMITS.maxRequests);
  within('max in flight', maxInFlight, 1, LIMITS.maxInFlight);
  within('timeout (ms)', timeoutMs, 1, 10 * 60_000);
  within('idle socket (ms)', idleSocketMs, 1, 10 * 60_000);
  return { rps, durationMs, maxRequests, maxInFlight, timeoutMs, idleSocketMs };
}

/** The records' clock: ms on the process-wide monotonic clock, the same in every thread. */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Starts sending: request n is due at n/rps seconds after the start; at most maxRequests, none due
 * at or after durationMs. The requests go from a worker thread (traffic-sender.mjs), as a user's
 * traffic does from outside: a caller whose event loop stalls (a synchronous kubectl, GC) delays
 * no request and no measurement, it only sees the records later.
 *
 * Returns the live records (one per request, in completion order, delivered in batches),
 * stop() (no more requests; those in flight finish), now() (ms since the start, the records' clock),
 * started (resolves once the sender thread runs: a loaded machine can take a while to start it)
 * and done (resolves when all have finished) with { url, startedAt (epoch ms; the wall clock may
 * be slewed against the records' monotonic one), elapsedMs, options, records (in send order) };
 * it rejects if the sender fails.
 *
 * A record: { seq, scheduledAt, at (ms from the start, when sent), latencyMs, status (number or
 * null), error (ECONNREFUSED, ECONNRESET, timeout, EMAXINFLIGHT, … or null), version (the
 * X-App-Version header or null) }.
 */
export function startTraffic(options) {
  const target = checkTarget(options.url);
  const checked = checkedOptions(options);
  const records = [];
  // The sender's start is the records' zero (the thread takes tens of ms to start, and requests
  // due meanwhile would go in a burst); until it says, now() counts from here.
  let startedAt = Date.now();
  let origin = monotonicMs();
  const now = () => monotonicMs() - origin;
  const sender = new Worker(new URL('./traffic-sender.mjs', import.meta.url), {
    workerData: { target, options: checked },
  });
  let finished = false;
  let finish;
  let fail;
  let markStarted;
  const started = new Promise((resolve) => {
    markStarted = resolve;
  });
  const done = new Promise((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  sender.on('message', (message) => {
    if (message.origin !== undefined) {
      origin = message.origin;
      startedAt = Date.now() - now();
      markStarted();
      return;
    }
    for (const entry of message.records) {
      records.push(entry);
      options.onRecord?.(entry);
    }
    if (message.elapsedMs === undefined) return;
    finished = true;
    records.sort((a, b) => a.seq - b.seq);
    finish({ url: options.url, startedAt, elapsedMs: message.elapsedMs, options: checked, records });
  });
  sender.on('error', (error) => {
    finished = true;
    fail(error);
  });
  sender.on('exit', (code) => {
    if (!finished) fail(new Error(`the traffic sender exited (code ${code}) before it finished`));
  });

  return {
    records,
    done,
    /** Resolves once the sender thread runs: from then on now() is the records' clock. */
    started,
    /** ms since the start on the records' clock (monotonic): mark events (a deploy's start, …) with it. */
    now,
    stop() {
      if (!finished) sender.postMessage('stop');
      return done;
    },
  };
}

/** Sends until a bound is reached (or options.signal aborts) and resolves with the run. */
export function runTraffic(options) {
  const traffic = startTraffic(options);
  options.signal?.addEventListener('abort', () => traffic.stop(), { once: true });
  return traffic.done;
}

// ---- Analysis: pure functions over records ----

/** The application answered it: a status with the app's X-App-Version header. */
export function isApplicationError(record) {
  return record.status === 500 && record.version !== null;
}

/** Anything but a 1xx-3xx answer: a transport error, a client-side limit, a 4xx or 5xx. */
export function isFailure(record) {
  return record.status === null || record.status >= 400;
}

/** Failed for a reason other than the application's own 500s: refused, reset, timed out, 502/503/504 from a proxy. */
export function isOtherFailure(record) {
  return isFailure(record) && !isApplicationError(record);
}

function countBy(records, key) {
  const counts = {};
  for (const record of records) {
    const value = key(record);
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

/** { "200": n, "500": n, "ECONNREFUSED": n, … } */
export function totalsByStatus(records) {
  return countBy(records, (record) => (record.status === null ? record.error : String(record.status)));
}

/** { "1.0.0": n, "2.0.0": n, "none": n } — "none" for answers without X-App-Version and errors. */
export function totalsByVersion(records) {
  return countBy(records, (record) => record.version ?? 'none');
}

export function otherFailures(records) {
  return records.filter(isOtherFailure);
}

const bySendTime = (records) => [...records].sort((a, b) => a.at - b.at || a.seq - b.seq);

/** When (ms from the start) the first answer from `version` arrived, or null. */
export function firstResponseFrom(records, version) {
  let first = null;
  for (const record of records) {
    if (record.version !== version) continue;
    const arrived = record.at + record.latencyMs;
    if (first === null || arrived < first) first = arrived;
  }
  return first;
}

/** The first record matching `predicate` in send order (e.g. the bad release's first error), or null. */
export function firstMatching(records, predicate) {
  return bySendTime(records).find(predicate) ?? null;
}

/**
 * When the switch to `version` completed: the send time of the first request of the final run of
 * requests all answered by `version` (every request sent since was answered by it), with how many
 * requests that run holds; null when the last request was not answered by `version`.
 */
export function switchComplete(records, version) {
  const ordered = bySendTime(records);
  let start = ordered.length;
  while (start > 0 && ordered[start - 1].version === version) start--;
  if (start === ordered.length) return null;
  return { at: ordered[start].at, requests: ordered.length - start };
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Latency percentiles (ms) of the answered requests. */
export function latencyPercentiles(records) {
  const answered = records
    .filter((record) => record.status !== null)
    .map((record) => record.latencyMs)
    .sort((a, b) => a - b);
  return {
    p50: percentile(answered, 50),
    p95: percentile(answered, 95),
    p99: percentile(answered, 99),
    max: answered.length ? answered[answered.length - 1] : null,
  };
}

/**
 * Per bucket (1 s unless bucketMs) of the schedule — each request counts where it was due, so a
 * steady rate fills every bucket alike: requests, statuses, versions, other failures, latency.
 */
export function timeline(records, bucketMs = 1000) {
  const buckets = new Map();
  for (const record of records) {
    const index = Math.floor(record.scheduledAt / bucketMs);
    if (!buckets.has(index)) buckets.set(index, []);
    buckets.get(index).push(record);
  }
  const last = Math.max(-1, ...buckets.keys());
  const rows = [];
  for (let index = 0; index <= last; index++) {
    const bucket = buckets.get(index) ?? [];
    const latency = latencyPercentiles(bucket);
    rows.push({
      start: index * bucketMs,
      requests: bucket.length,
      byStatus: totalsByStatus(bucket),
      byVersion: totalsByVersion(bucket),
      otherFailures: bucket.filter(isOtherFailure).length,
      p50: latency.p50,
      p99: latency.p99,
    });
  }
  return rows;
}

/** Everything the CLI prints: totals, failures, latency, and per version its first and switch times. */
export function summarize(run) {
  const { records } = run;
  const versions = Object.keys(totalsByVersion(records)).filter((version) => version !== 'none');
  const firstSend = records.length ? records[0].at : 0;
  const lastSend = records.length ? records[records.length - 1].at : 0;
  return {
    url: run.url,
    startedAt: new Date(run.startedAt).toISOString(),
    elapsedMs: run.elapsedMs,
    requests: records.length,
    achievedRps: records.length > 1 ? ((records.length - 1) * 1000) / (lastSend - firstSend || 1) : null,
    byStatus: totalsByStatus(records),
    byVersion: totalsByVersion(records),
    applicationErrors: records.filter(isApplicationError).length,
    otherFailures: otherFailures(records).length,
    latencyMs: latencyPercentiles(records),
    versions: Object.fromEntries(
      versions.map((version) => [
        version,
        {
          firstResponseAt: firstResponseFrom(records, version),
          switchComplete: switchComplete(records, version),
        },
      ]),
    ),
  };
}

// ---- CLI ----

function seconds(ms) {
  return ms === null || ms === undefined ? '-' : `${(ms / 1000).toFixed(3)}s`;
}

function millis(ms) {
  return ms === null || ms === undefined ? '-' : `${ms.toFixed(1)}ms`;
}

function formatCounts(counts) {
  return (
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, count]) => `${key} ${count}`)
      .join(', ') || '-'
  );
}

export function formatSummary(summary) {
  const lines = [
    `${summary.requests} requests to ${summary.url} in ${seconds(summary.elapsedMs)} (${summary.achievedRps?.toFixed(1) ?? '-'} rps sent)`,
    `  by status:  ${formatCounts(summary.byStatus)}`,
    `  by version: ${formatCounts(summary.byVersion)}`,
    `  the application's own 500s: ${summary.applicationErrors}`,
    `  failed for another reason (refused, reset, timeout, proxy 5xx, …): ${summary.otherFailures}`,
    `  latency: p50 ${millis(summary.latencyMs.p50)}, p95 ${millis(summary.latencyMs.p95)}, p99 ${millis(summary.latencyMs.p99)}, max ${millis(summary.latencyMs.max)}`,
  ];
  for (const [version, times] of Object.entries(summary.versions)) {
    const complete = times.switchComplete
      ? `; every request since ${seconds(times.switchComplete.at)} answered by it (${times.switchComplete.requests})`
      : '';
    lines.push(`  version ${version}: first answer at ${seconds(times.firstResponseAt)}${complete}`);
  }
  return lines.join('\n');
}

/** One timeline row as the command line prints it. */
export function formatTimelineRow(row) {
  return `  ${seconds(row.start).padStart(9)}  ${String(row.requests).padStart(5)} sent  ${formatCounts(row.byStatus)}  |  ${formatCounts(row.byVersion)}  |  other failures ${row.otherFailures}  p50 ${millis(row.p50)} p99 ${millis(row.p99)}`;
}
