import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Inputs, mapInputs, parseDuration } from '../../shared/inputs.js';

const inputs = (values: Record<string, string>) => new Inputs(mapInputs(values));

describe('inputs', () => {
  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('45')).toBe(45_000);
    expect(parseDuration('2 minutes')).toBeUndefined();
    expect(parseDuration('-5s')).toBeUndefined();
  });

  it('names the input, the value and the expected form', () => {
    expect(() => inputs({ 'max-high': 'five' }).integer('max-high', 5, -1)).toThrow(
      "input 'max-high': got 'five', expected a whole number of at least -1",
    );
    expect(() => inputs({ 'max-high': '-2' }).integer('max-high', 5, -1)).toThrow("got '-2'");
    expect(() => inputs({ 'ignore-unfixed': 'yes' }).boolean('ignore-unfixed', false)).toThrow(
      "input 'ignore-unfixed': got 'yes', expected true or false",
    );
    expect(() => inputs({ mode: 'warn' }).oneOf('mode', ['enforce', 'report'], 'enforce')).toThrow(
      "input 'mode': got 'warn', expected one of enforce, report",
    );
    expect(() => inputs({ window: '5 min' }).duration('window', '300s')).toThrow(
      "input 'window': got '5 min', expected a duration like 90s, 2m or 1h30m",
    );
    expect(() => inputs({ score: '1.5' }).fraction('score', 0.8)).toThrow('expected a number from 0 to 1');
  });

  it('accepts canonical forms without coercing bad ones', () => {
    const values = inputs({
      severity: 'high',
      scanners: 'vuln, secret\nmisconfig',
      score: '85%',
      flag: 'TRUE',
    });
    expect(values.oneOf('severity', ['LOW', 'HIGH'], 'LOW')).toBe('HIGH');
    expect(values.listOf('scanners', ['vuln', 'secret', 'misconfig'])).toEqual([
      'vuln',
      'secret',
      'misconfig',
    ]);
    expect(values.fraction('score', 0.8)).toBeCloseTo(0.85);
    expect(values.boolean('flag', false)).toBe(true);
    expect(() => inputs({ scanners: 'vuln,sbom' }).listOf('scanners', ['vuln', 'secret'])).toThrow(
      "input 'scanners': got 'sbom', expected a list of vuln, secret",
    );
  });
});

describe('cosign verify argv', () => {
  it('uses exact identity flags, or the regexp ones when the value is a pattern', async () => {
    const { cosignVerifyArgs } = await import('../../shared/cosign.js');
    expect(cosignVerifyArgs({ image: 'r/app@sha256:ab', key: '/k/cosign.pub', ignoreTlog: true })).toEqual([
      'verify',
      '--output',
      'json',
      '--key',
      '/k/cosign.pub',
      '--insecure-ignore-tlog=true',
      '--timeout=120s',
      'r/app@sha256:ab',
    ]);
    const keyless = cosignVerifyArgs({
      image: 'r/app@sha256:ab',
      certificateIdentity: '^https://github\\.com/org/.*$',
      certificateOidcIssuer: 'https://token.actions.githubusercontent.com',
    });
    expect(keyless).toContain('--certificate-identity-regexp');
    expect(keyless).toContain('--certificate-oidc-issuer');
    expect(() => cosignVerifyArgs({ image: 'x', certificateIdentity: 'a@b.c' })).toThrow(
      "keyless verification needs both 'certificate-identity' and 'certificate-oidc-issuer'",
    );
  });
});

