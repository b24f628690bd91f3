#!/usr/bin/env node
// Steady traffic through the data plane, measured from the outside (scripts/lib/traffic.mjs):
// loopback only, bounded in requests and in time.
//
//   node bench/traffic.mjs --url http://127.0.0.1:8080/ [--rps 200] [--duration 30s]
//                          [--max-requests N] [--max-in-flight 512] [--timeout 5s]
//                          [--idle 4s] [--timeline] [--json] [--records FILE.jsonl]
//
// --idle: a kept-alive connection idle that long is closed by the client; keep it below the
// proxy's own idle timeout (Traefik 180 s, nginx 75 s), or a request may be sent onto a
// connection the proxy is closing and be reset.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULTS,
  formatSummary,
  formatTimelineRow,
  parseDuration,
  startTraffic,
  summarize,
  timeline,
} from '../scripts/lib/traffic.mjs';

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      rps: { type: 'string', default: String(DEFAULTS.rps) },
      duration: { type: 'string', default: `${DEFAULTS.durationMs / 1000}s` },
      'max-requests': { type: 'string' },
      'max-in-flight': { type: 'string', default: String(DEFAULTS.maxInFlight) },
      timeout: { type: 'string', default: `${DEFAULTS.timeoutMs / 1000}s` },
      idle: { type: 'string', default: `${DEFAULTS.idleSocketMs / 1000}s` },
      timeline: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      records: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.url) {
    process.stderr.write(
      'usage: node bench/traffic.mjs --url http://127.0.0.1:PORT/ [--rps 200] [--duration 30s] [--max-requests N]\n' +
        '       [--max-in-flight 512] [--timeout 5s] [--idle 4s] [--timeline] [--json] [--records FILE.jsonl]\n',
    );
    process.exit(values.help ? 0 : 2);
  }
  const number = (name, text) => {
    const value = Number(text);
    if (!Number.isFinite(value)) throw new Error(`--${name}: not a number: ${JSON.stringify(text)}`);
    return value;
  };
  const traffic = startTraffic({
    url: values.url,
    rps: number('rps', values.rps),
    durationMs: parseDuration(values.duration),
    maxRequests:
      values['max-requests'] === undefined ? undefined : number('max-requests', values['max-requests']),
    maxInFlight: number('max-in-flight', values['max-in-flight']),
    timeoutMs: parseDuration(values.timeout),
    idleSocketMs: parseDuration(values.idle),
  });
  // Ctrl-C stops sending; what was sent still finishes and is reported.
  process.once('SIGINT', () => traffic.stop());
  process.once('SIGTERM', () => traffic.stop());
  const run = await traffic.done;
  if (values.records)
    writeFileSync(values.records, `${run.records.map((record) => JSON.stringify(record)).join('\n')}\n`);
  const summary = summarize(run);
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ ...summary, ...(values.timeline ? { timeline: timeline(run.records) } : {}) }, null, 2)}\n`,
    );
    return;
  }
  process.stdout.write(`${formatSummary(summary)}\n`);
  if (values.timeline) {
    for (const row of timeline(run.records)) {
      process.stdout.write(`${formatTimelineRow(row)}\n`);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`traffic: ${error.message}\n`);
  process.exit(2);
});
