// Tags for a build, from the git ref and explicit tags: `v1.2.3` → 1.2.3, 1.2, 1; a branch →
// its sanitised name; a pull request → pr-N; always sha-<short>. Version and sha tags are
// immutable; branch tags and `latest` move.
// The three functions alone: semver's index loads all of it (ranges too), in every step's start-up.
import clean from 'semver/functions/clean.js';
import parse from 'semver/functions/parse.js';
import valid from 'semver/functions/valid.js';
import { ConfigurationError } from '../errors.js';
import { quote } from '../inputs.js';
import { TAG } from './reference.js';

export interface BuildTag {
  tag: string;
  /** An immutable tag may never be moved to another digest. */
  immutable: boolean;
  source: 'version' | 'sha' | 'branch' | 'pull-request' | 'explicit';
}

/** A branch name as a tag: lower-case, `/` and other invalid characters become `-`, at most 128. */
export function sanitiseTag(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .replace(/-+$/, '');
  return cleaned.slice(0, 128) || 'branch';
}

export function computeTags(options: {
  ref?: string;
  sha?: string;
  explicit?: readonly string[];
  mutable?: readonly string[];
}): BuildTag[] {
  const tags: BuildTag[] = [];
  const add = (tag: string, immutable: boolean, source: BuildTag['source']) => {
    if (!tags.some((existing) => existing.tag === tag)) tags.push({ tag, immutable, source });
  };
  const ref = options.ref ?? '';
  const tagRef = /^refs\/tags\/(.+)$/.exec(ref)?.[1];
  const version = tagRef ? valid(clean(tagRef, { loose: false }) ?? '') : null;
  if (version) {
    const parsed = parse(version)!;
    add(version, true, 'version');
    // Pre-releases never claim the release's minor and major aliases.
    if (!parsed.prerelease.length) {
      add(`${parsed.major}.${parsed.minor}`, false, 'version');
      add(`${parsed.major}`, false, 'version');
    }
  } else if (tagRef) {
    add(sanitiseTag(tagRef), true, 'explicit');
  }
  const branch = /^refs\/heads\/(.+)$/.exec(ref)?.[1];
  if (branch) add(sanitiseTag(branch), false, 'branch');
  const pull = /^refs\/pull\/(\d+)\//.exec(ref)?.[1];
  if (pull) add(`pr-${pull}`, false, 'pull-request');
  if (options.sha) {
    if (!/^[0-9a-f]{7,64}$/.test(options.sha)) {
      throw new ConfigurationError(`input 'sha': got ${quote(options.sha)}, expected a git commit sha (hex)`);
    }
    add(`sha-${options.sha.slice(0, 7)}`, true, 'sha');
  }
  const mutable = new Set(options.mutable ?? ['latest']);
  for (const tag of options.explicit ?? []) {
    if (!TAG.test(tag)) {
      throw new ConfigurationError(
        `input 'tags': got ${quote(tag)}, expected tags of letters, digits, '_', '.', '-' (at most 128, not starting with '.' or '-')`,
      );
    }
    add(tag, !mutable.has(tag), 'explicit');
  }
  for (const tag of tags) if (mutable.has(tag.tag)) tag.immutable = false;
  return tags;
}
