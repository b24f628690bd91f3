// Installs a pinned tool: a matching binary already on PATH is reused; otherwise the official
// release asset is downloaded (from GitHub, or a `tools-mirror` with the same layout), checked
// against its pinned sha256, extracted and kept in the runner's tool cache.

import {
  accessSync,
  chmodSync,
  constants,
  createReadStream,
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { redactCredentials } from '../inputs.js';
import { fetchFailure, isDeadline, withoutCredentials } from '../net.js';
import * as core from '../runner.js';
import { execTool } from './exec.js';

export type Platform = 'linux-x64' | 'linux-arm64' | 'darwin-x64' | 'darwin-arm64';

export interface ReleaseAsset {
  /** Path below the download base, e.g. `aquasecurity/trivy/releases/download/v0.74.0/trivy_…tar.gz`. */
  path: string;
  sha256: string;
  /** `tar.gz` archives are extracted and `binary` is looked up inside; `binary` assets are the tool. */
  kind: 'tar.gz' | 'binary';
}

export interface ToolSpec {
  name: string;
  version: string;
  /** argv that prints the version, and how to read it from the output. */
  versionArgs: string[];
  parseVersion: (output: string) => string | undefined;
  assets: Partial<Record<Platform, ReleaseAsset>>;
}

export interface InstallOptions {
  /** Base URL replacing https://github.com for air-gapped runners and tests. */
  mirror?: string;
  /** Reuse a binary on PATH when it reports the pinned version (default true). */
  reusePath?: boolean;
  /** The whole download's deadline (default 5 minutes); a mirror that never answers fails then. */
  downloadTimeoutMs?: number;
}

const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

/**
 * Downloads `url` to a new file under RUNNER_TEMP within `timeoutMs`; one line when it cannot,
 * never quoting the URL's credentials. (fetch drops the authorization on a cross-origin redirect.)
 */
export async function downloadFile(url: string, timeoutMs: number): Promise<string> {
  const dir = join(process.env.RUNNER_TEMP || tmpdir(), 'downloads');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, crypto.randomUUID());
  try {
    const plain = withoutCredentials(url);
    const response = await fetch(plain.url, {
      headers: plain.headers,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    });
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => {});
      throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    }
    const { pipeline } = process.getBuiltinModule('node:stream/promises');
    const { Readable } = process.getBuiltinModule('node:stream');
    await pipeline(
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
      createWriteStream(file),
    );
    return file;
  } catch (error) {
    if (existsSync(file)) unlinkSync(file);
    // The whole download has the deadline, body included: "complete" says so.
    if (isDeadline(error)) throw new Error(`no complete answer within ${Math.round(timeoutMs / 1000)}s`);
    throw new Error(redactCredentials(fetchFailure(error, timeoutMs)));
  }
}

/** The cached binary's own sha256, written beside it when it was cached from a checked download. */
function cacheChecksumFile(binary: string): string {
  return `${binary}.sha256`;
}

export const OFFICIAL_DOWNLOAD_BASE = 'https://github.com';

export function currentPlatform(): Platform {
  const os = process.platform === 'darwin' ? 'darwin' : process.platform === 'linux' ? 'linux' : undefined;
  const arch = process.arch === 'x64' || process.arch === 'arm64' ? process.arch : undefined;
  if (!os || !arch)
    throw new ConfigurationError(`platform ${process.platform}/${process.arch} is not supported`);
  return `${os}-${arch}`;
}

export function assetUrl(asset: ReleaseAsset, mirror?: string): string {
  const base = (mirror || OFFICIAL_DOWNLOAD_BASE).replace(/\/+$/, '');
  return `${base}/${asset.path}`;
}

/** Every executable named `name` on PATH, in PATH order. */
export function findOnPath(name: string): string[] {
  const found: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      found.push(candidate);
    } catch {
      // not here
    }
  }
  return found;
}

