// Smoke checks reach a loopback server as a real color would answer them.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colorUrl, parseSmokeUrls, runSmoke, type SmokeCheck } from '../../shared/bluegreen-deploy/smoke.js';
import { Cancelled } from '../../shared/cancel.js';

let server: Server;
let port: number;
const authorizations: (string | undefined)[] = [];
/** Requests to /hang get no answer until the test ends (a color that stopped answering). */
const hanging: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/hang') return void hanging.push(response);
    if (request.url === '/unavailable') return void response.writeHead(503).end();
    authorizations.push(request.headers.authorization);
    const ok = request.headers.authorization === `Basic ${Buffer.from('ops:s3cret').toString('base64')}`;
    response.writeHead(ok ? 200 : 401).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  for (const response of hanging) response.destroy();
  return new Promise((resolve) => server.close(resolve));
});

const check = (urls: SmokeCheck['urls']): SmokeCheck => ({
  urls,
  expectStatus: 200,
  retries: 0,
  intervalMs: 0,
  timeoutMs: 5000,
});

describe('smoke check with credentials in its URL', () => {
  it('sends them as Basic auth and never shows them', async () => {
    authorizations.length = 0;
    const line = await runSmoke(check(`http://ops:s3cret@127.0.0.1:${port}/health?token=t0k`), 'green');
    expect(authorizations).toHaveLength(1);
    expect(line).toBe(`http://***@127.0.0.1:${port}/health?… answered 200 (attempt 1)`);
    const failed = await runSmoke(check(`http://ops:wrong@127.0.0.1:${port}/health`), 'green').catch(
      (error: Error) => error.message,
    );
    expect(failed).toContain('answered 401, expected 200');
    expect(failed).not.toContain('wrong');
  });

  it('gives the GitHub environment and the url output the URL without them', () => {
    const smoke = check({
      blue: 'https://ops:s3cret@blue.example.com/',
      green: 'https://green.example.com/',
    });
    expect(colorUrl({ smoke }, 'blue')).toBe('https://blue.example.com/');
    expect(colorUrl({ smoke: check('https://ops:s3cret@{color}.example.com/') }, 'green')).toBe(
      'https://green.example.com/',
    );
    expect(colorUrl({}, 'green')).toBeUndefined();
  });
});

describe('smoke check of a cancelled run', () => {
  // The runner kills a cancelled job 7.5 s after its SIGINT: the route back cannot wait for the
  // check's remaining attempts (up to retries × (timeout + interval)).
  const cancelAfter = (ms: number) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Cancelled('the run was cancelled (SIGINT)')), ms);
    return controller.signal;
  };

  it('stops a request the color does not answer, with the cancel as its error', {
    timeout: 10_000,
  }, async () => {
    const started = Date.now();
    const outcome = runSmoke(
      { ...check(`http://127.0.0.1:${port}/hang`), retries: 5, timeoutMs: 30_000 },
      'green',
      cancelAfter(100),
    ).catch((error: unknown) => error);
    const error = await outcome;
    expect(error).toBeInstanceOf(Cancelled);
    expect((error as Error).message).toBe('the run was cancelled (SIGINT)');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(hanging.length).toBeGreaterThan(0);
  });

  it('stops waiting between attempts', { timeout: 10_000 }, async () => {
    const started = Date.now();
    const error = await runSmoke(
      { ...check(`http://127.0.0.1:${port}/unavailable`), retries: 5, intervalMs: 30_000 },
      'green',
      cancelAfter(100),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Cancelled);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('without a cancel, a color that answers 503 fails after every attempt', async () => {
    const failed = await runSmoke(
      { ...check(`http://127.0.0.1:${port}/unavailable`), retries: 1, intervalMs: 10 },
      'green',
      new AbortController().signal,
    ).catch((error: Error) => error.message);
    expect(failed).toBe(
      `smoke check of green failed: http://127.0.0.1:${port}/unavailable answered 503, expected 200 after 2 attempt(s)`,
    );
  });
});

describe('smoke URLs', () => {
  it('need a URL for each color, given once, before anything is deployed', () => {
    expect(parseSmokeUrls(['blue=https://b.example.com/', 'green=https://g.example.com/'])).toEqual({
      blue: 'https://b.example.com/',
      green: 'https://g.example.com/',
    });
    expect(parseSmokeUrls(['https://{color}.example.com/'])).toBe('https://{color}.example.com/');
    expect(() => parseSmokeUrls(['blue=https://b.example.com/'])).toThrow(
      "input 'smoke-url': got no URL for green, expected blue=URL and green=URL lines (or one URL with {color})",
    );
    expect(() =>
      parseSmokeUrls(['blue=https://b.example.com/', 'blue=https://c.example.com/'], 'pre-switch-url'),
    ).toThrow("input 'pre-switch-url': got two URLs for blue");
  });
});
