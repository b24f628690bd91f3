// Prometheus, scraping every SCRAPE_INTERVAL_SECONDS: the real node's pods, found through the
// apiserver (pod discovery, as a cluster's Prometheus finds them), the kubelet's cAdvisor, and the
// stand-in apps; and a one-shot task that waits until it has scraped them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpOk } from '../clients.mjs';
import { httpGet, waitUntil } from '../proc.mjs';
import { COLORS, currentPorts, SCRAPE_INTERVAL_SECONDS } from '../state.mjs';
import { FIRST_CLUSTER, OTHER_CLUSTERS, SYNCED_CLUSTER_LABEL } from './clusters.mjs';
import { NODE_NAME, nodePorts } from './node.mjs';
import { NODE_NETWORK } from './node-network.mjs';

/** Pod labels kept as target labels: what the actions select on (release, color, version). */
const POD_LABELS = {
  release: 'app_kubernetes_io_part_of',
  color: 'color',
  version: 'version',
};

/** The cAdvisor series the SLOs read (CPU against the limit, memory); the rest is dropped. */
/** A Kubernetes label as Prometheus's pod discovery names it. */
const podLabelMeta = (label) => `__meta_kubernetes_pod_label_${label.replace(/[^A-Za-z0-9_]/g, '_')}`;

/**
 * Every series of a pod names its cluster: the first cluster's own pods, or those the cluster
 * syncer runs for another cluster (in namespace <cluster>--<namespace>, labelled with it), which
 * keep their own cluster's namespace. What the fleet's verifications select on (cluster="eu-2").
 */
const OTHER = `(${OTHER_CLUSTERS.join('|')})`;

const CADVISOR_KEPT =
  'container_cpu_usage_seconds_total|container_spec_cpu_quota|container_spec_cpu_period|container_memory_working_set_bytes';

function writePrometheusConfig(path, ports, pkiDir) {
  const interval = `${SCRAPE_INTERVAL_SECONDS}s`;
  const tls = [
    `      ca_file: ${join(pkiDir, 'ca.crt')}`,
    `      cert_file: ${join(pkiDir, 'client-prometheus.crt')}`,
    `      key_file: ${join(pkiDir, 'client-prometheus.key')}`,
  ];
  const podIp = NODE_NETWORK.podCIDR.replace(/\.0\/24$/, '').replaceAll('.', '\\.');
  writeFileSync(
    path,
    [
      '# Written by platform/components/prometheus.mjs.',
      'global:',
      `  scrape_interval: ${interval}`,
      `  evaluation_interval: ${interval}`,
      `  scrape_timeout: ${SCRAPE_INTERVAL_SECONDS / 2}s`,
      'scrape_configs:',
      // The usual pod discovery: pods that ask for it (prometheus.io annotations), with namespace,
      // pod and the release's labels as target labels. Only pods on the real node, and only at its
      // pod range: the kwok pods' addresses exist nowhere.
      '  - job_name: kubernetes-pods',
      '    kubernetes_sd_configs:',
      '      - role: pod',
      `        api_server: https://127.0.0.1:${ports.apiserver}`,
      '        tls_config:',
      ...tls.map((line) => `    ${line}`),
      '        selectors:',
      '          - role: pod',
      `            field: spec.nodeName=${NODE_NAME}`,
      '    relabel_configs:',
      '      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]',
      '        regex: "true"',
      '        action: keep',
      '      - source_labels: [__meta_kubernetes_pod_phase]',
      '        regex: Running',
      '        action: keep',
      '      - source_labels: [__meta_kubernetes_pod_ip]',
      `        regex: '${podIp}\\.\\d+'`,
      '        action: keep',
      '      - source_labels: [__meta_kubernetes_pod_ip, __meta_kubernetes_pod_annotation_prometheus_io_port]',
      "        regex: '([^;]+);(\\d+)'",
      "        replacement: '$1:$2'",
      '        target_label: __address__',
      '      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]',
      "        regex: '(.+)'",
      '        target_label: __metrics_path__',
      '      - source_labels: [__meta_kubernetes_namespace]',
      '        target_label: namespace',
      '      - target_label: cluster',
      `        replacement: ${FIRST_CLUSTER}`,
      `      - source_labels: [${podLabelMeta(SYNCED_CLUSTER_LABEL)}]`,
      "        regex: '(.+)'",
      '        target_label: cluster',
      `      - source_labels: [${podLabelMeta(SYNCED_CLUSTER_LABEL)}, __meta_kubernetes_namespace]`,
      "        regex: '(.+);[a-z0-9-]+?--(.+)'",
      "        replacement: '$2'",
      '        target_label: namespace',
      '      - source_labels: [__meta_kubernetes_pod_name]',
      '        target_label: pod',
      ...Object.entries(POD_LABELS).flatMap(([label, podLabel]) => [
        `      - source_labels: [__meta_kubernetes_pod_label_${podLabel}]`,
        `        target_label: ${label}`,
      ]),
      // The kubelet's cAdvisor: container CPU and memory with namespace, pod and container labels.
      '  - job_name: kubelet-cadvisor',
      '    scheme: https',
      '    metrics_path: /metrics/cadvisor',
      '    tls_config:',
      ...tls,
      '    static_configs:',
      `      - targets: ['${NODE_NETWORK.nodeIP}:${nodePorts(ports).kubelet}']`,
      `        labels: { node: ${NODE_NAME} }`,
      '    metric_relabel_configs:',
      '      - source_labels: [__name__]',
      `        regex: '${CADVISOR_KEPT}'`,
      '        action: keep',
      '      - target_label: cluster',
      `        replacement: ${FIRST_CLUSTER}`,
      '      - source_labels: [namespace]',
      `        regex: '${OTHER}--(.+)'`,
      "        replacement: '$1'",
      '        target_label: cluster',
      '      - source_labels: [namespace]',
      `        regex: '${OTHER}--(.+)'`,
      "        replacement: '$2'",
      '        target_label: namespace',
      '  - job_name: standin',
      '    static_configs:',
      ...COLORS.flatMap((color) => [
        `      - targets: ['127.0.0.1:${ports[color]}']`,
        `        labels: { color: ${color}, app: standin }`,
      ]),
      '  - job_name: prometheus',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${ports.prometheus}']`,
      '',
    ].join('\n'),
  );
}

