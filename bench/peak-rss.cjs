// Preloaded (`node --require`) into a bundle bench/run.mjs runs whole: writes the process's peak
// RSS, in MB, to PIPELINE_BENCH_RSS_FILE as it exits.
process.on('exit', () => {
  require('node:fs').writeFileSync(
    process.env.PIPELINE_BENCH_RSS_FILE,
    String(Math.round(process.resourceUsage().maxRSS / 1024)),
  );
});
