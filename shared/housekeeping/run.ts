// housekeeping: what a controller would do between runs, done by a scheduled workflow instead —
// scale down the color a deploy or rollback kept warm once its scale-down-delay has passed.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runAction } from '../action.js';
import { parseSelector } from '../bluegreen-deploy/inputs.js';
import { getKubeAccess, type KubeAccess, kubeconfigFile, kubeName } from '../cluster/access.js';
import { withLock } from '../cluster/lock.js';
import { type ScaleDownResult, scaleDownDue } from '../cluster/scale-down.js';
import { liveColorOf } from '../cluster/workloads.js';
import { Inputs } from '../inputs.js';
import { Kubectl } from '../kube/kubectl.js';
import { SummaryBuilder } from '../report/summary.js';
import * as core from '../runner.js';
import { CleanupState } from '../state.js';

export interface HousekeepingInputs extends KubeAccess {
  release: string;
  service: string;
  selector: Record<string, string>;
  lockTimeoutMs: number;
  historyLimit: number;
  workDir: string;
}

export function getHousekeepingInputs(
  inputs = new Inputs(),
  env: NodeJS.ProcessEnv = process.env,
): HousekeepingInputs {
  const access = getKubeAccess(inputs);
  const release = kubeName(inputs, 'release');
  return {
    ...access,
    release,
    service: kubeName(inputs, 'service', release),
    selector: parseSelector(inputs.string('selector', `app.kubernetes.io/part-of=${release}`)),
    lockTimeoutMs: inputs.duration('lock-timeout', '10m'),
    historyLimit: inputs.integer('history-limit', 20, 1),
    workDir: join(env.RUNNER_TEMP || resolve('.tmp'), 'housekeeping'),
  };
}

/** Under the release's lock, so it never races a deploy or rollback of the same release. */
export async function housekeep(inputs: HousekeepingInputs, cleanup: CleanupState): Promise<ScaleDownResult> {
  mkdirSync(inputs.workDir, { recursive: true });
  const kubectl = new Kubectl(inputs.namespace, await kubeconfigFile(inputs, inputs.workDir, cleanup));
  return withLock(kubectl, inputs.release, inputs.lockTimeoutMs, async () =>
    scaleDownDue(kubectl, inputs, liveColorOf(await kubectl.get('service', inputs.service))),
  );
}

export function housekeepingLine(release: string, result: ScaleDownResult): string {
  if (result.scaledDown)
    return `${release}: scaled ${result.scaledDown.color} down (${result.scaledDown.deployments.join(', ') || 'no Deployments left'}), its scale-down-delay passed`;
  if (result.pending) return `${release}: ${result.pending.color} stays warm until ${result.pending.after}`;
  if (result.clearedLive)
    return `${release}: ${result.clearedLive} is live again (put back by a rollback); nothing scaled down`;
  return `${release}: nothing kept warm`;
}

export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = getHousekeepingInputs();
    const result = await housekeep(inputs, new CleanupState());
    core.setOutput('scaled-down', result.scaledDown?.color ?? '');
    core.setOutput('warm-until', result.pending?.after ?? '');
    const line = housekeepingLine(inputs.release, result);
    core.info(line);
    await new SummaryBuilder().heading('Housekeeping').paragraph(line).write();
  });
}
