// Every input of every action, given values of the wrong form, generated from the action.yml files
// (a new input is covered without touching this file): the step fails with exit 1 and one line that
// names the input, with no stack trace, and nothing outside is touched — the cluster, registry and
// Prometheus the valid inputs name are unreachable loopback addresses, so an input that escaped
// validation would fail later on something else, not name itself.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { type BundleRun, errorLines, repoRoot, runBundle } from '../support/bundle.js';

type Kind =
  | 'boolean'
  | 'integer'
  | 'number'
  | 'duration'
  | 'name'
  | 'url'
  | 'version'
  | 'tool-version'
  | 'choice';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const UNREACHABLE_KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]
users: [{name: u, user: {token: not-a-real-token}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: ns}}]
current-context: x
`;

/** A build context whose Containerfile needs nothing pulled. */
const CONTEXT = mkdtempSync(join(tmpdir(), 'bad-input-context-'));
writeFileSync(join(CONTEXT, 'Containerfile'), 'FROM scratch\n');
/** Any public key: nothing is verified before the registry, which is unreachable. */
const PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==
-----END PUBLIC KEY-----`;

/** Inputs each action accepts, so a run fails on the bad one or on an unreachable service. */
const VALID: Record<string, Record<string, string>> = {
  'bluegreen-deploy': {
    namespace: 'ns',
    release: 'web',
    image: `127.0.0.1:1/team/web@${DIGEST}`,
    manifests: join(repoRoot, 'examples/manifests/app.yaml'),
    kubeconfig: UNREACHABLE_KUBECONFIG,
  },
  deploy: {
    namespace: 'ns',
    release: 'web',
    image: `127.0.0.1:1/team/web@${DIGEST}`,
    manifests: join(repoRoot, 'examples/manifests/app.yaml'),
    kubeconfig: UNREACHABLE_KUBECONFIG,
    'prometheus-url': 'http://127.0.0.1:1',
  },
  housekeeping: { namespace: 'ns', release: 'web', kubeconfig: UNREACHABLE_KUBECONFIG },
  rollback: {
    namespace: 'ns',
    release: 'web',
    reason: 'bad-input test',
    'allow-unsigned': 'true',
    kubeconfig: UNREACHABLE_KUBECONFIG,
  },
  promote: {
    image: `127.0.0.1:1/team/web@${DIGEST}`,
    'source-environment': 'staging',
    'target-environment': 'production',
    'target-repository': '127.0.0.1:1/team/web-prod',
    'tools-mirror': 'http://127.0.0.1:1',
    'cosign-key': PUBLIC_KEY,
  },
  'security-gate': {
    'scan-type': 'image',
    report: join(repoRoot, 'test/fixtures/trivy-reports/alpine-310.json'),
  },
  'verify-slo': { 'prometheus-url': 'http://127.0.0.1:1', target: 'color="blue"', baseline: 'none' },
  // Whatever the mode reads, every typed input given is checked.
  fleet: { mode: 'plan', waves: '{canary: [eu-1], rest: [eu-2]}' },
  'build-push': {
    image: '127.0.0.1:1/team/web',
    context: CONTEXT,
    tags: '1.0.0',
    'tools-mirror': 'http://127.0.0.1:1',
  },
};

const NAMES = new Set(['namespace', 'release', 'service', 'ingress', 'http-route', 'virtual-service']);
const URLS = new Set(['prometheus-url', 'tools-mirror', 'smoke-url', 'pre-switch-url']);
const DURATIONS = new Set(['window', 'interval', 'warm-up']);

/** What kind of value an input takes, from its name and default; undefined: free text, not probed. */
function kindOf(name: string, spec: { default?: unknown; description?: string }): Kind | undefined {
  const fallback = spec.default === undefined ? '' : String(spec.default);
  if (NAMES.has(name)) return 'name';
  if (URLS.has(name)) return 'url';
  if (name === 'version') return 'version';
  if (name.endsWith('-version')) return 'tool-version';
  if (/^(true|false)$/.test(fallback)) return 'boolean';
  if (/^-?\d+$/.test(fallback)) return 'integer';
  if (/^\d+\.\d+$/.test(fallback)) return 'number';
  if (DURATIONS.has(name) || /^\d+(ms|s|m|h)$/.test(fallback)) return 'duration';
  if (/\w+\|\w+/.test(spec.description ?? '') && fallback) return 'choice';
  return undefined;
}

const BAD: Record<Kind, string[]> = {
  boolean: ['yes', '1', 'on', 'true\nfalse', 'x'.repeat(100_000)],
  integer: ['five', '1.5', '0x10', '99999999999999999999999', '-99999999999999999999999'],
  number: ['high', '1e999', 'NaN', '-Infinity', '0.8.1'],
  duration: ['5 minutes', '-5s', '99999999999999999999h', '0.5.5s', '1e3s'],
  name: ['Web', '../web', '-web', 'web\n::error::x', 'w'.repeat(64)],
  url: ['not a url', 'ftp://127.0.0.1/x', 'javascript:alert(1)', 'file:///etc/passwd', 'http://'],
  version: ['../../x', '1.0.0/../x', '1.0.0\n::set-output name=x::y', ' ', 'v'.repeat(200)],
  'tool-version': ['latest', 'v', '../../../bin/sh', '1.0.0; rm -rf /', '9'.repeat(100_000)],
  choice: ['nonsense', 'ENFORCE ', 'a\nb', ''.padEnd(300, 'z'), 'x'.repeat(100_000)],
};

