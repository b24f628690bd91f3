// Moving traffic between colors. `service` flips the live Service's selector in one PATCH at its
// resourceVersion; the weighted strategies (ingress-nginx canary, Gateway API HTTPRoute, Istio
// VirtualService) move it in steps. Every patch is computed by a pure function.

import { type Color, otherColor } from '../cluster/release-record.js';
import { ConfigurationError } from '../errors.js';
import { quote } from '../inputs.js';
import { KubeConflict, type Kubectl, type KubeObject } from '../kube/kubectl.js';
import * as core from '../runner.js';

export const STRATEGIES = ['service', 'ingress', 'gateway', 'istio'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface TrafficTarget {
  strategy: Strategy;
  /** The live Service (all strategies keep its selector on the color that has all traffic). */
  service: string;
  /** Ingress, HTTPRoute or VirtualService name for the weighted strategies. */
  router?: string;
  /** gateway: requests that match it go to the new color whatever the weights, until 100%. */
  canary?: CanaryMatch;
}

/** `header:X-Canary=always` or `cookie:canary=always`: the requests a canary gets first. */
export interface CanaryMatch {
  kind: 'header' | 'cookie';
  name: string;
  value: string;
}

/** An HTTPRoute header match (Gateway API HTTPHeaderMatch). */
export interface HeaderMatch {
  type: 'Exact' | 'RegularExpression';
  name: string;
  value: string;
}

/** The HTTPRoute annotation naming the header match of the canary rules this action added. */
export const CANARY_RULES_ANNOTATION = 'pipeline/canary-rules';

const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,256}$/;
// RFC 6265 cookie-octet; a header value is visible ASCII and inner spaces.
const COOKIE_VALUE = /^[!#-+\-./0-9:<=>?@A-Z[\]^_`a-z{|}~]{1,1024}$/;
const HEADER_VALUE = /^[!-~](?:[ !-~]{0,1022}[!-~])?$/;

/** Parses `canary-match`; only the gateway strategy can route by a request's header. */
export function parseCanaryMatch(text: string, strategy: Strategy): CanaryMatch | undefined {
  if (!text.trim()) return undefined;
  const bad = (why: string) =>
    new ConfigurationError(`input 'canary-match': got ${quote(text)}, expected ${why}`);
  const match = /^(header|cookie):([^=]*)=(.*)$/s.exec(text.trim());
  if (!match) throw bad('header:NAME=VALUE or cookie:NAME=VALUE, like header:X-Canary=always');
  const [, kind, name, value] = match as unknown as [string, 'header' | 'cookie', string, string];
  if (!TOKEN.test(name)) throw bad(`a ${kind} name of letters, digits and !#$%&'*+.^_\`|~-`);
  if (!(kind === 'cookie' ? COOKIE_VALUE : HEADER_VALUE).test(value))
    throw bad(
      kind === 'cookie'
        ? 'a cookie value of visible ASCII without spaces, quotes, commas, semicolons or backslashes'
        : 'a header value of visible ASCII (inner spaces allowed)',
    );
  if (kind === 'header' && name.toLowerCase() === 'cookie') throw bad('cookie:NAME=VALUE for a cookie');
  if (strategy !== 'gateway')
    throw new ConfigurationError(
      `input 'canary-match': got ${quote(text)} with traffic '${strategy}'; matching requests by ${kind} is done by the Gateway API HTTPRoute (traffic: gateway)`,
    );
  return { kind, name, value };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function describeCanary(canary: CanaryMatch): string {
  return `${canary.kind} ${canary.name}=${canary.value}`;
}

/** The header match of a canary: the header itself, or the Cookie header holding the cookie. */
export function canaryHeaderMatch(canary: CanaryMatch): HeaderMatch {
  if (canary.kind === 'header') return { type: 'Exact', name: canary.name, value: canary.value };
  return {
    type: 'RegularExpression',
    name: 'Cookie',
    value: `(^|;\\s*)${escapeRegExp(canary.name)}=${escapeRegExp(canary.value)}(;|$)`,
  };
}

export function colorService(service: string, color: Color): string {
  return `${service}-${color}`;
}

/** Percent of traffic on each color. */
export type Weights = Record<Color, number>;

export function weightsFor(newColor: Color, percent: number): Weights {
  const old = otherColor(newColor);
  return { [newColor]: percent, [old]: 100 - percent } as Weights;
}

/** Validates `10,50,100`: increasing, within 1..100, ending at 100. */
export function parseSteps(text: string, strategy: Strategy): number[] {
  // An empty entry (`10,,100`) is a typo, not a step to leave out.
  const steps = text.split(',').map((step) => step.trim());
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

type BackendRef = { group?: string; kind?: string; name: string; port?: number; weight?: number };
type RouteFilter = {
  type: string;
  requestMirror?: { backendRef?: { name?: string } };
  [key: string]: unknown;
};
type RouteRule = {
  matches?: { headers?: HeaderMatch[]; [key: string]: unknown }[];
  filters?: RouteFilter[];
  backendRefs?: BackendRef[];
  [key: string]: unknown;
};

/** A rule without the RequestMirror filters this action adds (those mirroring to a color Service). */
function withoutOwnMirror(rule: RouteRule, service: string): RouteRule {
  if (!rule.filters) return rule;
  const colorServices = (['blue', 'green'] as Color[]).map((color) => colorService(service, color));
  const filters = rule.filters.filter(
    (filter) =>
      filter.type !== 'RequestMirror' ||
      !colorServices.includes(filter.requestMirror?.backendRef?.name ?? ''),
  );
  const { filters: _, ...rest } = rule;
  return filters.length ? { ...rest, filters } : rest;
}

/** The Service port a rule sends to (its first backend's), kept when its backends are rewritten. */
const portOf = (rule: RouteRule) => rule.backendRefs?.[0]?.port;

const sameMatch = (a: HeaderMatch, b: HeaderMatch) =>
  a.name.toLowerCase() === b.name.toLowerCase() && a.value === b.value && (a.type ?? 'Exact') === b.type;

/**
 * The HTTPRoute's rules weighted between the color Services. With a canary (below 100%) each rule
 * gets a twin before it that also matches the canary's header and sends only to the new color
 * (Gateway API gives a rule with more header matches precedence); the twins are named in an
 * annotation, so any later patch — the next step, a rollback — finds and removes them.
 */
export function httpRouteWeightsPatch(
  route: KubeObject,
  service: string,
  weights: Weights,
  canary?: { match: CanaryMatch; color: Color },
): Record<string, unknown> {
  let added: HeaderMatch | undefined;
  try {
    const recorded = route.metadata.annotations?.[CANARY_RULES_ANNOTATION];
    added = recorded ? (JSON.parse(recorded) as HeaderMatch) : undefined;
  } catch {
    added = undefined;
  }
  const isCanaryTwin = (rule: RouteRule) =>
    added !== undefined &&
    (rule.matches ?? []).length > 0 &&
    (rule.matches ?? []).every((match) => (match.headers ?? []).some((header) => sameMatch(header, added)));
  const own = ((route.spec as { rules?: RouteRule[] }).rules ?? []).filter((rule) => !isCanaryTwin(rule));
  const rules: RouteRule[] = own.map((rule) => {
    const port = portOf(rule);
    return {
      ...withoutOwnMirror(rule, service),
      backendRefs: (['blue', 'green'] as Color[]).map((color) => ({
        name: colorService(service, color),
        ...(port ? { port } : {}),
        weight: weights[color],
      })),
    };
  });
  // No canary, or the new color has everything: the twins go, and the annotation with them.
  if (!canary || weights[canary.color] === 100) {
    const annotated = route.metadata.annotations?.[CANARY_RULES_ANNOTATION] !== undefined;
    return {
      ...(annotated ? { metadata: { annotations: { [CANARY_RULES_ANNOTATION]: null } } } : {}),
      spec: { rules },
    };
  }
  const header = canaryHeaderMatch(canary.match);
  const twins: RouteRule[] = own.map((rule) => {
    const port = portOf(rule);
    const matches = rule.matches?.length ? rule.matches : [{}];
    return {
      ...withoutOwnMirror(rule, service),
      matches: matches.map((match) => ({
        ...match,
        headers: [...(match.headers ?? []).filter((h) => !sameMatch(h, header)), header],
      })),
      backendRefs: [{ name: colorService(service, canary.color), ...(port ? { port } : {}), weight: 1 }],
    };
  });
  return {
    metadata: { annotations: { [CANARY_RULES_ANNOTATION]: JSON.stringify(header) } },
    spec: { rules: [...twins, ...rules] },
  };
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

/**
 * How often an object is read again when its write meets a newer version. The router's controller
 * writes its status whenever it reconciles, so a patch at the version just read can lose that race
 * without anyone else routing (the deploy's lock keeps other deploys out).
 */
const CONFLICT_ATTEMPTS = 5;

/**
 * Reads `kind/name` and writes `change(current)` at the version read; a write that meets a newer
 * version reads and computes it again. Returns the object as last read (before the write), or
 * fails in one line when it does not exist.
 */
async function patchAtVersion(
  kubectl: Kubectl,
  kind: string,
  name: string,
  change: (current: KubeObject) => Record<string, unknown> | undefined,
): Promise<KubeObject> {
  for (let attempt = 1; ; attempt++) {
    const current = await kubectl.get(kind, name);
    if (!current) throw new ConfigurationError(`${kind} ${name} not found in ${kubectl.namespace}`);
    const patch = change(current);
    if (!patch) return current;
    try {
      await kubectl.patch(kind, name, patch, current.metadata.resourceVersion);
      return current;
    } catch (error) {
      if (!(error instanceof KubeConflict) || attempt === CONFLICT_ATTEMPTS) throw error;
    }
  }
}

/** Sends `percent` of traffic to `newColor` (the rest to the other color). */
export async function routeTraffic(
  kubectl: Kubectl,
  target: TrafficTarget,
  newColor: Color,
  percent: number,
): Promise<void> {
  const old = otherColor(newColor);
  const live = percent === 100 ? newColor : old;
  if (target.strategy !== 'service') {
    const router = target.router as string;
    if (target.strategy === 'ingress') {
      const main = await patchAtVersion(kubectl, 'ingress', router, (current) =>
        percent === 100
          ? { spec: withIngressBackend(current.spec as IngressSpec, colorService(target.service, newColor)) }
          : undefined,
      );
      const mainSpec = main.spec as IngressSpec;
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
      const weights = weightsFor(newColor, percent);
      await patchAtVersion(kubectl, kind, router, (current) =>
        target.strategy === 'gateway'
          ? httpRouteWeightsPatch(
              current,
              target.service,
              weights,
              target.canary ? { match: target.canary, color: newColor } : undefined,
            )
          : virtualServiceWeightsPatch(current, target.service, weights),
      );
    }
  }
  // The live Service follows the color holding all traffic (in-cluster clients, smoke of `live`).
  await patchAtVersion(kubectl, 'service', target.service, (service) =>
    (service.spec as { selector?: Record<string, string> }).selector?.color === live
      ? undefined
      : serviceSelectorPatch(live),
  );
  const matching =
    target.canary && percent < 100
      ? `; requests with ${describeCanary(target.canary)} all to ${newColor}`
      : '';
  core.info(`traffic: ${percent}% ${newColor}, ${100 - percent}% ${old}${matching} (${target.strategy})`);
}

// ---- Mirroring: live requests copied to the idle color, their answers dropped by the data plane.

/**
 * Traefik's Gateway controller rejects the RequestMirror filter, and not quietly: it answers every
 * request of the rule with a 500 ("unsupported filter"). Through it, the route's backend becomes a
 * TraefikService that mirrors (its kubernetesCRD provider resolves `traefik.io` backendRefs).
 */
export const TRAEFIK_GATEWAY_CONTROLLER = 'traefik.io/gateway-controller';

/** `request-mirror`: the Gateway API filter; `traefik-service`: Traefik's own mirroring service. */
export type MirrorVia = 'request-mirror' | 'traefik-service';

export const mirrorServiceName = (service: string) => `${service}-mirror`;

type RouteParentStatus = {
  controllerName?: string;
  conditions?: {
    type: string;
    status: string;
    reason?: string;
    message?: string;
    observedGeneration?: number;
  }[];
};
const parentsOf = (route: KubeObject): RouteParentStatus[] =>
  (route as { status?: { parents?: RouteParentStatus[] } }).status?.parents ?? [];

/** Which way the controllers that accepted the route can mirror; refused when none has. */
export function mirrorVia(route: KubeObject): MirrorVia {
  const accepting = parentsOf(route).filter((parent) =>
    parent.conditions?.some((c) => c.type === 'Accepted' && c.status === 'True'),
  );
  if (!accepting.length)
    throw new ConfigurationError(
      `input 'pre-switch-mirror': HTTPRoute ${route.metadata.name} is not Accepted by any Gateway controller yet, so no data plane is known to mirror it`,
    );
  const controllers = [...new Set(accepting.map((parent) => parent.controllerName ?? ''))];
  const traefik = controllers.includes(TRAEFIK_GATEWAY_CONTROLLER);
  if (traefik && controllers.length > 1)
    throw new ConfigurationError(
      `input 'pre-switch-mirror': HTTPRoute ${route.metadata.name} is served by ${controllers.join(' and ')}, which mirror in different ways; attach it to one`,
    );
  return traefik ? 'traefik-service' : 'request-mirror';
}

export interface MirrorPlan {
  via: MirrorVia;
  /** The HTTPRoute merge patch: all of its traffic on `live`, `percent` of it copied to the idle color. */
  routePatch: Record<string, unknown>;
  /** traefik-service: the TraefikService the route's rules point at. */
  traefikService?: KubeObject;
}

/** The route mirroring `percent` of the live color's requests to the other color. */
export function httpRouteMirrorPlan(
  route: KubeObject,
  service: string,
  live: Color,
  percent: number,
  via: MirrorVia,
): MirrorPlan {
  const idle = otherColor(live);
  const allLive = httpRouteWeightsPatch(route, service, weightsFor(live, 100));
  const rules = (allLive.spec as { rules: RouteRule[] }).rules;
  const ports = [...new Set(rules.map(portOf))];
  const port = ports[0];
  if (via === 'request-mirror') {
    const mirrored = rules.map((rule) => ({
      ...rule,
      filters: [
        ...(rule.filters ?? []),
        {
          type: 'RequestMirror',
          requestMirror: {
            backendRef: {
              name: colorService(service, idle),
              ...(portOf(rule) ? { port: portOf(rule) } : {}),
            },
            percent,
          },
        },
      ],
    }));
    return { via, routePatch: { ...allLive, spec: { rules: mirrored } } };
  }
  if (ports.length > 1 || port === undefined)
    throw new ConfigurationError(
      `input 'pre-switch-mirror': HTTPRoute ${route.metadata.name} sends to ${ports.length > 1 ? `ports ${ports.join(', ')}` : 'no port'}; mirroring through one TraefikService needs every rule on the same Service port`,
    );
  const name = mirrorServiceName(service);
  const traefikService: KubeObject = {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'TraefikService',
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'pipeline' } },
    spec: {
      mirroring: {
        name: colorService(service, live),
        port,
        mirrors: [{ name: colorService(service, idle), port, percent }],
      },
    },
  };
  const throughMirror = rules.map((rule) => ({
    ...rule,
    // The port is kept (Traefik ignores it on a TraefikService) so the next weights patch finds it.
    backendRefs: [{ group: 'traefik.io', kind: 'TraefikService', name, port }],
  }));
  return { via, routePatch: { ...allLive, spec: { rules: throughMirror } }, traefikService };
}

/** What the controllers say of the route at its current generation: undefined until all have answered. */
export function routeAcceptance(route: KubeObject): { ok: boolean; why: string } | undefined {
  const generation = (route.metadata as { generation?: number }).generation;
  const parents = parentsOf(route);
  if (!parents.length) return undefined;
  for (const parent of parents) {
    const current = (parent.conditions ?? []).filter((c) => c.observedGeneration === generation);
    const refused = current.find((c) => ['Accepted', 'ResolvedRefs'].includes(c.type) && c.status !== 'True');
    if (refused)
      return {
        ok: false,
        why: `${parent.controllerName ?? 'its controller'}: ${refused.type} ${refused.status}, ${refused.reason ?? ''}${refused.message ? ` (${refused.message})` : ''}`,
      };
    if (!current.some((c) => c.type === 'Accepted')) return undefined;
  }
  return { ok: true, why: 'accepted' };
}

/**
 * Mirroring `percent` of the live color's requests to the idle one, for the pre-switch check. The
 * mirrored route is checked by its controller's status before the check relies on it; `stop`
 * undoes whatever `start` got to, even part-way.
 */
export class RouteMirror {
  /** How this route mirrors, once `start` has read it from the route's status. */
  private via?: MirrorVia;

  constructor(
    private readonly kubectl: Kubectl,
    private readonly target: TrafficTarget,
    private readonly live: Color,
    private readonly percent: number,
    private readonly acceptWithinMs = 15_000,
  ) {}

  /** Starts the copy; returns how it is made. */
  async start(): Promise<MirrorVia> {
    const { kubectl, target, live, percent } = this;
    const router = target.router as string;
    const route = await kubectl.get('httproute', router);
    if (!route) throw new ConfigurationError(`httproute ${router} not found in ${kubectl.namespace}`);
    const plan = httpRouteMirrorPlan(route, target.service, live, percent, mirrorVia(route));
    this.via = plan.via;
    if (plan.traefikService) await kubectl.apply([plan.traefikService]);
    await kubectl.patch('httproute', router, plan.routePatch, route.metadata.resourceVersion);
    const deadline = Date.now() + this.acceptWithinMs;
    for (;;) {
      const now = await kubectl.get('httproute', router);
      const answer = now ? routeAcceptance(now) : { ok: false, why: 'the HTTPRoute is gone' };
      if (answer?.ok) break;
      if (answer || Date.now() > deadline)
        throw new Error(
          `the mirroring HTTPRoute ${router} was not accepted${answer ? `: ${answer.why}` : ` within ${this.acceptWithinMs / 1000}s`}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const idle = otherColor(live);
    core.info(`traffic: 100% ${live}, ${percent}% of it mirrored to ${idle} (${plan.via})`);
    return plan.via;
  }

  /** Ends the copy: all traffic on the live color with no mirror, and the TraefikService removed. */
  async stop(): Promise<void> {
    await routeTraffic(this.kubectl, this.target, this.live, 100);
    if (this.via === 'traefik-service')
      await this.kubectl.delete('traefikservice', mirrorServiceName(this.target.service));
  }
}
