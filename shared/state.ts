// Main → post state, typed and in one place: what `post` must clean up.

import { rmSync } from 'node:fs';
import { runAction } from './action.js';
import * as core from './runner.js';

const CLEANUP_KEY = 'cleanup-paths';

/** Files and folders holding credentials, removed by the action's `post` step. */
export class CleanupState {
  private readonly paths: string[] = [];

  add(path: string): void {
    this.paths.push(path);
    core.saveState(CLEANUP_KEY, JSON.stringify(this.paths));
  }

  static pending(): string[] {
    const raw = core.getState(CLEANUP_KEY);
    if (!raw) return [];
    try {
      const parsed = JSON.parse(raw);
      return Array.isArray(parsed)
        ? parsed.filter((entry): entry is string => typeof entry === 'string')
        : [];
    } catch {
      return [];
    }
  }

  /** Removes everything `main` registered; returns what was removed. */
  static removeAll(): string[] {
    const paths = CleanupState.pending();
    for (const path of paths) rmSync(path, { recursive: true, force: true });
    return paths;
  }
}

/**
 * Every action's `post` step: removes the credentials `main` registered, whatever happened there.
 * Post bundles import only this, not the action.
 */
export async function removeCredentials(): Promise<void> {
  await runAction(async () => {
    for (const path of CleanupState.removeAll()) core.info(`removed ${path}`);
  });
}
