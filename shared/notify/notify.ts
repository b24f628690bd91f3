// Notifications from the runner: Slack and Microsoft Teams incoming webhooks, and a generic JSON
// webhook signed with an HMAC secret (as GitHub signs its own: X-Pipeline-Signature-256). One
// message per event per run; a notification that cannot be sent is a warning, never the verdict.
import { errorMessage } from '../errors.js';
import { checkUrl, type Inputs } from '../inputs.js';
import { fetchFailure, withoutCredentials } from '../net.js';
import * as core from '../runner.js';

export type ReleaseEventName =
  | 'started'
  | 'failed'
  | 'verified'
  | 'not-verified'
  | 'breached'
  | 'held'
  | 'rolled-back';

export interface ReleaseEvent {
  event: ReleaseEventName;
  release: string;
  environment?: string;
  version: string;
  /** breached: the objectives; rolled-back: the version put back. */
  breached?: string[];
  rolledBackTo?: string;
  verdict?: string;
  reason?: string;
  timeToRollbackSeconds?: number;
  /** The workflow run, for the link a person follows. */
  runUrl?: string;
}

export interface NotifyTargets {
  slack?: string;
  teams?: string;
  webhook?: string;
  webhookSecret?: string;
}

/** The notify-* inputs: webhook URLs are secrets (Slack's carries its token), masked whole. */
export function getNotifyTargets(inputs: Inputs): NotifyTargets {
  const url = (name: string) => {
    const value = inputs.raw(name);
    if (!value) return undefined;
    core.setSecret(value);
    checkUrl(name, value);
    return value;
  };
  const targets: NotifyTargets = {
    slack: url('notify-slack'),
    teams: url('notify-teams'),
    webhook: url('notify-webhook'),
    webhookSecret: inputs.raw('notify-webhook-secret') || undefined,
  };
  if (targets.webhookSecret) core.setSecret(targets.webhookSecret);
  return targets;
}

const HEADLINE: Record<ReleaseEventName, (e: ReleaseEvent) => string> = {
  started: (e) => `🚀 ${e.release}: deploying ${e.version}${e.environment ? ` to ${e.environment}` : ''}`,
  failed: (e) => `💥 ${e.release}: deploying ${e.version} failed before verification (${e.reason})`,
  verified: (e) => `✅ ${e.release}: ${e.version} is live, its SLOs held`,
  'not-verified': (e) => `⚠️ ${e.release}: ${e.version} is live, not verified (${e.reason ?? e.verdict})`,
  breached: (e) =>
    `❌ ${e.release}: ${e.version} breached its SLOs (${(e.breached ?? []).join(', ') || e.reason})`,
  held: (e) =>
    `🟡 ${e.release}: ${e.version} held for a decision, its score marginal (${(e.breached ?? []).join(', ') || e.reason})`,
  'rolled-back': (e) =>
    `↩️ ${e.release}: rolled back ${e.version} → ${e.rolledBackTo}${e.timeToRollbackSeconds === undefined ? '' : ` in ${e.timeToRollbackSeconds.toFixed(1)}s`}`,
};

export function headline(event: ReleaseEvent): string {
  return HEADLINE[event.event](event);
}

function facts(event: ReleaseEvent): [string, string][] {
  return [
    ['Release', event.release],
    ['Environment', event.environment ?? ''],
    ['Version', event.version],
    ['Verdict', event.verdict ?? ''],
    ['Rolled back to', event.rolledBackTo ?? ''],
    [
      'Time to rollback',
      event.timeToRollbackSeconds === undefined ? '' : `${event.timeToRollbackSeconds.toFixed(1)}s`,
    ],
  ].filter(([, value]) => value !== '') as [string, string][];
}

/**
 * Slack reads `<…>` in a message as a link or a mention (`<!channel>`) and `&` as an entity; a reason
 * such as `p < 0.05 … ratio > 1.2×` must reach it as written, so these three are escaped, as Slack asks.
 */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack's incoming-webhook message: a text fallback and Block Kit blocks. */
export function slackMessage(event: ReleaseEvent) {
  const text = slackEscape(headline(event));
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
      {
        type: 'section',
        fields: facts(event).map(([title, value]) => ({
          type: 'mrkdwn',
          text: `*${title}*\n${slackEscape(value)}`,
        })),
      },
      ...(event.runUrl
        ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `<${event.runUrl}|The workflow run>` }] }]
        : []),
    ],
  };
}

/** Teams' workflow webhook message: one Adaptive Card. */
export function teamsMessage(event: ReleaseEvent) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: headline(event), weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'FactSet', facts: facts(event).map(([title, value]) => ({ title, value })) },
          ],
          ...(event.runUrl
            ? { actions: [{ type: 'Action.OpenUrl', title: 'The workflow run', url: event.runUrl }] }
            : {}),
        },
      },
    ],
  };
}

/** The generic webhook's body and its headers; the signature is HMAC-SHA256 of the exact body. */
export function webhookRequest(event: ReleaseEvent, delivery: string, secret?: string) {
  const body = JSON.stringify({ ...event, headline: headline(event), sentAt: new Date().toISOString() });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-pipeline-event': event.event,
    'x-pipeline-delivery': delivery,
  };
  if (secret)
    headers['x-pipeline-signature-256'] =
      `sha256=${process.getBuiltinModule('node:crypto').createHmac('sha256', secret).update(body).digest('hex')}`;
  return { body, headers };
}

const NOTIFY_TIMEOUT_MS = 10_000;

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const plain = withoutCredentials(url);
  let response: Response;
  try {
    response = await fetch(plain.url, {
      method: 'POST',
      headers: { ...plain.headers, ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(fetchFailure(error, NOTIFY_TIMEOUT_MS));
  }
  await response.body?.cancel().catch(() => {});
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

export interface Notifier {
  send(event: ReleaseEvent): Promise<void>;
}

/** Sends each event once per run to every target given; failures are warnings that name the target. */
export function notifier(targets: NotifyTargets, env: NodeJS.ProcessEnv = process.env): Notifier {
  const sent = new Set<ReleaseEventName>();
  const runUrl = env.GITHUB_RUN_ID
    ? `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
    : undefined;
  return {
    async send(event) {
      if (sent.has(event.event)) return;
      sent.add(event.event);
      const full = { ...event, runUrl: event.runUrl ?? runUrl };
      // Same delivery id for the same event of the same run: a receiver can drop a repeat.
      const delivery = env.GITHUB_RUN_ID
        ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${event.event}`
        : crypto.randomUUID();
      const sends: [string, string | undefined, () => Promise<void>][] = [
        [
          'Slack',
          targets.slack,
          () =>
            post(targets.slack as string, JSON.stringify(slackMessage(full)), {
              'content-type': 'application/json',
            }),
        ],
        [
          'Teams',
          targets.teams,
          () =>
            post(targets.teams as string, JSON.stringify(teamsMessage(full)), {
              'content-type': 'application/json',
            }),
        ],
        [
          'the webhook',
          targets.webhook,
          () => {
            const request = webhookRequest(full, delivery, targets.webhookSecret);
            return post(targets.webhook as string, request.body, request.headers);
          },
        ],
      ];
      await Promise.all(
        sends
          .filter(([, url]) => url)
          .map(([name, , send]) =>
            send().catch((error) =>
              core.warning(`notification '${event.event}' to ${name} not sent: ${errorMessage(error)}`),
            ),
          ),
      );
    },
  };
}
