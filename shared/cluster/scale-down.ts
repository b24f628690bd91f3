// The previous color is kept warm for `scale-down-delay` so a rollback is a switch. With no
// controller in the cluster, "later" happens when a run comes: every deploy and rollback of the
// release, and the scheduled housekeeping workflow, scale down a color whose delay has passed.
// The live color is never scaled down, whatever the record says.
import type { Kubectl } from '../kube/kubectl.js';
import { type Color, type ReleaseState, readState, updateReleaseRecord } from './release-record.js';
import { deploymentsOf } from './workloads.js';

export interface ScaleDownResult {
  /** The color scaled down now, with its Deployments. */
  scaledDown?: { color: Color; deployments: string[] };
  /** A color still kept warm, and until when. */
  pending?: { color: Color; after: string };
  /** A record that named the live color (it was put back by a rollback): cleared, nothing scaled. */
  clearedLive?: Color;
}

/** When the color taken off traffic at `now` is to be scaled down (no entry: at once). */
export function scaleDownAfter(now: Date, delayMs: number): string {
  return new Date(now.getTime() + delayMs).toISOString();
}

/**
 * Records `color`, just taken off traffic, as kept warm for `delayMs`; with no delay (it was
 * scaled down at once) or no color, nothing is kept warm.
 */
export function keepWarm(state: ReleaseState, color: Color | undefined, now: Date, delayMs: number): void {
  if (color && delayMs > 0) state.scaleDown = { color, after: scaleDownAfter(now, delayMs) };
  else delete state.scaleDown;
}

/**
 * Scales down the color the record keeps warm once its delay has passed. Call it holding the
 * release's lock; `liveColor` is what the live Service selects now.
 */
export async function scaleDownDue(
  kubectl: Kubectl,
  release: { release: string; selector: Record<string, string>; historyLimit: number },
  liveColor: Color | undefined,
  now = new Date(),
): Promise<ScaleDownResult> {
  const due = (await readState(kubectl, release.release)).state.scaleDown;
  if (!due) return {};
  if (due.color === liveColor) {
    await clear(kubectl, release, due);
    return { clearedLive: due.color };
  }
  if (Date.parse(due.after) > now.getTime()) return { pending: due };
  const deployments = await deploymentsOf(kubectl, release, due.color);
  for (const deployment of deployments) await kubectl.scale(deployment.metadata.name, 0);
  await clear(kubectl, release, due);
  return { scaledDown: { color: due.color, deployments: deployments.map((d) => d.metadata.name) } };
}

/** Removes the entry it acted on only: a deploy that wrote a newer one meanwhile keeps it. */
function clear(
  kubectl: Kubectl,
  release: { release: string; historyLimit: number },
  acted: { color: Color; after: string },
): Promise<unknown> {
  return updateReleaseRecord(
    kubectl,
    release.release,
    (state) => {
      if (state.scaleDown?.color === acted.color && state.scaleDown.after === acted.after)
        delete state.scaleDown;
    },
    release.historyLimit,
  );
}
