#!/usr/bin/env node
// A stand-in for the application the pipeline deploys: one process per color, on loopback.
//
//   node platform/standin-app.mjs --color blue --port 16481
//
//   GET  /healthz        200 "ok", or 503 when made unhealthy
//   GET  /metrics        Prometheus text: http_requests_total{code,method},
//                        http_request_duration_seconds (histogram), app_cpu_usage_ratio, app_info{version}
//   GET  /control        the current behaviour, as JSON
//   POST /control        merge {errorRate, latencyMs, healthy, cpu, rps, version}; POST /control/reset
//   anything else        the "application": answers after latencyMs, 500 for a share errorRate of
//                        requests (deterministically: exactly that share), else 200 {color, version}
//
// The app also generates its own steady traffic (rps simulated requests a second, through the
// same error and latency model), so request rates and error ratios are always there to query.
// Prometheus adds the `color` label (a target label), so the metrics here carry none.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    color: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
if (!values.color || !values.port) {
  process.stderr.write('usage: standin-app.mjs --color NAME --port PORT\n');
  process.exit(2);
}
const color = values.color;

const DEFAULTS = { errorRate: 0, latencyMs: 20, healthy: true, cpu: 0.25, rps: 20, version: 'v1' };
let behaviour = { ...DEFAULTS };

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const requests = new Map(); // `${code}|${method}` → count
const histogram = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
let errorDebt = 0;

/** The next request's status: exactly errorRate of requests fail, spread evenly. */
function nextStatus() {
  errorDebt += behaviour.errorRate;
  if (errorDebt >= 1 - 1e-9) {
    errorDebt -= 1;
    return 500;
  }
  return 200;
}

function record(code, method, seconds) {
  const key = `${code}|${method}`;
  requests.set(key, (requests.get(key) ?? 0) + 1);
  histogram.sum += seconds;
  histogram.count += 1;
  BUCKETS.forEach((bound, index) => {
    if (seconds <= bound) histogram.counts[index] += 1;
  });
}

// Simulated traffic: rps requests a second, ticking every 100 ms.
let owed = 0;
setInterval(() => {
  owed += behaviour.rps / 10;
  while (owed >= 1) {
    owed -= 1;
    record(nextStatus(), 'GET', behaviour.latencyMs / 1000);
  }
}, 100).unref();

function metrics() {
  const lines = [
    '# HELP http_requests_total Requests served, by status code.',
    '# TYPE http_requests_total counter',
  ];
  // Always expose both codes, so a ratio query never divides by a missing series.
  for (const code of ['200', '500']) if (!requests.has(`${code}|GET`)) requests.set(`${code}|GET`, 0);
  for (const [key, count] of [...requests].sort()) {
    const [code, method] = key.split('|');
    lines.push(`http_requests_total{code="${code}",method="${method}"} ${count}`);
  }
  lines.push(
    '# HELP http_request_duration_seconds Request latency.',
    '# TYPE http_request_duration_seconds histogram',
  );
  BUCKETS.forEach((bound, index) => {
    lines.push(`http_request_duration_seconds_bucket{le="${bound}"} ${histogram.counts[index]}`);
  });
  lines.push(
    `http_request_duration_seconds_bucket{le="+Inf"} ${histogram.count}`,
    `http_request_duration_seconds_sum ${histogram.sum}`,
    `http_request_duration_seconds_count ${histogram.count}`,
    '# HELP app_cpu_usage_ratio CPU-like utilisation the test sets (0..1).',
    '# TYPE app_cpu_usage_ratio gauge',
    `app_cpu_usage_ratio ${behaviour.cpu}`,
    '# HELP app_healthy 1 when /healthz answers 200.',
    '# TYPE app_healthy gauge',
    `app_healthy ${behaviour.healthy ? 1 : 0}`,
    '# HELP app_info The version the stand-in pretends to run.',
    '# TYPE app_info gauge',
    `app_info{version="${behaviour.version.replace(/["\\\n]/g, '_')}"} 1`,
    '',
  );
  return lines.join('\n');
}

/** Validates a control patch; returns the error message or undefined. */
function invalid(patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
    return 'body must be a JSON object';
  const checks = {
    errorRate: (v) => typeof v === 'number' && v >= 0 && v <= 1,
    latencyMs: (v) => typeof v === 'number' && v >= 0 && v <= 60_000,
    healthy: (v) => typeof v === 'boolean',
    cpu: (v) => typeof v === 'number' && v >= 0,
    rps: (v) => typeof v === 'number' && v >= 0 && v <= 1000,
    version: (v) => typeof v === 'string' && v.length > 0 && v.length <= 128,
  };
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in checks)) return `unknown setting '${key}' (known: ${Object.keys(checks).join(', ')})`;
    if (!checks[key](value)) return `invalid ${key}: ${JSON.stringify(value)}`;
  }
  return undefined;
}

function send(response, status, body, type = 'application/json') {
  const text = typeof body === 'string' ? body : `${JSON.stringify(body)}\n`;
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://app').pathname;
  if (path === '/healthz') {
    return behaviour.healthy
      ? send(response, 200, 'ok\n', 'text/plain')
      : send(response, 503, 'unhealthy\n', 'text/plain');
  }
  if (path === '/metrics') return send(response, 200, metrics(), 'text/plain; version=0.0.4');
  if (path === '/control' || path === '/control/reset') {
    if (request.method === 'GET') return send(response, 200, { color, ...behaviour });
    if (request.method !== 'POST') return send(response, 405, { error: 'GET or POST' });
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      if (path === '/control/reset') {
        behaviour = { ...DEFAULTS };
        errorDebt = 0;
        return send(response, 200, { color, ...behaviour });
      }
      let patch;
      try {
        patch = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return send(response, 400, { error: 'body is not JSON' });
      }
      const problem = invalid(patch);
      if (problem) return send(response, 400, { error: problem });
      behaviour = { ...behaviour, ...patch };
      return send(response, 200, { color, ...behaviour });
    });
    return;
  }
  const started = process.hrtime.bigint();
  const status = nextStatus();
  setTimeout(() => {
    record(status, request.method ?? 'GET', Number(process.hrtime.bigint() - started) / 1e9);
    send(
      response,
      status,
      status === 200 ? { color, version: behaviour.version } : { error: 'injected failure' },
    );
  }, behaviour.latencyMs);
});

server.listen(Number(values.port), values.host, () => {
  process.stdout.write(`stand-in ${color} listening on http://${values.host}:${values.port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
