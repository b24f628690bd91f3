// Reads images back from a test registry (plain HTTP): what a tag resolves to, a manifest, and the
// files an image's layers hold.
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';

/** The digest `tag` resolves to in the registry at `registry` (host:port), or null. */
export async function registryDigest(
  registry: string,
  repository: string,
  tag: string,
): Promise<string | null> {
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      accept: 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  return response.ok ? response.headers.get('docker-content-digest') : null;
}

export async function registryJson(registry: string, repository: string, reference: string, accept: string) {
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${reference}`, {
    headers: { accept },
  });
  expect(response.ok, `${repository}@${reference}: HTTP ${response.status}`).toBe(true);
  return response.json();
}

/** The files of a tar archive (regular files only), by name without a leading ./ */
function tarFiles(tar: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const name = header.subarray(0, 100).toString('latin1').replace(/\0.*$/s, '');
    const size = Number.parseInt(
      header.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0',
      8,
    );
    const type = String.fromCharCode(header[156] ?? 48);
    if (type === '0' || type === '\0')
      files.set(name.replace(/^\.\//, ''), tar.subarray(offset + 512, offset + 512 + size).toString('utf8'));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Every file the image's layers hold (the later layer wins), read from the registry. */
export async function imageFiles(
  registry: string,
  repository: string,
  digest: string,
): Promise<Map<string, string>> {
  const manifest = await registryJson(
    registry,
    repository,
    digest,
    'application/vnd.oci.image.manifest.v1+json',
  );
  const files = new Map<string, string>();
  for (const layer of manifest.layers as { digest: string; mediaType: string }[]) {
    const blob = Buffer.from(
      await (await fetch(`http://${registry}/v2/${repository}/blobs/${layer.digest}`)).arrayBuffer(),
    );
    const tar =
      layer.mediaType.endsWith('+gzip') || layer.mediaType.endsWith('.gzip') ? gunzipSync(blob) : blob;
    for (const [name, text] of tarFiles(tar)) files.set(name, text);
  }
  return files;
}
