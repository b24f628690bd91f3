import { inject } from 'vitest';
import type { ScanEnvironment } from './global-setup.js';

/** The running scan environment, or a thrown error saying why there is none (never a skip). */
export function scanEnvironment(): ScanEnvironment {
  const provided = inject('scanEnvironment');
  if ('error' in provided)
    throw new Error(`no scan environment: ${provided.error} (run scripts/install-tools.sh)`);
  return provided;
}
