// Prometheus, scraping the stand-in apps every SCRAPE_INTERVAL_SECONDS with a `color` target
// label, and a one-shot task that waits until it has scraped them.
import { writeFileSync } from 'node:fs';
import { httpOk } from '../clients.mjs';
import { httpGet, waitUntil } from '../proc.mjs';
import { COLORS, currentPorts, SCRAPE_INTERVAL_SECONDS } from '../state.mjs';

function writePrometheusConfig(path, ports) {
  const interval = `${SCRAPE_INTERVAL_SECONDS}s`;
  writeFileSync(
    path,
    [
      '# Written by platform/components/prometheus.mjs; the stand-in apps get their color as a target label.',
      'global:',
      `  scrape_interval: ${interval}`,
      `  evaluation_interval: ${interval}`,
      `  scrape_timeout: ${SCRAPE_INTERVAL_SECONDS / 2}s`,
      'scrape_configs:',
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
      prepare: async () => writePrometheusConfig(paths.prometheusConfig, ports),
      ready: () => httpOk(`http://127.0.0.1:${ports.prometheus}/-/ready`),
      timeoutMs: 60_000,
    },
    {
      name: 'prometheus-scrapes',
      after: ['prometheus', ...COLORS.map((color) => `app-${color}`)],
      run: () =>
        waitUntil(
          'Prometheus scrapes of the stand-in apps',
          async () => {
            const result = await prometheusQuery('up{job="standin"} == 1', ports);
            if (result.length < COLORS.length)
              throw new Error(`${result.length}/${COLORS.length} targets up`);
            return true;
          },
          { timeoutMs: 30_000, logFile: logFile('prometheus') },
        ),
    },
  ];
}
