// The real-workload story, as the application's users see it — run by the workloads test (which
// asserts every step) and by bench/workloads.mjs (which prints the figures): examples/app built by
// our own build-push (buildah) into the platform's registry as 1.0.0 and 2.0.0 (healthy) and 3.0.0
// (a fault compiled in: 30% of its answers are 500); the deploy umbrella puts each on the real node
// and moves traffic through Traefik's Gateway in steps, judged by the default SLO's objectives
// (its queries unchanged, window and `for` shortened); the bad release is rolled back
// automatically; then the Rollback form goes back to 1.0.0.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubectl } from '../../platform/index.mjs';
import { buildAppBinary } from './app-image.mjs';
import { writeExampleManifests } from './examples.mjs';
import { firstMatching, otherFailures, switchComplete } from './traffic.mjs';

/** Each release's build arguments besides VERSION: the fault compiled into it. */
export const STORY_RELEASES = { '1.0.0': [], '2.0.0': [], '3.0.0': ['ERROR_RATE=0.3'] };
export const BAD_RELEASE = '3.0.0';
/** What the automatic rollback puts back (the release before the bad one), and the Rollback form. */
export const PREVIOUS_RELEASE = '2.0.0';
export const FORM_RELEASE = '1.0.0';

/** The error-rate objective's `for` in the story's SLO: the rollback target is this plus 5 s. */
export const ERROR_RATE_FOR_SECONDS = 6;

/** The runbook as shipped (examples/slo/default.yaml), with seconds instead of minutes. */
export const STORY_SLO = `apiVersion: pipeline/v1
kind: SLO
name: runbook-fast
extends: default
window: 60s
interval: 2s
objectives:
  - name: error-rate
    for: ${ERROR_RATE_FOR_SECONDS}s
  - name: response-time
    for: 10s
  - name: cpu
    for: 10s
`;

/** Each release is its own commit: build-push's sha-<commit> tags are immutable. */
const commitOf = (version) => `${version.replaceAll('.', '')}`.padEnd(40, '0');

/**
 * The story's steps for one release name. `runAction(action, inputs, { env })` runs an action's
 * bundle without blocking the event loop (a traffic client shares it) and resolves to its
 * `outputs`; the caller judges the rest of its result. Without it, the story only gives the
 * inputs (deployInputs, rollbackInputs) and the routes, for a caller that runs its own steps.
 * `releases` (default STORY_RELEASES) are the versions built, each with its build arguments.
 */
