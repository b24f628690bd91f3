import { run } from '../../shared/promote/run.js';

await run();