interface Case {
  action: string;
  input: string;
  value: string;
}

function manifestInputs(action: string): Record<string, { default?: unknown; description?: string }> {
  const manifest = yaml.load(readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: unknown; description?: string }>;
  };
  return manifest.inputs;
}

function inputsOf(action: string): string[] {
  return Object.keys(manifestInputs(action));
}

function cases(): Case[] {
  const all: Case[] = [];
  for (const action of readdirSync(join(repoRoot, 'actions')).sort()) {
    for (const [input, spec] of Object.entries(manifestInputs(action))) {
      const kind = kindOf(input, spec);
      if (!kind) continue;
      for (const value of BAD[kind]) if (value.trim()) all.push({ action, input, value });
    }
  }
  return all;
}

/** Runs `work` over `items`, `width` at a time. */
async function pool<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T);
      }
    }),
  );
  return results;
}

/** Why a run is not a clean one-line refusal of `input`, or '' when it is. */
function problem(run: BundleRun, input: string): string {
  const errors = errorLines(run);
  if (run.exitCode !== 1) return `exit ${run.exitCode}`;
  if (errors.length !== 1) return `${errors.length} error lines: ${errors.join(' / ').slice(0, 300)}`;
  const [line] = errors as [string];
  if (!line.includes(`'${input}'`)) return `the error does not name '${input}': ${line.slice(0, 300)}`;
  if (line.includes('\n')) return `the error is more than one line: ${line.slice(0, 300)}`;
  if (line.length > 400) return `the error is ${line.length} characters long`;
  if (/\n\s+at .+:\d+:\d+/.test(run.stdout + run.stderr)) return 'a stack trace was printed';
  return '';
}

describe('bad input: one line naming the input, nothing changed', () => {
  const all = cases();

  it('covers at least 500 cases across every action', () => {
    expect(all.length).toBeGreaterThanOrEqual(500);
    expect(new Set(all.map((c) => c.action))).toEqual(new Set(Object.keys(VALID)));
  });

  it('the valid inputs alone get past validation (they fail only on what they cannot reach)', async () => {
    for (const action of Object.keys(VALID)) {
      const run = await runBundle(action, VALID[action] as Record<string, string>);
      const named = inputsOf(action).filter((input) => errorLines(run).join('\n').includes(`'${input}'`));
      expect(named, `${action}\n${errorLines(run).join('\n')}`).toEqual([]);
    }
  }, 120_000);

  it('every bad value of every typed input is refused in one line that names the input', async () => {
    const failures = (
      await pool(all, 4, async ({ action, input, value }) => {
        const run = await runBundle(action, { ...VALID[action], [input]: value });
        const why = problem(run, input);
        return why ? `${action} ${input}=${JSON.stringify(value.slice(0, 40))}: ${why}` : '';
      })
    ).filter(Boolean);
    if (failures.length) console.log(`bad-input failures:\n${failures.join('\n')}`);
    expect(failures).toEqual([]);
  }, 900_000);
});

/** A file nobody meant to publish: its lines must never reach the log, a summary or an output. */
const CANARY = 'CANARY-9d41c7e2';
const POINTED_AT = mkdtempSync(join(tmpdir(), 'bad-input-files-'));
const FILES = {
  // Neither JSON nor a YAML mapping: a parser's error or a "got …" would quote it.
  text: `${CANARY}-text root:x:0:0:root:/root:/bin/bash\npassword=${CANARY}-text\n`,
  // Starts like JSON, so JSON parsers get far enough to quote a snippet of it.
  json: `{"user": ${CANARY}-json, "token": "${CANARY}-json"}\n`,
  // A YAML list: a parser succeeds and a "got …, expected a mapping" would show it.
  yaml: `- ${CANARY}-yaml\n- secret: ${CANARY}-yaml\n`,
};

/** A fresh copy of one of FILES for each probe: an input that names an output file overwrites it. */
function pointedAt(file: keyof typeof FILES): string {
  const path = join(mkdtempSync(join(POINTED_AT, 'probe-')), file);
  writeFileSync(path, FILES[file], { mode: 0o600 });
  return path;
}

describe('an input pointed at a file never echoes what the file holds', () => {
  const probes = Object.keys(VALID)
    .sort()
    .flatMap((action) =>
      inputsOf(action).flatMap((input) =>
        (Object.keys(FILES) as (keyof typeof FILES)[]).map((file) => ({ action, input, file })),
      ),
    );

  it('covers every input of every action with each kind of file', () => {
    expect(probes.length).toBeGreaterThanOrEqual(3 * 150);
  });

  it('no run shows a line of the file, whatever it makes of the path', async () => {
    const leaks = (
      await pool(probes, 4, async ({ action, input, file }) => {
        const path = pointedAt(file);
        const run = await runBundle(action, { ...VALID[action], [input]: path });
        const shown = [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n');
        const line = shown.split('\n').find((candidate) => candidate.includes(CANARY));
        return line ? `${action} ${input}=${path}: ${line.slice(0, 200)}` : '';
      })
    ).filter(Boolean);
    if (leaks.length) console.log(`file contents echoed:\n${leaks.join('\n')}`);
    expect(leaks).toEqual([]);
  }, 900_000);
});
