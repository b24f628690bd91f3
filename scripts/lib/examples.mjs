// The example manifests (examples/manifests/app.yaml) as a release of another name: the demo, the
// benches and the tests each deploy their own release, and one manifests file holds one app.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { repoRoot } from './scan-env.mjs';

/** Writes the example manifests with the workload named `release` (after `transform`) to `path`. */
export function writeExampleManifests(path, release, transform = (text) => text) {
  const text = readFileSync(join(repoRoot, 'examples', 'manifests', 'app.yaml'), 'utf8');
  writeFileSync(path, transform(text.replaceAll('name: app\n', `name: ${release}\n`)));
  return path;
}

/**
 * A transform for writeExampleManifests: the Deployments go to the platform's kwok nodes (they
 * tolerate the fake nodes' taint and select `type: kwok`), where a pod is Running without its image
 * ever being pulled. For tests of the deploy mechanics with placeholder digests and for scale; the
 * real app runs on the real node, where workloads land by default.
 */
export function onFakeNodes(text) {
  return yaml
    .loadAll(text)
    .filter(Boolean)
    .map((object) => {
      if (object.kind === 'Deployment') {
        const pod = object.spec.template.spec;
        pod.nodeSelector = { ...pod.nodeSelector, type: 'kwok' };
        pod.tolerations = [
          ...(pod.tolerations ?? []),
          { key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' },
        ];
      }
      return yaml.dump(object, { lineWidth: -1 });
    })
    .join('---\n');
}
