// Where the tests find the real tools: on PATH, or in the cache scripts/install-tools.sh fills.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { findOnPath } from '../../shared/tools/installer.js';

export const toolsBin = join(
  process.env.PIPELINE_TOOLS_CACHE || join(homedir(), '.cache', 'pipeline-tools'),
  'bin',
);

/** The tools cache goes first on PATH for the tests and the bundles they start. */
if (existsSync(toolsBin) && !(process.env.PATH ?? '').split(':').includes(toolsBin)) {
  process.env.PATH = `${toolsBin}:${process.env.PATH ?? ''}`;
}

/** A real tool, or a test failure that says how to install it (never a silent skip). */
export function requireTool(name: string): string {
  const found = findOnPath(name)[0];
  if (!found)
    throw new Error(
      `${name} is not installed: run scripts/install-tools.sh (it builds ${name} into ${toolsBin})`,
    );
  return found;
}
