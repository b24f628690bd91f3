// The OCI registry: registry-front.mjs on the platform's port, which starts Debian's
// docker-registry (../registry.mjs) on a free port behind it and is where faults are injected.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { httpOk } from '../clients.mjs';

export default function registry({ ports, paths, platformDir }) {
  return {
    name: 'registry',
    command: process.execPath,
    match: 'registry-front.mjs',
    ports: [ports.registry],
    args: [
      join(platformDir, 'registry-front.mjs'),
      `--port=${ports.registry}`,
      `--dir=${paths.registryDir}`,
      `--fault-file=${paths.registryFault}`,
      `--ready-file=${paths.registryReady}`,
    ],
    // The front writes the ready file once docker-registry answers and it listens.
    prepare: async () => rmSync(paths.registryReady, { force: true }),
    ready: async () => {
      if (!existsSync(paths.registryReady)) return false;
      if (existsSync(paths.registryFault)) return true; // a test broke it on purpose
      return httpOk(`http://127.0.0.1:${ports.registry}/v2/`);
    },
    timeoutMs: 30_000,
    // docker-registry, started by the front: recorded so `down` stops it even if the front died.
    children: async () => {
      const backend = JSON.parse(readFileSync(paths.registryReady, 'utf8'));
      return [
        {
          name: 'registry-backend',
          pid: backend.backendPid,
          command: 'docker-registry',
          address: backend.backend,
          log: join(paths.registryDir, 'registry.log'),
        },
      ];
    },
  };
}
