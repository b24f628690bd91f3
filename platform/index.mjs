// The local platform: a real Kubernetes control plane (etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler) with kwok's fake nodes, an OCI registry, Prometheus and
// one stand-in app per color, all on loopback, started and stopped by PID.
//
//   npm run platform:up | platform:down | --silent platform:status
//
// State (certificates, kubeconfigs, etcd and Prometheus data, state.json with PIDs and ports) lives
// in $PIPELINE_PLATFORM_DIR (default ~/.cache/pipeline-platform), logs in its logs/ folder. Tools
// come from the tools cache scripts/install-tools.sh fills (built at the versions in versions.mjs);
// `up` runs that script when a tool is missing.
//
// This file is the public entry (types in index.d.mts); README.md, "Layout", says which file does
// what.
export { kubectl } from './clients.mjs';
export { killPodContainer, NODE_NAME } from './components/node.mjs';
export { prometheusQuery } from './components/prometheus.mjs';
export { resetApps, setApp } from './components/standin-apps.mjs';
export {
  breakRegistry,
  fixRegistry,
  startApiserver,
  startContainerd,
  startDataplane,
  startPrometheus,
  stopApiserver,
  stopContainerd,
  stopDataplane,
  stopPrometheus,
} from './faults.mjs';
export { down, ensurePlatform, platformStatus, up } from './lifecycle.mjs';
export { acquireFileLock, acquireSharedLock, holdPlatform } from './lock.mjs';
export { logTail } from './proc.mjs';
export {
  COLORS,
  DEPLOYER_USER,
  logsDir,
  NAMESPACES,
  platformDir,
  platformPorts,
  repoRoot,
  SCRAPE_INTERVAL_SECONDS,
  stateDir,
  toolsBin,
  toolsCache,
  toolsPath,
} from './state.mjs';
