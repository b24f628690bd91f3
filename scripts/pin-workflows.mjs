// Pins what the reusable workflows run to one commit: every `uses: <repository>/actions/<name>@<ref>`
// (and a reusable workflow calling another) in .github/workflows becomes `@<sha>`, so a caller that
// pins deliver.yml by SHA pins every action it runs too. The release job runs it on the tagged
// commit and tags the result. Usage: node scripts/pin-workflows.mjs <sha> [repository] [dir]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `text` with each `uses:` of `repository`'s own actions and workflows pinned to `sha`. */
export function pinUses(text, sha, repository = 'org/pipeline') {
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`pin-workflows: got '${sha}', expected a full commit sha`);
  const escaped = repository.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const own = new RegExp(
    `^(\\s*(?:-\\s+)?uses:\\s*)(${escaped}/(?:actions/[\\w.-]+|\\.github/workflows/[\\w.-]+\\.ya?ml))@[\\w.-]+`,
    'gm',
  );
  return text.replace(own, (_, prefix, path) => `${prefix}${path}@${sha} # pinned by the release`);
}

export function pinWorkflows(dir, sha, repository) {
  const changed = [];
  for (const name of readdirSync(dir).filter((file) => /\.ya?ml$/.test(file))) {
    const path = join(dir, name);
    const before = readFileSync(path, 'utf8');
    const after = pinUses(before, sha, repository);
    if (after !== before) {
      writeFileSync(path, after);
      changed.push(name);
    }
  }
  return changed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [sha, repository = 'org/pipeline', dir = '.github/workflows'] = process.argv.slice(2);
  const changed = pinWorkflows(dir, sha ?? '', repository);
  console.log(`pinned ${repository}'s actions to ${sha} in ${changed.join(', ') || 'nothing'}`);
}
