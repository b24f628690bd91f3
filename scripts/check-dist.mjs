// Fails when dist/ is not what `npm run build` makes from the current sources.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from './build.mjs';

const root = new URL('..', import.meta.url).pathname;

function files(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

export function staleDist() {
  const fresh = mkdtempSync(join(tmpdir(), 'pipeline-dist-'));
  try {
    build(fresh);
    const committed = join(root, 'dist');
    const expected = files(fresh);
    let actual = [];
    try {
      actual = files(committed);
    } catch {
      return ['dist/ is missing'];
    }
    const problems = [];
    for (const file of new Set([...expected, ...actual])) {
      if (!expected.includes(file)) problems.push(`dist/${file} is not built by the current sources`);
      else if (!actual.includes(file)) problems.push(`dist/${file} is missing`);
      else if (!readFileSync(join(fresh, file)).equals(readFileSync(join(committed, file))))
        problems.push(`dist/${file} is stale`);
    }
    return problems;
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = staleDist();
  if (problems.length) {
    console.error(`${problems.join('\n')}\nRun \`npm run build\` and commit dist/.`);
    process.exit(1);
  }
  console.log('dist/ is current');
}
