// Builds every action: tsc compiles actions/ and shared/ to build/, then ncc bundles each
// actions/<name>/main.ts into dist/<name>/index.js. Bundling the compiled JavaScript keeps ncc
// independent of the TypeScript version.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);

export function actionNames() {
  return readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, 'actions', entry.name, 'main.ts')))
    .map((entry) => entry.name)
    .sort();
}

function bundle(entry, out) {
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    bin('ncc'),
    [
      'build',
      entry,
      '-o',
      out,
      '--minify',
      '--no-source-map-register',
      '--quiet',
      '--license',
      'licenses.txt',
    ],
    { stdio: 'inherit' },
  );
  // ncc emits ESM for an ESM package; the bundle carries its own package.json so the runner's
  // `node dist/<name>/index.js` treats it as a module wherever dist/ is copied.
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
}

export function build(outRoot = join(root, 'dist')) {
  rmSync(join(root, 'build'), { recursive: true, force: true });
  execFileSync(bin('tsc'), ['-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  for (const name of actionNames()) {
    // main.ts → dist/<name>/index.js; post.ts (cleanup, where an action needs it) → dist/<name>/post/index.js
    bundle(join(root, 'build', 'actions', name, 'main.js'), join(outRoot, name));
    if (existsSync(join(root, 'actions', name, 'post.ts'))) {
      bundle(join(root, 'build', 'actions', name, 'post.js'), join(outRoot, name, 'post'));
    }
  }
  mkdirSync(outRoot, { recursive: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  build();
}
