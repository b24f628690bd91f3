import { run } from '../../shared/gate/run.js';

await run();
