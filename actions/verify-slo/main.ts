import { run } from '../../shared/slo/run.js';

await run();
