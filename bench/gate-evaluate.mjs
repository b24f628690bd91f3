// Child process of bench/run.mjs: judges one report with the compiled policy and prints its own
// time and peak memory, so the figures are the gate's alone.
const [reportPath] = process.argv.slice(2);
const root = new URL('..', import.meta.url).pathname;
const { readTrivyReport } = await import(`${root}build/shared/report/trivy-reader.js`);
const { evaluate } = await import(`${root}build/shared/policy/evaluate.js`);
const { DEFAULT_BUDGETS } = await import(`${root}build/shared/policy/budgets.js`);
const { FRAMEWORKS } = await import(`${root}build/shared/policy/compliance.js`);

const started = performance.now();
// As the gate reads a report: from its file, in bounded memory.
const report = readTrivyReport(reportPath);
const result = evaluate(report, {
  severityThreshold: 'MEDIUM',
  budgets: DEFAULT_BUDGETS,
  ignoreUnfixed: false,
  failOnSecrets: true,
  ignore: {
    active: [{ kind: 'vulnerability', id: 'CVE-2099-00042', paths: ['**/package-lock.json'], purls: [] }],
    expired: [],
  },
  vex: [],
  compliance: Object.values(FRAMEWORKS),
  minComplianceScore: 0.8,
  scanners: new Set(['vuln', 'secret']),
});
const elapsed = performance.now() - started;
console.log(
  JSON.stringify({
    ms: Math.round(elapsed),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    counted: result.counted.length,
    verdict: result.verdict,
  }),
);
