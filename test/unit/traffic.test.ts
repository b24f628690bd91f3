// The traffic client (scripts/lib/traffic.mjs, its command line bench/traffic.mjs): loopback only, bounded, open-loop, and what it computes
// from the records — against a real HTTP server on loopback that this test starts.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  checkTarget,
  firstMatching,
  firstResponseFrom,
  formatSummary,
  IN_FLIGHT_LIMIT,
  isApplicationError,
  isLoopbackAddress,
  isOtherFailure,
  otherFailures,
  parseDuration,
  runTraffic,
  startTraffic,
  summarize,
  switchComplete,
  type TrafficRecord,
  timeline,
  totalsByStatus,
  totalsByVersion,
} from '../../scripts/lib/traffic.mjs';

type Behaviour = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let url: string;
let behaviour: Behaviour;

function answer(version: string | null, status = 200): Behaviour {
  return (_request, response) => {
    if (version !== null) response.setHeader('x-app-version', version);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ version }));
  };
}

function listen(target: Server): Promise<number> {
  return new Promise((resolve) =>
    target.listen(0, '127.0.0.1', () => resolve((target.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  server = createServer((request, response) => behaviour(request, response));
  url = `http://127.0.0.1:${await listen(server)}/`;
});

beforeEach(() => {
  behaviour = answer('1.0.0');
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('where traffic may go', () => {
  it.each([
    'http://127.0.0.1:8080/',
    'http://127.9.8.7/path?q=1',
    'http://[::1]:8080/',
    'http://localhost:8080/',
    'http://LOCALHOST/',
    'http://[::ffff:127.0.0.1]/',
    'http://2130706433/', // WHATWG URL reads it as 127.0.0.1
  ])('sends to loopback: %s', (target) => {
    expect(isLoopbackAddress(checkTarget(target).address)).toBe(true);
  });

  it('keeps the path, the port and the Host header; localhost is 127.0.0.1 without a lookup', () => {
    expect(checkTarget('http://localhost:18080/a/b?c=d')).toEqual({
      address: '127.0.0.1',
      port: 18080,
      path: '/a/b?c=d',
      hostHeader: 'localhost:18080',
    });
  });

  it.each([
    ['http://10.0.0.1/', 'refusing to send traffic to 10.0.0.1'],
    ['http://172.16.0.1/', 'refusing'],
    ['http://192.168.1.10:8080/', 'refusing'],
    ['http://8.8.8.8/', 'refusing'],
    ['http://0.0.0.0:8080/', 'refusing'],
    ['http://[2001:db8::1]/', 'refusing to send traffic to 2001:db8::1'],
    ['http://example.com/', 'refusing to send traffic to example.com'],
    ['http://localhost.example.com/', 'refusing'],
    ['https://127.0.0.1/', 'only http://'],
    ['http://user:secret@127.0.0.1/', 'no credentials'],
    ['127.0.0.1:8080', 'not a URL'],
    ['not a url', 'not a URL'],
  ])('refuses %s before anything is sent', (target, message) => {
    expect(() => checkTarget(target)).toThrow(message);
    // startTraffic checks synchronously, before it starts the sender thread or sends a request.
    expect(() => startTraffic({ url: target, rps: 10, durationMs: 100 })).toThrow(message);
  });

  it('refuses bounds out of range', () => {
    expect(() => startTraffic({ url, rps: 100_000 })).toThrow('rps must be');
    expect(() => startTraffic({ url, durationMs: 0 })).toThrow('duration');
    expect(() => startTraffic({ url, maxRequests: 10_000_000 })).toThrow('max requests');
    expect(() => startTraffic({ url, maxInFlight: 0 })).toThrow('max in flight');
    expect(() => startTraffic({ url, idleSocketMs: 0 })).toThrow(
      'idle socket (ms) must be from 1 to 600000 (got 0)',
    );
    expect(() => startTraffic({ url, idleSocketMs: Number.POSITIVE_INFINITY })).toThrow('idle socket');
  });

  it('reads durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2')).toBe(2000);
    expect(() => parseDuration('30 seconds')).toThrow('not a duration');
  });
});

describe('sending', () => {
  it('stops at the maximum number of requests; every record has its status and version', async () => {
    const run = await runTraffic({ url, rps: 1000, durationMs: 10_000, maxRequests: 25 });
    expect(run.records.map((record) => record.seq)).toEqual([...Array(25).keys()]);
    expect(totalsByStatus(run.records)).toEqual({ 200: 25 });
    expect(totalsByVersion(run.records)).toEqual({ '1.0.0': 25 });
    expect(run.elapsedMs).toBeLessThan(2000);
  });

  it('stops at the maximum duration, at the rate asked', async () => {
    const run = await runTraffic({ url, rps: 100, durationMs: 500 });
    expect(run.records).toHaveLength(50);
    expect(run.options.maxRequests).toBe(50);
    expect(run.elapsedMs).toBeLessThan(1500);
  });

  it('is an open loop: a stalled server gets the same requests at the same times, the stall shows as latency', async () => {
    behaviour = (request, response) => setTimeout(() => answer('1.0.0')(request, response), 300);
    const run = await runTraffic({ url, rps: 50, durationMs: 1000 });
    expect(run.records).toHaveLength(50);
    expect(run.records.at(-1)!.at).toBeGreaterThanOrEqual(980); // spread over the second, not a burst
    for (const record of run.records) {
      expect(record.scheduledAt).toBeCloseTo(record.seq * 20, 6);
      expect(record.latencyMs).toBeGreaterThanOrEqual(295);
      expect(record.status).toBe(200);
    }
    // Sent when due, whatever the server does: a client that waited for answers would send the
    // last request seconds late (50 × 300 ms of stall). Only timer lateness is left, small for most
    // requests even on a loaded machine (a busy event loop can delay a few).
    const lateness = run.records.map((record) => record.at - record.scheduledAt).sort((a, b) => a - b);
    expect(lateness[Math.floor(lateness.length / 2)]).toBeLessThan(100);
    expect(lateness.at(-1)).toBeLessThan(1000);
  });

  it('caps requests in flight: a request due while the cap is reached is a failure, not a later request', async () => {
    behaviour = (request, response) => setTimeout(() => answer('1.0.0')(request, response), 600);
    const run = await runTraffic({ url, rps: 100, durationMs: 300, maxInFlight: 5 });
    expect(run.records).toHaveLength(30);
    expect(totalsByStatus(run.records)).toEqual({ 200: 5, [IN_FLIGHT_LIMIT]: 25 });
    expect(otherFailures(run.records)).toHaveLength(25);
  });

  it('records connection refused', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const run = await runTraffic({ url: `http://127.0.0.1:${port}/`, rps: 100, durationMs: 100 });
    expect(totalsByStatus(run.records)).toEqual({ ECONNREFUSED: 10 });
  });

  it('records connection reset', async () => {
    behaviour = (request) => request.socket.destroy();
    const run = await runTraffic({ url, rps: 100, durationMs: 100 });
    expect(totalsByStatus(run.records)).toEqual({ ECONNRESET: 10 });
    expect(totalsByVersion(run.records)).toEqual({ none: 10 });
  });

  it('records a timeout', async () => {
    const pending: ServerResponse[] = [];
    behaviour = (_request, response) => pending.push(response);
    const run = await runTraffic({ url, rps: 20, durationMs: 100, timeoutMs: 200 });
    expect(totalsByStatus(run.records)).toEqual({ timeout: 2 });
    for (const record of run.records) expect(record.latencyMs).toBeGreaterThanOrEqual(195);
    for (const response of pending) response.destroy();
  });

  it('stop() ends sending early; what was sent finishes', async () => {
    const traffic = startTraffic({ url, rps: 100, durationMs: 10_000 });
    // A loaded machine can take longer than the wait below to start the sender thread.
    await traffic.started;
    await new Promise((resolve) => setTimeout(resolve, 300));
    // On the records' clock: the sender thread starts a little after startTraffic returns.
    const stoppedAt = traffic.now();
    const run = await traffic.stop();
    // Every request due before the stop was sent (one every 10 ms), none after it.
    expect(run.records.length).toBeGreaterThan(stoppedAt / 10 - 5);
    expect(run.records.length).toBeLessThan(stoppedAt / 10 + 5);
    expect(run.records.every((record) => record.at < stoppedAt + 50)).toBe(true);
    expect(run.records.every((record) => record.status === 200)).toBe(true);
  });

  it('sees a switch: the first answer from the new version and when every answer comes from it', async () => {
    // Both sides on the monotonic clock (this machine's wall clock is slewed by tens of ms a second).
    const traffic = startTraffic({ url, rps: 200, durationMs: 1000 });
    behaviour = (request, response) => answer(traffic.now() < 400 ? 'blue-1' : 'green-2')(request, response);
    const run = await traffic.done;
    expect(run.records).toHaveLength(200);
    const first = firstResponseFrom(run.records, 'green-2')!;
    const complete = switchComplete(run.records, 'green-2')!;
    // The server switched at 400 ms: no green answer arrived before, and every request sent after
    // it was answered green (one sent a little before may have been too).
    expect(first).toBeGreaterThanOrEqual(400);
    expect(first).toBeLessThan(1000);
    expect(
      run.records.filter((record) => record.at >= 400).every((record) => record.version === 'green-2'),
    ).toBe(true);
    expect(complete.at).toBeGreaterThan(250);
    expect(complete.at).toBeLessThan(400 + 100); // the first request sent after the switch
    expect(complete.requests).toBeGreaterThanOrEqual(run.records.filter((record) => record.at >= 400).length);
    expect(switchComplete(run.records, 'blue-1')).toBeNull();
    const rows = timeline(run.records);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.requests).toBe(200);
  });

  it("sends on time while the caller's event loop is stalled (a synchronous kubectl, GC): the sender is its own thread", async () => {
    const stall = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    const users = startTraffic({ url, rps: 50, durationMs: 1500 });
    setTimeout(() => stall(800), 300);
    const run = await users.done;
    expect(run.records).toHaveLength(75);
    expect(otherFailures(run.records)).toEqual([]);
    // A request sent from the caller's loop would be up to 800 ms late.
    const late = run.records.filter((record) => record.at - record.scheduledAt > 200);
    expect(late).toEqual([]);
  });

  // What failed a fleet run once (one ECONNRESET in 40 minutes): Traefik, like any Go server,
  // closes a kept-alive connection idle for 180 s and announces no Keep-Alive timeout, so Node's
  // agent would keep it forever; a request written onto it as the server closes it is reset.
  it('closes a kept-alive connection left idle before the server does', async () => {
    // In its own process, like Traefik: HTTP/1.1 keep-alive, no Keep-Alive header, the first 8
    // answers 400 ms late (so the client opens more connections than it then needs), idle
    // connections closed after 1 s. It prints who closed each connection.
    const serverSource = `
      let answered = 0;
      const server = require('node:net').createServer((socket) => {
        let idle;
        let closedByServer = false;
        const arm = () => {
          clearTimeout(idle);
          idle = setTimeout(() => { closedByServer = true; socket.destroy(); }, 1000);
        };
        arm();
        socket.on('data', () => {
          clearTimeout(idle);
          setTimeout(() => {
            socket.write('HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nX-App-Version: 1.0.0\\r\\n\\r\\nok');
            arm();
          }, answered++ < 8 ? 400 : 0);
        });
        socket.on('close', () => { clearTimeout(idle); console.log(closedByServer ? 'server' : 'client'); });
        socket.on('error', () => {});
      });
      server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
    const goLike = spawn(process.execPath, ['-e', serverSource], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const lines = createInterface({ input: goLike.stdout });
      const closes: string[] = [];
      const port = new Promise<string>((resolve) => lines.once('line', resolve));
      const target = `http://127.0.0.1:${await port}/`;
      lines.on('line', (line) => closes.push(line));
      // 2.5 s at 20 rps: the spare connections sit idle from ~0.45 s; without the client's idle
      // timeout the server would close them at ~1.45 s, mid-run.
      const run = await runTraffic({ url: target, rps: 20, durationMs: 2500, idleSocketMs: 300 });
      expect(otherFailures(run.records)).toEqual([]);
      expect(run.records).toHaveLength(50);
      await expect.poll(() => closes.length).toBeGreaterThanOrEqual(4);
      expect(closes.filter((who) => who === 'server')).toEqual([]);
    } finally {
      goLike.kill();
    }
  });
});

