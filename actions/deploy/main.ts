import { run } from '../../shared/deploy/main.js';

await run();
