// Writes each action's inputs/outputs tables into README.md from its action.yml, between
// `<!-- action-docs:NAME -->` and `<!-- /action-docs:NAME -->`, so the docs never drift.
// `node scripts/docs.mjs --check` exits 1 when README.md is not current.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';

const root = new URL('..', import.meta.url).pathname;

function cell(text) {
  return String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

export function actionTables(name) {
  const action = yaml.load(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8'));
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([input, spec]) =>
      `| \`${input}\` | ${spec.required ? 'yes' : ''} | ${spec.default === undefined ? '' : `\`${spec.default}\``} | ${cell(spec.description)} |`,
  );
  const outputs = Object.entries(action.outputs ?? {}).map(
    ([output, spec]) => `| \`${output}\` | ${cell(spec.description)} |`,
  );
  return [
    `\`uses: org/pipeline/actions/${name}@v1\` — ${cell(action.description)}`,
    '',
    '| Input | Required | Default | Description |',
    '| --- | --- | --- | --- |',
    ...inputs,
    '',
    '| Output | Description |',
    '| --- | --- |',
    ...outputs,
  ].join('\n');
}

export function renderReadme(readme) {
  let out = readme;
  for (const name of readdirSync(join(root, 'actions')).sort()) {
    const begin = `<!-- action-docs:${name} -->`;
    const end = `<!-- /action-docs:${name} -->`;
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from < 0 || to < 0) continue;
    out = `${out.slice(0, from + begin.length)}\n${actionTables(name)}\n${out.slice(to)}`;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = join(root, 'README.md');
  const current = readFileSync(path, 'utf8');
  const rendered = renderReadme(current);
  if (process.argv.includes('--check')) {
    if (rendered !== current) {
      console.error('README.md action tables are stale: run `npm run docs`');
      process.exit(1);
    }
  } else {
    writeFileSync(path, rendered);
  }
}
