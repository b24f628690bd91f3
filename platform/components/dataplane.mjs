// The data plane: Traefik on the host (not a pod), serving the Gateway API (kubernetesGateway),
// Kubernetes Ingress (kubernetesIngress) and ingress-nginx-annotated Ingresses
// (kubernetesIngressNGINX, which honours `nginx.ingress.kubernetes.io/canary-weight`) on loopback
// ports, and dialling pod addresses from their EndpointSlices. It talks to the apiserver as its own
// least-privilege user `pipeline-traefik` (rbac/traefik.yaml). A one-shot task before it installs
// the Gateway API CRDs (standard channel), Istio's VirtualService CRD and Traefik's own CRDs
// (kubernetesCRD: a TraefikService is how an HTTPRoute mirrors through Traefik) from the tools cache,
// Traefik's RBAC, the `traefik` GatewayClass, the `nginx` IngressClass, and one Gateway `pipeline`
// per pipeline namespace.
//
// One Gateway per namespace, each on its own ports, rather than one shared Gateway: routes from
// pipeline-staging and pipeline-production usually match the same host and paths, which on a
// shared listener would collide; separate listeners keep environments apart as separate load
// balancers would (allowedRoutes: Same, so a namespace can only attach to its own Gateway).
// Each Gateway has a `live` listener and one `preview-<color>` listener per color, so a smoke
// check can reach one color directly: attach the live HTTPRoute with `sectionName: live` (without
// a sectionName a route attaches to every listener) and a per-color HTTPRoute with
// `sectionName: preview-blue` / `preview-green`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpOk, kubectl } from '../clients.mjs';
import { ensureCertificate, writeKubeconfig } from '../pki.mjs';
import { httpGet, waitUntil } from '../proc.mjs';
import { COLORS, NAMESPACES, portBase, toolsCache } from '../state.mjs';
import { GATEWAY_API_VERSION, ISTIO_API_VERSION, TRAEFIK_VERSION } from '../versions.mjs';

export const TRAEFIK_USER = 'pipeline-traefik';

/** Whether the apiserver's authorizer lets Traefik's identity do `args` (kubectl auth can-i …). */
export function traefikMay(args, kubeconfig = undefined) {
  try {
    return kubectl(['auth', 'can-i', `--as=${TRAEFIK_USER}`, ...args], { kubeconfig }).trim() === 'yes';
  } catch {
    return false; // can-i exits 1 on "no"
  }
}
export const GATEWAY_CLASS = 'traefik';
export const GATEWAY_CONTROLLER = 'traefik.io/gateway-controller';
export const GATEWAY_NAME = 'pipeline';
/** Ingresses of this class get ingress-nginx semantics (canary annotations included). */
export const NGINX_INGRESS_CLASS = 'nginx';
export const LIVE_LISTENER = 'live';
export const previewListener = (color) => `preview-${color}`;
const LISTENERS = [LIVE_LISTENER, ...COLORS.map(previewListener)];

/**
 * The data plane's loopback ports, in base+30..(33 + 3 × namespaces) (free in platformPorts()):
 * Traefik's own (ping, metrics, API) at +30, unclassed Ingresses at +31, `nginx`-class Ingresses
 * at +32, then each namespace's Gateway listeners (live, preview-blue, preview-green) from +33.
 * Another cluster's data plane (clusters.mjs) gives its own `traefik` and `gatewayBase`.
 */
export function dataplanePorts(ports) {
  const base = portBase(ports);
  return {
    traefik: ports.traefik ?? base + 30,
    ingress: ports.ingress ?? base + 31,
    ingressNginx: ports.ingressNginx ?? base + 32,
    gateways: Object.fromEntries(
      NAMESPACES.map((namespace, n) => [
        namespace,
        Object.fromEntries(
          LISTENERS.map((listener, l) => [
            listener,
            (ports.gatewayBase ?? base + 33) + LISTENERS.length * n + l,
          ]),
        ),
      ]),
    ),
  };
}

