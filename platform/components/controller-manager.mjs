// kube-controller-manager: every default controller (EndpointSlices follow Service selectors).
import { httpOk } from '../clients.mjs';
import { SERVICE_CIDR } from './apiserver.mjs';

/** The flags every control-plane client uses to reach and authenticate to the apiserver. */
export function kubeconfigArgs(paths, name) {
  return [
    `--kubeconfig=${paths.componentKubeconfig(name)}`,
    `--authentication-kubeconfig=${paths.componentKubeconfig(name)}`,
    `--authorization-kubeconfig=${paths.componentKubeconfig(name)}`,
  ];
}

export default function controllerManager({ ports, paths, pki }) {
  return {
    name: 'kube-controller-manager',
    command: 'kube-controller-manager',
    ports: [ports.controllerManager],
    after: ['kube-apiserver'],
    args: [
      ...kubeconfigArgs(paths, 'kube-controller-manager'),
      '--bind-address=127.0.0.1',
      `--secure-port=${ports.controllerManager}`,
      '--controllers=*', // every default controller, endpointslice among them
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pki('sa.key')}`,
      `--root-ca-file=${pki('ca.crt')}`,
      `--cluster-signing-cert-file=${pki('ca.crt')}`,
      `--cluster-signing-key-file=${pki('ca.key')}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--cluster-name=pipeline-platform',
      '--leader-elect=false',
      '--profiling=false',
    ],
    ready: () => httpOk(`https://127.0.0.1:${ports.controllerManager}/healthz`, { tls: { insecure: true } }),
    timeoutMs: 60_000,
  };
}
