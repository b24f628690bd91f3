// What a release's pods are labelled with, and the Prometheus selector that finds exactly them.
// Each color's pods carry `color` and `version` (plain names, as Istio's `version` and a
// Prometheus `labelmap` of pod labels keep them), so verification can tell the release just put
// on a color from the one that ran there a minute ago: their series overlap inside every rate()
// range, and a selector on color alone sums both.
import { ConfigurationError } from '../errors.js';

export const COLOR_LABEL = 'color';
export const VERSION_LABEL = 'version';

/**
 * The target selector when none is given: this namespace's release, the color and the version put
 * there. The platform's Prometheus (and the README's relabelling) carry these label names.
 */
export const DEFAULT_TARGET =
  'namespace="{namespace}", release="{release}", color="{color}", version="{version}"';

const LABEL_VALUE_MAX = 63;

/**
 * A version as a Kubernetes label value: at most 63 of [A-Za-z0-9_.-], alphanumeric at both ends.
 * Other characters (semver's `+build`, a `/`) become `_`, so `1.2.3+build.5` is `1.2.3_build.5`.
 */
export function versionLabelValue(version: string): string {
  const value = version
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .slice(0, LABEL_VALUE_MAX)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (!value)
    throw new ConfigurationError(`version '${version}' has no letter or digit to label its pods with`);
  return value;
}

export interface ReleasePlace {
  namespace: string;
  release: string;
  color: string;
  version: string;
}

/**
 * Fills {namespace}, {release}, {color} and {version}. The values are DNS names, a color and a
 * label value: none can close a PromQL string or add a matcher.
 */
export function fillSelector(template: string, place: ReleasePlace): string {
  const values: Record<keyof ReleasePlace, string> = {
    namespace: place.namespace,
    release: place.release,
    color: place.color,
    version: versionLabelValue(place.version),
  };
  return template.replace(
    /\{(namespace|release|color|version)\}/g,
    (_, name: keyof ReleasePlace) => values[name],
  );
}