/** Where clients reach the data plane: each namespace's Gateway listeners and the Ingress ports. */
export function dataplaneAddresses(ports) {
  const dp = dataplanePorts(ports);
  const url = (port) => `http://127.0.0.1:${port}`;
  return {
    gateways: Object.fromEntries(
      Object.entries(dp.gateways).map(([namespace, listeners]) => [
        namespace,
        Object.fromEntries(Object.entries(listeners).map(([listener, port]) => [listener, url(port)])),
      ]),
    ),
    ingress: url(dp.ingress),
    ingressNginx: url(dp.ingressNginx),
    metrics: `${url(dp.traefik)}/metrics`,
    api: `${url(dp.traefik)}/api`,
  };
}

/** The CRD files scripts/install-tools.sh copies into the tools cache. */
export function dataplaneCrdFiles(cache = toolsCache) {
  const gatewayDir = join(cache, 'gateway-api', GATEWAY_API_VERSION, 'standard');
  const virtualService = join(
    cache,
    'istio-api',
    ISTIO_API_VERSION,
    'virtualservices.networking.istio.io.yaml',
  );
  const traefikCrds = join(cache, 'traefik-crds', TRAEFIK_VERSION, 'kubernetes-crd-definition-v1.yml');
  const missing = [gatewayDir, virtualService, traefikCrds].filter((path) => !existsSync(path));
  if (missing.length)
    throw new Error(`data plane CRDs missing (${missing.join(', ')}); run: bash scripts/install-tools.sh`);
  const gateway = readdirSync(gatewayDir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => join(gatewayDir, file));
  return [...gateway, virtualService, traefikCrds];
}

function gatewayObjects(dp) {
  const partOf = { 'app.kubernetes.io/part-of': 'pipeline' };
  return [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: GATEWAY_CLASS, labels: partOf },
      spec: { controllerName: GATEWAY_CONTROLLER },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: NGINX_INGRESS_CLASS, labels: partOf },
      spec: { controller: 'k8s.io/ingress-nginx' },
    },
    ...NAMESPACES.map((namespace) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: GATEWAY_NAME, namespace, labels: partOf },
      spec: {
        gatewayClassName: GATEWAY_CLASS,
        // Traefik binds a listener to the entry point with the same port.
        listeners: Object.entries(dp.gateways[namespace]).map(([name, port]) => ({
          name,
          protocol: 'HTTP',
          port,
          allowedRoutes: { namespaces: { from: 'Same' } },
        })),
      },
    })),
  ];
}

/**
 * Traefik's static configuration, all on the command line (so the argument hash covers it).
 * `ingress` false: the Gateway API and Traefik's CRDs only (another cluster's data plane).
 */
function traefikArgs(dp, { ingress = true } = {}) {
  const address = (port) => `127.0.0.1:${port}`;
  const watched = NAMESPACES.join(',');
  const entryPoints = {
    traefik: dp.traefik,
    ...(ingress ? { ingress: dp.ingress, 'ingress-nginx': dp.ingressNginx } : {}),
    ...Object.fromEntries(
      Object.entries(dp.gateways).flatMap(([namespace, listeners]) =>
        Object.entries(listeners).map(([listener, port]) => [`${namespace}-${listener}`, port]),
      ),
    ),
  };
  return [
    // Never call home: no version check, no anonymous usage report.
    '--global.checkNewVersion=false',
    '--global.sendAnonymousUsage=false',
    '--log.level=INFO',
    '--log.noColor=true',
    ...Object.entries(entryPoints).flatMap(([name, port]) => [
      `--entryPoints.${name}.address=${address(port)}`,
      // A header whose name aliases another (X_Forwarded_For) is dropped, not passed to the app.
      `--entryPoints.${name}.http.aliasHeadersStrategy=delete`,
    ]),
    // Routers without entry points (kubernetesIngress's) land on `ingress` only, not on a Gateway's.
    ...(ingress ? ['--entryPoints.ingress.asDefault=true'] : []),
    // ping (readiness), the read-only API (routers and services, for checks) and Prometheus
    // metrics on Traefik's own loopback port; no dashboard.
    '--ping=true',
    '--ping.entryPoint=traefik',
    '--api=true',
    '--api.insecure=true',
    '--api.dashboard=false',
    '--metrics.prometheus=true',
    '--metrics.prometheus.entryPoint=traefik',
    '--metrics.prometheus.addServicesLabels=true',
    '--metrics.prometheus.addRoutersLabels=true',
    // A weight change reaches the proxy within about a second.
    '--providers.providersThrottleDuration=1s',
    '--providers.kubernetesGateway=true',
    `--providers.kubernetesGateway.namespaces=${watched}`,
    '--providers.kubernetesGateway.statusAddress.ip=127.0.0.1',
    // Traefik's CRDs, for the TraefikService an HTTPRoute's backendRef may name (group traefik.io):
    // Traefik's Gateway provider rejects the RequestMirror filter, a mirroring TraefikService works.
    '--providers.kubernetesCRD=true',
    `--providers.kubernetesCRD.namespaces=${watched}`,
    '--providers.kubernetesCRD.disableClusterScopeResources=true',
    // Names that cannot collide across namespaces (and no warning that the legacy ones could).
    '--providers.kubernetesCRD.safeNaming=true',
    ...(ingress ? ingressProviderArgs(watched) : []),
  ];
}

