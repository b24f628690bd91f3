import { run } from '../../shared/fleet/run.js';

await run();
