import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET, fillSelector, versionLabelValue } from '../../shared/cluster/release-labels.js';
import { checkSelector } from '../../shared/slo/inputs.js';

describe('release labels', () => {
  it('labels pods with the version as a label value', () => {
    expect(versionLabelValue('2.0.0')).toBe('2.0.0');
    expect(versionLabelValue('sha-1a2b3c4')).toBe('sha-1a2b3c4');
    // semver build metadata and path-like versions: '+' and '/' are not allowed in a label value
    expect(versionLabelValue('1.2.3+build.5')).toBe('1.2.3_build.5');
    expect(versionLabelValue('release/2026.12')).toBe('release_2026.12');
    // alphanumeric at both ends, at most 63 characters
    expect(versionLabelValue('-rc.1-')).toBe('rc.1');
    expect(versionLabelValue('9'.repeat(80))).toHaveLength(63);
    expect(() => versionLabelValue('+++')).toThrow("version '+++' has no letter or digit");
  });

  it('fills the default target with the release, its color and its version', () => {
    const place = { namespace: 'shop', release: 'api', color: 'green', version: '1.2.3+build.5' };
    const filled = fillSelector(DEFAULT_TARGET, place);
    expect(filled).toBe('namespace="shop", release="api", color="green", version="1.2.3_build.5"');
    expect(checkSelector('target', filled)).toBe(filled);
    // a user's own template: only the placeholders it names, each as often as it names them
    expect(fillSelector('job="api", color="{color}", color!="{color}x"', place)).toBe(
      'job="api", color="green", color!="greenx"',
    );
  });

  it('a value from the release cannot add a matcher or close the string', () => {
    const filled = fillSelector(DEFAULT_TARGET, {
      namespace: 'shop',
      release: 'api',
      color: 'blue',
      version: '1.0.0", code=~".*',
    });
    expect(filled).toBe('namespace="shop", release="api", color="blue", version="1.0.0___code"');
  });

  it('refuses a template that is not label matchers in one line, naming what was given', () => {
    expect(() => checkSelector('target', 'color=blue', 'color={color}')).toThrow(
      "input 'target': got 'color={color}', expected Prometheus label matchers",
    );
  });
});
