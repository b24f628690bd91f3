// The release's workloads in the cluster: which color the live Service selects, and the
// Deployments of one color.
import type { Kubectl, KubeObject } from '../kube/kubectl.js';
import type { Color } from './release-record.js';

export function liveColorOf(service: KubeObject | undefined): Color | undefined {
  const color = (service?.spec as { selector?: Record<string, string> } | undefined)?.selector?.color;
  return color === 'blue' || color === 'green' ? color : undefined;
}

function selectorString(selector: Record<string, string>, color?: Color): string {
  return Object.entries({ ...selector, ...(color ? { color } : {}) })
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/**
 * The release's Deployments of one color: a Helm release `<release>-<color>` (by Helm's instance
 * label), else those the manifests labelled with `selector` and the color.
 */
export async function deploymentsOf(
  kubectl: Kubectl,
  release: { release: string; selector: Record<string, string> },
  color: Color,
): Promise<KubeObject[]> {
  const helm = await kubectl.list('deployment', `app.kubernetes.io/instance=${release.release}-${color}`);
  return helm.length ? helm : kubectl.list('deployment', selectorString(release.selector, color));
}
