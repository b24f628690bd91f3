// Talking to the platform's components: kubectl (argv only) and HTTP readiness checks.
import { execFileSync } from 'node:child_process';
import { httpGet } from './proc.mjs';
import { childEnv, paths } from './state.mjs';

/** kubectl with the admin kubeconfig (or another), argv only; returns stdout. */
export function kubectl(args, { input, kubeconfig = paths().kubeconfig, timeoutMs = 120_000 } = {}) {
  try {
    return execFileSync('kubectl', [`--kubeconfig=${kubeconfig}`, ...args], {
      input,
      env: childEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: timeoutMs,
    }).toString();
  } catch (error) {
    const stderr = error.stderr?.toString().trim();
    throw new Error(`kubectl ${args.join(' ')}: ${stderr || error.message}`);
  }
}

/** Resolves true when `url` answers 200; throws with the status and body otherwise. */
export async function httpOk(url, options) {
  const response = await httpGet(url, options);
  if (response.status !== 200)
    throw new Error(`${url}: HTTP ${response.status} ${response.body.slice(0, 200)}`);
  return true;
}
