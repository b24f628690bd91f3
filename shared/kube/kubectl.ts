// Typed wrapper over kubectl: argv only, JSON in and out, the namespace and kubeconfig fixed per
// instance; NotFound and Conflict become values a caller can act on, other failures quote kubectl.
import { ToolError } from '../errors.js';
import { type ExecOptions, execTool } from '../tools/exec.js';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export class KubeConflict extends Error {
  override name = 'KubeConflict';
}

/**
 * One line for an API server kubectl could not reach, instead of client-go's repeated dump:
 * "cannot reach the Kubernetes API at https://…: connection refused".
 */
export function unreachableApi(stderr: string, requestTimeoutSeconds?: number): string | undefined {
  const match =
    /(?:Get|Post|Patch|Put) \\?"(https?:\/\/[^/"\\]+)[^"]*\\?": (?:dial tcp [^:]+:\d+: )?(?:connect: )?([^"\n]+?)(?:"|$)/m.exec(
      stderr,
    ) ?? /Unable to connect to the server: (?:dial tcp [^:]+:\d+: )?(?:connect: )?(.+)$/m.exec(stderr);
  if (!match) return undefined;
  const [server, why] = match.length === 3 ? [match[1], match[2]] : [undefined, match[1]];
  // A server that takes the connection and never answers: say how long it had.
  const reason =
    requestTimeoutSeconds !== undefined &&
    /context deadline exceeded|Client\.Timeout exceeded|i\/o timeout/.test(why ?? '')
      ? `no answer within ${requestTimeoutSeconds}s`
      : why?.trim();
  return `cannot reach the Kubernetes API${server ? ` at ${server}` : ''}: ${reason}`;
}

/**
 * Each API request's deadline. kubectl tries discovery five times before it gives up, so a server
 * that never answers fails the call after about 5 × 20 s, inside the call's own 120 s limit.
 */
export const KUBE_REQUEST_TIMEOUT_SECONDS = 20;

export class Kubectl {
  constructor(
    readonly namespace: string,
    private readonly kubeconfig?: string,
    private readonly options: { binary?: string; requestTimeoutSeconds?: number } = {},
  ) {}

  private get requestTimeoutSeconds(): number {
    return this.options.requestTimeoutSeconds ?? KUBE_REQUEST_TIMEOUT_SECONDS;
  }

  private base(): string[] {
    const args = ['--namespace', this.namespace, `--request-timeout=${this.requestTimeoutSeconds}s`];
    if (this.kubeconfig) args.unshift('--kubeconfig', this.kubeconfig);
    return args;
  }

  async run(args: string[], options: ExecOptions = {}): Promise<string> {
    try {
      return (
        await execTool(this.options.binary ?? 'kubectl', [...this.base(), ...args], {
          timeoutMs: 120_000,
          ...options,
        })
      ).stdout;
    } catch (error) {
      if (
        error instanceof ToolError &&
        /\(Conflict\)|the object has been modified|AlreadyExists|already exists/.test(error.stderr)
      ) {
        throw new KubeConflict(error.message);
      }
      if (error instanceof ToolError) {
        const unreachable = unreachableApi(error.stderr, this.requestTimeoutSeconds);
        if (unreachable) throw new ToolError(unreachable, 'kubectl', error.exitCode, error.stderr);
      }
      throw error;
    }
  }

  /** The object, or undefined when it does not exist. */
  async get<T = KubeObject>(kind: string, name: string): Promise<T | undefined> {
    const out = await this.run(['get', kind, name, '--ignore-not-found', '-o', 'json']);
    return out.trim() ? (JSON.parse(out) as T) : undefined;
  }

  async list<T = KubeObject>(kind: string, selector?: string): Promise<T[]> {
    const args = ['get', kind, '-o', 'json'];
    if (selector) args.push('-l', selector);
    return (JSON.parse(await this.run(args)) as { items: T[] }).items;
  }

  async apply(objects: KubeObject[], fieldManager = 'pipeline'): Promise<void> {
    const input = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
    await this.run(
      ['apply', '--server-side', '--force-conflicts', `--field-manager=${fieldManager}`, '-f', '-'],
      { input },
    );
  }

  /** Creates; throws KubeConflict when it already exists. */
  async create(object: KubeObject): Promise<void> {
    await this.run(['create', '-f', '-'], { input: JSON.stringify(object) });
  }

  /** Replaces at the object's resourceVersion; throws KubeConflict when it changed meanwhile. */
  async replace(object: KubeObject): Promise<void> {
    await this.run(['replace', '-f', '-'], { input: JSON.stringify(object) });
  }

  /** A merge patch; with `resourceVersion` it applies only if the object is still at that version. */
  async patch(
    kind: string,
    name: string,
    patch: Record<string, unknown>,
    resourceVersion?: string,
  ): Promise<void> {
    const body = resourceVersion
      ? { ...patch, metadata: { ...((patch.metadata as object) ?? {}), resourceVersion } }
      : patch;
    await this.run(['patch', kind, name, '--type', 'merge', '-p', JSON.stringify(body)]);
  }

  async delete(kind: string, name: string): Promise<void> {
    await this.run(['delete', kind, name, '--ignore-not-found', '--wait=false']);
  }

  async rolloutStatus(deployment: string, timeoutMs: number): Promise<void> {
    await this.run(
      ['rollout', 'status', `deployment/${deployment}`, `--timeout=${Math.ceil(timeoutMs / 1000)}s`],
      {
        timeoutMs: timeoutMs + 30_000,
        streamStderr: true,
      },
    );
  }

  async scale(deployment: string, replicas: number): Promise<void> {
    await this.run(['scale', `deployment/${deployment}`, `--replicas=${replicas}`]);
  }
}
