// Reads trivy's JSON report from a file in bounded memory, whatever its size.
//
// A report of a million findings is about 320 MB of JSON: one string can hold it, but JSON.parse
// then builds every vulnerability with every field (descriptions, CVSS, references) — about
// 1 GB of objects — before the gate has looked at one. Here the file is read in chunks; the few
// top-level fields are parsed whole, and the finding lists are parsed a batch of about 1 MB at a
// time and turned into findings at once, so only the findings stay. The structure around the
// batches is checked as strictly as JSON.parse would; every batch goes through JSON.parse itself.

import { closeSync, openSync, readSync } from 'node:fs';
import { ConfigurationError, jsonErrorWhere } from '../errors.js';
import {
  type Finding,
  keepCollectedFindings,
  misconfigurationFinding,
  secretFinding,
  vulnerabilityFinding,
} from '../policy/findings.js';
import { checkReportShape, checkResultShape, type TrivyReport, type TrivyResult } from '../trivy.js';

/** How much of the file is read at a time, and how much of a finding list JSON.parse takes at once. */
export interface ReadSizes {
  chunkBytes: number;
  batchBytes: number;
}

const SIZES: ReadSizes = { chunkBytes: 8 << 20, batchBytes: 1 << 20 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const LIST_KEYS = new Set<string>(['Vulnerabilities', 'Misconfigurations', 'Secrets']);

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** A report's bytes, a window of the file at a time. */
class ReportBytes {
  buf: Buffer;
  /** Valid bytes in buf. */
  len = 0;
  /** File offset of buf[0]. */
  base = 0;
  pos = 0;
  private ended = false;

  constructor(
    private readonly fd: number,
    readonly source: string,
    private readonly sizes: ReadSizes,
  ) {
    this.buf = Buffer.allocUnsafe(sizes.chunkBytes);
  }

  /** Appends the next part of the file (growing the window if it is full); false at its end. */
  fill(): boolean {
    if (this.ended) return false;
    if (this.len === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    const read = readSync(this.fd, this.buf, this.len, this.buf.length - this.len, null);
    if (read === 0) this.ended = true;
    this.len += read;
    return read > 0;
  }

  /** Forgets what is before `pos`: called between values, so nothing points into it. */
  compact(): void {
    if (this.pos < this.sizes.chunkBytes / 2) return;
    this.buf.copy(this.buf, 0, this.pos, this.len);
    this.base += this.pos;
    this.len -= this.pos;
    this.pos = 0;
  }

  invalid(why: string, at = this.pos): ConfigurationError {
    return new ConfigurationError(
      `report '${this.source}' is not valid JSON (${why} at byte ${this.base + at + 1})`,
    );
  }

  /** The byte at `at`, reading on as needed; -1 at the end of the file. */
  byteAt(at: number): number {
    while (at >= this.len) if (!this.fill()) return -1;
    return this.buf[at] as number;
  }

  /** The next byte that is not white space, without consuming it. */
  peek(): number {
    for (;;) {
      const byte = this.byteAt(this.pos);
      if (byte === -1 || !isSpace(byte)) return byte;
      this.pos++;
    }
  }

  expect(byte: number): void {
    const got = this.peek();
    if (got !== byte)
      throw got === -1
        ? this.invalid('it ends too soon')
        : this.invalid(`unexpected '${String.fromCharCode(got)}'`);
    this.pos++;
  }

  /** Index just past the value that starts at `start` (white space already skipped). */
  valueEnd(start: number): number {
    const first = this.byteAt(start);
    if (first === -1) throw this.invalid('it ends too soon', start);
    let at = start;
    if (first === QUOTE) return this.stringEnd(start + 1);
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      // A number, true, false or null: JSON.parse judges it; here it only needs its end.
      for (;;) {
        const byte = this.byteAt(at);
        if (byte === -1 || byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte))
          return at;
        at++;
      }
    }
    let depth = 0;
    for (;;) {
      const { buf, len } = this;
      while (at < len) {
        const byte = buf[at] as number;
        if (byte === QUOTE) {
          at = this.stringEnd(at + 1);
          break;
        }
        at++;
        if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
        else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --depth === 0) return at;
      }
      if (at >= this.len && !this.fill()) throw this.invalid('it ends too soon', start);
    }
  }

  /** Index just past the closing quote of a string whose contents start at `at`. */
  private stringEnd(at: number): number {
    for (;;) {
      const quote = this.buf.indexOf(QUOTE, at);
      if (quote === -1 || quote >= this.len) {
        at = this.len;
        if (!this.fill()) throw this.invalid('it ends too soon', at);
        continue;
      }
      let backslashes = 0;
      for (let back = quote - 1; back >= 0 && this.buf[back] === BACKSLASH; back--) backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
      at = quote + 1;
    }
  }

  /** JSON.parse of buf[start, end), its errors as one line that names the byte. */
  parse(start: number, end: number, wrap = false): unknown {
    const text = this.buf.toString('utf8', start, end);
    try {
      return JSON.parse(wrap ? `[${text}]` : text);
    } catch (error) {
      throw this.invalid(jsonErrorWhere(error).replace(/ at character \d+$/, ''), start);
    }
  }

  /** The next value, parsed whole. */
  value(): unknown {
    this.peek();
    const end = this.valueEnd(this.pos);
    const parsed = this.parse(this.pos, end);
    this.pos = end;
    return parsed;
  }

  key(): string {
    if (this.peek() !== QUOTE) {
      const got = this.byteAt(this.pos);
      throw got === -1
        ? this.invalid('it ends too soon')
        : this.invalid(`unexpected '${String.fromCharCode(got)}'`);
    }
    const key = this.value() as string;
    this.expect(COLON);
    return key;
  }

  /** After a member: true if another follows, false at the container's end. */
  more(close: number): boolean {
    const byte = this.peek();
    this.pos++;
    if (byte === COMMA) return true;
    if (byte === close) return false;
    this.pos--;
    throw byte === -1
      ? this.invalid('it ends too soon')
      : this.invalid(`unexpected '${String.fromCharCode(byte)}'`);
  }

  /**
   * The elements of the array that starts here, handed over a batch at a time (JSON.parse of
   * about batchBytes of elements at once: one call per element would cost more than the parse).
   */
  eachBatch(take: (batch: unknown[]) => void): void {
    this.expect(OPEN_BRACKET);
    if (this.peek() === CLOSE_BRACKET) {
      this.pos++;
      return;
    }
    let batchStart = this.pos;
    for (;;) {
      this.peek();
      const end = this.valueEnd(this.pos);
      this.pos = end;
      const last = !this.more(CLOSE_BRACKET);
      if (last || end - batchStart >= this.sizes.batchBytes) {
        take(this.parse(batchStart, end, true) as unknown[]);
        if (last) return;
        this.compact();
        this.peek();
        batchStart = this.pos;
      }
    }
  }
}

