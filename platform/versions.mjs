// Pinned versions of the tools the local platform runs. scripts/install-tools.sh builds them at
// these versions into the tools cache (keep the two in step); `platform:up` refuses other builds.
export const KUBERNETES_VERSION = '1.36.3';
export const KWOK_VERSION = '0.8.0';
export const HELM_VERSION = '3.22.0';
export const ETCD_VERSION = '3.6.8';
/** The real node's runtime (components/node.mjs), built from its module. */
export const CONTAINERD_VERSION = '2.2.9';
/** Built from its module: Debian's 2.42 has no Kubernetes service discovery. */
export const PROMETHEUS_VERSION = '3.16.0';
/** The data plane (components/dataplane.mjs) and the CRDs it serves, copied from their Go modules. */
export const TRAEFIK_VERSION = '3.7.12';
export const GATEWAY_API_VERSION = '1.6.3';
export const ISTIO_API_VERSION = '1.32.0';

/** Each tool the platform needs, the argv that prints its version, and what it must print. */
export const PLATFORM_TOOLS = [
  { name: 'etcd', args: ['--version'], expect: `etcd Version: ${ETCD_VERSION}` },
  { name: 'kube-apiserver', args: ['--version'], expect: `Kubernetes v${KUBERNETES_VERSION}` },
  { name: 'kube-controller-manager', args: ['--version'], expect: `Kubernetes v${KUBERNETES_VERSION}` },
  { name: 'kube-scheduler', args: ['--version'], expect: `Kubernetes v${KUBERNETES_VERSION}` },
  { name: 'kubectl', args: ['version', '--client'], expect: `Client Version: v${KUBERNETES_VERSION}` },
  { name: 'kubelet', args: ['--version'], expect: `Kubernetes v${KUBERNETES_VERSION}` },
  { name: 'kube-proxy', args: ['--version'], expect: `Kubernetes v${KUBERNETES_VERSION}` },
  { name: 'containerd', args: ['--version'], expect: ` v${CONTAINERD_VERSION} ` },
  { name: 'containerd-shim-runc-v2', args: ['-v'], expect: `Version:  v${CONTAINERD_VERSION}\n` },
  { name: 'ctr', args: ['--version'], expect: ` v${CONTAINERD_VERSION}` },
  // Debian's runc (with seccomp) and iptables; install-tools.sh installs them and the CNI plugins.
  { name: 'runc', args: ['--version'], expect: 'runc version' },
  { name: 'iptables', args: ['--version'], expect: 'iptables v' },
  { name: 'kwok', args: ['--version'], expect: KWOK_VERSION },
  { name: 'helm', args: ['version', '--template', '{{.Version}}'], expect: `v${HELM_VERSION}` },
  { name: 'traefik', args: ['version'], expect: `Version:      ${TRAEFIK_VERSION}\n` },
  { name: 'prometheus', args: ['--version'], expect: `prometheus, version ${PROMETHEUS_VERSION}` },
  { name: 'docker-registry', args: ['--version'], expect: 'docker-registry' },
  { name: 'cosign', args: ['version'], expect: 'GitVersion' },
  { name: 'trivy', args: ['--version'], expect: 'Version' },
  { name: 'skopeo', args: ['--version'], expect: 'skopeo version' },
  { name: 'openssl', args: ['version'], expect: 'OpenSSL' },
];
