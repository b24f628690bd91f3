/** Writes a one-layer OCI image layout holding `files`; returns its manifest digest. */
export function writeImageLayout(
  layout: string,
  options?: {
    tag?: string;
    /** path → contents, or {contents, mode} (mode 0o755 for a binary). */
    files?: Record<string, string | Buffer | { contents: string | Buffer; mode?: number }>;
    created?: string;
    /** The image configuration's `config` (default {Cmd: ['/bin/true']}). */
    config?: Record<string, unknown>;
  },
): string;
