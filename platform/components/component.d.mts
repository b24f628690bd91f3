// The shape of a platform component (see README.md, "Layout"): what a module in components/
// returns from its default export, `(ctx: ComponentContext) => Component | Component[]`.
import type { PlatformPorts } from '../index.mjs';

export interface PlatformPaths {
  pki: string;
  kubeconfig: string;
  restrictedKubeconfig: string;
  componentKubeconfig(name: string): string;
  etcdData: string;
  registryDir: string;
  registryFault: string;
  registryReady: string;
  prometheusConfig: string;
  prometheusData: string;
  kwokConfig: string;
}

export interface ComponentContext {
  /** The platform's ports (recorded in state.json once started). */
  ports: PlatformPorts;
  /** The state directory's files. */
  paths: PlatformPaths;
  /** A file in the PKI directory: pki('ca.crt'). */
  pki(file: string): string;
  stateDir: string;
  logsDir: string;
  /** logs/<name>.log */
  logFile(name: string): string;
  toolsBin: string;
  platformDir: string;
  repoRoot: string;
  /** The environment every component runs with: process.env, the tools cache first on PATH. */
  childEnv(): NodeJS.ProcessEnv;
}

interface Common {
  /** Unique; also the log file name logs/<name>.log. */
  name: string;
  /** Names of components that must be ready (tasks: done) first. */
  after?: string[];
  /** Idempotent setup right before a process is (re)started, or before a task runs. */
  prepare?(): Promise<void>;
  /** At `down`, after it stopped (also when it was not running): removes what prepare made. */
  cleanup?(): Promise<void>;
}

/** A long-running process, recorded by PID and reused while it runs the same arguments. */
export interface ProcessComponent extends Common {
  /** Executable, resolved on PATH with the tools cache first. */
  command: string;
  args: string[];
  /** What /proc/PID/cmdline must contain to still be ours (default: command). */
  match?: string;
  /** Extra environment (part of the argument hash). */
  env?: Record<string, string>;
  /** Loopback ports it listens on, checked free before it starts. */
  ports: number[];
  /** Truthy once ready; false or a throw while not. */
  ready(): Promise<unknown>;
  timeoutMs: number;
  /** SIGTERM grace before SIGKILL (default 10 s). */
  stopGraceMs?: number;
  /** Processes its own process started, read once it is ready: recorded, reported, stopped after it. */
  children?(): Promise<{ name: string; pid: number; command: string; address?: string; log: string }[]>;
}

/** A one-shot step (no process), run at every `up` once everything in `after` is ready. */
export interface TaskComponent extends Common {
  run(): Promise<unknown>;
}

export type Component = ProcessComponent | TaskComponent;
export type ComponentModule = (ctx: ComponentContext) => Component | Component[];
