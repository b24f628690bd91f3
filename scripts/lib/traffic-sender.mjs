// The traffic client's sender, a worker thread started by startTraffic (traffic.mjs): the open
// loop runs here, away from the caller's event loop. workerData: { target (checkTarget's), options
// (checked) }. It posts { origin } first (ms on the process's monotonic clock: the records' zero),
// then { records } batches every FLUSH_MS and, when the last request has finished,
// { records, elapsedMs }, and ends. A 'stop' message ends sending; what is in flight finishes.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { IN_FLIGHT_LIMIT, monotonicMs } from './traffic.mjs';

const FLUSH_MS = 25;

const { target, options } = workerData;
const origin = monotonicMs();
const { rps, durationMs, maxRequests, maxInFlight, timeoutMs, idleSocketMs } = options;
// The agent's timeout closes a socket idle in its pool (a busy one only emits 'timeout', which
// nothing here listens to: the request's own deadline is timeoutMs).
const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight, timeout: idleSocketMs });
const interval = 1000 / rps;
const now = () => monotonicMs() - origin;
let pending = [];
let next = 0;
let inFlight = 0;
let stopped = false;
let finished = false;
let timer;
let flushTimer;

const flush = (last = {}) => {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  parentPort.postMessage({ records: pending, ...last });
  pending = [];
};

const record = (entry) => {
  pending.push(entry);
  flushTimer ??= setTimeout(flush, FLUSH_MS);
};

const allSent = () => stopped || next >= maxRequests || next * interval >= durationMs;

const settleIfFinished = () => {
  if (finished || !allSent() || inFlight > 0) return;
  finished = true;
  clearTimeout(timer);
  agent.destroy();
  flush({ elapsedMs: now() });
  // Nothing is left to wait for: the thread ends once the last message is out.
  parentPort.unref();
};

const send = (seq, scheduledAt) => {
  const at = now();
  inFlight++;
  let settled = false;
  const complete = (status, error, version) => {
    if (settled) return;
    settled = true;
    clearTimeout(deadline);
    inFlight--;
    record({ seq, scheduledAt, at, latencyMs: now() - at, status, error, version });
    settleIfFinished();
  };
  const req = request(
    {
      host: target.address,
      port: target.port,
      path: target.path,
      method: 'GET',
      agent,
      headers: { host: target.hostHeader, 'user-agent': 'pipeline-traffic' },
    },
    (response) => {
      const version = response.headers['x-app-version'];
      response.on('error', (error) => complete(null, error.code ?? 'ERESPONSE', null));
      response.on('end', () =>
        complete(response.statusCode ?? null, null, typeof version === 'string' ? version : null),
      );
      // Closed before the whole body arrived (after 'end' this is a no-op).
      response.on('close', () => complete(null, 'ECONNRESET', null));
      response.resume();
    },
  );
  const deadline = setTimeout(() => {
    complete(null, 'timeout', null);
    req.destroy();
  }, timeoutMs);
  req.on('error', (error) => complete(null, error.code ?? 'EREQUEST', null));
  req.end();
};

const tick = () => {
  const elapsed = now();
  // Every request that is due goes now, even after a late timer: the schedule is fixed.
  while (!allSent() && next * interval <= elapsed) {
    const seq = next++;
    const scheduledAt = seq * interval;
    if (inFlight >= maxInFlight) {
      record({
        seq,
        scheduledAt,
        at: elapsed,
        latencyMs: 0,
        status: null,
        error: IN_FLIGHT_LIMIT,
        version: null,
      });
    } else {
      send(seq, scheduledAt);
    }
  }
  if (allSent()) return settleIfFinished();
  timer = setTimeout(tick, Math.max(0, Math.min(next * interval - now(), 50)));
};

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  stopped = true;
  settleIfFinished();
});
parentPort.postMessage({ origin });
timer = setTimeout(tick, 0);
