// etcd, the control plane's store: one member on loopback, disposable data.
import { mkdirSync } from 'node:fs';
import { httpGet } from '../proc.mjs';

export default function etcd({ ports, paths }) {
  return {
    name: 'etcd',
    command: 'etcd',
    ports: [ports.etcd, ports.etcdPeer],
    args: [
      '--name=pipeline-platform',
      `--data-dir=${paths.etcdData}`,
      `--listen-client-urls=http://127.0.0.1:${ports.etcd}`,
      `--advertise-client-urls=http://127.0.0.1:${ports.etcd}`,
      `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
      `--initial-cluster=pipeline-platform=http://127.0.0.1:${ports.etcdPeer}`,
      '--unsafe-no-fsync', // a disposable test cluster: durability is not worth the latency
      '--log-level=warn',
    ],
    prepare: async () => {
      mkdirSync(paths.etcdData, { recursive: true, mode: 0o700 });
    },
    ready: async () =>
      JSON.parse((await httpGet(`http://127.0.0.1:${ports.etcd}/health`)).body).health === 'true',
    timeoutMs: 30_000,
  };
}
