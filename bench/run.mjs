// Benchmarks (printed, never asserted): the gate on 100,000 and 1,000,000 findings against
// `trivy convert` on the same files (the reader and the policy in one process, then the whole
// security-gate step as a process, as trivy convert is timed), and each bundle's start-up over a
// bare `node -e 0`.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'pipeline-bench-'));
const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'UNKNOWN'];

if (!existsSync(join(root, 'build', 'shared', 'policy', 'evaluate.js'))) {
  execFileSync('node', [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The environment a runner gives a step: this machine's own, without what changes how node starts
 * and that a runner does not set (NODE_EXTRA_CA_CERTS alone, which this machine sets, makes every
 * node process load a CA bundle: 30-40 ms here).
 */
const runnerEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'].includes(name)),
);

/** A runner reads a step's output through pipes (not /dev/null: node sets up a stream for a pipe). */
const runnerOutput = { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 2 ** 30 };

function timeRuns(command, args, runs, env = {}) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    spawnSync(command, args, { env: { ...runnerEnv, ...env }, ...runnerOutput });
    times.push(performance.now() - started);
  }
  return median(times);
}

/** One of trivy's own vulnerabilities (its golden report of debian:buster): every member it writes. */
const TRIVY_VULNERABILITY = JSON.parse(
  readFileSync(join(root, 'test', 'fixtures', 'trivy-reports', 'debian-buster.json'), 'utf8'),
).Results[0].Vulnerabilities[0];

/**
 * A report of `findings` vulnerabilities in lockfile results of 100, written a result at a time.
 * Lean (the figures' own report, the 1M one ~320 MB): the members the gate reads, its AVD links
 * included, on one line. Full: each vulnerability as trivy writes one (description, CVSS, vendor
 * severities, references, layer, data source), the report indented as trivy indents it (~3 KB a
 * finding: only the 100k one is written).
 */
function writeReport(path, findings, full = false) {
  const fd = openSync(path, 'w');
  writeSync(fd, '{"SchemaVersion":2,"ArtifactName":"bench","ArtifactType":"filesystem","Results":[');
  for (let r = 0; r < findings / 100; r++) {
    const vulnerabilities = [];
    for (let v = 0; v < 100; v++) {
      const n = r * 100 + v;
      const id = `CVE-2099-${String(n).padStart(7, '0')}`;
      const members = {
        VulnerabilityID: id,
        PkgName: `pkg-${n}`,
        PkgIdentifier: { PURL: `pkg:npm/pkg-${n}@1.0.${v}` },
        InstalledVersion: `1.0.${v}`,
        FixedVersion: n % 3 ? `1.1.${v}` : '',
        Status: n % 3 ? 'fixed' : 'affected',
        Severity: SEVERITIES[n % SEVERITIES.length],
        Title: `Synthetic vulnerability ${n} in pkg-${n}`,
        PrimaryURL: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
      };
      vulnerabilities.push(
        full
          ? {
              ...TRIVY_VULNERABILITY,
              ...members,
              PkgID: `pkg-${n}@1.0.${v}`,
              PkgIdentifier: { ...TRIVY_VULNERABILITY.PkgIdentifier, PURL: members.PkgIdentifier.PURL },
            }
          : members,
      );
    }
    const result = {
      Target: `app-${r}/package-lock.json`,
      Class: 'lang-pkgs',
      Type: 'npm',
      Vulnerabilities: vulnerabilities,
    };
    // trivy indents by two spaces; a result sits two levels deep.
    const text = full ? JSON.stringify(result, null, 2).replaceAll('\n', '\n    ') : JSON.stringify(result);
    writeSync(fd, (r ? ',' : '') + text);
  }
  writeSync(fd, ']}');
  closeSync(fd);
}

const trivy = [
  join(process.env.PIPELINE_TOOLS_CACHE || join(homedir(), '.cache', 'pipeline-tools'), 'bin', 'trivy'),
  'trivy',
].find((candidate) => spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0);

/**
 * The security-gate step as the runner runs it on `reportPath` (the bundle's whole process: start,
 * read, judge, summary, and SARIF when `sarif` is set), as `trivy convert` is timed: its wall time
 * and peak RSS.
 */