/**
 * One copy of each version string: a million findings name a few thousand versions, and JSON.parse
 * makes a new string for each mention. Bounded, so a report of all-different values cannot grow it.
 */
class Versions {
  private readonly seen = new Map<string, string>();

  one(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const known = this.seen.get(value);
    if (known !== undefined) return known;
    if (this.seen.size < 100_000) this.seen.set(value, value);
    return value;
  }
}

function readResult(bytes: ReportBytes, index: number, findings: Finding[], versions: Versions): TrivyResult {
  if (bytes.peek() !== OPEN_BRACE) {
    bytes.value();
    throw new ConfigurationError(`report '${bytes.source}' is malformed: Results[${index}] has no Target`);
  }
  bytes.expect(OPEN_BRACE);
  const result: Record<string, unknown> = {};
  const first = findings.length;
  // Misconfigurations' findings (as index ranges) take the result's Type once it is read.
  const misconfigurations: [number, number][] = [];
  if (bytes.peek() === CLOSE_BRACE) bytes.pos++;
  else
    do {
      const key = bytes.key();
      const next = bytes.peek();
      if ((LIST_KEYS.has(key) || key === 'Packages') && next === OPEN_BRACKET) {
        // Packages are listed, never judged: only that the list is there is kept.
        result[key] = [];
        let position = 0;
        const from = findings.length;
        bytes.eachBatch((batch) => {
          if (key === 'Packages') return;
          for (const item of batch) {
            if (typeof item !== 'object' || item === null || Array.isArray(item))
              throw new ConfigurationError(
                `report '${bytes.source}' is malformed: Results[${index}].${key}[${position}] is not an object`,
              );
            position++;
            // The target and type are filled in once the whole result is read (any key order).
            let finding: Finding;
            if (key === 'Vulnerabilities') {
              finding = vulnerabilityFinding(item as never, '');
              finding.installedVersion = versions.one(finding.installedVersion);
              finding.fixedVersion = versions.one(finding.fixedVersion);
            } else
              finding =
                key === 'Misconfigurations'
                  ? misconfigurationFinding(item as never, '', undefined)
                  : secretFinding(item as never, '');
            findings.push(finding);
          }
        });
        if (key === 'Misconfigurations') misconfigurations.push([from, findings.length]);
      } else result[key] = bytes.value();
    } while (bytes.more(CLOSE_BRACE));
  checkResultShape(result, index, bytes.source);
  const { Target: target, Type: type } = result as unknown as TrivyResult;
  for (let at = first; at < findings.length; at++) (findings[at] as Finding).target = target;
  for (const [from, to] of misconfigurations)
    for (let at = from; at < to; at++) (findings[at] as Finding).configType = type;
  return result as unknown as TrivyResult;
}

