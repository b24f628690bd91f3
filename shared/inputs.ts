// Typed, validated action inputs. Every getter either returns a well-formed value or throws a
// ConfigurationError naming the input, the value it got and the form it expected.

import { existsSync } from 'node:fs';
import { ConfigurationError } from './errors.js';
import { credentialAsSent } from './net.js';
import * as core from './runner.js';

/** Where inputs come from; the runner's INPUT_* variables by default, a map in tests. */
export type InputSource = (name: string) => string;

export const runnerInputs: InputSource = (name) => core.getInput(name);

export function mapInputs(values: Record<string, string>): InputSource {
  return (name) => (values[name] ?? '').trim();
}

/** The longest part of a value an error message quotes: enough to recognise it, never a whole file. */
const QUOTE_LIMIT = 100;

/**
 * A value quoted for a one-line message: newlines shown as ⏎ (a message is one line, and a value
 * must not start a line of its own in the log), at most QUOTE_LIMIT characters of it.
 */
export function quote(value: string): string {
  // A lone CR (and NEL, LS, PS) ends a line too, where the runner reads the log.
  const oneLine = value.replace(/\r\n?|[\n\u0085\u2028\u2029]/g, '⏎');
  return oneLine.length <= QUOTE_LIMIT
    ? `'${oneLine}'`
    : `'${oneLine.slice(0, QUOTE_LIMIT)}…' (${value.length} characters)`;
}

function invalid(name: string, value: string, expected: string): ConfigurationError {
  return new ConfigurationError(`input '${name}': got ${quote(value)}, expected ${expected}`);
}

export class Inputs {
  constructor(private readonly source: InputSource = runnerInputs) {}

  /**
   * One line of free text (a reason, an environment's name): it reaches the log, the summary, a
   * record and an issue title, so no control character and at most `max` characters.
   */
  text(name: string, fallback = '', max = 1000): string {
    const value = this.string(name, fallback);
    const control = [...value].some((char) => {
      const code = char.charCodeAt(0);
      return code < 0x20 || code === 0x7f || code === 0x85 || code === 0x2028 || code === 0x2029;
    });
    if (value.length > max || control)
      throw invalid(name, value, `one line of text (no control characters; at most ${max})`);
    return value;
  }

  /** The raw trimmed value, or '' when unset. */
  raw(name: string): string {
    return this.source(name).trim();
  }

  string(name: string, fallback = ''): string {
    return this.raw(name) || fallback;
  }

  required(name: string): string {
    const value = this.raw(name);
    if (!value) throw new ConfigurationError(`input '${name}' is required`);
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (!value) return fallback;
    const lowered = value.toLowerCase();
    if (lowered === 'true') return true;
    if (lowered === 'false') return false;
    throw invalid(name, value, 'true or false');
  }

