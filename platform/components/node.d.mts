// Types for node.mjs: the real node's components and its fault hooks.
export const NODE_NAME: string;
export const CONTAINERD_SOCKET: string;

export interface NodePorts {
  kubelet: number;
  kubeletHealthz: number;
  kubeProxyHealthz: number;
  kubeProxyMetrics: number;
}
/** The node's ports (base+20..23), from the platform's ports. */
export function nodePorts(ports: { apiserver: number } & Partial<NodePorts>): NodePorts;
export function nodePaths(stateDir: string): Record<string, string>;
/** What the node left on the host (processes, containers, mounts, network, chains, cgroups); empty when clean. */
export function nodeLeftovers(stateDir: string): string[];
/** SIGKILLs a pod's container through containerd; the kubelet restarts it. */
export function killPodContainer(
  namespace: string,
  pod: string,
  container?: string,
): Promise<{ containerID: string; restartCount: number }>;
/** Resident memory in KiB. */
export function nodeMemoryKiB(stateDir: string): { kubelet: number; containerd: number };

/** The containerd, kubelet and kube-proxy components (see component.d.mts). */
export default function node(ctx: unknown): unknown[];
