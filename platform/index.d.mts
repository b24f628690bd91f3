// Types for the TypeScript tests: platform/index.mjs is plain ESM so it runs without a build step.

export interface ComponentStatus {
  pid: number | null;
  alive: boolean;
  ready?: boolean;
  /** ISO time it last became ready (started or restarted), for processes the platform started. */
  readyAt?: string;
  log: string;
  address?: string;
}

export interface PlatformPorts {
  apiserver: number;
  registry: number;
  controllerManager: number;
  scheduler: number;
  kwok: number;
  etcd: number;
  etcdPeer: number;
  blue: number;
  green: number;
  prometheus: number;
}

import type { DataplaneAddresses } from './components/dataplane.mjs';

export type { DataplaneAddresses };

export interface PlatformCluster {
  server: string;
  kubeconfig: string;
  restrictedKubeconfig: string;
  dataplane: Pick<DataplaneAddresses, 'gateways' | 'metrics' | 'api'>;
}

export interface PlatformStatus {
  /** Every component alive and ready, and `up` finished. */
  running: boolean;
  /** Why `running` is false. */
  reason?: string;
  stateDir: string;
  logsDir: string;
  kubernetesVersion: string;
  /** Admin (system:masters) kubeconfig. */
  kubeconfig: string;
  /** The deployer identity's kubeconfig: only the Role in platform/rbac/deployer-role.yaml, in `namespaces`. */
  restrictedKubeconfig: string;
  /** https://127.0.0.1:PORT */
  server: string;
  /** host:port of the OCI registry (plain HTTP). */
  registry: string;
  /** Prometheus base URL. */
  prometheus: string;
  /** Stand-in app base URLs by color. */
  apps: { blue: string; green: string };
  /** Traefik's listeners, as http://127.0.0.1:PORT. */
  dataplane: DataplaneAddresses;
  /**
   * Every cluster by name, the first (eu-1, the one above) included; the others only when `up`
   * was asked for them (clusters.mjs): their API, kubeconfigs and Gateway listeners.
   */
  clusters: Record<string, PlatformCluster>;
  namespaces: string[];
  deployer: string;
  scrapeIntervalSeconds: number;
  toolsBin: string;
  ports: PlatformPorts;
  upAt?: string | null;
  registryFault?: RegistryFault | null;
  components: Record<string, ComponentStatus>;
  /** Set by up(): how long it took, and how much of it was building tools. */
  upSeconds?: number;
  toolBuildSeconds?: number;
}

export type RegistryFault = 'unavailable' | 'refuse';

export interface AppSettings {
  /** Share of requests answered 500, 0..1 (exactly that share, spread evenly). */
  errorRate?: number;
  /** Latency of every request, in milliseconds. */
  latencyMs?: number;
  /** /healthz answers 200 when true, 503 when false. */
  healthy?: boolean;
  /** The CPU-like gauge app_cpu_usage_ratio. */
  cpu?: number;
  /** Simulated requests a second (the app's own steady traffic). */
  rps?: number;
  /** Reported by app_info{version} and in responses. */
  version?: string;
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export const stateDir: string;
export const logsDir: string;
export const toolsBin: string;
export const NAMESPACES: string[];
export const DEPLOYER_USER: string;
export const COLORS: string[];
export const SCRAPE_INTERVAL_SECONDS: number;
export function platformPorts(base?: number): PlatformPorts;
export function toolsPath(): string;

/** `clusters`: how many clusters to run, at least (1 to 3; default as many as run now). */
export function up(options?: { clusters?: number }): Promise<PlatformStatus>;
export function down(): Promise<string[]>;
export function platformStatus(): Promise<PlatformStatus>;
/** The running platform; starts (or repairs) it first when needed. */
export function ensurePlatform(options?: { clusters?: number }): Promise<PlatformStatus>;

/**
 * Use of the platform across processes (a test file): alone, or with `shared` beside other shared
 * holders only; resolves to the release function once it may go on.
 */
export function holdPlatform(label?: string, options?: { shared?: boolean }): Promise<() => void>;

export function stopApiserver(): Promise<void>;
export function startApiserver(): Promise<void>;
export function stopPrometheus(): Promise<void>;
export function startPrometheus(): Promise<void>;
/** Stops the real node's containerd (its pods keep running); startContainerd brings it back. */
export function stopContainerd(): Promise<void>;
export function startContainerd(): Promise<void>;
/** Stops Traefik (every Gateway and Ingress listener refuses connections); startDataplane brings it back. */
export function stopDataplane(): Promise<void>;
export function startDataplane(): Promise<void>;
/** The real node's name (pods land there unless they tolerate the kwok nodes' taint). */
export const NODE_NAME: string;
/** SIGKILLs a pod's container on the real node through containerd; the kubelet restarts it. */
export function killPodContainer(
  namespace: string,
  pod: string,
  container?: string,
): Promise<{ containerID: string; restartCount: number }>;
export function breakRegistry(mode?: RegistryFault): Promise<void>;
export function fixRegistry(): Promise<void>;

export function setApp(color: string, settings: AppSettings): Promise<AppSettings & { color: string }>;
export function resetApps(): Promise<void>;

/** kubectl (the tools cache's) with the admin kubeconfig unless another is given; returns stdout. */
export function kubectl(
  args: string[],
  options?: { input?: string; kubeconfig?: string; timeoutMs?: number },
): string;
export function prometheusQuery(query: string, ports?: PlatformPorts): Promise<PromSample[]>;

/** An exclusive lock across processes on `path` (a file holding `pid label`); resolves to its release. */
export function acquireFileLock(path: string, label: string, waitingFor: string): Promise<() => void>;
/** A readers-writer lock across processes on `path`: shared holders together, an exclusive one alone. */
export function acquireSharedLock(
  path: string,
  label: string,
  options: { shared: boolean },
  waitingFor: string,
): Promise<() => void>;
