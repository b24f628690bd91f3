// The optional pre-switch SLO check: before any user's answer comes from the idle color, it is sent
// smoke traffic — or, with `pre-switch-mirror`, a copy of a share of the live requests whose answers
// the data plane drops — for `pre-switch-window`, and judged on it by an SLO whose objectives can
// fail within that window. A failed, inconclusive or unjudgeable check fails the deploy with no
// traffic moved.
import { setTimeout as delay } from 'node:timers/promises';
import { DEFAULT_TARGET, fillSelector } from '../cluster/release-labels.js';
import type { Color } from '../cluster/release-record.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { Inputs, quote, redactCredentials } from '../inputs.js';
import { withoutCredentials } from '../net.js';
import { getVerifySloInputs, prometheusClientFor, type VerifySloInputs } from '../slo/inputs.js';
import { checkPlan, type VerificationReport, verifyFailClosed } from '../slo/verify.js';
import { parseSmokeUrls, type SmokeCheck, smokeUrl } from './smoke.js';
import type { Strategy } from './traffic.js';

export interface PreSwitchCheck {
  verify: VerifySloInputs;
  /** What the smoke traffic asks for, per color (default: the smoke URLs); none when mirroring only. */
  urls?: SmokeCheck['urls'];
  /** Percent of the live requests copied to the idle color instead of smoke traffic (traffic: gateway). */
  mirrorPercent?: number;
  /** PromQL selector template of the idle color's new pods. */
  targetTemplate: string;
  /** Requests per second sent to each URL during the window. */
  requestsPerSecond: number;
}

/** Long enough for a few scrapes, short enough to add little to a deploy. */
const DEFAULT_WINDOW = '30s';
const REQUESTS_PER_SECOND = 10;

/** The check, from `pre-switch-slo` (off when empty); every input checked before anything changes. */
export async function getPreSwitchCheck(
  raw: Inputs,
  place: { namespace: string; release: string; smoke?: SmokeCheck; strategy: Strategy },
): Promise<PreSwitchCheck | undefined> {
  const slo = raw.raw('pre-switch-slo').trim();
  const mirrorPercent = parseMirrorPercent(raw.raw('pre-switch-mirror'), place.strategy);
  // Checked whether or not the check is on: a bad value is refused either way.
  raw.duration('pre-switch-window', DEFAULT_WINDOW);
  if (raw.raw('prometheus-url')) raw.url('prometheus-url');
  const urlLines = raw.list('pre-switch-url').flatMap((line) => line.split(/\s+/));
  const givenUrls = parseSmokeUrls(urlLines, 'pre-switch-url');
  if (!slo) {
    if (mirrorPercent !== undefined)
      throw new ConfigurationError(
        `input 'pre-switch-mirror' needs 'pre-switch-slo': the SLO the mirrored requests are judged by`,
      );
    return undefined;
  }
  if (!raw.raw('prometheus-url'))
    throw new ConfigurationError(
      `input 'pre-switch-slo' needs 'prometheus-url' (where the idle color is judged)`,
    );
  // Mirroring, a health-check smoke URL is not what to judge a first deploy on (only pre-switch-url).
  const urls = givenUrls ?? (mirrorPercent === undefined ? place.smoke?.urls : undefined);
  if (!urls && mirrorPercent === undefined)
    throw new ConfigurationError(
      `input 'pre-switch-slo' needs 'pre-switch-mirror', 'pre-switch-url' or 'smoke-url': live requests to copy, or the idle color's URLs to send smoke traffic to`,
    );
  const targetTemplate = raw.raw('target') || DEFAULT_TARGET;
  const verify = await getVerifySloInputs(
    new Inputs((name) => {
      if (name === 'slo') return slo;
      // Not the file's window: SLO files are written for after the switch (minutes).
      if (name === 'window') return raw.raw('pre-switch-window') || DEFAULT_WINDOW;
      if (name === 'target')
        return fillSelector(targetTemplate, { ...place, color: 'blue', version: 'placeholder' });
      // Nothing beside the idle color takes smoke traffic; no data is never a pass here.
      if (name === 'baseline') return 'none';
      if (name === 'on-no-data') return 'fail';
      if (['prometheus-url', 'prometheus-token'].includes(name)) return raw.raw(name);
      return '';
    }),
  );
  verify.plan.noBaselineReason = 'pre-switch: only the idle color takes (smoke) traffic';
  const cannotFail = checkPlan(verify.plan).filter((warning) => warning.includes('cannot fail'));
  if (cannotFail.length)
    throw new ConfigurationError(
      `input 'pre-switch-slo': ${cannotFail[0]} (pre-switch-window); a pre-switch SLO needs objectives whose 'for' fits the window, e.g. examples/slo/pre-switch.yaml`,
    );
  if (verify.plan.spec.objectives.every((objective) => ['relative', 'mann-whitney'].includes(objective.kind)))
    throw new ConfigurationError(
      `input 'pre-switch-slo': every objective compares with a baseline, and before the switch there is none: give at least one threshold or burn-rate objective`,
    );
  return { verify, urls, mirrorPercent, targetTemplate, requestsPerSecond: REQUESTS_PER_SECOND };
}

