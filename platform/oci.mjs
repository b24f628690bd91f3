// A tiny OCI image, made without a container daemon: one layer with the given files, written as an
// OCI image layout that skopeo copies to and from the platform registry.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

function writeBlob(layout, data) {
  const digest = sha256(data);
  writeFileSync(join(layout, 'blobs', 'sha256', digest), data);
  return { digest: `sha256:${digest}`, size: data.length };
}

/**
 * Writes an OCI image layout at `layout` whose single image (tagged `tag`) holds `files`
 * ({path: contents} or {path: {contents, mode}}, e.g. mode 0o755 for a binary). `config` goes into
 * the image configuration's `config` (Entrypoint, Labels, …). Returns the manifest digest.
 */
export function writeImageLayout(
  layout,
  {
    tag = 'latest',
    files = { 'hello.txt': 'hello\n' },
    created,
    config: imageConfig = { Cmd: ['/bin/true'] },
  } = {},
) {
  mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
  const root = mkdtempSync(join(dirname(layout), '.rootfs-'));
  try {
    for (const [path, file] of Object.entries(files)) {
      const { contents, mode = 0o644 } =
        typeof file === 'string' || Buffer.isBuffer(file) ? { contents: file } : file;
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), contents);
      chmodSync(join(root, path), mode);
    }
    const tarFile = `${root}.tar`;
    execFileSync('tar', [
      '--sort=name',
      '--mtime=@0',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '-C',
      root,
      '-cf',
      tarFile,
      '.',
    ]);
    const tar = readFileSync(tarFile);
    rmSync(tarFile);
    const gz = execFileSync('gzip', ['-n', '-c'], { input: tar, maxBuffer: 256 * 1024 * 1024 });
    const layer = writeBlob(layout, gz);
    const config = writeBlob(
      layout,
      Buffer.from(
        JSON.stringify({
          architecture: 'amd64',
          os: 'linux',
          created: created ?? '1970-01-01T00:00:00Z',
          config: imageConfig,
          rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(tar)}`] },
        }),
      ),
    );
    const manifest = writeBlob(
      layout,
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
          layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
        }),
      ),
    );
    writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    writeFileSync(
      join(layout, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            ...manifest,
            annotations: { 'org.opencontainers.image.ref.name': tag },
          },
        ],
      }),
    );
    return manifest.digest;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
