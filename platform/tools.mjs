// The tools the platform runs (versions.mjs): checked before `up`, built by
// scripts/install-tools.sh when one is missing or at another version.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { childEnv, repoRoot, say } from './state.mjs';
import { PLATFORM_TOOLS } from './versions.mjs';

function toolProblem(tool) {
  try {
    const out = execFileSync(tool.name, tool.args, {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    return out.toString().includes(tool.expect)
      ? undefined
      : `${tool.name}: expected "${tool.expect}" in: ${out.toString().trim().split('\n')[0]}`;
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    if (error.code === 'ENOENT') return `${tool.name}: not installed`;
    return output.includes(tool.expect) ? undefined : `${tool.name}: ${error.message.split('\n')[0]}`;
  }
}

function missingTools() {
  return PLATFORM_TOOLS.map(toolProblem).filter(Boolean);
}

/**
 * Builds missing tools with scripts/install-tools.sh, its progress streamed to stderr. Resolves
 * the seconds it took (0 when nothing was missing).
 */
export async function ensureTools() {
  const problems = missingTools();
  if (problems.length === 0) return 0;
  if (process.env.PIPELINE_PLATFORM_NO_BUILD === '1')
    throw new Error(`platform tools missing (${problems.join('; ')}); run: bash scripts/install-tools.sh`);
  say(`tools missing or at other versions (${problems.join('; ')})`);
  say('running scripts/install-tools.sh (a cold build takes a while; progress follows)…');
  const started = Date.now();
  await new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot, 'scripts', 'install-tools.sh')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv(),
    });
    // Forward the script's progress; when it is quiet (a Go build prints nothing for minutes),
    // say that it is still working.
    let lastOutput = Date.now();
    const forward = (chunk) => {
      lastOutput = Date.now();
      process.stderr.write(chunk);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    const heartbeat = setInterval(() => {
      if (Date.now() - lastOutput < 45_000) return;
      say(`… still building tools (${Math.round((Date.now() - started) / 1000)}s so far)`);
      lastOutput = Date.now();
    }, 5_000);
    child.on('error', (error) => {
      clearInterval(heartbeat);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(heartbeat);
      code === 0 ? resolve() : reject(new Error(`scripts/install-tools.sh failed (exit ${code})`));
    });
  });
  const still = missingTools();
  if (still.length) throw new Error(`tools still missing after install-tools.sh: ${still.join('; ')}`);
  const seconds = (Date.now() - started) / 1000;
  say(`tools built in ${seconds.toFixed(0)}s`);
  return seconds;
}