export async function fileSha256(path: string): Promise<string> {
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function reportedVersion(spec: ToolSpec, binary: string): Promise<string | undefined> {
  try {
    const result = await execTool(binary, spec.versionArgs, { timeoutMs: 30_000 });
    return spec.parseVersion(`${result.stdout}\n${result.stderr}`);
  } catch {
    return undefined;
  }
}

/** Outside a runner (local runs), the tool cache and downloads live under the system temp dir. */
function ensureRunnerDirs(): void {
  process.env.RUNNER_TEMP ||= join(tmpdir(), 'pipeline-runner-temp');
  process.env.RUNNER_TOOL_CACHE ||= join(tmpdir(), 'pipeline-tool-cache');
}

/** Returns the path of a binary of `spec.name` at exactly `spec.version`. */
export async function installTool(spec: ToolSpec, options: InstallOptions = {}): Promise<string> {
  ensureRunnerDirs();
  if (options.reusePath !== false) {
    for (const candidate of findOnPath(spec.name)) {
      const version = await reportedVersion(spec, candidate);
      if (version === spec.version) {
        // Its checksum cannot be held against the pin (the pin is the release archive's, and a
        // binary on PATH comes from the runner image or your own setup): trusted as PATH is.
        core.info(
          `${spec.name} ${spec.version}: using ${candidate} from PATH, trusted as the runner's own (not checked against the release pin; set up no ${spec.name} on PATH to download the pinned release)`,
        );
        return candidate;
      }
      if (version) core.info(`${spec.name} on PATH is ${version}, not ${spec.version}: not used`);
    }
  }

  // Loaded only when PATH has no match: it is the heaviest part of a bundle's start-up.
  const tc = await import('@actions/tool-cache');
  const cachedDir = tc.find(spec.name, spec.version);
  if (cachedDir && existsSync(join(cachedDir, spec.name))) {
    const binary = join(cachedDir, spec.name);
    const recorded = existsSync(cacheChecksumFile(binary))
      ? readFileSync(cacheChecksumFile(binary), 'utf8').trim()
      : undefined;
    if (recorded && recorded === (await fileSha256(binary))) {
      core.info(`${spec.name} ${spec.version}: using the tool cache (sha256 as when it was checked)`);
      return binary;
    }
    core.warning(
      `${spec.name} ${spec.version}: the cached binary ${recorded ? 'changed since it was checked' : 'was not cached by a checked download'}; downloading the pinned release again`,
    );
  }

  const platform = currentPlatform();
  const asset = spec.assets[platform];
  if (!asset)
    throw new ConfigurationError(`${spec.name} ${spec.version} has no pinned release for ${platform}`);
  const url = assetUrl(asset, options.mirror);
  const shown = redactCredentials(url);
  core.info(`${spec.name} ${spec.version}: downloading ${shown}`);
  let downloaded: string;
  try {
    downloaded = await downloadFile(url, options.downloadTimeoutMs ?? DOWNLOAD_TIMEOUT_MS);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`${spec.name} ${spec.version}: download of ${shown} failed (${why})`);
  }
  const actual = await fileSha256(downloaded);
  if (actual !== asset.sha256) {
    unlinkSync(downloaded);
    throw new ConfigurationError(
      `${spec.name} ${spec.version}: checksum mismatch for ${shown}: got sha256 ${actual}, expected ${asset.sha256}`,
    );
  }

  let tool = downloaded;
  if (asset.kind === 'tar.gz') {
    const extracted = await tc.extractTar(downloaded);
    tool = join(extracted, spec.name);
    if (!existsSync(tool)) {
      throw new ConfigurationError(`${spec.name} ${spec.version}: ${shown} does not contain '${spec.name}'`);
    }
    // A link would be followed by every later write and run: only a regular file is a tool.
    if (!lstatSync(tool).isFile())
      throw new ConfigurationError(
        `${spec.name} ${spec.version}: ${shown} holds '${spec.name}' as a symlink, not a file`,
      );
  }
  // Checked before it is cached: a later run trusts the cache (by its recorded sha256) as it is.
  chmodSync(tool, 0o755);
  const version = await reportedVersion(spec, tool);
  if (version !== spec.version) {
    throw new ConfigurationError(
      `${spec.name}: installed binary reports version '${version}', expected ${spec.version}`,
    );
  }
  const binary = join(await tc.cacheFile(tool, spec.name, spec.name, spec.version), spec.name);
  chmodSync(binary, 0o755);
  writeFileSync(cacheChecksumFile(binary), `${await fileSha256(binary)}\n`);
  return binary;
}
