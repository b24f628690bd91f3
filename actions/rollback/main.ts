import { run } from '../../shared/rollback/main.js';

await run();
