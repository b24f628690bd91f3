// `npm test`: dist up to date, types, lint, then every test (unit, integration with real tools).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(title, command, args, cwd = root) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

// A fresh clone: dependencies and the real tools first (both are no-ops when already there).
if (!existsSync(bin('vitest'))) step('npm ci', 'npm', ['ci', '--no-audit', '--no-fund']);
step('tools (scripts/install-tools.sh)', 'bash', [join(root, 'scripts', 'install-tools.sh')]);

const { staleDist } = await import('./check-dist.mjs');
console.log('\n▶ dist/ up to date');
const stale = staleDist();
if (stale.length) {
  console.error(`${stale.join('\n')}\n✖ dist/ is stale: run \`npm run build\` and commit dist/.`);
  process.exit(1);
}
step('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
step('lint', bin('biome'), ['check', '.']);
step('example app (go vet, go test)', 'go', ['test', './...'], join(root, 'examples', 'app'));
step('tests', bin('vitest'), ['run', ...process.argv.slice(2)]);
