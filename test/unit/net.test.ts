// Credentials in a URL are sent as Basic auth, decoded as a browser would, and masked both ways.
import { describe, expect, it } from 'vitest';
import { checkUrl } from '../../shared/inputs.js';
import { withoutCredentials } from '../../shared/net.js';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('a URL with user:password@', () => {
  it('becomes the URL without them and a Basic header, %-escapes decoded', () => {
    expect(withoutCredentials('https://ci:p%40ss%3Aword@prom.example.com:9090/x?q=1')).toEqual({
      url: 'https://prom.example.com:9090/x?q=1',
      headers: { authorization: basic('ci', 'p@ss:word') },
    });
    expect(withoutCredentials('https://prom.example.com/')).toEqual({
      url: 'https://prom.example.com/',
      headers: {},
    });
  });

  it('a malformed %-escape is sent as written, not a crash ("URI malformed")', () => {
    expect(withoutCredentials('https://ci:100%zz@prom.example.com/')).toEqual({
      url: 'https://prom.example.com/',
      headers: { authorization: basic('ci', '100%zz') },
    });
  });

  it('masks the password as sent and as written (the same, when an escape is malformed)', () => {
    const masks = (url: string) => {
      const write = process.stdout.write;
      let out = '';
      process.stdout.write = ((chunk: string) => {
        out += chunk;
        return true;
      }) as typeof process.stdout.write;
      try {
        checkUrl('prometheus-url', url);
      } finally {
        process.stdout.write = write;
      }
      return out.split('\n').filter(Boolean);
    };
    expect(masks('https://ci:s3cr%40t@prom.example.com/')).toEqual([
      '::add-mask::s3cr@t',
      '::add-mask::s3cr%2540t',
    ]);
    expect(masks('https://ci:100%zz-and-%41@prom.example.com/')).toEqual(['::add-mask::100%25zz-and-%2541']);
  });
});
