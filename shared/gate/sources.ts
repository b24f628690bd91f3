// The gate's outside data given as a file or an http(s) URL (the KEV catalog, EPSS scores).
import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../errors.js';
import { quote, redactCredentials } from '../inputs.js';
import { downloadFile } from '../tools/installer.js';

/** Deadline of a catalog or scores download (the EPSS file is a few MB gzipped). */
const SOURCE_DOWNLOAD_TIMEOUT_MS = 2 * 60_000;

/** Whether a source input names a URL (then checked as one) rather than a file. */
export function isUrlSource(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

/**
 * The bytes of a file or an http(s) URL given to `input`, as getGateInputs checked it (the URL's
 * password already masked): a URL is downloaded by the installer's code (deadline, one line when
 * it fails) and never shown with its credentials.
 */
export async function readExploitabilitySource(
  input: string,
  value: string,
  timeoutMs = SOURCE_DOWNLOAD_TIMEOUT_MS,
): Promise<{ data: Buffer; source: string }> {
  if (isUrlSource(value)) {
    const source = redactCredentials(value);
    let file: string;
    try {
      file = await downloadFile(value, timeoutMs);
    } catch (error) {
      throw new ConfigurationError(
        `input '${input}': could not download ${quote(source)}: ${(error as Error).message}`,
      );
    }
    return { data: readFileSync(file), source };
  }
  try {
    return { data: readFileSync(value), source: value };
  } catch {
    throw new ConfigurationError(`input '${input}': got ${quote(value)}, expected a file or an http(s) URL`);
  }
}
