import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getKubeAccess, isKubeconfigContent, kubeconfigFile } from '../../shared/cluster/access.js';
import { Inputs, mapInputs } from '../../shared/inputs.js';
import { CleanupState } from '../../shared/state.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl';
const YAML = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:6443'}}]
users: [{name: u, user: {token: ${TOKEN}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`;
const ONE_LINE_JSON = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Config',
  users: [{ name: 'u', user: { token: TOKEN } }],
});

describe('kubeconfig as content or path', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it('takes YAML, one-line JSON and one-line YAML flow for content, a file name for a path', () => {
    expect(isKubeconfigContent(YAML)).toBe(true);
    expect(isKubeconfigContent(ONE_LINE_JSON)).toBe(true);
    expect(isKubeconfigContent(`{apiVersion: v1, kind: Config, users: [{user: {token: ${TOKEN}}}]}`)).toBe(
      true,
    );
    expect(isKubeconfigContent('apiVersion: v1')).toBe(true);
    expect(isKubeconfigContent('/home/runner/.kube/config')).toBe(false);
    expect(isKubeconfigContent('kubeconfig.yaml')).toBe(false);
  });

  it('masks one-line content and its token, writes it 0600 and never takes it for a path', async () => {
    const masked: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      const line = String(chunk);
      if (line.startsWith('::add-mask::')) masked.push(line.slice('::add-mask::'.length).trim());
      return true;
    });
    const access = getKubeAccess(new Inputs(mapInputs({ namespace: 'prod', kubeconfig: ONE_LINE_JSON })));
    stdout.mockRestore();
    expect(masked).toContain(TOKEN);
    dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    const cleanup = new CleanupState();
    const file = (await kubeconfigFile(access, dir, cleanup)) as string;
    expect(file).not.toBe(ONE_LINE_JSON);
    expect(readFileSync(file, 'utf8')).toBe(ONE_LINE_JSON);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a value that is neither content nor an existing file, without echoing it', () => {
    const mangled = `token=${TOKEN}`;
    expect(() => getKubeAccess(new Inputs(mapInputs({ namespace: 'prod', kubeconfig: mangled })))).toThrow(
      /^input 'kubeconfig': expected kubeconfig content \(YAML or JSON\) or the path of an existing file; got neither \(\d+ characters, not shown\)$/,
    );
    try {
      getKubeAccess(new Inputs(mapInputs({ namespace: 'prod', kubeconfig: mangled })));
    } catch (error) {
      expect(String(error)).not.toContain(TOKEN);
    }
  });

  it('passes an existing path through unchanged', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    const path = join(dir, 'config');
    writeFileSync(path, YAML);
    const access = getKubeAccess(new Inputs(mapInputs({ namespace: 'prod', kubeconfig: path })));
    expect(await kubeconfigFile(access, dir, new CleanupState())).toBe(path);
    expect(existsSync(path)).toBe(true);
  });

  const FLEET = `apiVersion: v1
kind: Config
clusters:
  - {name: eu-1, cluster: {server: 'https://127.0.0.1:6443'}}
  - {name: eu-2, cluster: {server: 'https://127.0.0.1:6444'}}
users: [{name: u, user: {token: ${TOKEN}}}]
contexts:
  - {name: eu-1, context: {cluster: eu-1, user: u}}
  - {name: eu-2, context: {cluster: eu-2, user: u}}
current-context: eu-1
`;

  it('with kube-context, writes a 0600 copy whose current context is that one (content or path)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    const fromContent = getKubeAccess(
      new Inputs(mapInputs({ namespace: 'prod', kubeconfig: FLEET, 'kube-context': 'eu-2' })),
    );
    expect(fromContent.context).toBe('eu-2');
    const file = (await kubeconfigFile(fromContent, dir, new CleanupState())) as string;
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written['current-context']).toBe('eu-2');
    expect(written.clusters.map((c: { name: string }) => c.name)).toEqual(['eu-1', 'eu-2']);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const path = join(dir, 'fleet.yaml');
    writeFileSync(path, FLEET);
    const fromPath = getKubeAccess(
      new Inputs(mapInputs({ namespace: 'prod', kubeconfig: path, 'kube-context': 'eu-2' })),
    );
    const copy = (await kubeconfigFile(fromPath, dir, new CleanupState())) as string;
    expect(copy).not.toBe(path);
    expect(JSON.parse(readFileSync(copy, 'utf8'))['current-context']).toBe('eu-2');
    // The user's own file is left as it was.
    expect(readFileSync(path, 'utf8')).toBe(FLEET);
  });

  it('refuses a context the kubeconfig lacks in one line naming the ones it has, never its credentials', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    const access = getKubeAccess(
      new Inputs(mapInputs({ namespace: 'prod', kubeconfig: FLEET, 'kube-context': 'us-1' })),
    );
    const refusal = await kubeconfigFile(access, dir, new CleanupState()).catch((error: Error) => error);
    expect(String(refusal)).toMatch(
      /input 'kube-context': got 'us-1', expected one of the kubeconfig's contexts \(eu-1, eu-2\)$/,
    );
    expect(String(refusal)).not.toContain(TOKEN);
    expect(() =>
      getKubeAccess(
        new Inputs(
          mapInputs({ namespace: 'prod', kubeconfig: FLEET, 'kube-context': 'eu-2\n::stop-commands::x' }),
        ),
      ),
    ).toThrow(/^input 'kube-context': got .*, expected a kubeconfig context name/);
  });
});
