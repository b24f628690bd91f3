// Text a report read from a file keeps in the file until it is shown. A vulnerability's title,
// package name and purl are most of what a finding holds, and the gate judges a million findings
// without reading them (only the ones it shows, or VEX and a baseline, do): made as strings, they
// were three more objects per finding for the garbage collector to copy and mark.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import type { EpssScore, KevEntry } from '../policy/exploitability.js';
import type { Finding } from '../policy/findings.js';
import type { Severity } from '../severity.js';

/** Node's own Buffer method for bytes known to be one-byte characters (toString checks more). */
export type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

/**
 * How much of the file is read at once when text is wanted, and how much of it lies before the
 * text asked for: shown findings come in file order, but one finding's title is asked for before
 * its package name, which trivy writes first.
 */
const BLOCK_BYTES = 64 << 10;
const BEHIND_BYTES = 16 << 10;

/** Spans of plain ASCII in a report file, read again when wanted from the file as it was read. */
export class ReportText {
  private block: Latin1Buffer | undefined;
  /** File offset of block[0], and how many of its bytes were read. */
  private blockAt = 0;
  private blockLength = 0;
  private readonly size: number;
  private readonly mtimeMs: number;
  private readonly ino: number;
  private readonly dev: number;

  constructor(
    private readonly path: string,
    read: Stats,
  ) {
    this.size = read.size;
    this.mtimeMs = read.mtimeMs;
    this.ino = read.ino;
    this.dev = read.dev;
  }

  /** The ASCII text of the `length` bytes at file offset `at`. */
  slice(at: number, length: number): string {
    if (at < this.blockAt || at + length > this.blockAt + this.blockLength) this.load(at, length);
    const from = at - this.blockAt;
    return (this.block as Latin1Buffer).latin1Slice(from, from + length);
  }

  /**
   * Reads the block around `at`, opening the file again (a report is read once, and a process may
   * read hundreds: none keeps a descriptor). A file replaced or rewritten since is refused, not read.
   */
  private load(at: number, length: number): void {
    const from = Math.max(0, at - BEHIND_BYTES);
    const size = Math.max(BLOCK_BYTES, at - from + length);
    if (!this.block || this.block.length < size) this.block = Buffer.allocUnsafe(size) as Latin1Buffer;
    const changed = () => new Error(`report '${this.path}' changed while the gate was judging it`);
    let fd: number;
    try {
      // Never waits: a pipe put at the path since is opened at once, and refused below.
      fd = openSync(this.path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch {
      throw changed();
    }
    try {
      const now = fstatSync(fd);
      if (
        now.size !== this.size ||
        now.mtimeMs !== this.mtimeMs ||
        now.ino !== this.ino ||
        now.dev !== this.dev
      )
        throw changed();
      this.blockLength = 0;
      this.blockAt = from;
      this.blockLength = readSync(fd, this.block, 0, size, from);
      if (this.blockLength < at - from + length) throw changed();
    } finally {
      closeSync(fd);
    }
  }
}

/** The members not kept as spans of the file (escaped, not ASCII, not strings): rare. */
export interface SpelledOut {
  title: unknown;
  pkgName: unknown;
  purl: unknown;
}

/**
 * A vulnerability read from a report file: what vulnerabilityFinding makes of it, its title,
 * package name and purl read from the file when asked for. JSON.stringify gives the plain finding.
 */
export class ScannedVulnerability implements Finding {
  // On the prototype, not in each of a million objects: the kind, and KEV and EPSS, which only a
  // gate given them sets.
  declare readonly kind: 'vulnerability';
  declare kev?: KevEntry;
  declare epss?: EpssScore;
  target = '';

  /**
   * Each member kept in the file: its offset and length, or an offset of -1 when it is absent or
   * in `spelledOut`. (Numbers, not objects: a million findings each hold them.)
   */
  constructor(
    private readonly text: ReportText | undefined,
    readonly id: string,
    readonly severity: Severity,
    readonly url: string | undefined,
    readonly avd: true | undefined,
    readonly installedVersion: string | undefined,
    readonly fixedVersion: string | undefined,
    readonly pkgPath: string | undefined,
    private readonly titleAt: number,
    private readonly titleLength: number,
    private readonly pkgNameAt: number,
    private readonly pkgNameLength: number,
    private readonly purlAt: number,
    private readonly purlLength: number,
    private readonly spelledOut: SpelledOut | undefined,
  ) {}

  get title(): string {
    return (this.member(this.titleAt, this.titleLength, this.spelledOut?.title) || this.id) as string;
  }

  get pkgName(): string | undefined {
    return this.member(this.pkgNameAt, this.pkgNameLength, this.spelledOut?.pkgName) as string | undefined;
  }

  get purl(): string | undefined {
    return this.member(this.purlAt, this.purlLength, this.spelledOut?.purl) as string | undefined;
  }

  /** A member's text from the file when it was kept as a span there, else its spelled-out value. */
  private member(at: number, length: number, spelled: unknown): unknown {
    return at >= 0 ? (this.text as ReportText).slice(at, length) : spelled;
  }

  /** The plain finding, members in vulnerabilityFinding's order. */
  toJSON(): Finding {
    return {
      kind: this.kind,
      id: this.id,
      severity: this.severity,
      target: this.target,
      title: this.title,
      url: this.url,
      avd: this.avd,
      pkgName: this.pkgName,
      installedVersion: this.installedVersion,
      fixedVersion: this.fixedVersion,
      pkgPath: this.pkgPath,
      purl: this.purl,
      ...(this.kev ? { kev: this.kev } : {}),
      ...(this.epss ? { epss: this.epss } : {}),
    };
  }
}

Object.defineProperty(ScannedVulnerability.prototype, 'kind', { value: 'vulnerability', enumerable: true });
