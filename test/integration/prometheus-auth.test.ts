// A Prometheus behind Basic auth, as many are: a loopback proxy that demands the credentials and
// records what it receives, in front of the platform's real Prometheus. verify-slo is given
// `http://user:password@…`; the password must reach the proxy as Basic auth and nowhere else —
// not the log (beyond the runner's mask command), not the summary, an output or the report.
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleRun, errorLines, runBundle } from '../support/bundle.js';
import { usePlatform } from '../support/platform.js';

const platform = usePlatform();
const USER = 'slo-reader';
const PASSWORD = 'Pr0m-s3cret/with:odd@chars';
const EXPECTED_AUTH = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

let proxy: Server;
let proxyPort: number;
const received: { path: string; authorization?: string }[] = [];

/** Everything a run left behind that a person or a later step can read, but the mask command. */
function visible(run: BundleRun): string {
  const log = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  return [log, run.summary, JSON.stringify(run.outputs)].join('\n');
}

function forward(incoming: IncomingMessage, respond: (status: number, body: Buffer) => void): void {
  const upstream = new URL(platform().prometheus);
  const chunks: Buffer[] = [];
  incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
  incoming.on('end', () => {
    const outgoing = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: incoming.url,
        method: incoming.method,
        headers: { 'content-type': incoming.headers['content-type'] ?? 'application/octet-stream' },
      },
      (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => respond(answer.statusCode ?? 502, Buffer.concat(body)));
      },
    );
    outgoing.on('error', () => respond(502, Buffer.from('upstream unreachable')));
    outgoing.end(Buffer.concat(chunks));
  });
}

beforeAll(async () => {
  platform();
  proxy = createServer((incoming, response) => {
    received.push({ path: incoming.url ?? '', authorization: incoming.headers.authorization });
    if (incoming.headers.authorization !== EXPECTED_AUTH) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="prometheus"' }).end('Unauthorized\n');
      return;
    }
    forward(incoming, (status, body) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(body),
    );
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyPort = (proxy.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
});

// The default SLO's queries, but CPU: the platform's blue and green stand-ins are host processes,
// which cAdvisor does not see (the real workloads' CPU is judged in workloads.test.ts).
const DEFAULT_BUT_CPU = [
  'apiVersion: pipeline/v1',
  'kind: SLO',
  'extends: default',
  'objectives:',
  '  - name: cpu',
  '    enabled: false',
].join('\n');

function verify(prometheusUrl: string): Promise<BundleRun> {
  return runBundle('verify-slo', {
    'prometheus-url': prometheusUrl,
    slo: DEFAULT_BUT_CPU,
    target: 'color="green"',
    baseline: 'color="blue"',
    window: '10s',
    interval: '2s',
  });
}

describe('Prometheus with user:password@ in its URL', () => {
  it('the default SLO (but CPU) is judged through the credentials, which appear nowhere but as Basic auth', async () => {
    const url = `http://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${proxyPort}`;
    received.length = 0;
    const run = await verify(url);
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((entry) => entry.authorization === EXPECTED_AUTH)).toBe(true);
    // The runner is told to mask it before anything else is written.
    const firstMask = run.stdout.indexOf(`::add-mask::${PASSWORD}`);
    expect(firstMask).toBeGreaterThanOrEqual(0);
    expect(run.stdout.slice(0, firstMask)).not.toMatch(/Prometheus|prometheus/);
    const shown = visible(run);
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), EXPECTED_AUTH.slice(6)])
      expect(shown).not.toContain(secret);
    // The summary and the report name the Prometheus that judged, without its credentials.
    expect(run.summary).toContain(`Prometheus http://127.0.0.1:${proxyPort}`);
    expect(JSON.parse(run.outputs.report as string).prometheus).toBe(`http://127.0.0.1:${proxyPort}`);
  });

  it('a wrong password fails closed in one line that names the refusal, not the password', async () => {
    const wrong = 'not-the-password';
    const run = await verify(`http://${USER}:${wrong}@127.0.0.1:${proxyPort}`);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(errorLines(run).join('\n')).toMatch(
      new RegExp(`Prometheus at http://127\\.0\\.0\\.1:${proxyPort} refused access \\(HTTP 401`),
    );
    expect(visible(run)).not.toContain(wrong);
  });

  it('a URL refused as input quotes neither its password nor its query', async () => {
    const run = await verify(
      `ftp://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${proxyPort}/?token=abc123`,
    );
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      `input 'prometheus-url': got 'ftp://***@127.0.0.1:${proxyPort}/?…', expected an http(s) URL like https://host:port/path`,
    ]);
    expect(visible(run)).not.toContain(encodeURIComponent(PASSWORD));
    expect(visible(run)).not.toContain('abc123');
  });
});
