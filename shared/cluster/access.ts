// How a run reaches the release's cluster: its namespace, kubeconfig and context, read once and
// checked; kubeconfig content is masked and written 0600 (removed in post), never printed or taken
// for a path.
import { existsSync, readFileSync } from 'node:fs';
import { writePrivateFile } from '../credentials.js';
import { ConfigurationError } from '../errors.js';
import { type Inputs, quote } from '../inputs.js';
import * as core from '../runner.js';
import type { CleanupState } from '../state.js';
import { loadYaml } from '../yaml.js';

export interface KubeAccess {
  namespace: string;
  /** Kubeconfig content or path; written 0600 under RUNNER_TEMP when content. */
  kubeconfig?: string;
  /**
   * The kubeconfig's context to use instead of its current one (one kubeconfig holding a context per
   * cluster, as a fleet's can).
   */
  context?: string;
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

/**
 * A context name as kubectl and the clouds write them: `kind-dev`, `gke_project_zone_name`,
 * `arn:aws:eks:eu-west-1:123456789012:cluster/prod`, `admin@prod`.
 */
const CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9._@:/+-]{0,252}$/;

export function getKubeAccess(inputs: Inputs): KubeAccess {
  const namespace = kubeName(inputs, 'namespace');
  const context = inputs.string('kube-context') || undefined;
  if (context !== undefined && !CONTEXT_NAME.test(context))
    throw new ConfigurationError(
      `input 'kube-context': got ${quote(context)}, expected a kubeconfig context name (letters, digits and . _ @ : / + -)`,
    );
  const withContext = context === undefined ? {} : { context };
  const kubeconfig = inputs.raw('kubeconfig');
  if (!kubeconfig.trim()) return { namespace, ...withContext };
  if (isKubeconfigContent(kubeconfig)) {
    core.setSecret(kubeconfig);
    for (const [, , secret] of kubeconfig.matchAll(SECRET_FIELDS)) if (secret) core.setSecret(secret);
    return { namespace, kubeconfig, ...withContext };
  }
  const path = kubeconfig.trim();
  if (!existsSync(path))
    // Not echoed: a value that is neither may still be a mangled credential.
    throw new ConfigurationError(
      `input 'kubeconfig': expected kubeconfig content (YAML or JSON) or the path of an existing file; got neither (${path.length} characters, not shown)`,
    );
  return { namespace, kubeconfig: path, ...withContext };
}

/**
 * The kubeconfig as a file kubectl and helm can read: content is written 0600 and removed in post.
 * With a context, a copy whose current context is that one (so every kubectl and helm call uses
 * it), after checking the kubeconfig has it.
 */
export async function kubeconfigFile(
  access: KubeAccess,
  workDir: string,
  cleanup: CleanupState,
): Promise<string | undefined> {
  if (access.context !== undefined) {
    const source = access.kubeconfig ?? defaultKubeconfigPath();
    const text = isKubeconfigContent(source) ? source : readFileSync(source, 'utf8');
    return writePrivateFile(workDir, 'kubeconfig', await withCurrentContext(text, access.context), cleanup);
  }
  if (!access.kubeconfig) return undefined;
  if (!isKubeconfigContent(access.kubeconfig)) return access.kubeconfig;
  return writePrivateFile(workDir, 'kubeconfig', access.kubeconfig, cleanup);
}

/** The kubeconfig kubectl reads when none is given: the first file of $KUBECONFIG, else ~/.kube/config. */
function defaultKubeconfigPath(): string {
  const listed = (process.env.KUBECONFIG ?? '').split(':').find((entry) => entry.trim());
  const path = listed ?? `${process.env.HOME ?? ''}/.kube/config`;
  if (!existsSync(path))
    throw new ConfigurationError(
      `input 'kube-context': no kubeconfig to choose the context in (input 'kubeconfig' is empty and ${path} does not exist)`,
    );
  return path;
}

/**
 * The kubeconfig (YAML or JSON) as JSON with `current-context` set to `context`. Only context names
 * are ever quoted in an error: the rest of a kubeconfig may be credentials.
 */
export async function withCurrentContext(kubeconfig: string, context: string): Promise<string> {
  let config: unknown;
  try {
    config = await loadYaml(kubeconfig);
  } catch {
    throw new ConfigurationError(
      `input 'kubeconfig': not valid YAML or JSON, so no context can be chosen in it`,
    );
  }
  const contexts =
    config && typeof config === 'object' && Array.isArray((config as { contexts?: unknown }).contexts)
      ? ((config as { contexts: unknown[] }).contexts
          .map((entry) =>
            entry && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined,
          )
          .filter((name): name is string => typeof name === 'string' && CONTEXT_NAME.test(name)) as string[])
      : [];
  if (!contexts.includes(context))
    throw new ConfigurationError(
      `input 'kube-context': got ${quote(context)}, expected one of the kubeconfig's contexts (${contexts.length ? contexts.join(', ') : 'it has none'})`,
    );
  return JSON.stringify({ ...(config as object), 'current-context': context });
}
