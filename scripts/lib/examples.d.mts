export function writeExampleManifests(
  path: string,
  release: string,
  transform?: (text: string) => string,
): string;
