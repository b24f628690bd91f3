// The installer's download, checksum and cache code, run for real against a loopback mirror that
// serves a release archive in trivy's official layout, built from the trivy on this machine.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileSha256, findOnPath, installTool, type ToolSpec } from '../../shared/tools/installer.js';
import { TRIVY_VERSION, trivySpec } from '../../shared/tools/versions.js';
import { requireTool } from '../support/tools.js';

const work = mkdtempSync(join(tmpdir(), 'installer-'));
const assetPath = `aquasecurity/trivy/releases/download/v${TRIVY_VERSION}/trivy_${TRIVY_VERSION}_Linux-64bit.tar.gz`;
let server: Server;
let mirror: string;
let requests: string[] = [];
let archiveSha: string;

function spec(sha256: string, path = assetPath): ToolSpec {
  return {
    ...trivySpec(),
    assets: {
      'linux-x64': { path, sha256, kind: 'tar.gz' },
      'linux-arm64': { path, sha256, kind: 'tar.gz' },
    },
  };
}

beforeAll(async () => {
  const trivy = requireTool('trivy');
  const stage = join(work, 'stage');
  mkdirSync(stage);
  // The binary itself, not the tools cache's symlink to it: the archive must hold a file.
  cpSync(trivy, join(stage, 'trivy'), { dereference: true });
  writeFileSync(join(stage, 'README.md'), 'trivy\n');
  const archive = join(work, 'mirror', assetPath);
  mkdirSync(join(archive, '..'), { recursive: true });
  execFileSync('tar', ['-czf', archive, '-C', stage, 'trivy', 'README.md']);
  archiveSha = await fileSha256(archive);
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const file = join(work, 'mirror', decodeURIComponent((req.url ?? '').replace(/^\/mirror\//, '')));
    if (!req.url?.startsWith('/mirror/') || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/gzip' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  mirror = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/mirror`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  requests = [];
  const run = mkdtempSync(join(work, 'run-'));
  process.env.RUNNER_TEMP = join(run, 'temp');
  process.env.RUNNER_TOOL_CACHE = join(run, 'cache');
});

describe('installer', () => {
  it('downloads from the mirror, checks sha256, caches, and reuses the cache', async () => {
    const binary = await installTool(spec(archiveSha), { mirror, reusePath: false });
    expect(binary).toBe(join(process.env.RUNNER_TOOL_CACHE!, 'trivy', TRIVY_VERSION, process.arch, 'trivy'));
    expect(execFileSync(binary, ['--version']).toString()).toContain(`Version: ${TRIVY_VERSION}`);
    expect(requests).toEqual([`/mirror/${assetPath}`]);
    const again = await installTool(spec(archiveSha), { mirror, reusePath: false });
    expect(again).toBe(binary);
    expect(requests).toHaveLength(1);
  });

  it('refuses an archive whose checksum differs from the pin, and caches nothing', async () => {
    const pinned = 'a'.repeat(64);
    await expect(installTool(spec(pinned), { mirror, reusePath: false })).rejects.toThrow(
      `trivy ${TRIVY_VERSION}: checksum mismatch for ${mirror}/${assetPath}: got sha256 ${archiveSha}, expected ${pinned}`,
    );
    expect(existsSync(join(process.env.RUNNER_TOOL_CACHE!, 'trivy'))).toBe(false);
  });

  it('fails clearly when the mirror does not have the asset', async () => {
    await expect(
      installTool(spec(archiveSha, 'missing/trivy.tar.gz'), { mirror, reusePath: false }),
    ).rejects.toThrow(`trivy ${TRIVY_VERSION}: download of ${mirror}/missing/trivy.tar.gz failed`);
  });

  it('reuses a matching binary on PATH without downloading, and skips one of another version', async () => {
    const onPath = await installTool(spec(archiveSha), { mirror });
    expect(findOnPath('trivy')).toContain(onPath);
    expect(requests).toHaveLength(0);

    const fakeDir = join(work, 'fake-bin');
    mkdirSync(fakeDir, { recursive: true });
    writeFileSync(join(fakeDir, 'trivy'), '#!/bin/sh\necho "Version: 0.1.0"\n', { mode: 0o755 });
    const savedPath = process.env.PATH;
    process.env.PATH = `${fakeDir}:/usr/bin:/bin`;
    try {
      const installed = await installTool(spec(archiveSha), { mirror });
      expect(installed).not.toBe(join(fakeDir, 'trivy'));
      expect(requests).toHaveLength(1);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('a mirror that never answers fails at the deadline, in one line', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const hanging = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/mirror`;
    try {
      const started = Date.now();
      await expect(
        installTool(spec(archiveSha), { mirror: hanging, reusePath: false, downloadTimeoutMs: 1500 }),
      ).rejects.toThrow(
        `trivy ${TRIVY_VERSION}: download of ${hanging}/${assetPath} failed (no complete answer within 2s)`,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('re-checks a cached binary: one changed since its checked download is downloaded again', async () => {
    const binary = await installTool(spec(archiveSha), { mirror, reusePath: false });
    expect(readFileSync(`${binary}.sha256`, 'utf8').trim()).toBe(await fileSha256(binary));
    // Replaced, never written through: the cached file is the test's own copy.
    rmSync(binary);
    writeFileSync(binary, '#!/bin/sh\necho "Version: 0.74.0"\n', { mode: 0o755 });
    const again = await installTool(spec(archiveSha), { mirror, reusePath: false });
    expect(requests).toHaveLength(2);
    expect(execFileSync(again, ['--version']).toString()).toContain(`Version: ${TRIVY_VERSION}`);
  });

  it('refuses an archive whose tool is a symlink (it could point anywhere on the runner)', async () => {
    const stage = join(work, 'stage-link');
    mkdirSync(stage, { recursive: true });
    symlinkSync('/bin/true', join(stage, 'trivy'));
    const linkPath = 'links/trivy.tar.gz';
    mkdirSync(join(work, 'mirror', 'links'), { recursive: true });
    execFileSync('tar', ['-czf', join(work, 'mirror', linkPath), '-C', stage, 'trivy']);
    const sha = await fileSha256(join(work, 'mirror', linkPath));
    await expect(installTool(spec(sha, linkPath), { mirror, reusePath: false })).rejects.toThrow(
      `trivy ${TRIVY_VERSION}: ${mirror}/${linkPath} holds 'trivy' as a symlink, not a file`,
    );
  });

  it('has no pin for an unknown version', async () => {
    await expect(installTool(trivySpec('0.1.2'), { reusePath: false })).rejects.toThrow(
      /trivy 0\.1\.2 has no pinned release for linux-/,
    );
  });
});
