import { beforeAll, describe, expect, it, vi } from 'vitest';
import { counterpartName } from '../../shared/bluegreen-deploy/bluegreen.js';
import { colorManifests, parseManifests } from '../../shared/bluegreen-deploy/manifests.js';
import {
  CANARY_RULES_ANNOTATION,
  canaryHeaderMatch,
  httpRouteWeightsPatch,
  parseCanaryMatch,
  parseSteps,
  virtualServiceWeightsPatch,
  weightsFor,
  withIngressBackend,
} from '../../shared/bluegreen-deploy/traffic.js';
import { isExpired, ReleaseLock } from '../../shared/cluster/lock.js';
import { emptyState, type HistoryEntry } from '../../shared/cluster/release-record.js';
import { quote } from '../../shared/inputs.js';
import type { Kubectl, KubeObject } from '../../shared/kube/kubectl.js';
import { resolveRollbackTarget } from '../../shared/rollback/run.js';
import { registryCandidates, releaseRepository } from '../../shared/rollback/trust.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('manifests per color', () => {
  let objects: KubeObject[];
  beforeAll(async () => {
    objects = await parseManifests(
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {tier: front}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: ghcr.io/org/web:old}
        - {name: proxy, image: envoyproxy/envoy:v1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data: {a: b}
`,
      'web.yaml',
    );
  });

  it('colors names, labels and selectors, labels pods with the version, and pins only the matching image by digest', () => {
    const colored = colorManifests(
      objects,
      'green',
      `ghcr.io/org/web@${DIGEST}`,
      { 'app.kubernetes.io/part-of': 'web' },
      '1.4.0+build.7',
    );
    expect(colored.deployments).toEqual(['web-green']);
    const deployment = colored.workloads.find((o) => o.kind === 'Deployment')!;
    expect(deployment.metadata.labels).toEqual({
      tier: 'front',
      'app.kubernetes.io/part-of': 'web',
      color: 'green',
      version: '1.4.0_build.7',
    });
    const spec = deployment.spec as {
      selector: { matchLabels: object };
      template: { metadata: { labels: object }; spec: { containers: { image: string }[] } };
    };
    expect(spec.selector.matchLabels).toEqual({
      app: 'web',
      'app.kubernetes.io/part-of': 'web',
      color: 'green',
    });
    // The version is on the pods, never in the selector: a Deployment's selector cannot change.
    expect(spec.template.metadata.labels).toEqual({ ...spec.selector.matchLabels, version: '1.4.0_build.7' });
    expect(spec.template.spec.containers.map((c) => c.image)).toEqual([
      `ghcr.io/org/web@${DIGEST}`,
      'envoyproxy/envoy:v1',
    ]);
    expect(colored.service?.metadata.name).toBe('web');
    expect(colored.workloads.find((o) => o.kind === 'ConfigMap')?.metadata.name).toBe('web-config');
    // the input is untouched
    expect(objects[0]!.metadata.name).toBe('web');
  });

  it('gives each color its own autoscaler and disruption budget, of its own Deployment and pods', async () => {
    const withGuards = [
      ...objects,
      ...(await parseManifests(
        `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 10
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web }
spec:
  minAvailable: 1
  selector: { matchLabels: { app: web } }
`,
        'test',
      )),
    ];
    const { workloads } = colorManifests(
      withGuards,
      'green',
      `ghcr.io/org/web@${DIGEST}`,
      { app: 'web' },
      '1.0.0',
    );
    const hpa = workloads.find((object) => object.kind === 'HorizontalPodAutoscaler')!;
    expect(hpa.metadata).toMatchObject({ name: 'web-green', labels: { app: 'web', color: 'green' } });
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'web-green' },
      maxReplicas: 10,
    });
    const pdb = workloads.find((object) => object.kind === 'PodDisruptionBudget')!;
    expect(pdb.metadata.name).toBe('web-green');
    expect(pdb.spec).toMatchObject({ selector: { matchLabels: { app: 'web', color: 'green' } } });
    // The manifests are not changed for the other color.
    expect(withGuards.find((object) => object.kind === 'HorizontalPodAutoscaler')!.metadata.name).toBe('web');
    const stray = await parseManifests(
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: other }\nspec: { scaleTargetRef: { kind: Deployment, name: other } }\n',
      'test',
    );
    expect(() =>
      colorManifests([...objects, ...stray], 'blue', `ghcr.io/org/web@${DIGEST}`, { app: 'web' }, '1.0.0'),
    ).toThrow(
      /^input 'manifests': HorizontalPodAutoscaler other scales Deployment other, not one of the manifests' Deployments \(web\)/,
    );
    expect(counterpartName('web-green', 'green', 'blue')).toBe('web-blue');
    expect(counterpartName('shop-green-api', 'green', 'blue')).toBe('shop-blue-api');
  });

  it('refuses when it cannot tell which container to pin, and rejects non-objects', async () => {
    expect(() => colorManifests(objects, 'blue', `quay.io/other/app@${DIGEST}`, {}, '1.0.0')).toThrow(
      /has no container with image quay\.io\/other\/app/,
    );
    await expect(parseManifests('just: text', 'x.yaml')).rejects.toThrow(
      "input 'manifests': x.yaml document 1 is not a Kubernetes object",
    );
  });
});

describe('traffic', () => {
  it('validates steps', () => {
    expect(parseSteps('10,50,100', 'gateway')).toEqual([10, 50, 100]);
    expect(() => parseSteps('0,100', 'gateway')).toThrow('whole percentages from 1 to 100');
    expect(() => parseSteps('10,10,100', 'istio')).toThrow('increasing percentages');
    // An empty entry is a typo, not a step to leave out.
    for (const typo of ['10,,100', '10,50,100,', ',100'])
      expect(() => parseSteps(typo, 'gateway')).toThrow(
        `input 'traffic-steps': got '${typo}', expected whole percentages from 1 to 100`,
      );
  });

  it('a timeout of 0 is refused: kubectl would wait for ever, a smoke check fail at once', async () => {
    const { Inputs, mapInputs } = await import('../../shared/inputs.js');
    const inputs = (values: Record<string, string>) => new Inputs(mapInputs(values));
    expect(inputs({ timeout: '90s' }).duration('timeout', '5m', { positive: true })).toBe(90_000);
    for (const name of ['timeout', 'smoke-timeout'])
      expect(() => inputs({ [name]: '0s' }).duration(name, '5m', { positive: true })).toThrow(
        `input '${name}': got '0s', expected a duration like 90s, 2m or 1h30m (more than 0, at most 30d)`,
      );
    expect(inputs({ 'scale-down-delay': '0' }).duration('scale-down-delay', '30m')).toBe(0);
  });

  it('weights an HTTPRoute and a VirtualService between the color Services', () => {
    expect(weightsFor('green', 10)).toEqual({ green: 10, blue: 90 });
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web' },
      spec: {
        rules: [{ matches: [{ path: { value: '/' } }], backendRefs: [{ name: 'web-blue', port: 80 }] }],
      },
    } as KubeObject;
    expect(httpRouteWeightsPatch(route, 'web', weightsFor('green', 10))).toEqual({
      spec: {
        rules: [
          {
            matches: [{ path: { value: '/' } }],
            backendRefs: [
              { name: 'web-blue', port: 80, weight: 90 },
              { name: 'web-green', port: 80, weight: 10 },
            ],
          },
        ],
      },
    });
    const vs = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'web' },
      spec: { http: [{ route: [{ destination: { host: 'web-blue', port: { number: 80 } } }] }] },
    } as KubeObject;
    expect(virtualServiceWeightsPatch(vs, 'web', weightsFor('green', 50))).toEqual({
      spec: {
        http: [
          {
            route: [
              { destination: { host: 'web-blue', port: { number: 80 } }, weight: 50 },
              { destination: { host: 'web-green', port: { number: 80 } }, weight: 50 },
            ],
          },
        ],
      },
    });
  });

  it('reads canary-match: a header or a cookie, for the gateway only, one clear line otherwise', () => {
    expect(parseCanaryMatch('header:X-Canary=always', 'gateway')).toEqual({
      kind: 'header',
      name: 'X-Canary',
      value: 'always',
    });
    expect(parseCanaryMatch('cookie:beta=yes', 'gateway')).toEqual({
      kind: 'cookie',
      name: 'beta',
      value: 'yes',
    });
    expect(parseCanaryMatch('', 'gateway')).toBeUndefined();
    const refused = (text: string, strategy: 'gateway' | 'ingress' = 'gateway') => {
      try {
        parseCanaryMatch(text, strategy);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refused('X-Canary: always')).toBe(
      "input 'canary-match': got 'X-Canary: always', expected header:NAME=VALUE or cookie:NAME=VALUE, like header:X-Canary=always",
    );
    expect(refused('header:X Canary=1')).toMatch(/^input 'canary-match': got .*, expected a header name of/);
    expect(refused('cookie:beta=a;b=c')).toMatch(/expected a cookie value of visible ASCII without spaces/);
    expect(refused('header:X-Canary=a\nInjected: 1')).toMatch(/expected a header value of visible ASCII/);
    expect(refused('header:Cookie=beta=1')).toMatch(/expected cookie:NAME=VALUE for a cookie$/);
    expect(refused('header:X-Canary=always', 'ingress')).toBe(
      "input 'canary-match': got 'header:X-Canary=always' with traffic 'ingress'; matching requests by header is done by the Gateway API HTTPRoute (traffic: gateway)",
    );
    // A cookie is matched in the Cookie header, its name and value taken literally.
    const cookie = canaryHeaderMatch({ kind: 'cookie', name: 'a.b', value: 'x+y' });
    expect(cookie).toEqual({ type: 'RegularExpression', name: 'Cookie', value: '(^|;\\s*)a\\.b=x\\+y(;|$)' });
    const pattern = new RegExp(cookie.value);
    expect(pattern.test('theme=dark; a.b=x+y')).toBe(true);
    expect(pattern.test('aXb=x+y')).toBe(false);
    expect(pattern.test('a.b=x+yz')).toBe(false);
  });

  it('adds the canary twins before the weighted rules, and any later patch takes them away', () => {
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web' },
      spec: {
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/web/' } }],
            filters: [{ type: 'URLRewrite' }],
            backendRefs: [{ name: 'web-blue', port: 80 }],
          },
        ],
      },
    } as KubeObject;
    const canary = {
      match: { kind: 'header' as const, name: 'X-Canary', value: 'always' },
      color: 'green' as const,
    };
    const first = httpRouteWeightsPatch(route, 'web', weightsFor('green', 0), canary) as {
      metadata: KubeObject['metadata'];
      spec: { rules: Record<string, unknown>[] };
    };
    const header = { type: 'Exact', name: 'X-Canary', value: 'always' };
    expect(first.metadata.annotations).toEqual({ [CANARY_RULES_ANNOTATION]: JSON.stringify(header) });
    expect(first.spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/web/' }, headers: [header] }],
        filters: [{ type: 'URLRewrite' }],
        backendRefs: [{ name: 'web-green', port: 80, weight: 1 }],
      },
      {
        matches: [{ path: { type: 'PathPrefix', value: '/web/' } }],
        filters: [{ type: 'URLRewrite' }],
        backendRefs: [
          { name: 'web-blue', port: 80, weight: 100 },
          { name: 'web-green', port: 80, weight: 0 },
        ],
      },
    ]);
    // The next step keeps one twin (not two); 100% and a rollback (no canary given) drop it.
    const applied = {
      ...route,
      metadata: { ...first.metadata, name: 'web' },
      spec: first.spec,
    } as KubeObject;
    const next = httpRouteWeightsPatch(applied, 'web', weightsFor('green', 50), canary) as typeof first;
    expect(next.spec.rules).toHaveLength(2);
    expect(next.spec.rules[1]).toMatchObject({ backendRefs: [{ weight: 50 }, { weight: 50 }] });
    for (const done of [
      httpRouteWeightsPatch(applied, 'web', weightsFor('green', 100), canary),
      httpRouteWeightsPatch(applied, 'web', weightsFor('blue', 100)),
    ] as (typeof first)[]) {
      expect(done.spec.rules).toHaveLength(1);
      expect(done.metadata.annotations).toEqual({ [CANARY_RULES_ANNOTATION]: null });
    }
  });

  it('points every Ingress backend at a Service', () => {
    const spec = {
      defaultBackend: { service: { name: 'a' } },
      rules: [{ http: { paths: [{ backend: { service: { name: 'a' } } }] } }],
    };
    expect(withIngressBackend(spec, 'web-green')).toEqual({
      defaultBackend: { service: { name: 'web-green' } },
      rules: [{ http: { paths: [{ backend: { service: { name: 'web-green' } } }] } }],
    });
    expect(spec.defaultBackend.service.name).toBe('a');
  });
});

describe('lock expiry', () => {
  const lease = (renewTime: string) => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'l' },
    spec: { holderIdentity: 'x', leaseDurationSeconds: 30, renewTime },
  });
  it('is stale only after its duration without renewal', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(isExpired(lease('2026-11-23T11:59:45.000000Z'), now)).toBe(false);
    // Seen unchanged for its duration by this run's own clock.
    expect(isExpired(lease('2026-11-23T11:59:45.000000Z'), now, 30_000)).toBe(true);
    // Its own times ended it longer ago than any clock skew.
    expect(isExpired(lease('2026-11-23T11:50:00.000000Z'), now)).toBe(true);
  });

  it('is not taken from a live holder by a runner whose clock runs ahead', async () => {
    // The holder renews every poll (a new resourceVersion), but its renewTime reads 45s old here.
    let version = 0;
    let replaced = 0;
    const kubectl = {
      namespace: 'prod',
      get: async () => ({
        ...lease(new Date(Date.now() - 45_000).toISOString()),
        metadata: { name: 'pipeline-web-lock', resourceVersion: String(++version) },
      }),
      replace: async () => {
        replaced++;
      },
    } as unknown as Kubectl;
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(new ReleaseLock(kubectl, 'web', 'me', 30).acquire(100, 10)).rejects.toThrow(
        /^release web is locked by x/,
      );
    } finally {
      write.mockRestore();
    }
    expect(replaced).toBe(0);
  });
});

describe('rollback target', () => {
  const state = emptyState('web');
  state.colors = {
    blue: {
      digest: `sha256:${'1'.repeat(64)}`,
      image: `r/web@sha256:${'1'.repeat(64)}`,
      version: '1.0.0',
      deployedAt: '',
    },
    green: {
      digest: `sha256:${'2'.repeat(64)}`,
      image: `r/web@sha256:${'2'.repeat(64)}`,
      version: '1.1.0',
      deployedAt: '',
    },
  };
  state.history = [
    {
      action: 'deploy',
      version: '1.2.0',
      digest: `sha256:${'3'.repeat(64)}`,
      color: 'blue',
      at: '',
      outcome: 'failed',
      image: `r/web@sha256:${'3'.repeat(64)}`,
    },
    {
      action: 'deploy',
      version: '1.1.0',
      digest: `sha256:${'2'.repeat(64)}`,
      color: 'green',
      at: '',
      outcome: 'verified',
    },
    {
      action: 'deploy',
      version: '1.0.0',
      digest: `sha256:${'1'.repeat(64)}`,
      color: 'blue',
      at: '',
      outcome: 'verified',
    },
  ];

  it('finds previous, a version, a digest and a history index; a failed deploy is never a target', () => {
    expect(resolveRollbackTarget(state, 'previous', `sha256:${'2'.repeat(64)}`).version).toBe('1.0.0');
    expect(resolveRollbackTarget(state, 'v1.1.0', undefined).digest).toBe(`sha256:${'2'.repeat(64)}`);
    expect(resolveRollbackTarget(state, `sha256:${'1'.repeat(64)}`, undefined).version).toBe('1.0.0');
    expect(resolveRollbackTarget(state, '#2', undefined).version).toBe('1.0.0');
    // A version no color holds any more is still redeployable from the image its history entry kept.
    const older = structuredClone(state);
    older.history.push({
      action: 'deploy',
      version: '0.9.0',
      digest: `sha256:${'9'.repeat(64)}`,
      image: `r/web@sha256:${'9'.repeat(64)}`,
      color: 'green',
      at: '',
      outcome: 'verified',
    });
    expect(resolveRollbackTarget(older, '0.9.0', undefined).image).toBe(`r/web@sha256:${'9'.repeat(64)}`);
    expect(() => resolveRollbackTarget(state, '1.2.0', undefined)).toThrow(
      "input 'to': '1.2.0' is not in the release history of web (known versions: 1.1.0, 1.0.0)",
    );
    expect(() => resolveRollbackTarget(state, '#0', undefined)).toThrow(
      "input 'to': #0 is 1.2.0, whose deploy failed (no reason recorded): it never ran; name a version that did, or set 'force: true'",
    );
    // An image reference (a documented form of `to`) is found in the history too, without a
    // signer: by its digest, or its tag as the version — in the recorded repository only.
    expect(resolveRollbackTarget(older, `r/web@sha256:${'9'.repeat(64)}`, undefined).version).toBe('0.9.0');
    expect(resolveRollbackTarget(older, 'docker.io/r/web:v0.9.0', undefined).digest).toBe(
      `sha256:${'9'.repeat(64)}`,
    );
    for (const to of [`r/other@sha256:${'9'.repeat(64)}`, 'ghcr.io/r/web:0.9.0'])
      expect(() => resolveRollbackTarget(older, to, undefined)).toThrow(
        `input 'to': '${to}' is not in the release history of web`,
      );
    // Forced, the failed entry is a target (its image may be sound); `previous` still never is.
    expect(resolveRollbackTarget(state, '#0', undefined, { force: true }).version).toBe('1.2.0');
    expect(resolveRollbackTarget(state, 'previous', undefined, { force: true }).version).toBe('1.1.0');
  });

  it('previous never brings back a version that breached or was rolled back; naming it outright still may', () => {
    const d = (n: number) => `sha256:${String(n).repeat(64)}`;
    const entry = (
      version: string,
      n: number,
      outcome: HistoryEntry['outcome'],
      action: HistoryEntry['action'] = 'deploy',
    ) =>
      ({
        action,
        version,
        digest: d(n),
        image: `r/web@${d(n)}`,
        color: 'blue',
        at: '',
        outcome,
      }) as HistoryEntry;
    const afterAutoRollback = structuredClone(state);
    // 1.0.0 verified, 2.0.0 verified, 3.0.0 breached and rolled back: 2.0.0 is live again.
    afterAutoRollback.history = [
      entry('2.0.0', 5, 'deployed', 'rollback'),
      entry('3.0.0', 6, 'rolled-back'),
      entry('2.0.0', 5, 'verified'),
      entry('1.0.0', 4, 'verified'),
    ];
    expect(resolveRollbackTarget(afterAutoRollback, 'previous', d(5)).version).toBe('1.0.0');
    expect(resolveRollbackTarget(afterAutoRollback, '3.0.0', d(5)).version).toBe('3.0.0');
    // A digest whose newest entry breached is skipped even where an older entry of it was good.
    const breachedAgain = structuredClone(afterAutoRollback);
    breachedAgain.history.unshift(entry('1.0.0', 4, 'breached'));
    expect(() => resolveRollbackTarget(breachedAgain, 'previous', d(5))).toThrow(
      "input 'to': 'previous' is not in the release history of web",
    );
  });
});

describe('rollback target in the registry (with a signer)', () => {
  const repository = { registry: 'ghcr.io', repository: 'org/app' };
  const digest = `sha256:${'a'.repeat(64)}`;

  it('reads a tag, a v-tag, a commit sha, a digest and a full reference against the release repository', () => {
    expect(registryCandidates('1.4.0', repository)).toEqual([{ ...repository, tag: '1.4.0' }]);
    expect(registryCandidates('v1.4.0', repository).map((ref) => ref.tag)).toEqual(['v1.4.0', '1.4.0']);
    expect(registryCandidates('abc1234def', repository).map((ref) => ref.tag)).toEqual([
      'abc1234def',
      'sha-abc1234',
    ]);
    expect(registryCandidates(digest, repository)).toEqual([{ ...repository, digest }]);
    expect(registryCandidates(`ghcr.io/org/app@${digest}`, repository)).toEqual([
      { registry: 'ghcr.io', repository: 'org/app', digest, tag: undefined },
    ]);
  });

  it('refuses an image from another registry or repository, however it is spelled', () => {
    for (const to of [
      `registry.example.com/other/app@${digest}`,
      `registry.example.com/org/app@${digest}`,
      `ghcr.io/org/app-evil:1.0.0`,
      `ghcr.io.evil.example/org/app:1.0.0`,
    ])
      expect(() => registryCandidates(to, repository)).toThrow(
        `input 'to': got ${quote(to)}, expected an image of the release's own repository (ghcr.io/org/app)`,
      );
    expect(() => registryCandidates(`ghcr.io/org/app:1.0.0`, undefined)).toThrow('none recorded yet');
  });

  it('never looks up previous or a history index, nor anything without a repository', () => {
    for (const to of ['', 'previous', '#2']) expect(registryCandidates(to, repository)).toEqual([]);
    expect(registryCandidates('1.4.0', undefined)).toEqual([]);
    expect(registryCandidates('not a tag!', repository)).toEqual([]);
  });

  it('takes the repository from the live color, else the newest recorded image', () => {
    const state = emptyState('web');
    expect(releaseRepository(state)).toBeUndefined();
    state.history.push({
      action: 'deploy',
      version: '1.0.0',
      digest,
      image: `ghcr.io/org/old@${digest}`,
      color: 'blue',
      at: '2026-01-01T00:00:00Z',
      outcome: 'verified',
    });
    expect(releaseRepository(state)).toEqual({ registry: 'ghcr.io', repository: 'org/old' });
    state.activeColor = 'green';
    state.colors.green = { digest, image: `ghcr.io/org/app@${digest}`, version: '1.1.0', deployedAt: '' };
    expect(releaseRepository(state)).toEqual(repository);
  });
});
