// Notifications reach loopback receivers in the shapes Slack, Teams and a signed webhook expect;
// one message per event per run; a receiver that fails is a warning, never an error.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { headline, notifier, type ReleaseEvent, slackMessage } from '../../shared/notify/notify.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let base: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      response.writeHead(request.url === '/broken' ? 500 : 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const rolledBack: ReleaseEvent = {
  event: 'rolled-back',
  release: 'shop',
  environment: 'production',
  version: '3.0.0',
  rolledBackTo: '2.0.0',
  verdict: 'fail',
  breached: ['error-rate'],
  timeToRollbackSeconds: 4.2,
};
const env = {
  GITHUB_RUN_ID: '77',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_REPOSITORY: 'org/shop',
  GITHUB_SERVER_URL: 'https://github.com',
};

describe('notifications', () => {
  it('Slack gets Block Kit, Teams an Adaptive Card, the webhook signed JSON — once per event', async () => {
    received.length = 0;
    const notify = notifier(
      {
        slack: `${base}/slack`,
        teams: `${base}/teams`,
        webhook: `${base}/hook`,
        webhookSecret: 'hmac-secret',
      },
      env,
    );
    await notify.send(rolledBack);
    await notify.send(rolledBack); // the same event again in the same run: not repeated
    expect(received.map((r) => r.path).sort()).toEqual(['/hook', '/slack', '/teams']);
    const slack = JSON.parse(received.find((r) => r.path === '/slack')!.body);
    expect(slack.text).toBe('↩️ shop: rolled back 3.0.0 → 2.0.0 in 4.2s');
    expect(slack.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: `*${slack.text}*` } });
    expect(slack.blocks[1].fields).toContainEqual({ type: 'mrkdwn', text: '*Rolled back to*\n2.0.0' });
    expect(slack.blocks[2].elements[0].text).toBe(
      '<https://github.com/org/shop/actions/runs/77|The workflow run>',
    );
    const teams = JSON.parse(received.find((r) => r.path === '/teams')!.body);
    expect(teams.type).toBe('message');
    expect(teams.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = teams.attachments[0].content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(card.body[1].facts).toContainEqual({ title: 'Environment', value: 'production' });
    expect(card.actions[0]).toEqual({
      type: 'Action.OpenUrl',
      title: 'The workflow run',
      url: 'https://github.com/org/shop/actions/runs/77',
    });
    const hook = received.find((r) => r.path === '/hook')!;
    expect(hook.headers['x-pipeline-event']).toBe('rolled-back');
    expect(hook.headers['x-pipeline-delivery']).toBe('77-1-rolled-back');
    // The receiver checks the signature over the exact body it got.
    const expected = `sha256=${createHmac('sha256', 'hmac-secret').update(hook.body).digest('hex')}`;
    expect(hook.headers['x-pipeline-signature-256']).toBe(expected);
    expect(JSON.parse(hook.body)).toMatchObject({
      event: 'rolled-back',
      release: 'shop',
      rolledBackTo: '2.0.0',
    });
  });

  it('a receiver that fails or never listens is a warning naming it; the others still get theirs', async () => {
    received.length = 0;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await notifier(
        { slack: `${base}/broken`, teams: `http://127.0.0.1:${closedPort}/teams`, webhook: `${base}/hook` },
        env,
      ).send({
        ...rolledBack,
        event: 'started',
      });
      const log = write.mock.calls.map((call) => String(call[0])).join('');
      expect(log).toContain("::warning::notification 'started' to Slack not sent: HTTP 500");
      expect(log).toContain("::warning::notification 'started' to Teams not sent: ECONNREFUSED");
    } finally {
      write.mockRestore();
    }
    expect(received.map((r) => r.path).sort()).toEqual(['/broken', '/hook']);
    // Unsigned without a secret.
    expect(received.find((r) => r.path === '/hook')!.headers['x-pipeline-signature-256']).toBeUndefined();
  });

  it('Slack shows a reason with < > & as written: never a link, a mention or an entity', () => {
    const message = slackMessage({
      event: 'failed',
      release: 'shop',
      environment: 'prod <!channel>',
      version: '3.0.0',
      reason: 'latency: p < 0.05 with mean ratio > 1.2× & rising',
    });
    expect(message.text).toBe(
      '💥 shop: deploying 3.0.0 failed before verification (latency: p &lt; 0.05 with mean ratio &gt; 1.2× &amp; rising)',
    );
    expect(message.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${message.text}*` },
    });
    expect(message.blocks[1]!.fields).toContainEqual({
      type: 'mrkdwn',
      text: '*Environment*\nprod &lt;!channel&gt;',
    });
  });

  it('a deploy that stops before verification closes what `started` opened, with the reason', () => {
    expect(
      headline({
        event: 'failed',
        release: 'shop',
        version: '3.0.0',
        reason: 'web-green never became ready in 300s',
      }),
    ).toBe('💥 shop: deploying 3.0.0 failed before verification (web-green never became ready in 300s)');
  });
});
