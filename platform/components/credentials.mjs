// The certificates (pki.mjs) and the kubeconfigs made from them: the admin's and the deployer's
// for tests and scripts, one per control-plane client. Made once, kept until `down`.
import { ensurePki, writeKubeconfig } from '../pki.mjs';
import { DEPLOYER_USER, NAMESPACES } from '../state.mjs';

export default function credentials({ ports, paths }) {
  return {
    name: 'credentials',
    run: async () => {
      const pki = ensurePki(paths.pki);
      const server = `https://127.0.0.1:${ports.apiserver}`;
      writeKubeconfig(paths.kubeconfig, {
        server,
        ca: pki.ca,
        client: pki.clients.admin,
        user: 'pipeline-admin',
      });
      writeKubeconfig(paths.restrictedKubeconfig, {
        server,
        ca: pki.ca,
        client: pki.clients.deployer,
        user: DEPLOYER_USER,
        namespace: NAMESPACES[0],
      });
      for (const name of ['kube-controller-manager', 'kube-scheduler', 'kwok'])
        writeKubeconfig(paths.componentKubeconfig(name), {
          server,
          ca: pki.ca,
          client: pki.clients[name],
          user: name,
        });
    },
  };
}
