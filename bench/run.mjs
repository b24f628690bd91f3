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

function timeRuns(command, args, runs, env = {}) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    spawnSync(command, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
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
        ...process.env,
        INPUT_REPORT: reportPath,
        INPUT_SARIF: sarif ? join(work, 'gate.sarif') : '',
        RUNNER_TEMP: work,
        GITHUB_OUTPUT: outputs,
        GITHUB_STEP_SUMMARY: join(work, 'summary.md'),
        PIPELINE_BENCH_RSS_FILE: rssFile,
      },
      stdio: 'ignore',
    },
  );
  const ms = performance.now() - started;
  if (!readFileSync(outputs, 'utf8').includes('verdict'))
    throw new Error(`the gate step judged nothing on ${reportPath}`);
  return { ms, rssMb: Number(readFileSync(rssFile, 'utf8')) };
}

/** The median time and the peak RSS of `runs` gate steps on `reportPath`. */
function gateSteps(reportPath, runs, sarif) {
  const steps = Array.from({ length: runs }, () => gateStep(reportPath, sarif));
  return { ms: median(steps.map((step) => step.ms)), rssMb: Math.max(...steps.map((step) => step.rssMb)) };
}

// 1. The gate on 100,000 and on 1,000,000 findings (each judged in its own process: its own
// time and peak memory), and `trivy convert` on the same file; then 100,000 as trivy writes them.
const figures = {};
const stepFigures = {};
for (const [findings, runs, full] of [
  [100_000, 3, false],
  [1_000_000, 1, false],
  [100_000, 1, true],
]) {
  const reportPath = join(work, `report-${findings}${full ? '-full' : ''}.json`);
  writeReport(reportPath, findings, full);
  const gateRuns = [];
  for (let i = 0; i < runs; i++) {
    gateRuns.push(
      JSON.parse(execFileSync('node', [join(root, 'bench', 'gate-evaluate.mjs'), reportPath]).toString()),
    );
  }
  const gateMs = median(gateRuns.map((run) => run.ms));
  const gateRss = Math.max(...gateRuns.map((run) => run.maxRssMb));
  if (!full) figures[findings] = gateMs;
  const convertMs = trivy
    ? timeRuns(
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
        runs,
      )
    : undefined;
  // The step as a user runs it by default (report only), then with SARIF for code scanning.
  const step = gateSteps(reportPath, runs, false);
  const withSarif = gateSteps(reportPath, runs, true);
  if (!full) stepFigures[findings] = step.ms;
  console.log(
    `${findings.toLocaleString('en')} findings${full ? ' as trivy writes them' : ''} (${(statSync(reportPath).size / 1e6).toFixed(0)} MB): gate ${gateMs} ms, peak RSS ${gateRss} MB, counted ${gateRuns[0].counted}` +
      (convertMs
        ? `; trivy convert --severity MEDIUM,HIGH,CRITICAL ${Math.round(convertMs)} ms → gate/trivy ${(gateMs / convertMs).toFixed(2)}`
        : '; trivy not found: run scripts/install-tools.sh for the comparison'),
  );
  const versus = (ms) => (convertMs ? ` → step/trivy ${(ms / convertMs).toFixed(2)}` : '');
  console.log(
    `  the whole step, timed as trivy convert is (node, load, read, judge, summary): ${Math.round(step.ms)} ms, peak RSS ${step.rssMb} MB${versus(step.ms)}` +
      `; with sarif ${Math.round(withSarif.ms)} ms, peak RSS ${withSarif.rssMb} MB${versus(withSarif.ms)}`,
  );
  rmSync(reportPath, { force: true });
}
// The reader is linear: what the tenfold report adds per finding, and what is left over as fixed
// cost, say whether the ratio above comes from the work per finding or from scale itself.
const perFindingUs = ((figures[1_000_000] - figures[100_000]) / 900_000) * 1000;
const fixedMs = figures[100_000] - (perFindingUs * 100_000) / 1000;
console.log(
  `targets: 100k ≤ 0.25× trivy convert; 1M ≤ 500 MB RSS and ≤ 5× the 100k time — 1M/100k: ${(figures[1_000_000] / figures[100_000]).toFixed(1)}×` +
    ` (linear fit: ${perFindingUs.toFixed(2)} µs per finding + ${Math.round(fixedMs)} ms fixed);` +
    ` the whole step (default inputs) 1M/100k: ${(stepFigures[1_000_000] / stepFigures[100_000]).toFixed(1)}×`,
);

// 2. Start-up of each bundle: load plus its own work up to validating inputs (no inputs given).
const baseline = timeRuns('node', ['-e', '0'], 15);
console.log(`\nnode -e 0: ${baseline.toFixed(1)} ms`);
for (const name of readdirSync(join(root, 'dist')).sort()) {
  const bundle = join(root, 'dist', name, 'index.js');
  if (!existsSync(bundle)) continue;
  const ms = timeRuns('node', [bundle], 15, {
    RUNNER_TEMP: work,
    GITHUB_OUTPUT: join(work, 'out'),
    GITHUB_STEP_SUMMARY: '',
  });
  console.log(
    `${name}: ${ms.toFixed(1)} ms, own work ${(ms - baseline).toFixed(1)} ms (target ≤ 60), ratio ${(ms / baseline).toFixed(2)}× node -e 0`,
  );
}
