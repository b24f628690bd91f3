// The example application's image build context: its static Go binaries, built on this host (one
// per architecture; nothing is pulled, so there is no golang base image), beside
// examples/app/Containerfile. The demo, the benches and the tests build the image from it with our
// own build-push action and choose the release's behaviour with build args (VERSION, ERROR_RATE,
// LATENCY, CPU_BURN).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './scan-env.mjs';

export const appSourceDir = join(repoRoot, 'examples', 'app');
/** Architectures the context carries a binary for: build-push's platforms may be any of these. */
export const APP_ARCHITECTURES = ['amd64', 'arm64'];
const GO_BUILD_FLAGS = ['-trimpath', '-buildvcs=false', '-ldflags=-s -w'];
// When the sources have no commit (a fresh checkout's uncommitted copy): 2024-01-01T00:00:00Z.
const FALLBACK_TIMESTAMP = '1704067200';

function go(args, options = {}) {
  try {
    return execFileSync('go', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  } catch (error) {
    if (error.code === 'ENOENT')
      throw new Error('go not found on PATH: the example app is built with Go 1.26');
    throw new Error(`go ${args.join(' ')} failed: ${(error.stderr || error.message).trim()}`);
  }
}

/** What the context is made of: the sources (not the tests), their commit time, the Go toolchain and the flags. */
function sourceHash(goVersion, architectures, timestamp) {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ goVersion, architectures, timestamp, flags: GO_BUILD_FLAGS }));
  const files = readdirSync(appSourceDir)
    .filter((name) => /^(go\.(mod|sum)|Containerfile|.*\.go)$/.test(name) && !name.endsWith('_test.go'))
    .sort();
  for (const name of files) hash.update(`\0${name}\0`).update(readFileSync(join(appSourceDir, name)));
  return hash.digest('hex');
}

/** The sources' last commit time: the context's commit carries it, so rebuilding gives one digest. */
function sourceTimestamp() {
  try {
    const time = execFileSync('git', ['-C', repoRoot, 'log', '-1', '--format=%ct', '--', 'examples/app'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return /^\d+$/.test(time) ? time : FALLBACK_TIMESTAMP;
  } catch {
    return FALLBACK_TIMESTAMP;
  }
}

/**
 * Builds the app (CGO_ENABLED=0, -trimpath, static) for every architecture into a build context
 * under `outDir` — `app-linux-<arch>` and the Containerfile, committed to a git repository of its
 * own as a checkout is (build-push dates the image by the context's last commit, so the same
 * sources and build args always give the same digest) — and returns the context's path. A context
 * for the same sources, toolchain and architectures is reused as it is.
 */
export function buildAppBinary(
  outDir = join(tmpdir(), 'pipeline-app'),
  { architectures = APP_ARCHITECTURES } = {},
) {
  mkdirSync(outDir, { recursive: true });
  const goVersion = go(['env', 'GOVERSION']).trim();
  const timestamp = sourceTimestamp();
  const context = join(outDir, `app-${sourceHash(goVersion, architectures, timestamp).slice(0, 16)}`);
  if (existsSync(context)) return context;

  // Built aside and renamed into place, so a concurrent caller never sees half a context.
  const staging = mkdtempSync(join(outDir, '.app-build-'));
  try {
    for (const arch of architectures) {
      go(['build', ...GO_BUILD_FLAGS, '-o', join(staging, `app-linux-${arch}`), '.'], {
        cwd: appSourceDir,
        env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: arch },
      });
    }
    copyFileSync(join(appSourceDir, 'Containerfile'), join(staging, 'Containerfile'));
    const date = `@${timestamp} +0000`;
    const git = (...args) =>
      execFileSync(
        'git',
        ['-c', 'user.name=pipeline', '-c', 'user.email=pipeline@example.invalid', '-C', staging, ...args],
        {
          stdio: 'ignore',
          env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
        },
      );
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'example app build context');
    try {
      renameSync(staging, context);
    } catch (error) {
      // Another caller finished the same context first; theirs is as good as ours.
      if (!existsSync(context)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return context;
}