/** An instant PromQL query; resolves the result vector. */
export async function prometheusQuery(query, ports = currentPorts()) {
  const url = `http://127.0.0.1:${ports.prometheus}/api/v1/query?query=${encodeURIComponent(query)}`;
  const response = await httpGet(url);
  const body = JSON.parse(response.body);
  if (body.status !== 'success')
    throw new Error(`Prometheus query ${query}: ${body.error ?? response.status}`);
  return body.data.result;
}

export default function prometheus({ ports, paths, logFile }) {
  return [
    {
      name: 'prometheus',
      command: 'prometheus',
      ports: [ports.prometheus],
      args: [
        `--config.file=${paths.prometheusConfig}`,
        `--storage.tsdb.path=${paths.prometheusData}`,
        '--storage.tsdb.retention.time=1d',
        `--web.listen-address=127.0.0.1:${ports.prometheus}`,
        `--web.external-url=http://127.0.0.1:${ports.prometheus}/`,
        '--web.enable-lifecycle',
        '--log.level=warn',
      ],
      prepare: async () => writePrometheusConfig(paths.prometheusConfig, ports, paths.pki),
      ready: () => httpOk(`http://127.0.0.1:${ports.prometheus}/-/ready`),
      timeoutMs: 60_000,
    },
    {
      name: 'prometheus-scrapes',
      after: ['prometheus', 'kubelet', ...COLORS.map((color) => `app-${color}`)],
      run: () =>
        waitUntil(
          "Prometheus scrapes of the stand-in apps and the kubelet's cAdvisor",
          async () => {
            const standins = await prometheusQuery('up{job="standin"} == 1', ports);
            if (standins.length < COLORS.length)
              throw new Error(`${standins.length}/${COLORS.length} stand-in targets up`);
            const cadvisor = await prometheusQuery('up{job="kubelet-cadvisor"} == 1', ports);
            if (cadvisor.length < 1) throw new Error('the kubelet target is not up');
            return true;
          },
          { timeoutMs: 30_000, logFile: logFile('prometheus') },
        ),
    },
  ];
}
