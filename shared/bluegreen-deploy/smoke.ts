// Smoke checks: HTTP GETs against a color before it gets traffic (and at every traffic step),
// retried, each with a deadline. Any failure is a failed check, with what was seen.

import { pause } from '../cancel.js';
import type { Color } from '../cluster/release-record.js';
import { ConfigurationError } from '../errors.js';
import { checkUrl, quote, redactCredentials } from '../inputs.js';
import { withoutCredentials } from '../net.js';
import * as core from '../runner.js';

export interface SmokeCheck {
  /** URL per color: a template with {color}, or explicit `color=url` entries. */
  urls: Partial<Record<Color, string>> | string;
  expectStatus: number;
  retries: number;
  intervalMs: number;
  timeoutMs: number;
}

export function parseSmokeUrls(lines: string[], input = 'smoke-url'): SmokeCheck['urls'] | undefined {
  if (!lines.length) return undefined;
  const perColor: Partial<Record<Color, string>> = {};
  for (const line of lines) {
    const match = /^(blue|green)=(\S+)$/.exec(line);
    if (match) {
      checkUrl(input, match[2] as string);
      if (perColor[match[1] as Color])
        throw new ConfigurationError(
          `input '${input}': got two URLs for ${match[1]}, expected one blue=URL and one green=URL line`,
        );
      perColor[match[1] as Color] = match[2];
    } else if (lines.length === 1 && /^https?:\/\//.test(line)) {
      checkUrl(input, line.replaceAll('{color}', 'blue'));
      return line;
    } else
      throw new ConfigurationError(
        `input '${input}': got ${quote(line)}, expected a URL (with {color}) or blue=URL / green=URL lines`,
      );
  }
  // Either color may be the idle one: a missing URL would fail the deploy after that color was deployed.
  const missing = (['blue', 'green'] as Color[]).filter((color) => !perColor[color]);
  if (missing.length)
    throw new ConfigurationError(
      `input '${input}': got no URL for ${missing.join(' and ')}, expected blue=URL and green=URL lines (or one URL with {color})`,
    );
  return perColor;
}

export function smokeUrl(check: Pick<SmokeCheck, 'urls'>, color: Color): string | undefined {
  return typeof check.urls === 'string' ? check.urls.replaceAll('{color}', color) : check.urls[color];
}

/** Resolves with a one-line description when the check passes, rejects with what was seen when not. */
export async function runSmoke(check: SmokeCheck, color: Color, cancelled?: AbortSignal): Promise<string> {
  const url = smokeUrl(check, color);
  if (!url) throw new Error(`no smoke URL for ${color}`);
  // fetch refuses a URL with user:password (its error quotes it): they go as Basic auth, and what
  // the log and the summary show of the URL has neither them nor its query.
  const plain = withoutCredentials(url);
  const shown = redactCredentials(url);
  let last = '';
  for (let attempt = 1; attempt <= check.retries + 1; attempt++) {
    try {
      const response = await fetch(plain.url, {
        headers: plain.headers,
        signal: cancelled
          ? AbortSignal.any([AbortSignal.timeout(check.timeoutMs), cancelled])
          : AbortSignal.timeout(check.timeoutMs),
        redirect: 'manual',
      });
      await response.arrayBuffer();
      if (response.status === check.expectStatus)
        return `${shown} answered ${response.status} (attempt ${attempt})`;
      last = `answered ${response.status}, expected ${check.expectStatus}`;
    } catch (error) {
      // A cancelled run stops checking at once: what was split is routed back within the runner's
      // grace period, not after the remaining attempts.
      if (cancelled?.aborted) throw cancelled.reason;
      const cause = (error as { cause?: { code?: string } }).cause;
      last = cause?.code ?? (error as Error).message;
    }
    core.info(`smoke ${color}: ${shown} ${last} (attempt ${attempt}/${check.retries + 1})`);
    if (attempt <= check.retries) await pause(check.intervalMs, cancelled);
  }
  throw new Error(`smoke check of ${color} failed: ${shown} ${last} after ${check.retries + 1} attempt(s)`);
}

/**
 * A color's URL (its smoke URL), which the GitHub environment shows as where the release is: without
 * the smoke check's user:password, which that page (and the step's `url` output) would publish.
 */
export function colorUrl(release: { smoke?: SmokeCheck }, color: Color): string | undefined {
  const url = release.smoke && smokeUrl(release.smoke, color);
  return url && withoutCredentials(url).url;
}