/** `pre-switch-mirror`: a whole percentage of the live requests; only an HTTPRoute can copy them. */
export function parseMirrorPercent(text: string, strategy: Strategy): number | undefined {
  const value = text.trim();
  if (!value) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100)
    throw new ConfigurationError(
      `input 'pre-switch-mirror': got ${quote(text)}, expected the percent of live requests to mirror, a whole number from 1 to 100`,
    );
  if (strategy !== 'gateway')
    throw new ConfigurationError(
      `input 'pre-switch-mirror': got ${quote(text)} with traffic '${strategy}'; requests are mirrored by the Gateway API HTTPRoute (traffic: gateway)`,
    );
  return Number(value);
}

/** Live requests copied to the idle color for the check: started before it, stopped after it. */
export interface Mirror {
  /** Starts copying; returns how (e.g. `traefik-service`). */
  start(): Promise<string>;
  stop(): Promise<void>;
}

/** The check's report, with what it was fed: smoke requests (counted) or mirrored live ones. */
export type PreSwitchReport = VerificationReport & { fedBy: string };

/** Sends GETs to `url` at a steady rate until `signal` aborts; answers are judged by the SLO, not here. */
async function smokeTraffic(url: string, perSecond: number, signal: AbortSignal): Promise<number> {
  let sent = 0;
  const gap = 1000 / perSecond;
  // fetch refuses a URL with user:password: every request would fail before it is sent.
  const plain = withoutCredentials(url);
  while (!signal.aborted) {
    const started = Date.now();
    await fetch(plain.url, {
      headers: plain.headers,
      signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]),
    })
      .then((response) => response.body?.cancel())
      .catch(() => {});
    sent++;
    await delay(Math.max(0, gap - (Date.now() - started)), undefined, { signal }).catch(() => {});
  }
  return sent;
}

/** What the idle color gets while it is judged: started before the check, ended after it. */
interface Feed {
  /** For the log line that opens the check. */
  what: string;
  start(): Promise<void>;
  /** Ends it; returns what the report says the color was fed. */
  end(): Promise<string>;
}

/** A copy of `percent` of the live requests; a copy that cannot start is undone before failing. */
function mirrorFeed(mirror: Mirror, percent: number): Feed {
  let via = '';
  return {
    what: `${percent}% of live requests mirrored to it`,
    async start() {
      try {
        via = await mirror.start();
      } catch (error) {
        // Both are told: why the copy could not start, and whether the route is back as it was.
        const undone = await mirror.stop().then(
          () => '',
          (stopError: unknown) => `; putting the route back failed too: ${errorMessage(stopError)}`,
        );
        if (!undone) throw error;
        throw new Error(`${errorMessage(error)}${undone}`);
      }
    },
    async end() {
      await mirror.stop();
      return `${percent}% of live requests, mirrored (${via})`;
    },
  };
}

/** Smoke requests to `url` at a steady rate, counted. */
function smokeFeed(url: string, perSecond: number): Feed {
  const stop = new AbortController();
  let traffic: Promise<number> = Promise.resolve(0);
  return {
    what: `${perSecond} requests/s to ${redactCredentials(url)}`,
    async start() {
      traffic = smokeTraffic(url, perSecond, stop.signal);
    },
    async end() {
      stop.abort();
      return `${await traffic} smoke requests`;
    },
  };
}

/**
 * Judges `color` running `version` on a copy of live requests (with `mirror`) or on smoke traffic;
 * the report's verdict decides. A mirror that cannot start fails the check: nothing is judged.
 */
export async function runPreSwitchCheck(
  check: PreSwitchCheck,
  place: { namespace: string; release: string; color: Color; version: string },
  log: (line: string) => void,
  mirror?: Mirror,
): Promise<PreSwitchReport> {
  const plan = { ...check.verify.plan, target: fillSelector(check.targetTemplate, place) };
  let feed: Feed;
  if (check.mirrorPercent !== undefined && mirror) feed = mirrorFeed(mirror, check.mirrorPercent);
  else {
    const url = check.urls && smokeUrl({ urls: check.urls }, place.color);
    if (!url) throw new ConfigurationError(`input 'pre-switch-url': no URL for ${place.color}`);
    feed = smokeFeed(url, check.requestsPerSecond);
  }
  log(
    `pre-switch check of ${place.color} (${place.version}): ${feed.what} for up to ${plan.windowSeconds}s, judged on ${plan.target}`,
  );
  await feed.start();
  let report: VerificationReport;
  try {
    report = await verifyFailClosed(plan, prometheusClientFor(check.verify), { log });
  } catch (error) {
    await feed.end();
    throw error;
  }
  return { ...report, fedBy: await feed.end() };
}
