// kube-apiserver: RBAC, client-certificate authentication, service-account tokens.
import { readFileSync } from 'node:fs';
import { httpOk } from '../clients.mjs';

export const SERVICE_CIDR = '10.96.0.0/16';
const SA_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export default function apiserver({ ports, pki }) {
  const adminTls = () => ({
    ca: readFileSync(pki('ca.crt')),
    cert: readFileSync(pki('client-admin.crt')),
    key: readFileSync(pki('client-admin.key')),
  });
  return {
    name: 'kube-apiserver',
    command: 'kube-apiserver',
    ports: [ports.apiserver],
    after: ['etcd', 'credentials'],
    args: [
      `--etcd-servers=http://127.0.0.1:${ports.etcd}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${ports.apiserver}`,
      `--tls-cert-file=${pki('apiserver.crt')}`,
      `--tls-private-key-file=${pki('apiserver.key')}`,
      `--client-ca-file=${pki('ca.crt')}`,
      '--authorization-mode=Node,RBAC',
      `--service-account-issuer=${SA_ISSUER}`,
      `--api-audiences=${SA_ISSUER}`,
      `--service-account-key-file=${pki('sa.pub')}`,
      `--service-account-signing-key-file=${pki('sa.key')}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      // Endpoints may not be loopback addresses, and nothing in the cluster calls the apiserver
      // through the `kubernetes` Service.
      '--endpoint-reconciler-type=none',
      '--allow-privileged=false',
      '--profiling=false',
      '--event-ttl=1h',
      // No front proxy; a CA for it keeps the components' delegated authentication quiet, and
      // no certificate with the allowed name is ever issued.
      `--requestheader-client-ca-file=${pki('ca.crt')}`,
      '--requestheader-allowed-names=pipeline-front-proxy',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      // Logs, exec and port-forward on the real node: the kubelet authenticates the apiserver by
      // this certificate. Only by InternalIP: never a DNS lookup of a node name.
      `--kubelet-client-certificate=${pki('client-apiserver-kubelet-client.crt')}`,
      `--kubelet-client-key=${pki('client-apiserver-kubelet-client.key')}`,
      '--kubelet-preferred-address-types=InternalIP',
    ],
    ready: () => httpOk(`https://127.0.0.1:${ports.apiserver}/readyz`, { tls: adminTls() }),
    timeoutMs: 90_000,
    // It waits up to a minute for in-flight requests on SIGTERM; a disposable cluster need not.
    stopGraceMs: 3000,
  };
}
