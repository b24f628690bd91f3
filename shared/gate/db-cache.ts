// The trivy vulnerability DB kept in the GitHub Actions cache between runs, so a fleet of jobs
// does not download it from ghcr.io every time (its rate limits fail scans). Keyed on the DB's own
// NextUpdate: a restored DB that is still current is used as it is; a stale one is replaced by
// trivy's download, which is then saved under its new key. The cache is only ever a shortcut:
// when it cannot be reached or holds nothing current, trivy downloads as it would without it, and
// a DB that cannot be had fails the scan (never a pass).
//
// @actions/cache (with the Azure storage client) is loaded only here, only when the cache is used.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { errorMessage } from '../errors.js';
import * as core from '../runner.js';
import type { TrivyDbInfo } from '../trivy.js';

/** Every key starts so; the newest entry with it is what a restore gets. The DB's schema is 2. */
export const DB_CACHE_PREFIX = 'trivy-db-2-';

interface DbMetadata {
  NextUpdate?: unknown;
}

/** When the DB in `cacheDir` wants replacing, as trivy reads it (db/metadata.json); undefined: no DB. */
export function dbNextUpdate(cacheDir: string): Date | undefined {
  let meta: DbMetadata;
  try {
    meta = JSON.parse(readFileSync(join(cacheDir, 'db', 'metadata.json'), 'utf8')) as DbMetadata;
  } catch {
    return undefined;
  }
  const next = typeof meta.NextUpdate === 'string' ? new Date(meta.NextUpdate) : undefined;
  return next && !Number.isNaN(next.getTime()) ? next : undefined;
}

/**
 * The key a DB is saved under: its NextUpdate, re-written by us (the metadata comes from the
 * registry), in lower case — cache services match keys regardless of case and answer in lower case.
 */
export function dbCacheKey(nextUpdate: Date): string {
  return `${DB_CACHE_PREFIX}${nextUpdate.toISOString()}`.toLowerCase();
}

/** restored: the key a current DB came from; saved: the key trivy's download went under; skipped: why neither. */
export type DbCacheUse = NonNullable<TrivyDbInfo['cache']>;

type CacheLibrary = typeof import('./actions-cache/index.js');

/** @actions/cache, from its ES module beside this code (actions-cache/index.ts says why). */
async function cacheLibrary(): Promise<CacheLibrary | undefined> {
  const here = dirname(fileURLToPath(import.meta.url));
  // index.js as compiled or bundled; index.ts where the sources run as they are (the tests).
  const library = ['index.js', 'index.ts'].map((name) => join(here, 'actions-cache', name)).find(existsSync);
  if (!library)
    throw new Error(`@actions/cache is missing beside ${here} (is the action checked out whole?)`);
  const cache: CacheLibrary = await import(/* webpackIgnore: true */ pathToFileURL(library).href);
  return cache.isFeatureAvailable() ? cache : undefined;
}

/**
 * Before the scan: restores the newest cached DB into `cacheDir` unless the one there is current.
 * Never throws: without the cache trivy downloads, as it would anyway.
 */
export async function restoreDb(cacheDir: string, now = new Date()): Promise<DbCacheUse> {
  const local = dbNextUpdate(cacheDir);
  if (local && local > now) return { skipped: 'the DB in cache-dir is current' };
  try {
    const cache = await cacheLibrary();
    if (!cache) return { skipped: 'no Actions cache service on this runner' };
    // No entry has this key: the newest with the prefix is restored.
    const restored = await cache.restoreCache([join(cacheDir, 'db')], dbCacheKey(now), [DB_CACHE_PREFIX]);
    if (!restored) return { skipped: 'no DB in the Actions cache yet' };
    const next = dbNextUpdate(cacheDir);
    if (!next || next <= now) {
      core.info(
        `the DB restored from the Actions cache (${restored}) is due for an update: trivy downloads it`,
      );
      return { skipped: `the cached DB (${restored}) was due for an update` };
    }
    core.info(`vulnerability DB restored from the Actions cache: ${restored}`);
    return { restored };
  } catch (error) {
    core.warning(`the Actions cache could not be read (${errorMessage(error)}): trivy downloads the DB`);
    return { skipped: 'the Actions cache could not be read' };
  }
}

/**
 * After a scan that succeeded: saves the DB trivy downloaded, under its NextUpdate, unless that is
 * what was restored. Never throws: a cache that cannot be written costs the next run a download.
 */
export async function saveDb(cacheDir: string, use: DbCacheUse, now = new Date()): Promise<DbCacheUse> {
  const next = dbNextUpdate(cacheDir);
  if (!next || next <= now) return use;
  const key = dbCacheKey(next);
  if (key === use.restored?.toLowerCase()) return use;
  try {
    const cache = await cacheLibrary();
    if (!cache) return use;
    // -1: not saved (another job saved this DB first — keys are write-once — or the service
    // refused); @actions/cache has said why in the log.
    if ((await cache.saveCache([join(cacheDir, 'db')], key)) === -1) return use;
    core.info(`vulnerability DB saved to the Actions cache: ${key}`);
    return { ...use, saved: key };
  } catch (error) {
    core.info(`the DB was not saved to the Actions cache (${errorMessage(error)})`);
    return use;
  }
}
