import { describe, expect, it } from 'vitest';
import {
  httpRouteMirrorPlan,
  httpRouteWeightsPatch,
  mirrorVia,
  routeAcceptance,
  TRAEFIK_GATEWAY_CONTROLLER,
  weightsFor,
} from '../../shared/bluegreen-deploy/traffic.js';
import type { KubeObject } from '../../shared/kube/kubectl.js';

const rewrite = {
  type: 'URLRewrite',
  urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } },
};
const accepted = (controllerName: string, generation = 3) => ({
  controllerName,
  conditions: [
    { type: 'Accepted', status: 'True', observedGeneration: generation },
    { type: 'ResolvedRefs', status: 'True', observedGeneration: generation },
  ],
});
const routeServedBy = (...parents: unknown[]): KubeObject =>
  ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'shop', generation: 3 },
    spec: {
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/shop/' } }],
          filters: [rewrite],
          backendRefs: [
            { name: 'web-blue', port: 80, weight: 100 },
            { name: 'web-green', port: 80, weight: 0 },
          ],
        },
      ],
    },
    status: { parents },
  }) as unknown as KubeObject;

type Rules = { spec: { rules: Record<string, unknown>[] } };

describe('mirroring live requests to the idle color', () => {
  it("goes through a TraefikService on Traefik's Gateway, which answers a RequestMirror filter with 500s", () => {
    const route = routeServedBy(accepted(TRAEFIK_GATEWAY_CONTROLLER));
    expect(mirrorVia(route)).toBe('traefik-service');
    const plan = httpRouteMirrorPlan(route, 'web', 'blue', 20, 'traefik-service');
    expect(plan.traefikService).toEqual({
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'TraefikService',
      metadata: { name: 'web-mirror', labels: { 'app.kubernetes.io/managed-by': 'pipeline' } },
      spec: {
        mirroring: { name: 'web-blue', port: 80, mirrors: [{ name: 'web-green', port: 80, percent: 20 }] },
      },
    });
    expect((plan.routePatch as Rules).spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/shop/' } }],
        filters: [rewrite],
        backendRefs: [{ group: 'traefik.io', kind: 'TraefikService', name: 'web-mirror', port: 80 }],
      },
    ]);
    // The next weights patch (the first traffic step, or the end of the check) puts the color
    // Services back, with the port the mirror kept.
    const mirrored = { ...route, spec: (plan.routePatch as Rules).spec } as KubeObject;
    expect((httpRouteWeightsPatch(mirrored, 'web', weightsFor('green', 10)) as Rules).spec.rules[0]).toEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/shop/' } }],
      filters: [rewrite],
      backendRefs: [
        { name: 'web-blue', port: 80, weight: 90 },
        { name: 'web-green', port: 80, weight: 10 },
      ],
    });
  });

  it('uses the Gateway API RequestMirror filter elsewhere, and the next weights patch removes only that filter', () => {
    const route = routeServedBy(accepted('gateway.envoyproxy.io/gatewayclass-controller'));
    expect(mirrorVia(route)).toBe('request-mirror');
    const plan = httpRouteMirrorPlan(route, 'web', 'green', 5, 'request-mirror');
    expect(plan.traefikService).toBeUndefined();
    const rule = (plan.routePatch as Rules).spec.rules[0];
    expect(rule).toEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/shop/' } }],
      filters: [
        rewrite,
        { type: 'RequestMirror', requestMirror: { backendRef: { name: 'web-blue', port: 80 }, percent: 5 } },
      ],
      backendRefs: [
        { name: 'web-blue', port: 80, weight: 0 },
        { name: 'web-green', port: 80, weight: 100 },
      ],
    });
    const usersMirror = {
      type: 'RequestMirror',
      requestMirror: { backendRef: { name: 'audit', port: 8080 } },
    };
    const mirrored = {
      ...route,
      spec: { rules: [{ ...rule, filters: [...((rule?.filters ?? []) as unknown[]), usersMirror] }] },
    } as KubeObject;
    expect(
      (httpRouteWeightsPatch(mirrored, 'web', weightsFor('green', 100)) as Rules).spec.rules[0]?.filters,
    ).toEqual([rewrite, usersMirror]);
  });

  it('refuses a route no controller accepted, or one served by Traefik and another controller', () => {
    expect(() => mirrorVia(routeServedBy())).toThrow(
      "input 'pre-switch-mirror': HTTPRoute shop is not Accepted by any Gateway controller yet, so no data plane is known to mirror it",
    );
    expect(() =>
      mirrorVia(routeServedBy(accepted(TRAEFIK_GATEWAY_CONTROLLER), accepted('istio.io/gateway-controller'))),
    ).toThrow(
      'HTTPRoute shop is served by traefik.io/gateway-controller and istio.io/gateway-controller, which mirror in different ways; attach it to one',
    );
  });

  it("reads the controller's answer at the route's current generation only", () => {
    expect(routeAcceptance(routeServedBy(accepted(TRAEFIK_GATEWAY_CONTROLLER)))).toEqual({
      ok: true,
      why: 'accepted',
    });
    // Still the answer to the previous generation: not yet.
    expect(routeAcceptance(routeServedBy(accepted(TRAEFIK_GATEWAY_CONTROLLER, 2)))).toBeUndefined();
    const refused = routeServedBy({
      controllerName: TRAEFIK_GATEWAY_CONTROLLER,
      conditions: [
        { type: 'Accepted', status: 'True', observedGeneration: 3 },
        {
          type: 'ResolvedRefs',
          status: 'False',
          reason: 'InvalidKind',
          message: 'Cannot load HTTPBackendRef traefik.io/TraefikService/shop/web-mirror',
          observedGeneration: 3,
        },
      ],
    });
    expect(routeAcceptance(refused)).toEqual({
      ok: false,
      why: 'traefik.io/gateway-controller: ResolvedRefs False, InvalidKind (Cannot load HTTPBackendRef traefik.io/TraefikService/shop/web-mirror)',
    });
  });
});