function record(
  seq: number,
  at: number,
  status: number | null,
  version: string | null,
  extra: Partial<TrafficRecord> = {},
): TrafficRecord {
  return {
    seq,
    scheduledAt: at,
    at,
    latencyMs: 2,
    status,
    error: status === null ? 'ECONNREFUSED' : null,
    version,
    ...extra,
  };
}

describe('what the records say', () => {
  it('tells the application’s own 500s from every other failure', () => {
    const own = record(0, 0, 500, '3.0.0');
    expect([isApplicationError(own), isOtherFailure(own)]).toEqual([true, false]);
    for (const other of [
      record(1, 0, 500, null), // a proxy's 500 names no version
      record(2, 0, 502, null),
      record(3, 0, 503, null),
      record(4, 0, 504, null),
      record(5, 0, 404, null), // no route
      record(6, 0, null, null),
      record(7, 0, null, null, { error: 'ECONNRESET' }),
      record(8, 0, null, null, { error: 'timeout' }),
    ])
      expect(isOtherFailure(other)).toBe(true);
    expect(isOtherFailure(record(9, 0, 200, '3.0.0'))).toBe(false);
    expect(isOtherFailure(record(10, 0, 301, null))).toBe(false);
  });

  const records = [
    record(0, 0, 200, 'v1'),
    record(1, 500, 200, 'v1'),
    record(2, 1000, 500, 'v2'),
    record(3, 1500, 200, 'v2', { latencyMs: 900 }), // sent before seq 4, answered after it
    record(4, 2000, 200, 'v1'),
    record(5, 2100, null, null, { error: 'ECONNRESET' }),
    record(6, 2600, 200, 'v1'),
    record(7, 3400, 503, null),
    record(8, 4200, 200, 'v2'),
    record(9, 4300, 500, 'v2'),
    record(10, 4800, 200, 'v2'),
  ];

  it('counts by status and by version', () => {
    expect(totalsByStatus(records)).toEqual({ 200: 7, 500: 2, 503: 1, ECONNRESET: 1 });
    expect(totalsByVersion(records)).toEqual({ v1: 4, v2: 5, none: 2 });
    expect(otherFailures(records).map((r) => r.seq)).toEqual([5, 7]);
  });

  it('finds the first answer from a version (by arrival) and the first matching request (by sending)', () => {
    expect(firstResponseFrom(records, 'v2')).toBe(1002);
    expect(firstResponseFrom(records, 'v1')).toBe(2);
    expect(firstResponseFrom(records, 'v9')).toBeNull();
    expect(firstMatching(records, (r) => isApplicationError(r) && r.version === 'v2')?.at).toBe(1000);
    expect(firstMatching(records, (r) => r.version === 'v9')).toBeNull();
  });

  it('finds when every request since was answered by a version; an error breaks the run', () => {
    expect(switchComplete(records, 'v2')).toEqual({ at: 4200, requests: 3 });
    expect(switchComplete(records, 'v1')).toBeNull();
    expect(switchComplete([...records, record(11, 5000, null, null)], 'v2')).toBeNull();
    expect(switchComplete([record(0, 0, 200, 'v1')], 'v1')).toEqual({ at: 0, requests: 1 });
    // Send order, not the order records were completed in.
    expect(switchComplete([record(1, 10, 200, 'v2'), record(0, 5, 200, 'v1')], 'v2')).toEqual({
      at: 10,
      requests: 1,
    });
  });

  it('lays the records out per second, empty seconds included', () => {
    const rows = timeline(records);
    expect(rows.map((row) => row.start)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(rows.map((row) => row.requests)).toEqual([2, 2, 3, 1, 3]);
    expect(rows[2]).toMatchObject({
      byStatus: { 200: 2, ECONNRESET: 1 },
      byVersion: { v1: 2, none: 1 },
      otherFailures: 1,
    });
    expect(rows[3]).toMatchObject({ byStatus: { 503: 1 }, otherFailures: 1, p50: 2 });
    expect(timeline([record(0, 2500, 200, 'v1')], 1000).map((row) => row.requests)).toEqual([0, 0, 1]);
    expect(timeline([])).toEqual([]);
  });

  it('summarises a run', () => {
    const summary = summarize({
      url: 'http://127.0.0.1:1/',
      startedAt: 0,
      elapsedMs: 5000,
      options: {
        rps: 2,
        durationMs: 5000,
        maxRequests: 11,
        maxInFlight: 5,
        timeoutMs: 1000,
        idleSocketMs: 4000,
      },
      records,
    });
    expect(summary).toMatchObject({
      requests: 11,
      applicationErrors: 2,
      otherFailures: 2,
      achievedRps: (10 * 1000) / 4800,
      versions: {
        v1: { firstResponseAt: 2, switchComplete: null },
        v2: { switchComplete: { at: 4200, requests: 3 } },
      },
    });
    expect(summary.latencyMs).toEqual({ p50: 2, p95: 900, p99: 900, max: 900 });
    const text = formatSummary(summary);
    expect(text).toContain("the application's own 500s: 2");
    expect(text).toContain('failed for another reason (refused, reset, timeout, proxy 5xx, …): 2');
    expect(text).toContain(
      'version v2: first answer at 1.002s; every request since 4.200s answered by it (3)',
    );
  });
});