describe('a private Sigstore: trusted root and signing config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigstore-inputs-'));
  const write = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };
  const ROOT = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';
  const ca = [{ certChain: { certificates: [] } }];

  it('reads what a trusted root lists, and refuses one that cannot prove a keyless signature', async () => {
    const { readTrustedRoot } = await import('../../shared/cosign.js');
    const offline = write('offline.json', {
      mediaType: ROOT,
      certificateAuthorities: ca,
      timestampAuthorities: [{}],
    });
    expect(readTrustedRoot(offline)).toEqual({
      path: offline,
      certificateAuthorities: 1,
      transparencyLogs: 0,
      ctLogs: 0,
      timestampAuthorities: 1,
    });
    const path = write('no-time.json', { mediaType: ROOT, certificateAuthorities: ca });
    expect(() => readTrustedRoot(path)).toThrow(
      `input 'trusted-root': got '${path}', which lists neither a transparency log nor a timestamp authority: a keyless signature's time could not be proven`,
    );
    const noCa = write('no-ca.json', { mediaType: ROOT, tlogs: [{}] });
    expect(() => readTrustedRoot(noCa)).toThrow('which lists no certificate authority (Fulcio)');
    const other = write('other.json', { mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json' });
    expect(() => readTrustedRoot(other)).toThrow('expected a Sigstore trusted root');
    expect(() => readTrustedRoot(write('broken.json', '{'))).toThrow('which is not JSON');
    expect(() => readTrustedRoot(join(dir, 'absent.json'))).toThrow('which cannot be read (ENOENT)');
  });

  it('verifies keyless against the private root, checking only the logs it lists', async () => {
    const { cosignVerifyArgs, readTrustedRoot } = await import('../../shared/cosign.js');
    const identity = {
      certificateIdentity: 'https://github.com/o/r/.github/workflows/w.yml@refs/heads/main',
      certificateOidcIssuer: 'https://issuer',
    };
    const offline = readTrustedRoot(
      write('offline2.json', { mediaType: ROOT, certificateAuthorities: ca, timestampAuthorities: [{}] }),
    );
    const args = cosignVerifyArgs({ image: 'r/app@sha256:ab', ...identity, trustedRoot: offline });
    expect(args).toEqual(
      expect.arrayContaining([
        '--trusted-root',
        offline.path,
        '--insecure-ignore-sct=true',
        '--use-signed-timestamps=true',
        '--insecure-ignore-tlog=true',
      ]),
    );
    const full = readTrustedRoot(
      write('full.json', { mediaType: ROOT, certificateAuthorities: ca, tlogs: [{}], ctlogs: [{}] }),
    );
    const checked = cosignVerifyArgs({ image: 'r/app@sha256:ab', ...identity, trustedRoot: full });
    expect(checked).toContain('--trusted-root');
    for (const flag of [
      '--insecure-ignore-sct=true',
      '--insecure-ignore-tlog=true',
      '--use-signed-timestamps=true',
    ])
      expect(checked).not.toContain(flag);
  });

  it('signs with a signing config instead of the public-good services; a bad one is one line', async () => {
    const { cosignSignArgs, readSigningConfig } = await import('../../shared/cosign.js');
    expect(
      cosignSignArgs({
        imageByDigest: 'r/app@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
        tlogUpload: true,
        signingConfig: '/s/signing_config.json',
        trustedRoot: '/s/trusted_root.json',
      }),
    ).toEqual([
      'sign',
      '--yes',
      '--signing-config',
      '/s/signing_config.json',
      '--trusted-root',
      '/s/trusted_root.json',
      'r/app@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    ]);
    const root = write('root-as-config.json', { mediaType: ROOT });
    expect(() => readSigningConfig(root)).toThrow(
      `input 'signing-config': got '${root}', expected a Sigstore signing config (mediaType application/vnd.dev.sigstore.signingconfig…)`,
    );
  });

  it('reaches the verification of each verifying action: security-gate, promote (image and attestation) and rollback', async () => {
    const { getGateInputs } = await import('../../shared/gate/inputs.js');
    const { getPromoteInputs } = await import('../../shared/promote/inputs.js');
    const { getRollbackSigner } = await import('../../shared/rollback/inputs.js');
    const root = write('verifiers.json', {
      mediaType: ROOT,
      certificateAuthorities: ca,
      timestampAuthorities: [{}],
    });
    const keyless = {
      'certificate-identity': 'https://github.com/o/r/.github/workflows/release.yml@refs/heads/main',
      'certificate-oidc-issuer': 'https://token.actions.githubusercontent.com',
      'trusted-root': root,
    };
    const gate = await getGateInputs(
      inputs({
        'scan-ref': `r.example/app@sha256:${'a'.repeat(64)}`,
        'verify-signature': 'true',
        ...keyless,
      }),
    );
    expect(gate.signer.trustedRoot?.path).toBe(root);
    const promote = getPromoteInputs(
      inputs({
        image: `r.example/app@sha256:${'a'.repeat(64)}`,
        'source-environment': 'staging',
        'target-environment': 'production',
        'target-repository': 'r.example/prod/app',
        ...keyless,
      }),
      {},
    );
    expect(promote.identity.trustedRoot?.path).toBe(root);
    expect(promote.attestationIdentity.trustedRoot?.path).toBe(root);
    expect(getRollbackSigner(inputs(keyless))?.identity.trustedRoot?.path).toBe(root);
  });
});
