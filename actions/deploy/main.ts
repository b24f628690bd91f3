import { run } from '../../shared/deploy/run.js';

await run();