function ingressProviderArgs(watched) {
  return [
    // Unclassed Ingresses; no cluster-scoped reads (IngressClasses, Nodes), see rbac/traefik.yaml.
    '--providers.kubernetesIngress=true',
    `--providers.kubernetesIngress.namespaces=${watched}`,
    '--providers.kubernetesIngress.disableClusterScopeResources=true',
    '--providers.kubernetesIngress.ingressEndpoint.ip=127.0.0.1',
    // `nginx`-class Ingresses with ingress-nginx's annotations, canary weights included.
    '--providers.kubernetesIngressNGINX=true',
    '--providers.kubernetesIngressNGINX.watchNamespaceSelector=app.kubernetes.io/part-of=pipeline',
    '--providers.kubernetesIngressNGINX.httpEntryPoint=ingress-nginx',
    '--providers.kubernetesIngressNGINX.httpsEntryPoint=ingress-nginx',
    '--providers.kubernetesIngressNGINX.publishStatusAddress=127.0.0.1',
  ];
}

function condition(object, type) {
  return object.status?.conditions?.find((entry) => entry.type === type);
}

function isTrueNow(object, type) {
  const found = condition(object, type);
  return found?.status === 'True' && found.observedGeneration === object.metadata.generation;
}

/**
 * The data plane of the platform's first cluster, or with `cluster` ({suffix}) of another one
 * (clusters.mjs): its components are named with the suffix, and it serves the Gateway API only.
 */
