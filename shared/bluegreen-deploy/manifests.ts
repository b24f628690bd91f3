// Plain manifests for one color: names, labels and selectors get the color, pods the version too
// (not the selector: a Deployment's selector cannot change), workloads get the image pinned by
// digest. Services are the live Service's template and are not colored. A HorizontalPodAutoscaler
// and a PodDisruptionBudget are colored with the Deployment they guard: each color scales and is
// protected on its own, so an idle color's autoscaler never answers for the live one's load.
import { COLOR_LABEL, VERSION_LABEL, versionLabelValue } from '../cluster/release-labels.js';
import type { Color } from '../cluster/release-record.js';
import { ConfigurationError } from '../errors.js';
import type { KubeObject } from '../kube/kubectl.js';
import { loadAllYaml } from '../yaml.js';

export interface ColoredManifests {
  workloads: KubeObject[];
  /** Deployments to wait for, by their colored names. */
  deployments: string[];
  /** The first Service, if the manifests bring one: template for the live Service. */
  service?: KubeObject;
}

const WORKLOAD_KINDS = new Set(['Deployment']);

export async function parseManifests(text: string, source: string): Promise<KubeObject[]> {
  let documents: unknown[];
  try {
    documents = await loadAllYaml(text);
  } catch (error) {
    throw new ConfigurationError(
      `input 'manifests': ${source} is not valid YAML (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const objects = documents.filter((doc) => doc !== null && doc !== undefined) as KubeObject[];
  for (const [index, object] of objects.entries()) {
    if (typeof object !== 'object' || !object.kind || !object.apiVersion || !object.metadata?.name) {
      throw new ConfigurationError(
        `input 'manifests': ${source} document ${index + 1} is not a Kubernetes object (needs apiVersion, kind, metadata.name)`,
      );
    }
  }
  return objects;
}

function repositoryOf(image: string): string {
  return image.split('@')[0]!.replace(/:[^/:]+$/, '');
}

export function colorManifests(
  objects: readonly KubeObject[],
  color: Color,
  imageByDigest: string,
  selector: Record<string, string>,
  version: string,
): ColoredManifests {
  const colored = { ...selector, [COLOR_LABEL]: color };
  const podLabels = { ...colored, [VERSION_LABEL]: versionLabelValue(version) };
  const workloads: KubeObject[] = [];
  const deployments: string[] = [];
  let service: KubeObject | undefined;
  const wantedRepository = repositoryOf(imageByDigest);
  const deploymentNames = new Set(
    objects.filter((object) => WORKLOAD_KINDS.has(object.kind)).map((object) => object.metadata.name),
  );
  for (const original of objects) {
    if (original.kind === 'Service') {
      service ??= structuredClone(original);
      continue;
    }
    const object = structuredClone(original);
    if (object.kind === 'HorizontalPodAutoscaler') {
      const target = (object.spec as { scaleTargetRef?: { kind?: string; name?: string } }).scaleTargetRef;
      if (target?.kind !== 'Deployment' || !deploymentNames.has(target.name ?? ''))
        throw new ConfigurationError(
          `input 'manifests': HorizontalPodAutoscaler ${original.metadata.name} scales ${target?.kind ?? '?'} ${target?.name ?? '?'}, not one of the manifests' Deployments (${[...deploymentNames].join(', ')}): each color gets its own autoscaler of its own Deployment`,
        );
      target.name = `${target.name}-${color}`;
      object.metadata.name = `${object.metadata.name}-${color}`;
      object.metadata.labels = { ...object.metadata.labels, ...colored };
      workloads.push(object);
      continue;
    }
    if (object.kind === 'PodDisruptionBudget') {
      const spec = object.spec as { selector?: { matchLabels?: Record<string, string> } };
      spec.selector = { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, ...colored } };
      object.metadata.name = `${object.metadata.name}-${color}`;
      object.metadata.labels = { ...object.metadata.labels, ...colored };
      workloads.push(object);
      continue;
    }
    if (!WORKLOAD_KINDS.has(object.kind)) {
      workloads.push(object);
      continue;
    }
    object.metadata.name = `${object.metadata.name}-${color}`;
    object.metadata.labels = { ...object.metadata.labels, ...podLabels };
    const spec = object.spec as {
      selector?: { matchLabels?: Record<string, string> };
      template?: {
        metadata?: { labels?: Record<string, string> };
        spec?: { containers?: { name: string; image: string }[] };
      };
    };
    spec.selector = { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, ...colored } };
    spec.template ??= {};
    spec.template.metadata = {
      ...spec.template.metadata,
      labels: { ...spec.template.metadata?.labels, ...podLabels },
    };
    const containers = spec.template.spec?.containers ?? [];
    const matching = containers.filter((c) => repositoryOf(c.image ?? '') === wantedRepository);
    const targets = matching.length ? matching : containers.length === 1 ? containers : [];
    if (!targets.length) {
      throw new ConfigurationError(
        `input 'manifests': Deployment ${original.metadata.name} has no container with image ${wantedRepository} (and more than one container): cannot pin the image`,
      );
    }
    for (const container of targets) container.image = imageByDigest;
    workloads.push(object);
    deployments.push(object.metadata.name);
  }
  if (!deployments.length) throw new ConfigurationError(`input 'manifests': no Deployment found to deploy`);
  return { workloads, deployments, service };
}

/** The manifests' first Service: the template of the live Service (ports), never colored. */
export function serviceTemplate(objects: readonly KubeObject[]): KubeObject | undefined {
  const service = objects.find((object) => object.kind === 'Service');
  return service ? structuredClone(service) : undefined;
}
