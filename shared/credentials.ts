// Credentials an action hands to a tool as files: written 0600 in a 0700 folder under the
// action's work dir, masked, and registered so the `post` step removes them.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from './errors.js';
import type { Inputs } from './inputs.js';
import * as core from './runner.js';
import type { CleanupState } from './state.js';

/** A registry user name and password from two inputs, which go together. */
export function credentialsInput(
  inputs: Inputs,
  user = 'username',
  pass = 'password',
): { username?: string; password?: string } {
  const username = inputs.string(user) || undefined;
  const password = inputs.string(pass) || undefined;
  if (Boolean(username) !== Boolean(password))
    throw new ConfigurationError(`inputs '${user}' and '${pass}' go together: give both or neither`);
  // Masked as soon as it is read: a password from a step's output (`aws ecr get-login-password`)
  // is not a secret the runner knows, and the step logs long before a config file is written.
  if (password) core.setSecret(password);
  return { username, password };
}

/**
 * A private key input: PEM content or the path of a file. Anything else is refused without being
 * quoted: it may be the key itself in another form (base64, a PEM without its header), and the
 * first characters of a secret are not masked as the whole secret is.
 */
export function privateKeyInput(inputs: Inputs, name: string): string | undefined {
  const value = inputs.raw(name) || undefined;
  if (value && !value.includes('-----BEGIN') && !existsSync(value))
    throw new ConfigurationError(
      `input '${name}': expected a private key (PEM content) or a path to one; got neither (${value.length} characters, not shown)`,
    );
  return value;
}

/** Writes `content` to a private file and returns its path. */
export function writePrivateFile(
  workDir: string,
  name: string,
  content: string,
  cleanup: CleanupState,
): string {
  const dir = join(workDir, `private-${crypto.randomUUID()}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  cleanup.add(dir);
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

/** A cosign key given as PEM content becomes a private file; a path or KMS URI is used as is. */
export function keyFile(
  value: string | undefined,
  workDir: string,
  name: string,
  cleanup: CleanupState,
): string | undefined {
  if (!value?.includes('-----BEGIN')) return value;
  return writePrivateFile(workDir, name, `${value.trim()}\n`, cleanup);
}

/**
 * Registry credentials as a docker `config.json` (what skopeo's --authfile and cosign's
 * DOCKER_CONFIG read); returns its folder, or undefined without credentials.
 */
export function dockerConfigDir(
  registry: string,
  credentials: { username?: string; password?: string },
  workDir: string,
  cleanup: CleanupState,
): string | undefined {
  if (!credentials.username || !credentials.password) return undefined;
  core.setSecret(credentials.password);
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  core.setSecret(auth);
  const path = writePrivateFile(
    workDir,
    'config.json',
    JSON.stringify({ auths: { [registry]: { auth } } }),
    cleanup,
  );
  return join(path, '..');
}
