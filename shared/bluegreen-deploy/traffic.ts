// Moving traffic between colors. `service` flips the live Service's selector in one PATCH at its
// resourceVersion; the weighted strategies (ingress-nginx canary, Gateway API HTTPRoute, Istio
// VirtualService) move it in steps. Every patch is computed by a pure function.

import type { Color } from '../cluster/release-record.js';
import { ConfigurationError } from '../errors.js';
import { quote } from '../inputs.js';
import type { Kubectl, KubeObject } from '../kube/kubectl.js';
import * as core from '../runner.js';

export const STRATEGIES = ['service', 'ingress', 'gateway', 'istio'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface TrafficTarget {
  strategy: Strategy;
  /** The live Service (all strategies keep its selector on the color that has all traffic). */
  service: string;
  /** Ingress, HTTPRoute or VirtualService name for the weighted strategies. */
  router?: string;
}

export function colorService(service: string, color: Color): string {
  return `${service}-${color}`;
}

/** Percent of traffic on each color. */
export type Weights = Record<Color, number>;

export function weightsFor(newColor: Color, percent: number): Weights {
  const old: Color = newColor === 'blue' ? 'green' : 'blue';
  return { [newColor]: percent, [old]: 100 - percent } as Weights;
}

/** Validates `10,50,100`: increasing, within 1..100, ending at 100. */
export function parseSteps(text: string, strategy: Strategy): number[] {
  const steps = text
    .split(',')
    .map((step) => step.trim())
    .filter(Boolean);
  const numbers = steps.map(Number);
  const bad = (why: string) =>
    new ConfigurationError(`input 'traffic-steps': got ${quote(text)}, expected ${why}`);
  if (!steps.length || numbers.some((n, i) => !/^\d+$/.test(steps[i]!) || n < 1 || n > 100))
    throw bad('whole percentages from 1 to 100, like 10,50,100');
  if (numbers.some((n, i) => i > 0 && n <= numbers[i - 1]!)) throw bad('increasing percentages');
  if (numbers[numbers.length - 1] !== 100) throw bad('steps ending at 100');
  if (strategy === 'service' && numbers.length > 1) {
    throw new ConfigurationError(
      `input 'traffic-steps': got ${quote(text)} with traffic 'service', which switches at once; use ingress, gateway or istio for gradual steps`,
    );
  }
  return numbers;
}

export function serviceSelectorPatch(color: Color): Record<string, unknown> {
  return { spec: { selector: { color } } };
}

export function ingressCanaryAnnotations(weight: number): Record<string, string> {
  return {
    'nginx.ingress.kubernetes.io/canary': 'true',
    'nginx.ingress.kubernetes.io/canary-weight': String(weight),
  };
}

type IngressSpec = {
  rules?: { http?: { paths?: { backend?: { service?: { name?: string } } }[] } }[];
  defaultBackend?: { service?: { name?: string } };
};

/** The same Ingress with every backend pointing at `service`. */
export function withIngressBackend(spec: IngressSpec, service: string): IngressSpec {
  const copy = structuredClone(spec);
  if (copy.defaultBackend?.service) copy.defaultBackend.service.name = service;
  for (const rule of copy.rules ?? [])
    for (const path of rule.http?.paths ?? []) if (path.backend?.service) path.backend.service.name = service;
  return copy;
}

export function httpRouteWeightsPatch(
  route: KubeObject,
  service: string,
  weights: Weights,
): Record<string, unknown> {
  const rules = (
    (route.spec as { rules?: { backendRefs?: { name: string; port?: number; weight?: number }[] }[] })
      .rules ?? []
  ).map((rule) => {
    const port = rule.backendRefs?.[0]?.port;
    return {
      ...rule,
      backendRefs: (['blue', 'green'] as Color[]).map((color) => ({
        name: colorService(service, color),
        ...(port ? { port } : {}),
        weight: weights[color],
      })),
    };
  });
  return { spec: { rules } };
}

export function virtualServiceWeightsPatch(
  virtualService: KubeObject,
  service: string,
  weights: Weights,
): Record<string, unknown> {
  const http = (
    (virtualService.spec as { http?: { route?: { destination: { host: string; port?: unknown } }[] }[] })
      .http ?? []
  ).map((route) => {
    const port = route.route?.[0]?.destination.port;
    return {
      ...route,
      route: (['blue', 'green'] as Color[]).map((color) => ({
        destination: { host: colorService(service, color), ...(port ? { port } : {}) },
        weight: weights[color],
      })),
    };
  });
  return { spec: { http } };
}

/** Sends `percent` of traffic to `newColor` (the rest to the other color). */
export async function routeTraffic(
  kubectl: Kubectl,
  target: TrafficTarget,
  newColor: Color,
  percent: number,
): Promise<void> {
  const old: Color = newColor === 'blue' ? 'green' : 'blue';
  const live = percent === 100 ? newColor : old;
  if (target.strategy !== 'service') {
    const router = target.router as string;
    if (target.strategy === 'ingress') {
      const main = await kubectl.get('ingress', router);
      if (!main) throw new ConfigurationError(`ingress ${router} not found in ${kubectl.namespace}`);
      const mainSpec = main.spec as IngressSpec;
      if (percent === 100) {
        await kubectl.patch(
          'ingress',
          router,
          { spec: withIngressBackend(mainSpec, colorService(target.service, newColor)) },
          main.metadata.resourceVersion,
        );
      }
      const canary: KubeObject = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: {
          name: `${router}-canary`,
          labels: { 'app.kubernetes.io/managed-by': 'pipeline' },
          annotations: ingressCanaryAnnotations(percent === 100 ? 0 : percent),
        },
        spec: withIngressBackend(mainSpec, colorService(target.service, percent === 100 ? old : newColor)),
      };
      await kubectl.apply([canary]);
    } else {
      const kind = target.strategy === 'gateway' ? 'httproute' : 'virtualservice';
      const router_ = await kubectl.get(kind, router);
      if (!router_) throw new ConfigurationError(`${kind} ${router} not found in ${kubectl.namespace}`);
      const weights = weightsFor(newColor, percent);
      const patch =
        target.strategy === 'gateway'
          ? httpRouteWeightsPatch(router_, target.service, weights)
          : virtualServiceWeightsPatch(router_, target.service, weights);
      await kubectl.patch(kind, router, patch, router_.metadata.resourceVersion);
    }
  }
  // The live Service follows the color holding all traffic (in-cluster clients, smoke of `live`).
  const service = await kubectl.get('service', target.service);
  if (!service) throw new ConfigurationError(`service ${target.service} not found in ${kubectl.namespace}`);
  const selector = (service.spec as { selector?: Record<string, string> }).selector ?? {};
  if (selector.color !== live)
    await kubectl.patch(
      'service',
      target.service,
      serviceSelectorPatch(live),
      service.metadata.resourceVersion,
    );
  core.info(`traffic: ${percent}% ${newColor}, ${100 - percent}% ${old} (${target.strategy})`);
}
