import { run } from '../../shared/build/run.js';

await run();
