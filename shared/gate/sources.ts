// The gate's outside data given as a file or an http(s) URL (the KEV catalog, EPSS scores).
import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../errors.js';
import { checkUrl, quote, redactCredentials } from '../inputs.js';
import { downloadFile } from '../tools/installer.js';

/** Deadline of a catalog or scores download (the EPSS file is a few MB gzipped). */
const SOURCE_DOWNLOAD_TIMEOUT_MS = 2 * 60_000;

/**
 * The bytes of a file or an http(s) URL given to `input`: a URL is downloaded by the installer's
 * code (deadline, one line when it fails); its credentials are masked and never shown.
 */
export async function readExploitabilitySource(
  input: string,
  value: string,
  timeoutMs = SOURCE_DOWNLOAD_TIMEOUT_MS,
): Promise<{ data: Buffer; source: string }> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    checkUrl(input, value);
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
