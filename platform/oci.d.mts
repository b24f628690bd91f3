/** Writes a one-layer OCI image layout holding `files`; returns its manifest digest. */
export function writeImageLayout(
  layout: string,
  options?: { tag?: string; files?: Record<string, string>; created?: string },
): string;
