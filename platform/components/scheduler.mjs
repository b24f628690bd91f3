// kube-scheduler: places pods on the (kwok) nodes.
import { httpOk } from '../clients.mjs';
import { kubeconfigArgs } from './controller-manager.mjs';

export default function scheduler({ ports, paths }) {
  return {
    name: 'kube-scheduler',
    command: 'kube-scheduler',
    ports: [ports.scheduler],
    after: ['kube-apiserver'],
    args: [
      ...kubeconfigArgs(paths, 'kube-scheduler'),
      '--bind-address=127.0.0.1',
      `--secure-port=${ports.scheduler}`,
      '--leader-elect=false',
      '--profiling=false',
    ],
    ready: () => httpOk(`https://127.0.0.1:${ports.scheduler}/healthz`, { tls: { insecure: true } }),
    timeoutMs: 60_000,
  };
}
