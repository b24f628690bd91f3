// A fleet's waves: which clusters take a release together, in order. The waves come from the user
// (a workflow input), so everything about them is checked before any cluster is touched.
import { ConfigurationError } from '../errors.js';
import { quote } from '../inputs.js';
import { loadYaml } from '../yaml.js';

/**
 * deliver-fleet.yml has a fixed job per wave (GitHub Actions cannot make jobs at run time; a matrix
 * inside each job deploys its clusters in parallel), so this many at most.
 */
export const MAX_WAVES = 3;

export interface Wave {
  name: string;
  clusters: string[];
}

/**
 * A cluster's name is also its GitHub environment (its kubeconfig secret and variables), an
 * artifact name and a Prometheus label value: a lower-case DNS label keeps it safe in all of them.
 */
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const WAVE_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_. ]{0,38}[A-Za-z0-9])?$/;

function invalid(expected: string, got?: string): ConfigurationError {
  return new ConfigurationError(
    `input 'waves': ${got === undefined ? '' : `got ${got}, `}expected ${expected}`,
  );
}

function clustersOf(value: unknown, wave: string): string[] {
  const list = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
  if (!Array.isArray(list) || list.length === 0)
    throw invalid(
      `wave '${wave}' to list at least one cluster`,
      quote(JSON.stringify(value) ?? String(value)),
    );
  return list.map((cluster) => {
    if (typeof cluster !== 'string' || !CLUSTER_NAME.test(cluster))
      throw invalid(
        `cluster names that are lower-case DNS labels (letters, digits, '-'; at most 63) in wave '${wave}'`,
        quote(String(cluster)),
      );
    return cluster;
  });
}

/**
 * The waves, from YAML or JSON: a mapping of wave name to clusters, in order
 * (`{canary: [eu-1], rest: [eu-2, us-1]}`), or a list of `{name, clusters}`. Every cluster is in one
 * wave only; at most MAX_WAVES waves.
 */
export async function parseWaves(text: string): Promise<Wave[]> {
  if (!text.trim()) throw invalid('the waves, e.g. {canary: [eu-1], rest: [eu-2, us-1]}', "''");
  let document: unknown;
  try {
    document = await loadYaml(text);
  } catch (error) {
    throw invalid(
      'YAML or JSON',
      `text that is neither (${String((error as Error).message).split('\n')[0]})`,
    );
  }
  let waves: Wave[];
  if (Array.isArray(document)) {
    waves = document.map((entry, index) => {
      const name =
        entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string'
          ? (entry as { name: string }).name
          : `wave ${index + 1}`;
      return { name, clusters: clustersOf((entry as { clusters?: unknown } | null)?.clusters, name) };
    });
  } else if (document && typeof document === 'object') {
    waves = Object.entries(document).map(([name, clusters]) => ({
      name,
      clusters: clustersOf(clusters, name),
    }));
  } else {
    throw invalid('a mapping of wave names to clusters, or a list of {name, clusters}', quote(String(text)));
  }
  if (waves.length === 0) throw invalid('at least one wave', quote(text));
  if (waves.length > MAX_WAVES)
    throw invalid(`at most ${MAX_WAVES} waves (deliver-fleet.yml has a job for each)`, `${waves.length}`);
  const seen = new Map<string, string>();
  for (const wave of waves) {
    if (!WAVE_NAME.test(wave.name))
      throw invalid('wave names of letters, digits, spaces and - _ . (at most 40)', quote(wave.name));
    for (const cluster of wave.clusters) {
      const earlier = seen.get(cluster);
      if (earlier !== undefined)
        throw invalid(
          'each cluster in one wave only',
          `'${cluster}' in wave '${earlier}'${earlier === wave.name ? ' twice' : ` and in wave '${wave.name}'`}`,
        );
      seen.set(cluster, wave.name);
    }
  }
  return waves;
}
