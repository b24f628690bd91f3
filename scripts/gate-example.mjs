// `npm run gate`: the security gate on real examples, exactly as a runner would run the action.
// Starts a loopback registry with the trivy DB built from test/fixtures and two images, then runs
// dist/security-gate/index.js on each and prints its verdict and job summary.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runActionBundle } from './lib/run-bundle.mjs';
import { prepareScanEnvironment, repoRoot, withToolsOnPath } from './lib/scan-env.mjs';

const keep = process.argv.includes('--keep');
// Builds trivy, cosign and the DB builder on the first run (minutes), a no-op afterwards.
const install = spawnSync('bash', [join(repoRoot, 'scripts', 'install-tools.sh')], { stdio: 'inherit' });
if (install.status !== 0) process.exit(install.status ?? 1);
withToolsOnPath();
const work = mkdtempSync(join(tmpdir(), 'pipeline-gate-'));
const started = Date.now();
console.log(
  'Starting a registry on loopback, pushing the trivy DB built from test/fixtures, building images…',
);
const env = await prepareScanEnvironment(work);
console.log(
  `ready in ${((Date.now() - started) / 1000).toFixed(1)}s: registry ${env.registry}, DB ${env.dbRepository}\n`,
);

function runGate(label, inputs) {
  const run = runActionBundle('security-gate', inputs, { parent: work });
  console.log(`━━ ${label} — exit ${run.status} in ${(run.ms / 1000).toFixed(1)}s (summary: ${run.summary})`);
  for (const line of run.stdout.split('\n'))
    if (line.startsWith('::error') || line.startsWith('::warning')) console.log(line);
  console.log(`\n${readFileSync(run.summary, 'utf8')}`);
  return run.status;
}

const common = {
  'db-repository': env.dbRepository,
  'cache-dir': join(work, 'trivy-cache'),
  scanners: 'vuln,secret,misconfig',
  compliance: 'CIS,NIST',
};
const vulnerable = runGate(`security-gate on ${env.images.vulnerable}`, {
  'scan-ref': env.images.vulnerable,
  ...common,
});
const clean = runGate(`security-gate on ${env.images.clean}`, {
  'scan-ref': env.images.clean,
  ...common,
  'severity-threshold': 'MEDIUM',
  'min-compliance-score': '0.5',
});

await env.stopRegistry();
if (keep) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
const asExpected = vulnerable === 1 && clean === 0;
console.log(
  asExpected
    ? 'As expected: the vulnerable image is blocked, the clean one passes.'
    : 'Unexpected verdicts: see above.',
);
process.exit(asExpected ? 0 : 1);
