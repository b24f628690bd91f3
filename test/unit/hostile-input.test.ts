// Values from outside reaching the log, and the one-line refusal of bad ones.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../shared/action.js';
import { checkVersion, parseSelector } from '../../shared/bluegreen-deploy/inputs.js';
import { Inputs, mapInputs, quote } from '../../shared/inputs.js';
import { unreachableApi } from '../../shared/kube/kubectl.js';
import { logSafe } from '../../shared/log.js';
import { getRollbackInputs } from '../../shared/rollback/inputs.js';
import * as core from '../../shared/runner.js';

describe('the log never takes a value for a runner command', () => {
  it('breaks a command at the start of any line of outside text, visibly', () => {
    expect(logSafe('ok\n::set-output name=verdict::pass')).toBe('ok\n: :set-output name=verdict::pass');
    expect(logSafe('  ::add-mask::x')).toBe('  : :add-mask::x');
    expect(logSafe('a::b stays')).toBe('a::b stays');
  });

  it('in an action, a newline inside a message cannot start a command; core`s own still do', async () => {
    const stream = process.stdout as NodeJS.WriteStream & { guarded?: true };
    const original = stream.write;
    let written = '';
    stream.write = ((chunk: string | Uint8Array) => {
      written += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof stream.write;
    const exitCode = process.exitCode;
    try {
      await runAction(async () => {
        core.info('deploying 1.0.0\n::error::injected\n::set-output name=verdict::pass');
        // The runner ends a line at a lone CR too (a KEV catalogVersion, a file name…).
        core.info('CISA KEV catalog 2026.12.01\r::add-mask::vulnerabilities: 3 vulnerabilities');
        // One line of outside text that looks like a command is not one: only runner.ts issues them.
        core.info('::stop-commands::resume-token');
        core.setSecret('s3cret-value');
        throw new Error('reason line\n::warning::also injected');
      });
    } finally {
      stream.write = original;
      delete stream.guarded;
      process.exitCode = exitCode;
    }
    const lines = written.split(/\r\n?|\n/);
    // Only what the runner protocol issued: the failure (and its stack for the debug log), data escaped.
    expect(lines.filter((line) => /^\s*::(?!debug::)/.test(line))).toEqual([
      '::add-mask::s3cret-value',
      '::error::reason line%0A::warning::also injected',
    ]);
    expect(lines).toContain(': :error::injected');
    expect(lines).toContain(': :set-output name=verdict::pass');
    expect(lines).toContain(': :add-mask::vulnerabilities: 3 vulnerabilities');
    expect(lines).toContain(': :stop-commands::resume-token');
  });
});

/** What an action writes to stdout, with the runner-command guard installed as runAction does. */
async function written(body: () => void): Promise<string> {
  const stream = process.stdout as NodeJS.WriteStream & { guarded?: true };
  const original = stream.write;
  let out = '';
  stream.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof stream.write;
  const exitCode = process.exitCode;
  try {
    await runAction(async () => body());
  } finally {
    stream.write = original;
    delete stream.guarded;
    process.exitCode = exitCode;
  }
  return out;
}

describe("the runner's legacy ##[command] form, which it reads anywhere in a line", () => {
  it('is broken in outside text, visibly', () => {
    expect(logSafe('$ trivy image app:1##[set-output name=verdict;]pass')).toBe(
      '$ trivy image app:1## [set-output name=verdict;]pass',
    );
    expect(logSafe('ok\nreason: ##[stop-commands]t0ken')).toBe('ok\nreason: ## [stop-commands]t0ken');
  });

  it("in an action, also on a message's first line; core's own commands keep their data", async () => {
    const out = await written(() => {
      core.info('deploying app ##[add-mask]pipeline');
      core.info('first\nsecond ##[set-output name=verdict;]pass');
      core.setSecret('pa##[ss');
    });
    expect(out.split('\n')).toEqual([
      'deploying app ## [add-mask]pipeline',
      'first',
      'second ## [set-output name=verdict;]pass',
      '::add-mask::pa##[ss',
      '',
    ]);
  });
});

describe('a line starts where the runner reads one', () => {
  it('after the whitespace .NET trims, NEL (U+0085) included', () => {
    expect(logSafe('ok\n\u0085::set-output name=verdict::pass')).toBe(
      'ok\n\u0085: :set-output name=verdict::pass',
    );
    expect(logSafe('\u00a0\u0085 ::add-mask::x')).toBe('\u00a0\u0085 : :add-mask::x');
  });

  it('after a lone CR, which ends a line for the runner: no write holding one passes as a command', async () => {
    const out = await written(() => core.info('::notice::deploying\r::set-output name=verdict::pass'));
    expect(out).toBe(': :notice::deploying\r: :set-output name=verdict::pass\n');
  });
});

describe('bad values: one line, the value clipped', () => {
  it('quotes at most 100 characters of a value, on one line', () => {
    expect(quote('1.0.0')).toBe("'1.0.0'");
    expect(quote('a\nb')).toBe("'a⏎b'");
    const long = 'x'.repeat(100_000);
    expect(quote(long)).toBe(`'${'x'.repeat(100)}…' (100000 characters)`);
    expect(() => new Inputs(mapInputs({ 'max-high': long })).integer('max-high', 5)).toThrow(
      /^input 'max-high': got 'x{100}…' \(100000 characters\), expected a whole number$/,
    );
  });

  it('a version is a version, not a path or a log line', () => {
    expect(checkVersion('1.2.3+build.5')).toBe('1.2.3+build.5');
    expect(checkVersion('sha-abc1234')).toBe('sha-abc1234');
    for (const bad of ['../../x', '1.0.0\n::error::x', '', '-1', 'a b', 'x'.repeat(129)])
      expect(() => checkVersion(bad)).toThrow(/^input 'version': got .*, expected a version/);
  });

  it('an empty selector is refused: it would take in every pod of the namespace', () => {
    for (const bad of [',', ' , ', 'app=']) {
      expect(() => parseSelector(bad)).toThrow(
        /^input 'selector': got .*, expected at least one key=value label with a value/,
      );
    }
    expect(parseSelector('app.kubernetes.io/part-of=web')).toEqual({ 'app.kubernetes.io/part-of': 'web' });
  });

  it("a selector naming 'color' or 'version' is refused: the action sets them, color=blue would select every release", () => {
    for (const bad of ['color=blue', 'app=web,version=1.0', 'app=,color=blue']) {
      expect(() => parseSelector(bad)).toThrow(
        /^input 'selector': got '(color|version)=.*', expected labels other than 'color' and 'version'/,
      );
    }
  });

  it('a rollback reason is one line of text', async () => {
    const inputs = (reason: string) =>
      new Inputs(
        mapInputs({ namespace: 'prod', release: 'web', reason, 'allow-unsigned': 'true', to: 'previous' }),
      );
    expect((await getRollbackInputs(inputs('p95 doubled after 2.0'), {})).reason).toBe(
      'p95 doubled after 2.0',
    );
    await expect(getRollbackInputs(inputs('bad\n::set-output name=x::y'), {})).rejects.toThrow(
      "input 'reason': got 'bad⏎::set-output name=x::y', expected one line of text",
    );
  });

  it('a lone CR, NEL or line separator ends a line too: refused, and quoted as ⏎', async () => {
    const inputs = (values: Record<string, string>) =>
      new Inputs(
        mapInputs({ namespace: 'prod', release: 'web', 'allow-unsigned': 'true', reason: 'ok', ...values }),
      );
    const lines: [string, string][] = [
      ['bad\r::add-mask::x', 'bad⏎::add-mask::x'],
      ['bad\u0085::add-mask::x', 'bad⏎::add-mask::x'],
      ['bad\u2028x', 'bad⏎x'],
    ];
    for (const [bad, shown] of lines)
      await expect(getRollbackInputs(inputs({ reason: bad }), {})).rejects.toThrow(
        `input 'reason': got '${shown}', expected one line of text (no control characters; at most 1000)`,
      );
    // The environment names the summary, the record, a GitHub Deployment and an incident issue.
    await expect(getRollbackInputs(inputs({ environment: 'prod\n## ✅ rolled back' }), {})).rejects.toThrow(
      "input 'environment': got 'prod⏎## ✅ rolled back', expected one line of text (no control characters; at most 255)",
    );
    await expect(getRollbackInputs(inputs({ environment: 'e'.repeat(256) }), {})).rejects.toThrow(
      /^input 'environment': got 'e{100}…' \(256 characters\), expected one line of text/,
    );
    expect((await getRollbackInputs(inputs({ environment: 'Production EU' }), {})).environment).toBe(
      'Production EU',
    );
  });
});

describe('a private key that is neither PEM nor a path is refused without being quoted', () => {
  // The key itself in another form: base64 of the PEM, as some keep it in a secret.
  const key = Buffer.from(
    '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcy0wMTIzNDU2Nzg5YWJjZGVm\n',
  ).toString('base64');
  const refused = `input 'cosign-key': expected a private key (PEM content) or a path to one; got neither (${key.length} characters, not shown)`;

  it('in build-push', async () => {
    const { getBuildPushInputs } = await import('../../shared/build/inputs.js');
    const context = mkdtempSync(join(tmpdir(), 'build-context-'));
    writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\n');
    const inputs = new Inputs(
      mapInputs({ context, image: 'registry.example/app', tags: '1.0.0', sign: 'true', 'cosign-key': key }),
    );
    expect(() => getBuildPushInputs(inputs, {})).toThrow(refused);
    expect(() => getBuildPushInputs(inputs, {})).not.toThrow(key.slice(0, 20));
  });

  it("in security-gate's attest-key", async () => {
    const { getGateInputs } = await import('../../shared/gate/inputs.js');
    const inputs = new Inputs(
      mapInputs({
        'scan-ref': `registry.example/app@sha256:${'a'.repeat(64)}`,
        attest: 'true',
        'attest-key': key,
      }),
    );
    await expect(getGateInputs(inputs)).rejects.toThrow(refused.replace('cosign-key', 'attest-key'));
  });

  it('in verify-slo', async () => {
    const { getVerifySloInputs } = await import('../../shared/slo/inputs.js');
    const inputs = new Inputs(
      mapInputs({
        'prometheus-url': 'http://127.0.0.1:9090',
        target: 'color="green"',
        image: `registry.example/app@sha256:${'a'.repeat(64)}`,
        environment: 'staging',
        'cosign-key': key,
      }),
    );
    await expect(getVerifySloInputs(inputs, {})).rejects.toThrow(refused);
  });
});

describe("'tools-mirror' is a base URL: asset paths are appended to it", () => {
  it('refuses a ?query or #fragment, which would swallow the path, without quoting the query', async () => {
    const { getBuildPushInputs } = await import('../../shared/build/inputs.js');
    const context = mkdtempSync(join(tmpdir(), 'build-context-'));
    writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\n');
    const inputs = (mirror: string) =>
      new Inputs(
        mapInputs({ context, image: 'registry.example/app', tags: '1.0.0', 'tools-mirror': mirror }),
      );
    expect(() => getBuildPushInputs(inputs('https://mirror.example/gh?token=t0ken'), {})).toThrow(
      "input 'tools-mirror': got 'https://mirror.example/gh?…', expected a base URL without ?query or #fragment",
    );
    expect(() => getBuildPushInputs(inputs('https://mirror.example/gh#x'), {})).toThrow(
      "input 'tools-mirror': got 'https://mirror.example/gh#x', expected a base URL without ?query or #fragment",
    );
    expect(getBuildPushInputs(inputs('https://mirror.example/gh/'), {}).toolsMirror).toBe(
      'https://mirror.example/gh/',
    );
  });
});

describe('registry credentials', () => {
  it('the password is masked as soon as it is read, before anything is logged', async () => {
    const { credentialsInput } = await import('../../shared/credentials.js');
    const out = await written(() => {
      credentialsInput(
        new Inputs(mapInputs({ 'target-username': 'AWS', 'target-password': 'ecr-t0ken' })),
        'target-username',
        'target-password',
      );
    });
    expect(out).toBe('::add-mask::ecr-t0ken\n');
  });
});

describe('an unreachable cluster is one line', () => {
  it("reads client-go's dump down to where and why", () => {
    const dump = [
      'E1202 18:14:24.649630    9555 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"https://127.0.0.1:1/api?timeout=30s\\": dial tcp 127.0.0.1:1: connect: connection refused"',
      'E1202 18:14:24.651058    9555 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"https://127.0.0.1:1/api?timeout=30s\\": dial tcp 127.0.0.1:1: connect: connection refused"',
      'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?',
    ].join('\n');
    expect(unreachableApi(dump)).toBe(
      'cannot reach the Kubernetes API at https://127.0.0.1:1: connection refused',
    );
    expect(
      unreachableApi('Unable to connect to the server: dial tcp: lookup k8s.example: no such host'),
    ).toBe('cannot reach the Kubernetes API: dial tcp: lookup k8s.example: no such host');
    const silent =
      'E1203 03:41:11.083293   30184 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"https://10.0.0.9:6443/api?timeout=20s\\": context deadline exceeded"';
    expect(unreachableApi(silent, 20)).toBe(
      'cannot reach the Kubernetes API at https://10.0.0.9:6443: no answer within 20s',
    );
    expect(unreachableApi('Error from server (Forbidden): deployments.apps is forbidden')).toBeUndefined();
  });
});

describe('a keyless identity given as a regular expression must compile', () => {
  it('refuses one that does not, naming the input', async () => {
    const { signatureIdentityInput } = await import('../../shared/cosign.js');
    expect(() =>
      signatureIdentityInput(
        new Inputs(
          mapInputs({
            'certificate-identity': '^https://github.com/org/(app|web/.github/workflows/deliver.yml@.*$',
            'certificate-oidc-issuer': 'https://token.actions.githubusercontent.com',
          }),
        ),
      ),
    ).toThrow(
      /^input 'certificate-identity': got .*, expected an exact identity or a regular expression that compiles/,
    );
  });
});
