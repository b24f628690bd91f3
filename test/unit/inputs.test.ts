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
