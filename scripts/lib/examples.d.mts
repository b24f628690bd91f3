export function writeExampleManifests(
  path: string,
  release: string,
  transform?: (text: string) => string,
): string;
/** Sends the Deployments to the platform's kwok nodes (tolerate their taint, select type: kwok). */
export function onFakeNodes(text: string): string;
