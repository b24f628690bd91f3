// Types for node-image.mjs: images made here from static Go programs.
export const PAUSE_SOURCE: string;
/** Compiles one standard-library-only Go file statically (cached in the tools cache); its path. */
export function buildStaticGoBinary(sourceFile: string, name: string): string;
/** Pushes `binary` as a one-file image to a plain-HTTP registry; the reference pinned by digest. */
export function pushBinaryImage(options: {
  binary: string;
  name: string;
  registry: string;
  repository: string;
  tag: string;
  args?: string[];
  labels?: Record<string, string>;
}): string;
export function pushPauseImage(registry: string): string;
