// A real, offline scanning environment on loopback: Debian's docker-registry (platform/registry.mjs), the trivy DB built
// from test/fixtures/trivy-db/fixtures and pushed there, and the test images built by buildah.
// Used by the integration tests (vitest global setup) and by `npm run gate`.
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startRegistry } from '../../platform/registry.mjs';

export const repoRoot = new URL('../..', import.meta.url).pathname;
export const toolsBin = join(
  process.env.PIPELINE_TOOLS_CACHE || join(homedir(), '.cache', 'pipeline-tools'),
  'bin',
);

/** PATH with the tools cache first, for this process and every child it starts. */
export function withToolsOnPath() {
  if (!(process.env.PATH ?? '').split(':').includes(toolsBin))
    process.env.PATH = `${toolsBin}:${process.env.PATH ?? ''}`;
}

/**
 * Registry + DB + images. Returns what a scan needs: the registry address, the DB repository and
 * the image references (by tag and by digest) and the OCI archive of the vulnerable image.
 */
export async function prepareScanEnvironment(workDir) {
  withToolsOnPath();
  const registry = await startRegistry(join(workDir, 'registry'));
  try {
    const dbRepository = `${registry.address}/trivy-db:2`;
    execFileSync(
      'trivy-db-builder',
      [
        '-fixtures',
        join(repoRoot, 'test', 'fixtures', 'trivy-db', 'fixtures'),
        '-out',
        join(workDir, 'db'),
        '-push',
        dbRepository,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const digests = JSON.parse(
      execFileSync(
        'bash',
        [join(repoRoot, 'scripts', 'build-test-images.sh'), registry.address, join(workDir, 'images')],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ).toString(),
    );
    const image = (name) => `${registry.address}/pipeline-test/${name}:1.0`;
    return {
      registry: registry.address,
      stopRegistry: registry.stop,
      dbRepository,
      images: {
        vulnerable: image('vulnerable'),
        clean: image('clean'),
        vulnerableDigest: `${registry.address}/pipeline-test/vulnerable@${digests.vulnerable}`,
        cleanDigest: `${registry.address}/pipeline-test/clean@${digests.clean}`,
      },
      archive: join(workDir, 'images', 'vulnerable.oci.tar'),
    };
  } catch (error) {
    await registry.stop();
    const stderr = error?.stderr?.toString().trim().split('\n').slice(-3).join(' ');
    throw new Error(`scan environment: ${stderr || error.message}`);
  }
}
