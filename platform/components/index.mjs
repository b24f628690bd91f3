// Every component of the platform, in one list. Adding one: write components/<name>.mjs exporting
// a default function (ctx) => Component | Component[] and add it to COMPONENT_MODULES; the
// supervisor derives start and stop order from each component's `after`.
import { join } from 'node:path';
import { childEnv, logFileOf, logsDir, paths, platformDir, repoRoot, stateDir, toolsBin } from '../state.mjs';
import apiserver from './apiserver.mjs';
import clusterBootstrap from './cluster-bootstrap.mjs';
import clusters from './clusters.mjs';
import controllerManager from './controller-manager.mjs';
import credentials from './credentials.mjs';
import dataplane from './dataplane.mjs';
import etcd from './etcd.mjs';
import kwok from './kwok.mjs';
import node from './node.mjs';
import prometheus from './prometheus.mjs';
import registry from './registry.mjs';
import scheduler from './scheduler.mjs';
import standinApps from './standin-apps.mjs';

const COMPONENT_MODULES = [
  credentials,
  etcd,
  apiserver,
  controllerManager,
  scheduler,
  kwok,
  clusterBootstrap,
  dataplane,
  registry,
  node,
  standinApps,
  prometheus,
];

/** What every component module gets: where things are, for the given ports. */
export function componentContext(ports) {
  const p = paths();
  return {
    ports,
    paths: p,
    pki: (file) => join(p.pki, file),
    stateDir,
    logsDir,
    logFile: logFileOf,
    toolsBin,
    platformDir,
    repoRoot,
    childEnv,
  };
}

/**
 * The platform's components (processes and one-shot tasks) for the given ports, with its other
 * clusters' (clusters.mjs) when it has more than one.
 */
export function platformComponents(ports, clusterCount = 1) {
  const ctx = componentContext(ports);
  return [...COMPONENT_MODULES.flatMap((module) => [module(ctx)].flat()), ...clusters(ctx, clusterCount)];
}
