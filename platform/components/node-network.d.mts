// Types for node-network.mjs: the real node's pod network.
export const NODE_NETWORK: {
  bridge: string;
  podCIDR: string;
  nodeIP: string;
  clusterCIDR: string;
  kwokPodRange: string;
  serviceRange: string;
  cniNetwork: string;
};
export function ensureNodeNetwork(): void;
export function removeNodeNetwork(): void;
export function nodeNetworkLeftovers(): string[];
export function writeCniConfig(confDir: string, dataDir: string): string;
export function clearIpamAllocations(dataDir: string): void;