function gateStep(reportPath, sarif) {
  const rssFile = join(work, 'step-rss');
  const outputs = join(work, 'step-outputs');
  writeFileSync(outputs, '');
  const started = performance.now();
  spawnSync(
    'node',
    ['--require', join(root, 'bench', 'peak-rss.cjs'), join(root, 'dist', 'security-gate', 'index.js')],
    {
      env: {
        ...runnerEnv,
        INPUT_REPORT: reportPath,
        INPUT_SARIF: sarif ? join(work, 'gate.sarif') : '',
        RUNNER_TEMP: work,
        GITHUB_OUTPUT: outputs,
        GITHUB_STEP_SUMMARY: join(work, 'summary.md'),
        PIPELINE_BENCH_RSS_FILE: rssFile,
      },
      ...runnerOutput,
    },
  );
  const ms = performance.now() - started;
  if (!readFileSync(outputs, 'utf8').includes('verdict'))
    throw new Error(`the gate step judged nothing on ${reportPath}`);
  return { ms, rssMb: Number(readFileSync(rssFile, 'utf8')) };
}

/** The median time and the peak RSS of gate steps. */
function stepsSummed(runsOfStep) {
  return {
    ms: median(runsOfStep.map((run) => run.ms)),
    rssMb: Math.max(...runsOfStep.map((run) => run.rssMb)),
  };
}

// 1. The gate on 100,000 and on 1,000,000 findings (each judged in its own process: its own
// time and peak memory), and `trivy convert` on the same file; then 100,000 as trivy writes them.
// The targets are judged on the whole step against trivy convert's whole process, run in turn
// (convert, step, step with sarif) so that a drift in the machine's speed hits both alike.
const figures = {};
const stepFigures = {};
const stepRss = {};
const stepVsTrivy = {};
for (const [findings, runs, full] of [
  [100_000, 5, false],
  [1_000_000, 3, false],
  [100_000, 1, true],
]) {
  const reportPath = join(work, `report-${findings}${full ? '-full' : ''}.json`);
  writeReport(reportPath, findings, full);
  // Written out before anything is timed: the kernel's writeback would otherwise run beside it.
  execFileSync('sync');
  const gateRuns = [];
  for (let i = 0; i < runs; i++) {
    gateRuns.push(
      JSON.parse(execFileSync('node', [join(root, 'bench', 'gate-evaluate.mjs'), reportPath]).toString()),
    );
  }
  const gateMs = median(gateRuns.map((run) => run.ms));
  const gateRss = Math.max(...gateRuns.map((run) => run.maxRssMb));
  if (!full) figures[findings] = gateMs;
  const converts = [];
  const steps = [];
  const sarifSteps = [];
  for (let i = 0; i < runs; i++) {
    if (trivy)
      converts.push(
        timeRuns(
          trivy,
          [
            'convert',
            '--format',
            'json',
            '--severity',
            'MEDIUM,HIGH,CRITICAL',
            '--output',
            join(work, 'converted.json'),
            reportPath,
          ],
          1,
        ),
      );
    // The step as a user runs it by default (report only), then with SARIF for code scanning.
    steps.push(gateStep(reportPath, false));
    sarifSteps.push(gateStep(reportPath, true));
  }
  const convertMs = trivy ? median(converts) : undefined;
  const step = stepsSummed(steps);
  const withSarif = stepsSummed(sarifSteps);
  /** The median of the runs' step/convert ratios, each step against the convert just before it. */
  const pairedRatio = (runsOfStep) =>
    trivy ? median(runsOfStep.map((run, i) => run.ms / converts[i])) : undefined;
  if (!full) {
    stepFigures[findings] = step.ms;
    stepRss[findings] = step.rssMb;
    stepVsTrivy[findings] = pairedRatio(steps);
  }
  console.log(
    `${findings.toLocaleString('en')} findings${full ? ' as trivy writes them' : ''} (${(statSync(reportPath).size / 1e6).toFixed(0)} MB), ${runs} run(s): reader + policy in one process ${gateMs} ms, peak RSS ${gateRss} MB, counted ${gateRuns[0].counted}` +
      (convertMs
        ? `; trivy convert --severity MEDIUM,HIGH,CRITICAL ${Math.round(convertMs)} ms → gate/trivy ${(gateMs / convertMs).toFixed(2)}`
        : '; trivy not found: run scripts/install-tools.sh for the comparison'),
  );
  const versus = (runsOfStep) => (trivy ? ` → step/trivy ${pairedRatio(runsOfStep).toFixed(2)}` : '');
  console.log(
    `  the whole step, timed as trivy convert is (node, load, read, judge, summary): ${Math.round(step.ms)} ms, peak RSS ${step.rssMb} MB${versus(steps)}` +
      `; with sarif ${Math.round(withSarif.ms)} ms, peak RSS ${withSarif.rssMb} MB${versus(sarifSteps)}`,
  );
  rmSync(reportPath, { force: true });
}
const verdict = (ok) => (ok ? 'met' : 'NOT met');
const stepRatio = stepFigures[1_000_000] / stepFigures[100_000];
console.log(
  `targets, on the whole step as trivy convert is timed (default inputs): 100k ≤ 0.25× trivy convert: ${stepVsTrivy[100_000]?.toFixed(2) ?? '?'}× ${stepVsTrivy[100_000] === undefined ? '(no trivy)' : verdict(stepVsTrivy[100_000] <= 0.25)};` +
    ` 1M ≤ 5× the 100k time: ${stepRatio.toFixed(1)}× ${verdict(stepRatio <= 5)}; 1M ≤ 500 MB RSS: ${stepRss[1_000_000]} MB ${verdict(stepRss[1_000_000] <= 500)}`,
);
// The reader is linear: what the tenfold report adds per finding, and what is left over as fixed
// cost (in one process, that is mostly the JIT warming up), say whether a ratio comes from the work
// per finding or from scale itself.
const perFindingUs = ((figures[1_000_000] - figures[100_000]) / 900_000) * 1000;
const fixedMs = figures[100_000] - (perFindingUs * 100_000) / 1000;
console.log(
  `  the reader + policy alone, in one process: 1M/100k ${(figures[1_000_000] / figures[100_000]).toFixed(1)}×` +
    ` (linear fit: ${perFindingUs.toFixed(2)} µs per finding + ${Math.round(fixedMs)} ms fixed)`,
);

