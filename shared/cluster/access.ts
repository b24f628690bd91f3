// How a run reaches the release's cluster: its namespace and kubeconfig, read once and checked;
// kubeconfig content is masked and written 0600 (removed in post), never printed or taken for a path.
import { existsSync } from 'node:fs';
import { writePrivateFile } from '../credentials.js';
import { ConfigurationError } from '../errors.js';
import { type Inputs, quote } from '../inputs.js';
import * as core from '../runner.js';
import type { CleanupState } from '../state.js';

export interface KubeAccess {
  namespace: string;
  /** Kubeconfig content or path; written 0600 under RUNNER_TEMP when content. */
  kubeconfig?: string;
}

const NAME = /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/;

export function kubeName(inputs: Inputs, name: string, fallback?: string): string {
  const value = inputs.string(name, fallback ?? '');
  if (!value) throw new ConfigurationError(`input '${name}' is required`);
  if (!NAME.test(value))
    throw new ConfigurationError(
      `input '${name}': got ${quote(value)}, expected a lower-case DNS name (letters, digits, '-'; at most 53)`,
    );
  return value;
}

/**
 * Kubeconfig content rather than a path: several lines, JSON or YAML flow (`{…}`), or a YAML
 * `key: value` line. A path never has a newline, never starts with `{` and has no `: `.
 */
export function isKubeconfigContent(value: string): boolean {
  const text = value.trim();
  return text.includes('\n') || text.startsWith('{') || /^[A-Za-z][\w-]*:\s/.test(text);
}

/** Credential values inside a kubeconfig, each masked on its own (a multi-line mask misses lines). */
const SECRET_FIELDS =
  /["']?(token|password|client-key-data|client-certificate-data|id-token|refresh-token)["']?\s*:\s*["']?([^\s"',}]+)/g;

export function getKubeAccess(inputs: Inputs): KubeAccess {
  const namespace = kubeName(inputs, 'namespace');
  const kubeconfig = inputs.raw('kubeconfig');
  if (!kubeconfig.trim()) return { namespace };
  if (isKubeconfigContent(kubeconfig)) {
    core.setSecret(kubeconfig);
    for (const [, , secret] of kubeconfig.matchAll(SECRET_FIELDS)) if (secret) core.setSecret(secret);
    return { namespace, kubeconfig };
  }
  const path = kubeconfig.trim();
  if (!existsSync(path))
    // Not echoed: a value that is neither may still be a mangled credential.
    throw new ConfigurationError(
      `input 'kubeconfig': expected kubeconfig content (YAML or JSON) or the path of an existing file; got neither (${path.length} characters, not shown)`,
    );
  return { namespace, kubeconfig: path };
}

/** The kubeconfig as a file kubectl and helm can read: content is written 0600 and removed in post. */
export function kubeconfigFile(
  access: KubeAccess,
  workDir: string,
  cleanup: CleanupState,
): string | undefined {
  if (!access.kubeconfig) return undefined;
  if (!isKubeconfigContent(access.kubeconfig)) return access.kubeconfig;
  return writePrivateFile(workDir, 'kubeconfig', access.kubeconfig, cleanup);
}
