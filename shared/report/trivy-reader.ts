// Reads trivy's JSON report from a file in bounded memory, whatever its size.
//
// A report of a million findings is about 320 MB of JSON: one string can hold it, but JSON.parse
// then builds every vulnerability with every field (descriptions, CVSS, references) — about
// 1 GB of objects — before the gate has looked at one. Here the file is read in chunks and the few
// top-level fields are parsed whole. Vulnerabilities, by far the most numerous findings, are
// scanned straight from the bytes: each one is checked as strictly as JSON.parse would check it,
// but only the strings the gate judges on are made (a title, package name or purl stays in the file
// until it is shown: report-text.ts). Misconfigurations and secrets are parsed a batch of
// about 1 MB at a time and turned into findings at once, so only the findings stay. The structure
// around them is checked as strictly as JSON.parse would.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ConfigurationError, jsonErrorWhere } from '../errors.js';
import {
  AVD_LINK,
  type Finding,
  isAvdUrl,
  keepCollectedFindings,
  misconfigurationFinding,
  secretFinding,
} from '../policy/findings.js';
import { isRecord } from '../records.js';
import { SEVERITIES, type Severity, toSeverity } from '../severity.js';
import {
  checkReportShape,
  checkResultShape,
  findingProblem,
  type TrivyReport,
  type TrivyResult,
} from '../trivy.js';
import { type Latin1Buffer, ReportText, ScannedVulnerability, type SpelledOut } from './report-text.js';

/**
 * How much of the file is read at a time, and how much of a list JSON.parse takes at once
 * (misconfigurations, secrets, packages: vulnerabilities are scanned one at a time).
 */
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

/** The finding lists read a batch at a time (Vulnerabilities are scanned one by one). */
const LIST_KEYS = new Set<string>(['Misconfigurations', 'Secrets']);

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
  /** The whole file has been read into the window. */
  ended = false;
  /**
   * The first element that is JSON but not a finding, and the result it is in: refused once the
   * whole file is known to be JSON, as parseTrivyReport refuses it (JSON first, then shape).
   */
  malformed?: { error: ConfigurationError; result: number };

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

