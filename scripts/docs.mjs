// Writes each action's inputs/outputs tables into its page (actions/NAME/README.md, what GitHub
// shows when browsing the action) from its action.yml, between `<!-- action-docs:NAME -->` and
// `<!-- /action-docs:NAME -->`; the index of actions into README.md (`<!-- actions-index:all -->`); and
// each reusable workflow's inputs, secrets, outputs and form from .github/workflows/NAME.yml, between
// `<!-- workflow-docs:NAME -->` and `<!-- /workflow-docs:NAME -->`, so the docs never drift.
// `node scripts/docs.mjs --check` exits 1 when a page is not current.
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

function workflowInputRows(inputs) {
  return Object.entries(inputs ?? {}).map(([input, spec]) => {
    const type = spec.type === 'choice' ? `choice: ${(spec.options ?? []).join(', ')}` : spec.type;
    const fallback = spec.default === undefined || spec.default === '' ? '' : `\`${spec.default}\``;
    return `| \`${input}\` | ${cell(type)} | ${spec.required ? 'yes' : ''} | ${fallback} | ${cell(spec.description)} |`;
  });
}

/** A reusable workflow's interface: its workflow_call inputs, secrets and outputs, and its form (workflow_dispatch). */
export function workflowTables(name) {
  const workflow = yaml.load(readFileSync(join(root, '.github', 'workflows', `${name}.yml`), 'utf8'));
  const call = workflow.on?.workflow_call;
  const form = workflow.on?.workflow_dispatch;
  const lines = [];
  const inputHeader = [
    '| Input | Type | Required | Default | Description |',
    '| --- | --- | --- | --- | --- |',
  ];
  if (call) {
    lines.push(`\`uses: org/pipeline/.github/workflows/${name}.yml@v1\``, '', ...inputHeader);
    lines.push(...workflowInputRows(call.inputs));
    if (call.secrets) {
      lines.push('', '| Secret | Required | Description |', '| --- | --- | --- |');
      for (const [secret, spec] of Object.entries(call.secrets))
        lines.push(`| \`${secret}\` | ${spec.required ? 'yes' : ''} | ${cell(spec.description)} |`);
    }
    if (call.outputs) {
      lines.push('', '| Output | Description |', '| --- | --- |');
      for (const [output, spec] of Object.entries(call.outputs))
        lines.push(`| \`${output}\` | ${cell(spec.description)} |`);
    }
  }
  if (form) {
    if (lines.length) lines.push('');
    lines.push(`The form (Actions → ${workflow.name} → Run workflow):`, '', ...inputHeader);
    lines.push(...workflowInputRows(form.inputs));
  }
  return lines.join('\n');
}

/** README.md's list of actions: each with its one-line description and a link to its page. */
export function actionsIndex() {
  const rows = readdirSync(join(root, 'actions'))
    .sort()
    .map((name) => {
      const action = yaml.load(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8'));
      return `| [\`${name}\`](actions/${name}/README.md) | ${cell(action.description)} |`;
    });
  return ['| Action | What it does |', '| --- | --- |', ...rows].join('\n');
}

function fill(readme, kind, names, render) {
  let out = readme;
  for (const name of names) {
    const begin = `<!-- ${kind}:${name} -->`;
    const end = `<!-- /${kind}:${name} -->`;
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from < 0 || to < 0) continue;
    out = `${out.slice(0, from + begin.length)}\n${render(name)}\n${out.slice(to)}`;
  }
  return out;
}

export function renderReadme(readme) {
  const actions = readdirSync(join(root, 'actions')).sort();
  const workflows = readdirSync(join(root, '.github', 'workflows'))
    .filter((file) => file.endsWith('.yml'))
    .map((file) => file.slice(0, -'.yml'.length))
    .sort();
  const filled = fill(
    fill(readme, 'action-docs', actions, actionTables),
    'workflow-docs',
    workflows,
    workflowTables,
  );
  return fill(filled, 'actions-index', ['all'], actionsIndex);
}

/** Every page the docs are generated into: README.md and each action's README.md. */
export function docPages() {
  const actions = readdirSync(join(root, 'actions')).sort();
  return [join(root, 'README.md'), ...actions.map((name) => join(root, 'actions', name, 'README.md'))];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let stale = false;
  for (const path of docPages()) {
    const current = readFileSync(path, 'utf8');
    const rendered = renderReadme(current);
    if (rendered === current) continue;
    if (process.argv.includes('--check')) {
      console.error(`${path.slice(root.length)}: action or workflow tables are stale: run \`npm run docs\``);
      stale = true;
    } else writeFileSync(path, rendered);
  }
  if (stale) process.exit(1);
}
