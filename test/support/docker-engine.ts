// A Docker engine of the test's own, as a GitHub runner has one: dockerd with a containerd of its
// own (never the platform's /run/containerd socket: dockerd would otherwise adopt it), no bridge
// and no iptables rules (builders use the host network), and the buildx plugin in its own
// DOCKER_CONFIG. Started and stopped by the test that needs it.
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { stopProcess } from '../../platform/proc.mjs';
import { toolsBin } from './tools.js';

/** The platform's node check leaves a containerd with a config of this name alone (platform/components/node.mjs). */
export const ENGINE_CONTAINERD_CONFIG = 'docker-engine-containerd.toml';

export interface DockerEngine {
  /** DOCKER_HOST and DOCKER_CONFIG (with the buildx plugin) for docker and for the bundles. */
  env: Record<string, string>;
  dir: string;
  docker(args: string[], input?: string): string;
  stop(): Promise<void>;
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/** The Debian (or Docker) binaries, not the platform's containerd 2 in the tools cache. */
function systemBinary(name: string, dirs = ['/usr/bin', '/usr/sbin', '/usr/local/bin']): string {
  const found = dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
  if (!found)
    throw new Error(`${name} is not installed: run scripts/install-tools.sh (it installs docker.io)`);
  return found;
}

export async function startDockerEngine(): Promise<DockerEngine> {
  // Short: unix socket paths are limited to 108 bytes.
  const dir = mkdtempSync('/tmp/pde-');
  const run = join(dir, 'run');
  mkdirSync(run);
  const containerdSocket = join(run, 'containerd.sock');
  const dockerSocket = join(run, 'docker.sock');
  const containerdConfig = join(dir, ENGINE_CONTAINERD_CONFIG);
  writeFileSync(
    containerdConfig,
    [
      'version = 2',
      `root = "${join(dir, 'containerd-root')}"`,
      `state = "${join(dir, 'containerd-state')}"`,
      // This VM's root may not lower OOM scores (no CAP_SYS_RESOURCE).
      'oom_score = 0',
      'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
      '[grpc]',
      `  address = "${containerdSocket}"`,
      '[ttrpc]',
      `  address = "${containerdSocket}.ttrpc"`,
      '[debug]',
      `  address = "${join(run, 'containerd-debug.sock')}"`,
      '',
    ].join('\n'),
  );
  const log = openSync(join(dir, 'engine.log'), 'a');
  // The system's binaries first: containerd 1.x must start its own runc shim, not the platform's
  // containerd 2 shim in the tools cache (a shim answers in its containerd's protocol).
  const systemEnv = { ...process.env, PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
  const containerdBinary = systemBinary('containerd');
  const dockerdBinary = systemBinary('dockerd');
  const containerd = spawn(containerdBinary, ['--config', containerdConfig], {
    stdio: ['ignore', log, log],
    env: systemEnv,
  });
  // This VM's root lacks CAP_SYS_RESOURCE (a GitHub runner's has it): a privileged container (a
  // docker-container builder is one) asks for every capability and runc refuses. The engine's
  // runtime drops that one capability from each container's spec, then runs runc.
  const runtime = join(dir, 'runc-without-sys-resource');
  writeFileSync(
    runtime,
    [
      '#!/bin/sh',
      '# drop FILTER FILE: FILE without CAP_SYS_RESOURCE where FILTER finds the capability sets.',
      'drop() {',
      `  jq "($1 // {}) |= with_entries(.value |= map(select(. != \\"CAP_SYS_RESOURCE\\")))" "$2" > "$2.tmp" && mv "$2.tmp" "$2"`,
      '}',
      'prev=',
      'for arg in "$@"; do',
      '  case "$prev" in',
      '    --bundle|-b) [ -f "$arg/config.json" ] && drop .process.capabilities "$arg/config.json" ;;',
      // docker exec: the process to start, capabilities included.
      '    --process|-p) [ -f "$arg" ] && drop .capabilities "$arg" ;;',
      '  esac',
      '  prev=$arg',
      'done',
      `exec ${systemBinary('runc', ['/usr/sbin', '/usr/bin'])} "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const dockerd = spawn(
    dockerdBinary,
    [
      '--host',
      `unix://${dockerSocket}`,
      '--containerd',
      containerdSocket,
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      join(run, 'docker.pid'),
      '--bridge',
      'none',
      '--iptables=false',
      '--ip-forward=false',
      '--ip-masq=false',
      '--userland-proxy=false',
      '--add-runtime',
      `runc-without-sys-resource=${runtime}`,
      '--default-runtime',
      'runc-without-sys-resource',
    ],
    { stdio: ['ignore', log, log], env: systemEnv },
  );
  const dockerConfig = join(dir, 'docker-config');
  mkdirSync(join(dockerConfig, 'cli-plugins'), { recursive: true });
  const plugin = join(toolsBin, '..', 'cli-plugins', 'docker-buildx');
  if (!existsSync(plugin))
    throw new Error(`the buildx plugin is not built (${plugin}): run scripts/install-tools.sh`);
  symlinkSync(plugin, join(dockerConfig, 'cli-plugins', 'docker-buildx'));
  const env = { DOCKER_HOST: `unix://${dockerSocket}`, DOCKER_CONFIG: dockerConfig };
  const engine: DockerEngine = {
    env,
    dir,
    docker: (args, input) =>
      execFileSync('docker', args, {
        env: { ...process.env, ...env },
        input,
        stdio: ['pipe', 'pipe', 'pipe'],
        timeout: 300_000,
      }).toString(),
    stop: async () => {
      try {
        const ids = engine.docker(['ps', '-aq']).trim();
        if (ids) engine.docker(['rm', '-f', ...ids.split('\n')]);
      } catch {}
      await stopProcess(dockerd.pid, dockerdBinary, 20_000);
      await stopProcess(containerd.pid, containerdBinary, 10_000);
      // dockerd unmounts its layers as it stops, but not its default network namespace; a kill
      // leaves more. Deepest first.
      const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
        .split('\n')
        .map((line) => line.split(' ')[4] ?? '')
        .filter((point) => point.startsWith(`${dir}/`))
        .sort((a, b) => b.length - a.length);
      for (const point of mounts)
        try {
          execFileSync('umount', [point], { stdio: 'ignore' });
        } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 60_000;
  while (!(await ping(dockerSocket))) {
    if (dockerd.exitCode !== null || containerd.exitCode !== null || Date.now() > deadline) {
      const tail = readFileSync(join(dir, 'engine.log'), 'utf8').trim().split('\n').slice(-8).join('\n');
      await engine.stop().catch(() => undefined);
      throw new Error(`the Docker engine did not start:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return engine;
}
