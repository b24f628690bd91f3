// kwok: fake nodes (the Node objects cluster-bootstrap creates with the kwok annotation), whose
// pods become Running and Ready with an IP from the nodes' pod CIDRs.
import { httpOk } from '../clients.mjs';

export default function kwok({ ports, paths }) {
  return {
    name: 'kwok',
    command: 'kwok',
    ports: [ports.kwok],
    after: ['kube-apiserver'],
    args: [
      `--kubeconfig=${paths.componentKubeconfig('kwok')}`,
      `--config=${paths.kwokConfig}`,
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--cidr=10.244.0.0/16',
      '--node-lease-duration-seconds=40',
      `--server-address=127.0.0.1:${ports.kwok}`,
    ],
    ready: () => httpOk(`http://127.0.0.1:${ports.kwok}/healthz`),
    timeoutMs: 30_000,
  };
}