/**
 * The report in `path`, checked as parseTrivyReport checks one; its findings are collected as it
 * is read (collectFindings gives them), and trivy's raw finding lists are not kept.
 */
export function readTrivyReport(path: string, sizes: ReadSizes = SIZES): TrivyReport {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(
      `report '${path}' cannot be read (${code === 'ENOENT' ? 'no such file' : code})`,
    );
  }
  try {
    const bytes = new ReportBytes(fd, path, sizes);
    const findings: Finding[] = [];
    const versions = new Versions();
    if (bytes.peek() !== OPEN_BRACE) {
      // Not an object: JSON.parse says whether it is JSON at all.
      bytes.value();
      if (bytes.peek() !== -1)
        throw bytes.invalid(`unexpected '${String.fromCharCode(bytes.byteAt(bytes.pos))}'`);
      throw new ConfigurationError(
        `report '${path}' is not a trivy JSON report (expected an object with SchemaVersion 2)`,
      );
    }
    bytes.expect(OPEN_BRACE);
    const report: Record<string, unknown> = {};
    if (bytes.peek() === CLOSE_BRACE) bytes.pos++;
    else
      do {
        const key = bytes.key();
        if (key === 'Results' && bytes.peek() === OPEN_BRACKET) {
          const results: TrivyResult[] = [];
          bytes.expect(OPEN_BRACKET);
          if (bytes.peek() === CLOSE_BRACKET) bytes.pos++;
          else
            do {
              results.push(readResult(bytes, results.length, findings, versions));
              bytes.compact();
            } while (bytes.more(CLOSE_BRACKET));
          report.Results = results;
        } else report[key] = bytes.value();
      } while (bytes.more(CLOSE_BRACE));
    const trailing = bytes.peek();
    if (trailing !== -1) throw bytes.invalid(`unexpected '${String.fromCharCode(trailing)}'`);
    checkReportShape(report, path);
    keepCollectedFindings(report as unknown as TrivyReport, findings);
    return report as unknown as TrivyReport;
  } finally {
    closeSync(fd);
  }
}
