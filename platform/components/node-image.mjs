// Images for the real node made here, never pulled from outside: a static Go program compiled once
// into the tools cache, packed as a one-layer OCI image (oci.mjs) and pushed to the platform's
// registry, so containerd pulls it by digest like any other image. The sandbox ("pause") image is
// one (pause/pause.go).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeImageLayout } from '../oci.mjs';
import { childEnv, toolsCache } from '../state.mjs';

export const PAUSE_SOURCE = fileURLToPath(new URL('pause/pause.go', import.meta.url));

function goVersion(env) {
  return execFileSync('go', ['env', 'GOVERSION'], { env }).toString().trim();
}

/**
 * Compiles one Go file that imports only the standard library into a static binary, cached in the
 * tools cache by the hash of its source and the Go version. Returns the binary's path.
 */
export function buildStaticGoBinary(sourceFile, name) {
  const env = { ...childEnv(), CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '' };
  const source = readFileSync(sourceFile);
  const key = createHash('sha256').update(source).update(goVersion(env)).digest('hex').slice(0, 16);
  const binary = join(toolsCache, name, key, name);
  if (existsSync(binary)) return binary;
  const work = mkdtempSync(join(tmpdir(), `pipeline-${name}-`));
  try {
    execFileSync(
      'go',
      ['build', '-trimpath', '-ldflags=-s -w -buildid=', '-o', join(work, name), sourceFile],
      { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 },
    );
    mkdirSync(join(toolsCache, name, key), { recursive: true });
    renameSync(join(work, name), binary);
  } catch (error) {
    throw new Error(`go build ${sourceFile}: ${error.stderr?.toString().trim() || error.message}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

/**
 * Packs `binary` as the image's only file (/<name>, its entrypoint) and pushes it to the plain-HTTP
 * registry at `registry` (host:port) as `repository:tag`. Returns the reference pinned by digest.
 */
export function pushBinaryImage({ binary, name, registry, repository, tag, args = [], labels = {} }) {
  const work = mkdtempSync(join(tmpdir(), `pipeline-${name}-image-`));
  try {
    const layout = join(work, 'layout');
    const digest = writeImageLayout(layout, {
      tag,
      files: { [name]: { contents: readFileSync(binary), mode: 0o755 } },
      config: { Entrypoint: [`/${name}`], Cmd: args, Labels: labels },
    });
    execFileSync(
      'skopeo',
      [
        'copy',
        '--quiet',
        '--preserve-digests',
        '--dest-tls-verify=false',
        `oci:${layout}:${tag}`,
        `docker://${registry}/${repository}:${tag}`,
      ],
      { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
    );
    return `${registry}/${repository}@${digest}`;
  } catch (error) {
    throw new Error(
      `pushing ${repository}:${tag} to ${registry}: ${error.stderr?.toString().trim() || error.message}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The sandbox image, built (once) and pushed to the platform registry; its digest reference. */
export function pushPauseImage(registry) {
  return pushBinaryImage({
    binary: buildStaticGoBinary(PAUSE_SOURCE, 'pause'),
    name: 'pause',
    registry,
    repository: 'pipeline/pause',
    tag: 'latest',
    labels: { 'io.pipeline.role': 'sandbox' },
  });
}