const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const LOWER_U = 0x75;
/** What may follow a backslash in a JSON string, besides u and four hex digits. */
const ESCAPABLE = new Set([QUOTE, BACKSLASH, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/** The members of a trivy vulnerability the gate reads (vulnerabilityFinding), and PkgIdentifier's PURL. */
const FIELD_NAMES = [
  'VulnerabilityID',
  'PkgName',
  'PkgPath',
  'InstalledVersion',
  'FixedVersion',
  'Severity',
  'Title',
  'PrimaryURL',
  'PkgIdentifier',
  'PURL',
] as const;
type FieldName = (typeof FIELD_NAMES)[number];
const fieldNamed = (name: FieldName): number => FIELD_NAMES.indexOf(name);
const VULNERABILITY_ID = fieldNamed('VulnerabilityID');
const PKG_NAME = fieldNamed('PkgName');
const PKG_PATH = fieldNamed('PkgPath');
const INSTALLED_VERSION = fieldNamed('InstalledVersion');
const FIXED_VERSION = fieldNamed('FixedVersion');
const SEVERITY = fieldNamed('Severity');
const TITLE = fieldNamed('Title');
const PRIMARY_URL = fieldNamed('PrimaryURL');
const PKG_IDENTIFIER = fieldNamed('PkgIdentifier');
const PURL = fieldNamed('PURL');
/** A member the gate does not read: checked, then passed over. */
const OTHER = -1;
const FIELD_BY_NAME = new Map<string, number>(FIELD_NAMES.map((name, field) => [name, field]));
/** Each name as bytes with its closing quote, and the names by first byte: a key is matched in place. */
const QUOTED_NAMES = FIELD_NAMES.map((name) => Buffer.from(`${name}"`));
const FIELDS_BY_FIRST_BYTE: (number[] | undefined)[] = [];
for (const [field, name] of QUOTED_NAMES.entries()) {
  const sameFirst = FIELDS_BY_FIRST_BYTE[name[0] as number] ?? [];
  sameFirst.push(field);
  FIELDS_BY_FIRST_BYTE[name[0] as number] = sameFirst;
}
/** trivy's severities by length (no two share one): a Severity read is matched to one, not made again. */
const SEVERITY_BY_LENGTH: (Severity | undefined)[] = [];
for (const severity of SEVERITIES) SEVERITY_BY_LENGTH[severity.length] = severity;

/** Thrown when an element runs on past the bytes read so far (made once: thrown without a stack). */
const PAST_WINDOW = new Error('the element runs past the bytes read so far');

const FOUR_SPACES = 0x20202020;

/**
 * Whether none of the four bytes in `word` ends a string or needs a closer look: a quote, a
 * backslash, a control character. (word - n * 0x01010101) & ~word & 0x80808080 is non-zero exactly
 * when a byte is below n: the subtraction sets the top bit of a byte that borrows, ~word drops the
 * bytes whose top bit was set already, and a borrow only carries on past a byte below n. A quote
 * (a backslash) is a byte below 1 in the word xor'ed with four quotes (four backslashes).
 */
function isPlainStringWord(word: number): boolean {
  const quotes = word ^ 0x22222222;
  const backslashes = word ^ 0x5c5c5c5c;
  const below =
    ((word - 0x20202020) & ~word) |
    ((quotes - 0x01010101) & ~quotes) |
    ((backslashes - 0x01010101) & ~backslashes);
  return (below & 0x80808080) === 0;
}

function isDigit(byte: number): boolean {
  return byte >= ZERO && byte <= NINE;
}

function isHexDigit(byte: number): boolean {
  const lower = byte | 0x20;
  return isDigit(byte) || (lower >= 0x61 && lower <= 0x66);
}

/**
 * Reads one vulnerability from the bytes as JSON.parse + vulnerabilityFinding would, without
 * building what the gate does not read: every byte is checked as JSON.parse checks it, but only the
 * gate's strings are made. It scans the window as it is and never reads on, so indexes into it stay
 * good; an element that runs past the window is read on to its end, then scanned again.
 */
class VulnerabilityScanner {
  private buf: Latin1Buffer;
  /**
   * buf as 32-bit words, to pass four bytes at once over the runs of ordinary string bytes and of
   * spaces that make up most of a report; words are read up to `wordLimit` (0 if buf's offset is not
   * a multiple of 4).
   */
  private words: Int32Array = new Int32Array(0);
  private wordsMade = false;
  private wordLimit = 0;
  /** Where the bytes to scan end. */
  private limit = 0;
  /** Nothing follows `limit`: running into it is the report's end, not the window's. */
  private final = false;
  /** The closing byte of each container `skip` is in (a byte each: nesting can be deep). */
  private closers = new Uint8Array(64);
  /** Index just past what the last `vulnerabilityAt`, `take` or `purlOf` read. */
  private end = 0;
  /** What the last string scanned held: a backslash; only ASCII. */
  private escaped = false;
  private ascii = true;
  /** Where the string the last `take` read starts, if it is plain ASCII (no escape); else -1. */
  private plainFrom = -1;
  /** The field the last key named (OTHER for any the gate does not read). */
  private field = OTHER;
  /** Where the PURL the last `purlOf` read is, if it is plain ASCII (buffer indexes); else -1. */
  private purlFrom = -1;
  private purlTo = -1;
  // What is read is kept in locals, not in fields of this long-lived object: a store of a new string
  // into an old object costs the garbage collector a note each time.

  constructor(
    private readonly bytes: ReportBytes,
    private readonly versions: Versions,
    /** Where a plain title, package name and purl are read from when shown; none: made at once. */
    private readonly text: ReportText | undefined,
  ) {
    this.buf = bytes.buf as Latin1Buffer;
  }

  /**
   * The finding of the vulnerability object that starts at `bytes.pos`; `bytes.pos` is left past it.
   */
  vulnerability(): Finding {
    const { bytes } = this;
    const start = bytes.pos;
    let finding: Finding;
    try {
      finding = this.vulnerabilityAt(start, bytes.len, bytes.ended);
    } catch (error) {
      if (error !== PAST_WINDOW) throw error;
      // Read on to the element's end (growing the window if need be), then scan it again.
      finding = this.vulnerabilityAt(start, bytes.valueEnd(start), true);
    }
    bytes.pos = this.end;
    return finding;
  }

  /**
   * The finding of the vulnerability object at `start`, scanned up to `limit`: what JSON.parse +
   * vulnerabilityFinding make of it, built straight from the members it reads (no object for the
   * vulnerability or its PkgIdentifier on the way). A member named twice counts as JSON.parse counts
   * it: the last one.
   */
  private vulnerabilityAt(start: number, limit: number, final: boolean): Finding {
    const buf = this.bytes.buf as Latin1Buffer;
    if (buf !== this.buf || !this.wordsMade) {
      this.buf = buf;
      this.words = new Int32Array(buf.buffer, buf.byteOffset, buf.byteOffset % 4 ? 0 : buf.length >> 2);
      this.wordsMade = true;
    }
    this.wordLimit = this.words.length ? limit : 0;
    this.limit = limit;
    this.final = final;
    let id: unknown;
    let pkgName: unknown;
    let pkgPath: unknown;
    let installedVersion: unknown;
    let fixedVersion: unknown;
    let severity: unknown;
    let title: unknown;
    let url: unknown;
    let purl: unknown;
    // Where the id and the link are when they are plain ASCII: the usual AVD link is told from the
    // bytes, and never made. The title, package name and purl stay in the file when plain ASCII.
    let idFrom = -1;
    let idTo = -1;
    let urlFrom = -1;
    let urlTo = -1;
    let titleFrom = -1;
    let titleTo = -1;
    let pkgNameFrom = -1;
    let pkgNameTo = -1;
    let purlFrom = -1;
    let purlTo = -1;
    let at = this.space(start + 1);
    if (this.byte(at) === CLOSE_BRACE) at++;
    else
      for (;;) {
        at = this.key(at);
        const field = this.field === PURL ? OTHER : this.field;
        at = this.valueAfterColon(at);
        if (field === OTHER) at = this.skip(at);
        else if (field === PKG_IDENTIFIER) {
          purl = this.purlOf(at);
          purlFrom = this.purlFrom;
          purlTo = this.purlTo;
          at = this.end;
        } else {
          const value = this.take(at, field);
          at = this.end;
          if (field === VULNERABILITY_ID) {
            id = value;
            idFrom = this.plainFrom;
            idTo = at - 1;
          } else if (field === PKG_NAME) {
            pkgName = value;
            pkgNameFrom = this.plainFrom;
            pkgNameTo = at - 1;
          } else if (field === PKG_PATH) pkgPath = value;
          else if (field === INSTALLED_VERSION) installedVersion = value;
          else if (field === FIXED_VERSION) fixedVersion = value;
          else if (field === SEVERITY) severity = value;
          else if (field === TITLE) {
            title = value;
            titleFrom = this.plainFrom;
            titleTo = at - 1;
          } else {
            url = value;
            urlFrom = this.plainFrom;
            urlTo = at - 1;
          }
        }
        at = this.space(at);
        const byte = this.byte(at);
        if (byte === CLOSE_BRACE) {
          at++;
          break;
        }
        if (byte !== COMMA) throw this.unexpected(at);
        at = this.space(at + 1);
      }
    this.end = at;
    let avd = false;
    if (urlFrom >= 0 && idFrom >= 0) {
      avd = isAvdLink(buf, urlFrom, urlTo, idFrom, idTo);
      if (!avd) url = buf.latin1Slice(urlFrom, urlTo);
    } else {
      // A link or id written with escapes (or not plain ASCII): judged on the strings.
      if (urlFrom >= 0) url = buf.latin1Slice(urlFrom, urlTo);
      avd = typeof url === 'string' && typeof id === 'string' && isAvdUrl(url, id);
    }
    // What vulnerabilityFinding makes of it, the plain ASCII title, package name and purl as spans.
    const { base } = this.bytes;
    const spelledOut: SpelledOut | undefined =
      title === undefined && pkgName === undefined && purl === undefined
        ? undefined
        : { title, pkgName, purl };
    return new ScannedVulnerability(
      this.text,
      id as string,
      toSeverity(severity),
      avd ? undefined : (url as string | undefined),
      avd || undefined,
      installedVersion as string | undefined,
      (fixedVersion || undefined) as string | undefined,
      pkgPath as string | undefined,
      titleFrom < 0 ? -1 : base + titleFrom,
      titleTo - titleFrom,
      pkgNameFrom < 0 ? -1 : base + pkgNameFrom,
      pkgNameTo - pkgNameFrom,
      purlFrom < 0 ? -1 : base + purlFrom,
      purlTo - purlFrom,
      spelledOut,
    );
  }

  /** The PURL of the PkgIdentifier whose value starts at `at` (anything but an object has none). */
  private purlOf(at: number): unknown {
    this.purlFrom = -1;
    this.purlTo = -1;
    if (this.byte(at) !== OPEN_BRACE) {
      this.end = this.skip(at);
      return undefined;
    }
    let purl: unknown;
    let purlFrom = -1;
    let purlTo = -1;
    at = this.space(at + 1);
    if (this.byte(at) !== CLOSE_BRACE)
      for (;;) {
        at = this.key(at);
        const isPurl = this.field === PURL;
        at = this.valueAfterColon(at);
        if (isPurl) {
          purl = this.take(at, PURL);
          at = this.end;
          purlFrom = this.plainFrom;
          purlTo = at - 1;
        } else at = this.skip(at);
        at = this.space(at);
        const byte = this.byte(at);
        if (byte === CLOSE_BRACE) break;
        if (byte !== COMMA) throw this.unexpected(at);
        at = this.space(at + 1);
      }
    this.end = at + 1;
    this.purlFrom = purlFrom;
    this.purlTo = purlTo;
    return purl;
  }

  /** Index just past the member name that starts at `at`; `field` is left saying which it is. */
  private key(at: number): number {
    if (this.byte(at) !== QUOTE) throw this.unexpected(at);
    const { buf, limit } = this;
    const from = at + 1;
    const candidates = from < limit ? FIELDS_BY_FIRST_BYTE[buf[from] as number] : undefined;
    if (candidates !== undefined)
      for (let candidate = 0; candidate < candidates.length; candidate++) {
        const field = candidates[candidate] as number;
        const name = QUOTED_NAMES[field] as Buffer;
        if (from + name.length > limit) continue;
        let same = 1;
        while (same < name.length && buf[from + same] === name[same]) same++;
        if (same === name.length) {
          this.field = field;
          return from + same;
        }
      }
    // Any other name, or one of the gate's written with escapes.
    const end = this.string(at);
    this.field = this.escaped ? (FIELD_BY_NAME.get(this.bytes.parse(at, end) as string) ?? OTHER) : OTHER;
    return end;
  }

  /** Index of the value after the colon that follows a member name ending at `at`. */
  private valueAfterColon(at: number): number {
    at = this.space(at);
    if (this.byte(at) !== COLON) throw this.unexpected(at);
    return this.space(at + 1);
  }

  /**
   * The value of `field` that starts at `at`, as JSON.parse gives it; `end` is left past it, and
   * `plainFrom` at the string's first byte if it is plain ASCII. A plain PrimaryURL, Title, PkgName
   * or PURL is not made here (undefined): the caller keeps where it is.
   */
  private take(at: number, field: number): unknown {
    this.plainFrom = -1;
    if (this.byte(at) !== QUOTE) {
      // Not a string (trivy always writes one): whatever JSON.parse makes of it.
      const end = this.skip(at);
      this.end = end;
      return this.bytes.parse(at, end);
    }
    const end = this.string(at);
    this.end = end;
    const { buf } = this;
    const from = at + 1;
    const to = end - 1;
    if (this.escaped || !this.ascii) {
      const value = this.escaped ? this.bytes.parse(at, end) : buf.toString('utf8', from, to);
      return field === INSTALLED_VERSION || field === FIXED_VERSION
        ? this.versions.one(value as string)
        : value;
    }
    this.plainFrom = from;
    if (field === PRIMARY_URL) return undefined;
    if (field === TITLE || field === PKG_NAME || field === PURL) {
      if (this.text) return undefined;
      // Not a file that can be read again (a pipe): made now, as the rest.
      this.plainFrom = -1;
    }
    if (field === INSTALLED_VERSION || field === FIXED_VERSION) return this.versions.ofBytes(buf, from, to);
    if (field === SEVERITY) {
      // trivy's own severities are not made again.
      const severity = SEVERITY_BY_LENGTH[to - from];
      if (severity !== undefined && holds(buf, from, severity)) return severity;
    }
    return buf.latin1Slice(from, to);
  }

  /**
   * Index just past the string whose opening quote is at `at`, checked as JSON.parse checks one;
   * `escaped` and `ascii` are left saying what it holds.
   */
  private string(at: number): number {
    const { buf, words, wordLimit, limit } = this;
    let escaped = false;
    /** The bytes (and words) passed, or'ed: a byte of 0x80 or more sets a 0x80 bit. */
    let high = 0;
    let index = at + 1;
    for (;;) {
      if ((index & 3) === 0 && index + 4 <= wordLimit) {
        const word = words[index >> 2] as number;
        if (isPlainStringWord(word)) {
          high |= word;
          index += 4;
          continue;
        }
      }
      if (index >= limit) return this.ranOut(index);
      const byte = buf[index] as number;
      if (byte === QUOTE) {
        this.escaped = escaped;
        this.ascii = (high & 0x80808080) === 0;
        return index + 1;
      }
      if (byte === BACKSLASH) {
        escaped = true;
        index = this.escapeEnd(index + 1);
      } else if (byte < 0x20) throw this.unexpected(index);
      else {
        high |= byte;
        index++;
      }
    }
  }

  /** Index just past the escape whose backslash is just before `at`. */
  private escapeEnd(at: number): number {
    const byte = this.byte(at);
    if (byte === LOWER_U) {
      for (let digit = at + 1; digit < at + 5; digit++)
        if (!isHexDigit(this.byte(digit))) throw this.unexpected(digit);
      return at + 5;
    }
    if (!ESCAPABLE.has(byte)) throw this.unexpected(at);
    return at + 1;
  }

  /**
   * Index just past the value that starts at `at`, checked as JSON.parse checks one but not built.
   * Containers are followed with a stack, not recursion: no nesting is too deep for it.
   */
  private skip(at: number): number {
    let { closers } = this;
    let depth = 0;
    for (;;) {
      // A value starts at `at`.
      let byte = this.byte(at);
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        const close = byte === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
        at = this.space(at + 1);
        if (this.byte(at) !== close) {
          if (depth === closers.length) {
            const deeper = new Uint8Array(depth * 2);
            deeper.set(closers);
            this.closers = closers = deeper;
          }
          closers[depth++] = close;
          if (close === CLOSE_BRACE) at = this.memberValue(at);
          continue;
        }
        at++;
      } else if (byte === QUOTE) at = this.string(at);
      else at = this.scalarEnd(at);
      // A value ended at `at`: next comes another in its container, or the container's end.
      for (;;) {
        if (depth === 0) return at;
        at = this.space(at);
        byte = this.byte(at);
        const close = closers[depth - 1] as number;
        if (byte === COMMA) {
          at = this.space(at + 1);
          if (close === CLOSE_BRACE) at = this.memberValue(at);
          break;
        }
        if (byte !== close) throw this.unexpected(at);
        at++;
        depth--;
      }
    }
  }

  /** Index of the value of the member whose name starts at `at`. */
  private memberValue(at: number): number {
    if (this.byte(at) !== QUOTE) throw this.unexpected(at);
    at = this.space(this.string(at));
    if (this.byte(at) !== COLON) throw this.unexpected(at);
    return this.space(at + 1);
  }

  /** Index just past the number, true, false or null that starts at `at`. */
  private scalarEnd(at: number): number {
    const first = this.byte(at);
    if (first === TRUE[0]) return this.wordEnd(at, TRUE);
    if (first === FALSE[0]) return this.wordEnd(at, FALSE);
    if (first === NULL[0]) return this.wordEnd(at, NULL);
    if (first === MINUS) at++;
    const lead = this.byte(at);
    if (lead === ZERO) at++;
    else if (isDigit(lead)) at = this.digitsEnd(at + 1);
    else throw this.unexpected(at);
    if (this.byte(at) === DOT) {
      if (!isDigit(this.byte(at + 1))) throw this.unexpected(at + 1);
      at = this.digitsEnd(at + 2);
    }
    const exponent = this.byte(at);
    if (exponent === LOWER_E || exponent === UPPER_E) {
      at++;
      const sign = this.byte(at);
      if (sign === PLUS || sign === MINUS) at++;
      if (!isDigit(this.byte(at))) throw this.unexpected(at);
      at = this.digitsEnd(at + 1);
    }
    return at;
  }

  private digitsEnd(at: number): number {
    while (isDigit(this.byte(at))) at++;
    return at;
  }

  private wordEnd(at: number, word: Buffer): number {
    for (let letter = 1; letter < word.length; letter++)
      if (this.byte(at + letter) !== word[letter]) throw this.unexpected(at + letter);
    return at + word.length;
  }

  /** The first index from `at` that is not white space. */
  private space(at: number): number {
    const { buf, words, wordLimit, limit } = this;
    while (at < limit) {
      if ((at & 3) === 0 && at + 4 <= wordLimit && words[at >> 2] === FOUR_SPACES) {
        at += 4;
        continue;
      }
      const byte = buf[at] as number;
      if (byte > 0x20 || !isSpace(byte)) return at;
      at++;
    }
    return this.ranOut(at);
  }

  private byte(at: number): number {
    return at < this.limit ? (this.buf[at] as number) : this.ranOut(at);
  }

  private ranOut(at: number): never {
    if (this.final) throw this.bytes.invalid('it ends too soon', at);
    throw PAST_WINDOW;
  }

  /** The refusal of the byte at `at` (one already read). */
  private unexpected(at: number): ConfigurationError {
    const byte = this.buf[at] as number;
    const why =
      byte >= 0x20 && byte < 0x7f
        ? `unexpected '${String.fromCharCode(byte)}'`
        : byte < 0x20
          ? 'unexpected control character'
          : 'unexpected byte';
    return this.bytes.invalid(why, at);
  }
}

/** Whether the link in buf[urlFrom, urlTo) is the AVD link of the id in buf[idFrom, idTo) (as isAvdUrl). */
function isAvdLink(buf: Buffer, urlFrom: number, urlTo: number, idFrom: number, idTo: number): boolean {
  if (urlTo - urlFrom !== AVD_LINK.length + idTo - idFrom || !holds(buf, urlFrom, AVD_LINK)) return false;
  for (let at = idFrom, link = urlFrom + AVD_LINK.length; at < idTo; at++, link++) {
    const code = buf[at] as number;
    if (buf[link] !== (code >= 65 && code <= 90 ? code + 32 : code)) return false;
  }
  return true;
}

/** Whether buf holds the ASCII `text` from `at`. */
function holds(buf: Buffer, at: number, text: string): boolean {
  for (let index = 0; index < text.length; index++)
    if (buf[at + index] !== text.charCodeAt(index)) return false;
  return true;
}

/**
 * One copy of each version string: a million findings name a few thousand versions, and JSON.parse
 * makes a new string for each mention. Bounded, so a report of all-different values cannot grow it.
 */
class Versions {
  private readonly seen = new Map<string, string>();
  /** Those read as plain ASCII, by a hash of their bytes (the last one for each): not made again. */
  private readonly byHash: (string | undefined)[] = new Array(1 << 16);

  one(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const known = this.seen.get(value);
    if (known !== undefined) return known;
    if (this.seen.size < 100_000) this.seen.set(value, value);
    return value;
  }

  /** The string of the ASCII bytes buf[from, to). */
  ofBytes(buf: Latin1Buffer, from: number, to: number): string {
    let hash = to - from;
    for (let at = from; at < to; at++) hash = Math.imul(hash ^ (buf[at] as number), 0x01000193);
    const slot = (hash ^ (hash >>> 16)) & 0xffff;
    const known = this.byHash[slot];
    if (known !== undefined && known.length === to - from && holds(buf, from, known)) return known;
    const made = buf.latin1Slice(from, to);
    this.byHash[slot] = made;
    return made;
  }
}

/** The findings of the Vulnerabilities array that starts at `bytes.pos`, one element at a time. */
function readVulnerabilities(
  bytes: ReportBytes,
  scanner: VulnerabilityScanner,
  index: number,
  findings: Finding[],
): void {
  bytes.expect(OPEN_BRACKET);
  if (bytes.peek() === CLOSE_BRACKET) {
    bytes.pos++;
    return;
  }
  let position = 0;
  do {
    // The target is filled in once the whole result is read (any key order).
    const element = bytes.peek() === OPEN_BRACE ? scanner.vulnerability() : bytes.value();
    const id = (element as Finding | null)?.id;
    if (typeof id === 'string' && id !== '') findings.push(element as Finding);
    else
      bytes.malformed ??= {
        error: findingProblem(
          'Vulnerabilities',
          isRecord(element) ? { VulnerabilityID: id } : element,
          `Results[${index}].Vulnerabilities[${position}]`,
          bytes.source,
        ) as ConfigurationError,
        result: index,
      };
    position++;
    bytes.compact();
  } while (bytes.more(CLOSE_BRACKET));
}

function readResult(
  bytes: ReportBytes,
  scanner: VulnerabilityScanner,
  index: number,
  findings: Finding[],
): TrivyResult {
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
      if (key === 'Vulnerabilities' && next === OPEN_BRACKET) {
        result[key] = [];
        readVulnerabilities(bytes, scanner, index, findings);
      } else if ((LIST_KEYS.has(key) || key === 'Packages') && next === OPEN_BRACKET) {
        // Packages are listed, never judged: only that the list is there is kept.
        result[key] = [];
        let position = 0;
        const from = findings.length;
        bytes.eachBatch((batch) => {
          if (key === 'Packages') return;
          for (const item of batch) {
            const problem = findingProblem(
              key as 'Misconfigurations' | 'Secrets',
              item,
              `Results[${index}].${key}[${position}]`,
              bytes.source,
            );
            position++;
            if (problem) {
              bytes.malformed ??= { error: problem, result: index };
              continue;
            }
            // The target and type are filled in once the whole result is read (any key order).
            findings.push(
              key === 'Misconfigurations'
                ? misconfigurationFinding(item as never, '', undefined)
                : secretFinding(item as never, ''),
            );
          }
        });
        if (key === 'Misconfigurations') misconfigurations.push([from, findings.length]);
      } else result[key] = bytes.value();
    } while (bytes.more(CLOSE_BRACE));
  // In parseTrivyReport's order: a result's Target before its findings, an earlier result first.
  if (!bytes.malformed || bytes.malformed.result === index) checkResultShape(result, index, bytes.source);
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
    const read = fstatSync(fd);
    // Only a regular file can be read again: a pipe's text is made as it is read.
    const text = read.isFile() ? new ReportText(path, read) : undefined;
    const scanner = new VulnerabilityScanner(bytes, new Versions(), text);
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
              results.push(readResult(bytes, scanner, results.length, findings));
              bytes.compact();
            } while (bytes.more(CLOSE_BRACKET));
          report.Results = results;
        } else report[key] = bytes.value();
      } while (bytes.more(CLOSE_BRACE));
    const trailing = bytes.peek();
    if (trailing !== -1) throw bytes.invalid(`unexpected '${String.fromCharCode(trailing)}'`);
    checkReportShape(report, path);
    if (bytes.malformed) throw bytes.malformed.error;
    keepCollectedFindings(report as unknown as TrivyReport, findings);
    return report as unknown as TrivyReport;
  } finally {
    closeSync(fd);
  }
}
