// A one-shot task once the control plane runs: the namespaces, the deployer's Role in each, and
// kwok's fake Node objects; done when the nodes are Ready and pods can be created.
import { join } from 'node:path';
import { kubectl } from '../clients.mjs';
import { waitUntil } from '../proc.mjs';
import { NAMESPACES } from '../state.mjs';
import { clusterInfo, FIRST_CLUSTER } from './clusters.mjs';

const NODES = [
  { name: 'kwok-node-0', podCIDR: '10.244.0.0/24' },
  { name: 'kwok-node-1', podCIDR: '10.244.1.0/24' },
];

function nodeManifest({ name, podCIDR }) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': name,
        'node-role.kubernetes.io/agent': '',
        type: 'kwok',
      },
    },
    // Workloads land on the real node (components/node.mjs) unless they tolerate this taint and
    // select `type: kwok`, as a scale test or a placeholder image that cannot run does.
    spec: {
      podCIDR,
      podCIDRs: [podCIDR],
      taints: [{ key: 'kwok.x-k8s.io/node', value: 'fake', effect: 'NoSchedule' }],
    },
    // Fake nodes, so room costs nothing: each test run names its releases per run and leaves them
    // behind, and a kept platform gathers their pods run after run (110, a kubelet's default,
    // filled up after a few full runs and left new pods Pending with "Too many pods").
    status: {
      allocatable: { cpu: '32', memory: '256Gi', pods: '10000' },
      capacity: { cpu: '32', memory: '256Gi', pods: '10000' },
    },
  };
}

export default function clusterBootstrap({ platformDir, logFile }) {
  return {
    name: 'cluster-bootstrap',
    after: ['kube-apiserver', 'kube-controller-manager', 'kwok'],
    run: async () => {
      const list = (items) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
      kubectl(['apply', '-f', '-'], {
        input: list([
          ...NAMESPACES.map((name) => ({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name, labels: { 'app.kubernetes.io/part-of': 'pipeline' } },
          })),
          ...NODES.map(nodeManifest),
        ]),
      });
      kubectl(['apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: clusterInfo(FIRST_CLUSTER, NAMESPACES),
        }),
      });
      const role = join(platformDir, 'rbac', 'deployer-role.yaml');
      for (const namespace of NAMESPACES) kubectl(['apply', '-n', namespace, '-f', role]);
      await waitUntil(
        'fake nodes',
        async () => {
          const nodes = JSON.parse(kubectl(['get', 'nodes', '-o', 'json'])).items;
          const ready = nodes.filter((node) =>
            node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
          );
          if (ready.length < NODES.length) throw new Error(`${ready.length}/${NODES.length} nodes Ready`);
          return true;
        },
        { timeoutMs: 60_000, logFile: logFile('kwok') },
      );
      // Pods are refused until the namespace's default ServiceAccount exists.
      await waitUntil(
        'default service accounts',
        async () => {
          for (const namespace of NAMESPACES) kubectl(['get', 'serviceaccount', 'default', '-n', namespace]);
          return true;
        },
        { timeoutMs: 60_000, logFile: logFile('kube-controller-manager') },
      );
    },
  };
}