export function workloadStory({
  status,
  release,
  work,
  runAction,
  namespace = 'pipeline-staging',
  releases = STORY_RELEASES,
}) {
  const listeners = status.dataplane.gateways[namespace];
  if (!listeners) throw new Error(`the platform has no Gateway for ${namespace}`);
  const slo = join(work, 'runbook-fast.yaml');
  writeFileSync(slo, STORY_SLO);
  const manifests = writeExampleManifests(join(work, `${release}.yaml`), release);
  const images = {};
  const smokeUrls = ['blue', 'green']
    .map((color) => `${color}=${listeners[`preview-${color}`]}/${release}/readyz`)
    .join('\n');
  const traffic = { traffic: 'gateway', 'http-route': release, 'smoke-url': smokeUrls };
  const run = (action, inputs, options) => {
    if (!runAction) throw new Error(`workloadStory: no runAction given to run ${action}`);
    return runAction(action, inputs, options);
  };

  return {
    release,
    namespace,
    images,
    slo,
    /** blue=URL and green=URL lines: each color's /readyz through its preview listener. */
    smokeUrls,
    /** Where the release's users are served: the Gateway's live listener, under /<release>/. */
    liveUrl: `${listeners.live}/${release}/`,

    /** Builds and pushes every release's image; fills `images` (digest references). */
    async buildImages() {
      const context = buildAppBinary();
      for (const [version, fault] of Object.entries(releases)) {
        const built = await run(
          'build-push',
          {
            context,
            image: `${status.registry}/pipeline/${release}`,
            ref: `refs/tags/v${version}`,
            sha: commitOf(version),
            platforms: 'linux/amd64',
            'build-args': [`VERSION=${version}`, ...fault].join('\n'),
            'insecure-registry': 'true',
            // auto picks docker when a docker client is on PATH; the platform registry is buildah's.
            builder: 'buildah',
          },
          { env: { STORAGE_DRIVER: 'vfs' } },
        );
        if (!built.outputs.image) throw new Error(`build-push ${version} pushed no image:\n${built.stdout}`);
        images[version] = built.outputs.image;
      }
    },

    /**
     * The live route (a path per release, as several share the Gateway) and one preview route per
     * color; in another of the platform's clusters with its admin `kubeconfig`.
     */
    applyRoutes({ kubeconfig } = {}) {
      const route = (name, section, backends) => ({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name, namespace },
        spec: {
          parentRefs: [{ name: 'pipeline', sectionName: section }],
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: `/${release}/` } }],
              filters: [
                {
                  type: 'URLRewrite',
                  urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } },
                },
              ],
              backendRefs: backends.map((backend) => ({ ...backend, port: 80 })),
            },
          ],
        },
      });
      const items = [
        route(release, 'live', [
          { name: `${release}-blue`, weight: 100 },
          { name: `${release}-green`, weight: 0 },
        ]),
        ...['blue', 'green'].map((color) =>
          route(`${release}-preview-${color}`, `preview-${color}`, [{ name: `${release}-${color}` }]),
        ),
      ];
      kubectl(['apply', '-f', '-'], {
        input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
        kubeconfig,
      });
    },

    /**
     * The deploy umbrella's inputs: traffic steps through the Gateway, judged on the new color by
     * the story's SLO — or with `{ slo: 'default' }` by the runbook as shipped, unchanged (it
     * observes for 5 minutes). Any other input given overrides the story's.
     */
    deployInputs(version, { slo: sloFile = slo, ...inputs } = {}) {
      return {
        namespace,
        release,
        image: images[version] ?? '',
        version,
        manifests,
        kubeconfig: status.restrictedKubeconfig,
        ...traffic,
        'traffic-steps': '50,100',
        'step-interval': '3s',
        'prometheus-url': status.prometheus,
        slo: sloFile,
        timeout: '180s',
        ...inputs,
      };
    },
    deploy(version, inputs = {}) {
      return run('deploy', this.deployInputs(version, inputs));
    },

    /** The Rollback form's inputs: back to `to`, redeployed through the blue-green path when not warm. */
    rollbackInputs(to, reason, inputs = {}) {
      return {
        namespace,
        release,
        to,
        reason,
        manifests,
        kubeconfig: status.restrictedKubeconfig,
        ...traffic,
        timeout: '180s',
        // The story's images are not signed (the demo gives the release key instead).
        'allow-unsigned': 'true',
        ...inputs,
      };
    },
    rollbackForm(to, reason, inputs = {}) {
      return run('rollback', this.rollbackInputs(to, reason, inputs));
    },

    /** The color the release's Service selects (where all traffic is). */
    liveColor() {
      return kubectl(['-n', namespace, 'get', 'service', release, '-o', 'jsonpath={.spec.selector.color}']);
    },

    /** The real node has two cores: leave none of this release's pods or routes behind. */
    cleanup({ kubeconfig } = {}) {
      const names = (kinds) => ['-n', namespace, 'delete', kinds, '--ignore-not-found'];
      kubectl([...names('deployments,services,httproutes'), '-l', `app.kubernetes.io/part-of=${release}`], {
        kubeconfig,
      });
      kubectl([...names('httproutes'), release, `${release}-preview-blue`, `${release}-preview-green`], {
        kubeconfig,
      });
      kubectl([...names('services'), release, `${release}-blue`, `${release}-green`], { kubeconfig });
    },
  };
}

/** The records sent in [from, to) on the traffic clock. */
export const sentBetween = (records, from, to = Number.POSITIVE_INFINITY) =>
  records.filter((record) => record.at >= from && record.at < to);

/**
 * The records sent from the first one a release answered on (all of them when none was): the
 * client may start before the first release exists, and what it got until then is not a failure
 * of the data plane.
 */
export function servedRecords(records) {
  const firstServed = firstMatching(records, (r) => r.version !== null);
  return {
    firstServedAt: firstServed?.at ?? null,
    served: firstServed ? sentBetween(records, firstServed.at) : records,
  };
}

/**
 * The story's figures from the traffic client's records and the clock marks of the bad release's
 * deploy (`badDeployAt`) and the Rollback form (`formAt`, back to `formVersion`). Times in ms;
 * null where it never happened (no bad answer, traffic never fully back).
 */
export function storyFigures(
  records,
  { badDeployAt, formAt, previousVersion = PREVIOUS_RELEASE, formVersion = FORM_RELEASE },
) {
  const { firstServedAt, served } = servedRecords(records);
  const duringBad = sentBetween(records, badDeployAt, formAt);
  const firstBadAnswer = firstMatching(duringBad, (r) => r.version === BAD_RELEASE && r.status === 500);
  const backOnPrevious = switchComplete(duringBad, previousVersion);
  const formBack = switchComplete(sentBetween(records, formAt), formVersion);
  return {
    firstServedAt,
    requests: served.length,
    otherFailures: otherFailures(served),
    firstBadAnswerAt: firstBadAnswer?.at ?? null,
    badErrorToPreviousMs:
      firstBadAnswer && backOnPrevious && backOnPrevious.at > firstBadAnswer.at
        ? backOnPrevious.at - firstBadAnswer.at
        : null,
    formToTrafficBackMs: formBack ? formBack.at - formAt : null,
  };
}
