// The example manifests (examples/manifests/app.yaml) as a release of another name: the demo, the
// benches and the tests each deploy their own release, and one manifests file holds one app.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './scan-env.mjs';

/** Writes the example manifests with the workload named `release` (after `transform`) to `path`. */
export function writeExampleManifests(path, release, transform = (text) => text) {
  const text = readFileSync(join(repoRoot, 'examples', 'manifests', 'app.yaml'), 'utf8');
  writeFileSync(path, transform(text.replaceAll('name: app\n', `name: ${release}\n`)));
  return path;
}
