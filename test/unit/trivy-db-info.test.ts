// Where the vulnerability DB came from and how old it is, as the gate's summary says it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbCacheKey, dbNextUpdate, restoreDb, saveDb } from '../../shared/gate/db-cache.js';
import { dbLine } from '../../shared/gate/summary.js';
import { trivyDbInfo } from '../../shared/trivy.js';

function cacheWith(metadata: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'trivy-cache-'));
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'db', 'metadata.json'), JSON.stringify(metadata));
  return dir;
}

const cache = cacheWith({
  Version: 2,
  UpdatedAt: '2026-12-01T06:10:00Z',
  NextUpdate: '2026-12-02T06:10:00Z',
});
const now = new Date('2026-12-03T05:00:00Z');

describe('the vulnerability DB in the summary', () => {
  it('names the mirror that served it and those that failed before, from trivy’s log', () => {
    const log = [
      '2026-12-03T05:00:00Z\tINFO\t[vulndb] Need to update DB',
      '2026-12-03T05:00:00Z\tINFO\t[vulndb] Downloading artifact...\trepo="mirror.example.com/trivy-db:2"',
      '2026-12-03T05:00:01Z\tERROR\t[vulndb] Failed to download artifact\trepo="mirror.example.com/trivy-db:2" err="TOOMANYREQUESTS"',
      '2026-12-03T05:00:01Z\tINFO\t[vulndb] Downloading artifact...\trepo="ghcr.io/aquasecurity/trivy-db:2"',
      '2026-12-03T05:00:03Z\tINFO\t[vulndb] Artifact successfully downloaded\trepo="ghcr.io/aquasecurity/trivy-db:2"',
      '2026-12-03T05:00:04Z\tINFO\t[javadb] Artifact successfully downloaded\trepo="ghcr.io/aquasecurity/trivy-java-db:1"',
    ].join('\n');
    const info = trivyDbInfo(log, cache);
    expect(info).toEqual({
      servedBy: 'ghcr.io/aquasecurity/trivy-db:2',
      failed: ['mirror.example.com/trivy-db:2'],
      updatedAt: '2026-12-01T06:10:00Z',
      nextUpdate: '2026-12-02T06:10:00Z',
    });
    expect(dbLine(info, now)).toBe(
      'Vulnerability DB updated 2026-12-01 (1 day(s) old), downloaded from `ghcr.io/aquasecurity/trivy-db:2` after `mirror.example.com/trivy-db:2` failed.',
    );
  });

  it('says the cached DB was used when nothing was downloaded, and an unknown age without metadata', () => {
    expect(dbLine(trivyDbInfo('', cache), now)).toBe(
      'Vulnerability DB updated 2026-12-01 (1 day(s) old), from the cache directory.',
    );
    expect(dbLine(trivyDbInfo('', mkdtempSync(join(tmpdir(), 'empty-'))), now)).toBe(
      'Vulnerability DB of unknown age, from the cache directory.',
    );
  });

  it('says when the Actions cache served it, or kept the download', () => {
    const info = trivyDbInfo('', cache);
    expect(dbLine({ ...info, cache: { restored: 'trivy-db-2-2026-12-02T06:10:00.000Z' } }, now)).toBe(
      'Vulnerability DB updated 2026-12-01 (1 day(s) old), restored from the Actions cache (`trivy-db-2-2026-12-02T06:10:00.000Z`).',
    );
    const downloaded = { ...info, servedBy: 'ghcr.io/aquasecurity/trivy-db:2' };
    expect(dbLine({ ...downloaded, cache: { saved: 'trivy-db-2-2026-12-02T06:10:00.000Z' } }, now)).toBe(
      'Vulnerability DB updated 2026-12-01 (1 day(s) old), downloaded from `ghcr.io/aquasecurity/trivy-db:2` and saved to the Actions cache as `trivy-db-2-2026-12-02T06:10:00.000Z`.',
    );
  });
});

describe('the Actions cache key of a DB', () => {
  it('is its NextUpdate, re-written; no usable NextUpdate, no DB', () => {
    expect(dbNextUpdate(cache)?.toISOString()).toBe('2026-12-02T06:10:00.000Z');
    expect(dbCacheKey(dbNextUpdate(cache) as Date)).toBe('trivy-db-2-2026-12-02t06:10:00.000z');
    // From a registry: nothing it writes there reaches a key but a date.
    expect(dbNextUpdate(cacheWith({ NextUpdate: 'soon, key,injection' }))).toBeUndefined();
    expect(dbNextUpdate(cacheWith({ NextUpdate: 12 }))).toBeUndefined();
    expect(dbNextUpdate(mkdtempSync(join(tmpdir(), 'empty-')))).toBeUndefined();
  });

  it('without a cache service (no ACTIONS_CACHE_URL): nothing restored or saved, and it says why', async () => {
    const saved = { ...process.env };
    delete process.env.ACTIONS_CACHE_URL;
    delete process.env.ACTIONS_RESULTS_URL;
    try {
      const stale = cacheWith({ NextUpdate: '2026-12-02T06:10:00Z' });
      expect(await restoreDb(stale, now)).toEqual({ skipped: 'no Actions cache service on this runner' });
      const current = cacheWith({ NextUpdate: '2099-01-01T00:00:00Z' });
      expect(await restoreDb(current, now)).toEqual({ skipped: 'the DB in cache-dir is current' });
      expect(await saveDb(current, {}, now)).toEqual({});
    } finally {
      process.env = saved;
    }
  });
});