export default function dataplane({ ports, paths, pki, platformDir, cluster }) {
  const dp = dataplanePorts(ports);
  const suffix = cluster?.suffix ?? '';
  const ingress = !cluster;
  const adminKubeconfig = paths.kubeconfig;
  const kubeconfig = paths.componentKubeconfig('traefik');
  const adminTls = () => ({
    ca: readFileSync(pki('ca.crt')),
    cert: readFileSync(pki('client-admin.crt')),
    key: readFileSync(pki('client-admin.key')),
  });
  const apiGet = async (path) => {
    const response = await httpGet(`https://127.0.0.1:${ports.apiserver}${path}`, { tls: adminTls() });
    if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}`);
    return JSON.parse(response.body);
  };
  const gatewayApi = '/apis/gateway.networking.k8s.io/v1';
  return [
    {
      name: `dataplane-bootstrap${suffix}`,
      after: [`cluster-bootstrap${suffix}`],
      run: async () => {
        const crds = dataplaneCrdFiles();
        // Server-side: the Gateway API CRDs are too large for client-side apply's annotation.
        const applied = kubectl(
          [
            'apply',
            '--server-side',
            '--force-conflicts',
            '--field-manager=pipeline-platform',
            '-o',
            'name',
            ...crds.flatMap((file) => ['-f', file]),
          ],
          { kubeconfig: adminKubeconfig },
        );
        // The CRDs, not the Gateway API's ValidatingAdmissionPolicy that comes with them.
        const definitions = applied.split('\n').filter((name) => name.startsWith('customresourcedefinition'));
        kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...definitions], {
          kubeconfig: adminKubeconfig,
        });
        const rbac = join(platformDir, 'rbac', 'traefik.yaml');
        for (const namespace of NAMESPACES)
          kubectl(['apply', '-n', namespace, '-f', rbac], { kubeconfig: adminKubeconfig });
        // The apiserver's authorizer reads RBAC from an informer: a Role just written can still be
        // unknown to it for a moment, and Traefik's first watches would be refused (and logged).
        await waitUntil(
          "the authorizer to see pipeline-traefik's grants",
          async () =>
            [
              ...NAMESPACES.map((namespace) => ['watch', 'endpointslices.discovery.k8s.io', '-n', namespace]),
              ['watch', 'namespaces'],
              ['watch', 'gatewayclasses.gateway.networking.k8s.io'],
              ...NAMESPACES.map((namespace) => ['watch', 'traefikservices.traefik.io', '-n', namespace]),
            ].every((args) => traefikMay(args, adminKubeconfig)),
          { timeoutMs: 30_000 },
        );
        kubectl(['apply', '-f', '-'], {
          input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: gatewayObjects(dp) }),
          kubeconfig: adminKubeconfig,
        });
      },
    },
    {
      name: `traefik${suffix}`,
      command: 'traefik',
      ports: [
        dp.traefik,
        ...(ingress ? [dp.ingress, dp.ingressNginx] : []),
        ...Object.values(dp.gateways).flatMap(Object.values),
      ],
      after: [`dataplane-bootstrap${suffix}`],
      args: traefikArgs(dp, { ingress }),
      // Its providers read KUBECONFIG when not in a pod; an inherited in-cluster setting must not win.
      // Pod addresses are dialled directly, never through a proxy the environment may name.
      env: { KUBECONFIG: kubeconfig, KUBERNETES_SERVICE_HOST: '', NO_PROXY: '*' },
      prepare: async () => {
        const client = ensureCertificate(paths.pki, `client-${TRAEFIK_USER}`, {
          subject: `/CN=${TRAEFIK_USER}`,
          usage: 'clientAuth',
        });
        writeKubeconfig(kubeconfig, {
          server: `https://127.0.0.1:${ports.apiserver}`,
          ca: { crt: pki('ca.crt') },
          client,
          user: TRAEFIK_USER,
        });
      },
      // Up, its Gateway provider has accepted the class and programmed every pipeline Gateway
      // (which also proves its identity can read and write what it needs), and it serves every
      // HTTPRoute it accepted: after a restart the statuses are still there from before, while the
      // routes only come back once the provider has synced.
      ready: async () => {
        await httpOk(`http://127.0.0.1:${dp.traefik}/ping`);
        const gatewayClass = await apiGet(`${gatewayApi}/gatewayclasses/${GATEWAY_CLASS}`);
        if (!isTrueNow(gatewayClass, 'Accepted'))
          throw new Error(`GatewayClass ${GATEWAY_CLASS} not Accepted yet`);
        const response = await httpGet(`http://127.0.0.1:${dp.traefik}/api/http/routers?per_page=10000`);
        const routers = JSON.parse(response.body).map((router) => router.name);
        for (const namespace of NAMESPACES) {
          const gateway = await apiGet(`${gatewayApi}/namespaces/${namespace}/gateways/${GATEWAY_NAME}`);
          if (!isTrueNow(gateway, 'Programmed'))
            throw new Error(`Gateway ${namespace}/${GATEWAY_NAME} not Programmed yet`);
          for (const route of (await apiGet(`${gatewayApi}/namespaces/${namespace}/httproutes`)).items) {
            const accepted = route.status?.parents?.some(
              (parent) =>
                parent.controllerName === GATEWAY_CONTROLLER &&
                parent.conditions?.some((c) => c.type === 'Accepted' && c.status === 'True'),
            );
            // Traefik names a route's routers httproute-<namespace>-<name>-gw-…@kubernetesgateway.
            const prefix = `httproute-${namespace}-${route.metadata.name}-gw-`;
            if (accepted && !routers.some((name) => name.startsWith(prefix)))
              throw new Error(`HTTPRoute ${namespace}/${route.metadata.name} not served yet`);
          }
        }
        return true;
      },
      timeoutMs: 60_000,
      stopGraceMs: 3000,
    },
  ];
}