  /** A whole number no smaller than `min`. */
  integer(name: string, fallback: number, min = Number.MIN_SAFE_INTEGER): number {
    const value = this.raw(name);
    if (!value) return fallback;
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min) {
      throw invalid(
        name,
        value,
        `a whole number${min > Number.MIN_SAFE_INTEGER ? ` of at least ${min}` : ''}`,
      );
    }
    return Number(value);
  }

  /** A fraction between 0 and 1; `80%` is accepted as 0.8. */
  fraction(name: string, fallback: number): number {
    const value = this.raw(name);
    if (!value) return fallback;
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(value);
    const parsed = percent
      ? Number(percent[1]) / 100
      : /^\d+(?:\.\d+)?$/.test(value)
        ? Number(value)
        : Number.NaN;
    if (!(parsed >= 0 && parsed <= 1))
      throw invalid(name, value, 'a number from 0 to 1 (or a percentage like 80%)');
    return parsed;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (!value) return fallback;
    const match = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
    if (!match) throw invalid(name, value, `one of ${allowed.join(', ')}`);
    return match;
  }

  /** A list separated by commas or new lines; empty entries are dropped. */
  list(name: string, fallback: readonly string[] = []): string[] {
    const value = this.raw(name);
    if (!value) return [...fallback];
    return value
      .split(/[,\n]/)
      .map((item) => item.trim())
      .filter(Boolean);
  }

  /** A list whose every item is one of `allowed` (case-insensitive), returned in canonical case. */
  listOf<T extends string>(name: string, allowed: readonly T[], fallback: readonly T[] = []): T[] {
    const items = this.list(name, fallback);
    return items.map((item) => {
      const match = allowed.find((candidate) => candidate.toLowerCase() === item.toLowerCase());
      if (!match) throw invalid(name, item, `a list of ${allowed.join(', ')}`);
      return match;
    });
  }

  /**
   * A duration such as `90s`, `2m`, `1h30m` or a bare number of seconds, at most 30 days;
   * returned in milliseconds. `positive` for a timeout, where 0 would mean "never" to one tool and
   * "at once" to another.
   */
  duration(name: string, fallback: string, { positive = false }: { positive?: boolean } = {}): number {
    const value = this.raw(name) || fallback;
    const ms = parseDuration(value);
    if (ms === undefined || ms > MAX_DURATION_MS || (positive && ms === 0))
      throw invalid(
        name,
        value,
        `a duration like 90s, 2m or 1h30m (${positive ? 'more than 0, ' : ''}at most 30d)`,
      );
    return ms;
  }

  /** A tool's release version, as the installer pins them: 1.2.3 (a v prefix is dropped). */
  toolVersion(name: string, fallback: string): string {
    const value = this.raw(name);
    if (!value) return fallback;
    if (!/^v?\d{1,4}\.\d{1,4}\.\d{1,4}(-[0-9A-Za-z.]{1,32})?$/.test(value))
      throw invalid(name, value, 'a release version like 1.2.3');
    return value.replace(/^v/, '');
  }

  /** An http(s) URL with a host ('' when unset); a password in it is masked at once. */
  url(name: string, options: { plainBase?: boolean } = {}): string {
    const value = this.raw(name);
    if (!value) return '';
    checkUrl(name, value, options);
    return value;
  }

  /**
   * The `tools-mirror` base URL, replacing https://github.com for tool downloads (undefined when
   * unset): asset paths are appended to it, so a ?query or #fragment would swallow them.
   */
  toolsMirror(): string | undefined {
    return this.url('tools-mirror', { plainBase: true }) || undefined;
  }

  /** A path that must exist; '' when unset and not required. */
  existingFile(name: string): string {
    const value = this.raw(name);
    if (value && !existsSync(value)) throw invalid(name, value, 'a path to an existing file');
    return value;
  }
}

/** Longer than any deploy, lock or delay anyone means; a typo of a unit beyond it is refused. */
export const MAX_DURATION_MS = 30 * 86_400_000;

/**
 * A URL for messages: its `user:password@` shown as `***@` and its query as `?…` (tokens travel in
 * both), so credentials never reach the log.
 */
export function redactCredentials(value: string): string {
  return value.replace(/\/\/[^/?#\s]*@/g, '//***@').replace(/\?[^#\s]*/g, '?…');
}

const maskedPasswords = new Set<string>();

/**
 * Masks a URL's password as the runner may meet it: decoded (as sent in Basic auth) and as written
 * in the URL. Each once per process: a mask command is itself a line in the log.
 */
export function maskUrlPassword(url: URL): void {
  if (!url.password) return;
  // As sent (withoutCredentials decodes it; a malformed %-escape is sent as written) and as written.
  for (const secret of [credentialAsSent(url.password), url.password]) {
    if (maskedPasswords.has(secret)) continue;
    maskedPasswords.add(secret);
    core.setSecret(secret);
  }
}

/**
 * Refuses anything but an http(s) URL with a host, naming the input (never quoting its
 * credentials). A password it carries is masked before anything else can log it.
 */
export function checkUrl(name: string, value: string, options: { plainBase?: boolean } = {}): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const shown = redactCredentials(value);
  if (!url || !['http:', 'https:'].includes(url.protocol) || !url.hostname)
    throw invalid(name, shown, 'an http(s) URL like https://host:port/path');
  maskUrlPassword(url);
  if (options.plainBase && (url.search || url.hash))
    throw invalid(name, shown, 'a base URL without ?query or #fragment (paths are appended to it)');
  return url;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `90s`, `2m`, `1h30m`, `500ms` or a bare number of seconds into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value) * 1000;
  if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/.test(value)) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(amount) * (UNIT_MS[unit as string] as number);
  }
  return total;
}
