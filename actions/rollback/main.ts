import { run } from '../../shared/rollback/run.js';

await run();
