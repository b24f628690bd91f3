import { run } from '../../shared/housekeeping/run.js';

await run();
