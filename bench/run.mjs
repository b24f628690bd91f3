// Benchmarks (printed, never asserted): the gate on 100,000 findings against `trivy convert`
// on the same file, and each bundle's start-up over a bare `node -e 0`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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

// 1. 100,000 findings in 1,000 lockfile results.
const findings = 100_000;
const results = [];
for (let r = 0; r < 1000; r++) {
  const vulnerabilities = [];
  for (let v = 0; v < findings / 1000; v++) {
    const n = r * 100 + v;
    vulnerabilities.push({
      VulnerabilityID: `CVE-2099-${String(n).padStart(5, '0')}`,
      PkgName: `pkg-${n}`,
      PkgIdentifier: { PURL: `pkg:npm/pkg-${n}@1.0.${v}` },
      InstalledVersion: `1.0.${v}`,
      FixedVersion: n % 3 ? `1.1.${v}` : '',
      Status: n % 3 ? 'fixed' : 'affected',
      Severity: SEVERITIES[n % SEVERITIES.length],
      Title: `Synthetic vulnerability ${n} in pkg-${n}`,
      PrimaryURL: `https://avd.aquasec.com/nvd/cve-2099-${n}`,
    });
  }
  results.push({
    Target: `app-${r}/package-lock.json`,
    Class: 'lang-pkgs',
    Type: 'npm',
    Vulnerabilities: vulnerabilities,
  });
}
const reportPath = join(work, 'report-100k.json');
writeFileSync(
  reportPath,
  JSON.stringify({ SchemaVersion: 2, ArtifactName: 'bench', ArtifactType: 'filesystem', Results: results }),
);
console.log(`report: ${findings} findings, ${(statSync(reportPath).size / 1e6).toFixed(1)} MB`);

const gateRuns = [];
for (let i = 0; i < 3; i++) {
  gateRuns.push(
    JSON.parse(execFileSync('node', [join(root, 'bench', 'gate-evaluate.mjs'), reportPath]).toString()),
  );
}
const gateMs = median(gateRuns.map((run) => run.ms));
const gateRss = Math.max(...gateRuns.map((run) => run.maxRssMb));
console.log(
  `gate evaluate: ${gateMs} ms (target ≤ 1000), peak RSS ${gateRss} MB (target ≤ 300), counted ${gateRuns[0].counted}`,
);

const trivy = [
  join(process.env.PIPELINE_TOOLS_CACHE || join(homedir(), '.cache', 'pipeline-tools'), 'bin', 'trivy'),
  'trivy',
].find((candidate) => spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0);
if (trivy) {
  const convertMs = timeRuns(
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
    3,
  );
  console.log(
    `trivy convert --severity MEDIUM,HIGH,CRITICAL: ${Math.round(convertMs)} ms → gate/trivy ratio ${(gateMs / convertMs).toFixed(2)}`,
  );
} else {
  console.log('trivy not found: run scripts/install-tools.sh for the comparison');
}

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
