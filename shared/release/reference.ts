// Container image references (registry/repository[:tag][@sha256:digest]) as the distribution
// spec defines them, validated so a malformed one is one clear line, not a registry error.
import { ConfigurationError } from '../errors.js';
import { quote } from '../inputs.js';

export interface ImageReference {
  /** Registry host[:port]; docker.io when the name has none. */
  registry: string;
  /** Repository path within the registry, e.g. org/app (library/x for docker.io short names). */
  repository: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
export const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
export const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** A reference pinned by digest (…@sha256:…); the digest is its first group. */
export const BY_DIGEST = /@(sha256:[a-f0-9]{64})$/;

function looksLikeRegistry(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost';
}

export function parseImageReference(text: string, input = 'image'): ImageReference {
  const value = text.trim();
  const fail = (why: string) =>
    new ConfigurationError(
      `input '${input}': got ${quote(text)}, expected an image reference like registry.example.com/org/app[:tag][@sha256:…] (${why})`,
    );
  if (!value || /\s/.test(value)) throw fail('empty or contains spaces');
  let rest = value;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw fail('the digest must be sha256: and 64 hex characters');
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw fail(`tag '${tag}' has invalid characters`);
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && looksLikeRegistry(parts[0] as string)) registry = parts.shift() as string;
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  if (!parts.length || parts.some((part) => !COMPONENT.test(part)))
    throw fail('repository names are lower-case letters, digits and . _ -');
  if (registry !== 'docker.io' && !/^[A-Za-z0-9.-]+(?::\d+)?$/.test(registry))
    throw fail(`registry '${registry}' is not a host[:port]`);
  return { registry, repository: parts.join('/'), tag, digest };
}

export function repositoryName(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}`;
}

export function formatReference(ref: ImageReference): string {
  return `${repositoryName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
