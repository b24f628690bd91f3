// The optional pre-switch SLO check: before any user's request reaches the idle color, it is sent
// smoke traffic for `pre-switch-window` and judged on it by an SLO whose objectives can fail within
// that window. A failed, inconclusive or unjudgeable check fails the deploy with no traffic moved.
import { setTimeout as delay } from 'node:timers/promises';
import { DEFAULT_TARGET, fillSelector } from '../cluster/release-labels.js';
import type { Color } from '../cluster/release-record.js';
import { ConfigurationError } from '../errors.js';
import { Inputs } from '../inputs.js';
import { getVerifySloInputs, prometheusClientFor, type VerifySloInputs } from '../slo/inputs.js';
import { checkPlan, type VerificationReport, verifyFailClosed } from '../slo/verify.js';
import { parseSmokeUrls, type SmokeCheck, smokeUrl } from './smoke.js';

export interface PreSwitchCheck {
  verify: VerifySloInputs;
  /** What the smoke traffic asks for, per color (default: the smoke URLs). */
  urls: SmokeCheck['urls'];
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
  place: { namespace: string; release: string; smoke?: SmokeCheck },
): Promise<PreSwitchCheck | undefined> {
  const slo = raw.raw('pre-switch-slo').trim();
  // Checked whether or not the check is on: a bad value is refused either way.
  raw.duration('pre-switch-window', DEFAULT_WINDOW);
  if (raw.raw('prometheus-url')) raw.url('prometheus-url');
  const urlLines = raw.list('pre-switch-url').flatMap((line) => line.split(/\s+/));
  const givenUrls = parseSmokeUrls(urlLines, 'pre-switch-url');
  if (!slo) return undefined;
  if (!raw.raw('prometheus-url'))
    throw new ConfigurationError(
      `input 'pre-switch-slo' needs 'prometheus-url' (where the idle color is judged)`,
    );
  const urls = givenUrls ?? place.smoke?.urls;
  if (!urls)
    throw new ConfigurationError(
      `input 'pre-switch-slo' needs 'pre-switch-url' or 'smoke-url': the idle color's URLs to send smoke traffic to`,
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
  return { verify, urls, targetTemplate, requestsPerSecond: REQUESTS_PER_SECOND };
}

/** Sends GETs to `url` at a steady rate until `signal` aborts; answers are judged by the SLO, not here. */
async function smokeTraffic(url: string, perSecond: number, signal: AbortSignal): Promise<number> {
  let sent = 0;
  const gap = 1000 / perSecond;
  while (!signal.aborted) {
    const started = Date.now();
    await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]) })
      .then((response) => response.body?.cancel())
      .catch(() => {});
    sent++;
    await delay(Math.max(0, gap - (Date.now() - started)), undefined, { signal }).catch(() => {});
  }
  return sent;
}

/** Judges `color` running `version` on smoke traffic; the report's verdict decides. */
export async function runPreSwitchCheck(
  check: PreSwitchCheck,
  place: { namespace: string; release: string; color: Color; version: string },
  log: (line: string) => void,
): Promise<VerificationReport & { requests: number }> {
  const url = smokeUrl(check, place.color);
  if (!url) throw new ConfigurationError(`input 'pre-switch-url': no URL for ${place.color}`);
  const plan = { ...check.verify.plan, target: fillSelector(check.targetTemplate, place) };
  log(
    `pre-switch check of ${place.color} (${place.version}): ${check.requestsPerSecond} requests/s to ${url} for up to ${plan.windowSeconds}s, judged on ${plan.target}`,
  );
  const stop = new AbortController();
  const traffic = smokeTraffic(url, check.requestsPerSecond, stop.signal);
  let report: VerificationReport;
  try {
    report = await verifyFailClosed(plan, prometheusClientFor(check.verify), { log });
  } finally {
    stop.abort();
  }
  return { ...report, requests: await traffic };
}