// 2. Start-up of each bundle: load plus its own work up to validating inputs (no inputs given), in
// this machine's environment (as the target was measured), and in a runner's, where node -e 0 itself
// is faster (no CA bundle to load) and the same own work weighs more. Each bundle runs in turn with
// a bare node, and the ratio is the median of those pairs: the machine's speed drifts over a run.
const machineEnv = { ...process.env };

/** Median of `runs` paired (bundle, node -e 0) runs: the bundle's time, node's, and their ratio. */
function startup(bundle, env, runs = 15) {
  const pairs = [];
  for (let i = 0; i < runs; i++) {
    const ms = timeRuns('node', [bundle], 1, env);
    const bare = timeRuns('node', ['-e', '0'], 1, env);
    pairs.push({ ms, bare, ratio: ms / bare });
  }
  return {
    ms: median(pairs.map((pair) => pair.ms)),
    bare: median(pairs.map((pair) => pair.bare)),
    ratio: median(pairs.map((pair) => pair.ratio)),
  };
}

console.log('\nstart-up, each bundle against node -e 0 run in turn with it (target ≤ 1.3×):');
let slowest = { name: '', ratio: 0 };
for (const name of readdirSync(join(root, 'dist')).sort()) {
  const bundle = join(root, 'dist', name, 'index.js');
  if (!existsSync(bundle)) continue;
  const env = { RUNNER_TEMP: work, GITHUB_OUTPUT: join(work, 'out'), GITHUB_STEP_SUMMARY: '' };
  const machine = startup(bundle, { ...machineEnv, ...env });
  const runner = startup(bundle, env);
  console.log(
    `${name}: ${machine.ms.toFixed(1)} ms against node's ${machine.bare.toFixed(1)} ms, own work ${(machine.ms - machine.bare).toFixed(1)} ms (target ≤ 60), ratio ${machine.ratio.toFixed(2)}×` +
      `; in a runner's environment ${runner.ms.toFixed(1)} against ${runner.bare.toFixed(1)} ms, ${runner.ratio.toFixed(2)}×`,
  );
  if (runner.ratio > slowest.ratio) slowest = { name, ratio: runner.ratio };
}
console.log(
  `target, in a runner's environment: every bundle ≤ 1.3× node -e 0: slowest ${slowest.name} ${slowest.ratio.toFixed(2)}× ${verdict(slowest.ratio <= 1.3)}`,
);
