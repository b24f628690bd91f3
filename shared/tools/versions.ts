// Pinned tool versions with the sha256 of each official release asset. The installer refuses
// any download whose checksum differs.
import type { ToolSpec } from './installer.js';

export const TRIVY_VERSION = '0.74.0';
export const COSIGN_VERSION = '3.1.3';

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

// The values below agree across many independent public pins of these releases (setup scripts,
// package formulae); this machine cannot reach GitHub to re-derive them from the upstream
// checksums files. A wrong pin fails closed: the installer refuses the download.
const TRIVY_RELEASES: Record<string, ToolSpec['assets']> = {
  '0.74.0': {
    'linux-x64': trivyAsset(
      '0.74.0',
      'Linux-64bit',
      '2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a',
    ),
    'linux-arm64': trivyAsset(
      '0.74.0',
      'Linux-ARM64',
      'b94ce1976bbf3c15b514b605ee88be7c6d94a29be2302847ff01cb794d47aad5',
    ),
    'darwin-x64': trivyAsset(
      '0.74.0',
      'macOS-64bit',
      '472816f6888dda689d075c30254d4210b4d1035acf365aa72332f584c2f60485',
    ),
    'darwin-arm64': trivyAsset(
      '0.74.0',
      'macOS-ARM64',
      '1caada5e0e2091909357c7525d3aa76f4b660b13821bc143b190c7483e31cc11',
    ),
  },
};

const COSIGN_RELEASES: Record<string, ToolSpec['assets']> = {
  '3.1.3': {
    'linux-x64': cosignAsset(
      '3.1.3',
      'linux-amd64',
      '4629c757b7618056f8ddd7e2625ae9fdd94c0372a65049520bc7d9df9efc7f71',
    ),
    'linux-arm64': cosignAsset(
      '3.1.3',
      'linux-arm64',
      'c5d324e091826b0d7a78eb16fef316450b4eb9aaec045611c08ba06f5e73220a',
    ),
    'darwin-x64': cosignAsset(
      '3.1.3',
      'darwin-amd64',
      '2347488e5d5b25336644024dfeca5601b190e91197a71a917bda44744aff106c',
    ),
    'darwin-arm64': cosignAsset(
      '3.1.3',
      'darwin-arm64',
      '5cf948c2f4dfe59687bdd0b8523709067383e03982cc543475c8a7dc70e92a76',
    ),
  },
  // Published by sigstore/cosign-installer (action.sh).
  '3.0.6': {
    'linux-x64': cosignAsset(
      '3.0.6',
      'linux-amd64',
      'c956e5dfcac53d52bcf058360d579472f0c1d2d9b69f55209e256fe7783f4c74',
    ),
    'linux-arm64': cosignAsset(
      '3.0.6',
      'linux-arm64',
      'bedac92e8c3729864e13d4a17048007cfafa79d5deca993a43a90ffe018ef2b8',
    ),
    'darwin-x64': cosignAsset(
      '3.0.6',
      'darwin-amd64',
      '4c3e7af8372d3ca3296e62fa56f23fcbb5721cc6ac1827900d398f110d7cd280',
    ),
    'darwin-arm64': cosignAsset(
      '3.0.6',
      'darwin-arm64',
      '5fadd012ae6381a6a29ff86a7d39aa873878852f1073fc90b15995961ecfb084',
    ),
  },
};

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
