// Builds every action: tsc compiles actions/ and shared/ to build/, then ncc bundles each
// actions/<name>/main.ts into dist/<name>/index.js. Bundling the compiled JavaScript keeps ncc
// independent of the TypeScript version.
//
// The bundles are CommonJS: a runner starts a CommonJS file ~7 ms sooner than an ES module (node's
// ESM loader is not loaded), a quarter of what a step may spend starting. ncc writes CommonJS when
// the entry is not in a "type": "module" package and still splits at each import(), so what only
// some paths need stays in chunks loaded when they run.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

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
  // The bundle carries its own package.json so the runner's `node dist/<name>/index.js` reads it as
  // CommonJS inside this "type": "module" repository, wherever dist/ is copied.
  writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
}

/**
 * Libraries webpack cannot put into a CommonJS bundle, each bundled apart as an ES module into
 * dist/<action>/<its folder's name>/ and imported by path at run time: action → folders of build/.
 */
const ES_MODULE_PARTS = { 'security-gate': ['shared/gate/actions-cache'] };

/**
 * The compiled sources as ncc's input: a copy of build/ under a package.json without a "type", so
 * ncc reads their ES syntax and emits CommonJS (build/ itself stays ES modules, for bench/).
 */
function bundleInput() {
  const input = join(root, 'build', 'bundle-input');
  for (const dir of ['actions', 'shared'])
    cpSync(join(root, 'build', dir), join(input, dir), { recursive: true });
  writeFileSync(join(input, 'package.json'), '{}\n');
  return input;
}

export function build(outRoot = join(root, 'dist')) {
  rmSync(join(root, 'build'), { recursive: true, force: true });
  execFileSync(bin('tsc'), ['-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  const input = bundleInput();
  for (const name of actionNames()) {
    // main.ts → dist/<name>/index.js; post.ts (cleanup, where an action needs it) → dist/<name>/post/index.js
    bundle(join(input, 'actions', name, 'main.js'), join(outRoot, name));
    if (existsSync(join(root, 'actions', name, 'post.ts'))) {
      bundle(join(input, 'actions', name, 'post.js'), join(outRoot, name, 'post'));
    }
    for (const part of ES_MODULE_PARTS[name] ?? []) {
      // From build/ itself, a "type": "module" package: ncc writes an ES module.
      const out = join(outRoot, name, basename(part));
      bundle(join(root, 'build', part, 'index.js'), out);
      writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
    }
  }
  mkdirSync(outRoot, { recursive: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  build();
}
