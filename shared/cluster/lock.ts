// One deployment at a time per release: a coordination.k8s.io Lease whose holder is the run.
// A lease past its duration is stale (its run died) and is taken over, saying so.
import { ConfigurationError, errorMessage, ToolError } from '../errors.js';
import { KubeConflict, type Kubectl, type KubeObject } from '../kube/kubectl.js';
import * as core from '../runner.js';

export interface LeaseObject extends KubeObject {
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string };
}

export function lockName(release: string): string {
  return `pipeline-${release}-lock`;
}

/** A Lease time as the apiserver writes one (RFC 3339 with microseconds). */
export function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * How far apart two runners' clocks may be before a lease's own times are trusted on their own: a
 * renewTime written by another machine is compared with this one's clock.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A lease is stale once this run has seen it unchanged for its whole duration (by this run's own
 * clock, as client-go's leader election judges it), or when its own times ended it longer ago than
 * any clock skew: a runner whose clock runs 45s ahead must not take a lock renewed a second ago.
 */
export function isExpired(lease: LeaseObject, now: Date, unchangedForMs = 0): boolean {
  const renewed = Date.parse(lease.spec.renewTime ?? lease.spec.acquireTime ?? '');
  const duration = (lease.spec.leaseDurationSeconds ?? 0) * 1000;
  return (
    !Number.isFinite(renewed) ||
    unchangedForMs >= duration ||
    renewed + duration + MAX_CLOCK_SKEW_MS < now.getTime()
  );
}

export class ReleaseLock {
  constructor(
    private readonly kubectl: Kubectl,
    private readonly releaseName: string,
    readonly holder: string,
    private readonly durationSeconds: number,
  ) {}

  private lease(resourceVersion?: string): LeaseObject {
    const now = microTime(new Date());
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: lockName(this.releaseName),
        labels: { 'app.kubernetes.io/managed-by': 'pipeline', 'pipeline/release': this.releaseName },
        ...(resourceVersion ? { resourceVersion } : {}),
      },
      spec: {
        holderIdentity: this.holder,
        leaseDurationSeconds: this.durationSeconds,
        acquireTime: now,
        renewTime: now,
      },
    };
  }

  /** Takes the lock, waiting up to `timeoutMs` for another holder; fails clearly after that. */
  async acquire(timeoutMs: number, pollMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let announced = false;
    // The other holder's lease as this run last saw it change: every renewal changes its version.
    let seen: { version?: string; at: number } | undefined;
    for (;;) {
      const current = await this.kubectl.get<LeaseObject>('lease', lockName(this.releaseName));
      if (!seen || current?.metadata.resourceVersion !== seen.version)
        seen = { version: current?.metadata.resourceVersion, at: Date.now() };
      try {
        if (!current) {
          await this.kubectl.create(this.lease());
          return;
        }
        if (current.spec.holderIdentity === this.holder) {
          await this.kubectl.replace(this.lease(current.metadata.resourceVersion));
          return;
        }
        if (isExpired(current, new Date(), Date.now() - seen.at)) {
          await this.kubectl.replace(this.lease(current.metadata.resourceVersion));
          core.warning(
            `took over a stale deploy lock of ${this.releaseName} held by ${current.spec.holderIdentity} (expired)`,
          );
          return;
        }
      } catch (error) {
        if (!(error instanceof KubeConflict)) throw error;
        // someone else moved first: look again
      }
      if (Date.now() >= deadline) {
        throw new ConfigurationError(
          `release ${this.releaseName} is locked by ${current?.spec.holderIdentity ?? 'another run'} (lease ${lockName(this.releaseName)} in ${this.kubectl.namespace}); gave up after ${Math.round(timeoutMs / 1000)}s (lock-timeout)`,
        );
      }
      if (!announced) {
        core.info(
          `waiting for the deploy lock of ${this.releaseName}, held by ${current?.spec.holderIdentity}…`,
        );
        announced = true;
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /** Releases the lock if this run still holds it. */
  private heartbeat?: NodeJS.Timeout;

  /**
   * Keeps the lease fresh while the run works: a run that dies stops renewing, and its lock goes
   * stale within one lease duration instead of blocking the release for the whole deploy timeout.
   */
  startRenewing(): void {
    const every = Math.max(1000, (this.durationSeconds * 1000) / 3);
    this.heartbeat = setInterval(() => {
      void (async () => {
        const current = await this.kubectl.get<LeaseObject>('lease', lockName(this.releaseName));
        if (current?.spec.holderIdentity !== this.holder) return;
        await this.kubectl.replace({
          ...current,
          spec: { ...current.spec, renewTime: microTime(new Date()) },
        });
      })().catch(() => undefined);
    }, every);
    this.heartbeat.unref();
  }

  async unlock(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    const current = await this.kubectl.get<LeaseObject>('lease', lockName(this.releaseName));
    if (current?.spec.holderIdentity === this.holder)
      await this.kubectl.delete('lease', lockName(this.releaseName));
  }
}

/** Who holds the lock: the workflow run (and attempt), or a one-off id outside Actions. */
export function runHolder(): string {
  const env = process.env;
  return env.GITHUB_RUN_ID
    ? `${env.GITHUB_REPOSITORY ?? 'run'}/${env.GITHUB_RUN_ID}/${env.GITHUB_RUN_ATTEMPT ?? '1'}`
    : `local/${crypto.randomUUID()}`;
}

/** How long a lock outlives a run that stopped renewing it. */
export const LEASE_SECONDS = 30;

/** Runs `body` holding the release's lock (renewed meanwhile), and always releases it. */
export async function withLock<T>(
  kubectl: Kubectl,
  release: string,
  lockTimeoutMs: number,
  body: () => Promise<T>,
): Promise<T> {
  const lock = new ReleaseLock(kubectl, release, runHolder(), LEASE_SECONDS);
  try {
    await lock.acquire(lockTimeoutMs);
    lock.startRenewing();
  } catch (error) {
    if (
      error instanceof ToolError &&
      /namespaces? "[^"]+" not found|forbidden: .* in the namespace/.test(error.stderr)
    ) {
      throw new ConfigurationError(
        `input 'namespace': namespace ${kubectl.namespace} does not exist (or is not visible to this identity)`,
      );
    }
    throw error;
  }
  try {
    return await body();
  } finally {
    await lock
      .unlock()
      .catch((error) => core.warning(`could not release the deploy lock: ${errorMessage(error)}`));
  }
}
