// Real workloads, measured from the outside (printed, never asserted): the story of
// scripts/lib/workload-story.mjs — a first deploy, a healthy second, a bad third rolled back
// automatically, the Rollback form — on the local platform's real node, while a traffic client
// sends steady traffic through Traefik's Gateway and records every answer.
//
//   npm run bench:workloads [-- --rps 120]
//
// Figures, each beside its target: requests that failed for another reason than the bad release's
// own errors (target 0 of at least 20,000); the bad release's first error → every answer from the
// previous version again (target: the SLO's `for` + 5 s); the Rollback form's start → traffic back.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensurePlatform } from '../platform/index.mjs';
import { runActionBundleAsync } from '../scripts/lib/run-bundle.mjs';
import { startTraffic, summarize, timeline } from '../scripts/lib/traffic.mjs';
import {
  BAD_RELEASE,
  ERROR_RATE_FOR_SECONDS,
  servedRecords,
  storyFigures,
  workloadStory,
} from '../scripts/lib/workload-story.mjs';

const MIN_REQUESTS = 20_000;
const { values } = parseArgs({ options: { rps: { type: 'string', default: '120' } } });
const rps = Number(values.rps);
if (!Number.isInteger(rps) || rps < 1 || rps > 1000) {
  console.error(`--rps: '${values.rps}' is not a whole number of requests per second from 1 to 1000`);
  process.exit(2);
}

const status = await ensurePlatform();
const work = mkdtempSync(join(tmpdir(), 'pipeline-bench-workloads-'));
const release = `wl-${Date.now().toString(36).slice(-5)}`;
const step = async (action, inputs, options) => {
  const run = await runActionBundleAsync(action, inputs, { ...options, parent: work });
  return { ...run, exitCode: run.status };
};
const story = workloadStory({ status, release, work, runAction: step });
const say = (line) => console.log(`[bench:workloads] ${line}`);

let traffic;
try {
  say(`building the releases of examples/app with build-push (buildah)…`);
  await story.buildImages();
  story.applyRoutes();
  // The users arrive before the first release does; what they get until it answers is not counted.
  traffic = startTraffic({ url: story.liveUrl, rps, durationMs: 30 * 60_000, maxRequests: 200_000 });
  say(`traffic: ${rps} requests/s to ${story.liveUrl}`);
  const first = await story.deploy('1.0.0');
  if (first.exitCode !== 0) throw new Error(`the first deploy failed:\n${first.stdout}`);
  const second = await story.deploy('2.0.0');
  say(`2.0.0: exit ${second.exitCode}, verdict ${second.outputs.verdict}`);
  const badDeployAt = traffic.now();
  const third = await story.deploy(BAD_RELEASE);
  say(
    `${BAD_RELEASE}: exit ${third.exitCode}, verdict ${third.outputs.verdict}, rolled back ${third.outputs['rolled-back']}`,
  );
  const formAt = traffic.now();
  const form = await story.rollbackForm('1.0.0', 'bench: back to the first release');
  say(`Rollback form → 1.0.0: exit ${form.exitCode}`);
  // Keep the traffic going until the sample is large enough (and a little after the form).
  await new Promise((resolve) => setTimeout(resolve, 2000));
  let ended = false;
  traffic.done.then(() => {
    ended = true;
  });
  // What counts starts with the first answer from a release, as in storyFigures.
  const enough = () => {
    const { firstServedAt, served } = servedRecords(traffic.records);
    return firstServedAt !== null && served.length >= MIN_REQUESTS;
  };
  while (!ended && !enough()) await new Promise((resolve) => setTimeout(resolve, 500));
  const run = await traffic.stop();
  traffic = undefined;

  const figures = storyFigures(run.records, { badDeployAt, formAt });
  const seconds = (ms) => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`);
  const target = ERROR_RATE_FOR_SECONDS + 5;
  const summary = summarize(run);
  writeFileSync(
    join(work, 'traffic.json'),
    JSON.stringify({ summary, timeline: timeline(run.records, 1000) }),
  );
  console.log('');
  console.log(
    `requests sent: ${figures.requests} at ${summary.achievedRps?.toFixed(0)} requests/s, by version ${JSON.stringify(summary.byVersion)}`,
  );
  console.log(
    `failed for another reason than the bad release's errors: ${figures.otherFailures.length} of ${figures.requests} (target 0 of ≥ ${MIN_REQUESTS})`,
  );
  console.log(
    `bad release's first error → 100% from 2.0.0: ${seconds(figures.badErrorToPreviousMs)} (target ≤ ${target} s: the error-rate 'for' ${ERROR_RATE_FOR_SECONDS} s + 5 s)` +
      (figures.badErrorToPreviousMs === null
        ? ''
        : `, ratio ${(figures.badErrorToPreviousMs / 1000 / target).toFixed(2)}`),
  );
  console.log(`Rollback form's start → 100% from 1.0.0: ${seconds(figures.formToTrafficBackMs)}`);
  console.log(
    `latency p50/p99: ${summary.latencyMs.p50?.toFixed(1)} / ${summary.latencyMs.p99?.toFixed(1)} ms`,
  );
  console.log(`records and a per-second timeline: ${join(work, 'traffic.json')}`);
  for (const failure of figures.otherFailures.slice(0, 5)) console.log(`  e.g. ${JSON.stringify(failure)}`);
} finally {
  await traffic?.stop();
  story.cleanup();
}
