// Pinned versions of the tools the local platform runs. scripts/install-tools.sh builds them at
// these versions into the tools cache (keep the two in step); `platform:up` refuses other builds.
export const KUBERNETES_VERSION = '1.36.3';
export const KWOK_VERSION = '0.8.0';
export const HELM_VERSION = '3.22.0';
export const ETCD_VERSION = '3.6.8';

/** Each tool the platform needs, the argv that prints its version, and what it must print. */
export const PLATFORM_TOOLS = [
  { name: 'etcd', args: ['--version'], expect: `etcd Version: ${ETCD_VERSION}` },
  { name: 'kube-apiserver', args: ['--version'], expect: `Kubernetes v${KUBERNETES_VERSION}` },
  { name: 'kube-controller-manager', args: ['--version'], expect: `Kubernetes v${KUBERNETES_VERSION}` },
  { name: 'kube-scheduler', args: ['--version'], expect: `Kubernetes v${KUBERNETES_VERSION}` },
  { name: 'kubectl', args: ['version', '--client'], expect: `Client Version: v${KUBERNETES_VERSION}` },
  { name: 'kwok', args: ['--version'], expect: KWOK_VERSION },
  { name: 'helm', args: ['version', '--template', '{{.Version}}'], expect: `v${HELM_VERSION}` },
  { name: 'prometheus', args: ['--version'], expect: 'prometheus, version' },
  { name: 'docker-registry', args: ['--version'], expect: 'docker-registry' },
  { name: 'cosign', args: ['version'], expect: 'GitVersion' },
  { name: 'trivy', args: ['--version'], expect: 'Version' },
  { name: 'skopeo', args: ['--version'], expect: 'skopeo version' },
  { name: 'openssl', args: ['version'], expect: 'OpenSSL' },
];
