// Where the vulnerability DB came from and how old it is, as the gate's summary says it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbLine } from '../../shared/gate/summary.js';
import { trivyDbInfo } from '../../shared/trivy.js';

function cacheWith(metadata: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'trivy-cache-'));
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'db', 'metadata.json'), JSON.stringify(metadata));
  return dir;
}

describe('the vulnerability DB in the summary', () => {
  const cache = cacheWith({
    Version: 2,
    UpdatedAt: '2026-12-01T06:10:00Z',
    NextUpdate: '2026-12-02T06:10:00Z',
  });
  const now = new Date('2026-12-03T05:00:00Z');

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
      'Vulnerability DB updated 2026-12-01 (1 day(s) old), from the cache.',
    );
    expect(dbLine(trivyDbInfo('', mkdtempSync(join(tmpdir(), 'empty-'))), now)).toBe(
      'Vulnerability DB of unknown age, from the cache.',
    );
  });
});
