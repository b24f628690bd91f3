import { describe, expect, it } from 'vitest';
import { interleave, platformOrder } from '../support/sequencer.js';

describe('interleave: the other files dealt out between the platform files', () => {
  it('follows each platform file with its share, the earlier shares taking the remainder', () => {
    expect(interleave(['P1', 'P2', 'P3'], ['a', 'b', 'c', 'd', 'e'])).toEqual([
      'P1',
      'a',
      'b',
      'P2',
      'c',
      'd',
      'P3',
      'e',
    ]);
  });

  it('keeps every file once, in its own order within each kind', () => {
    const platform = ['P1', 'P2'];
    const others = Array.from({ length: 31 }, (_, i) => `o${i}`);
    const order = interleave(platform, others);
    expect([...order].sort()).toEqual([...platform, ...others].sort());
    expect(order.filter((f) => f.startsWith('P'))).toEqual(platform);
    expect(order.filter((f) => f.startsWith('o'))).toEqual(others);
    // No platform file waits behind another with nothing run between them.
    expect(order.indexOf('P2') - order.indexOf('P1')).toBeGreaterThan(1);
  });

  it('runs platform files back to back only when there is nothing to put between them', () => {
    expect(interleave(['P1', 'P2', 'P3'], ['a'])).toEqual(['P1', 'a', 'P2', 'P3']);
    expect(interleave([], ['a', 'b'])).toEqual(['a', 'b']);
    expect(interleave(['P1'], [])).toEqual(['P1']);
  });
});

describe('platformOrder: the shared platform files together, then the rest', () => {
  it('puts the shared files first, then a share of the others, then each alone file with its share', () => {
    expect(platformOrder(['S1', 'S2'], ['A1', 'A2'], ['a', 'b', 'c', 'd', 'e', 'f'])).toEqual([
      'S1',
      'S2',
      'a',
      'b',
      'A1',
      'c',
      'd',
      'A2',
      'e',
      'f',
    ]);
  });

  it('keeps every file once; without shared files it is interleave', () => {
    const others = Array.from({ length: 17 }, (_, i) => `o${i}`);
    const order = platformOrder(['S1', 'S2', 'S3'], ['A1', 'A2', 'A3'], others);
    expect([...order].sort()).toEqual(['S1', 'S2', 'S3', 'A1', 'A2', 'A3', ...others].sort());
    expect(order.slice(0, 3)).toEqual(['S1', 'S2', 'S3']);
    expect(order.filter((f) => f.startsWith('o'))).toEqual(others);
    expect(platformOrder([], ['A1', 'A2'], ['a', 'b'])).toEqual(interleave(['A1', 'A2'], ['a', 'b']));
    expect(platformOrder(['S1'], [], ['a'])).toEqual(['S1', 'a']);
  });
});
