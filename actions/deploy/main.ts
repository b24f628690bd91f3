import { run } from '../../shared/deploy/umbrella.js';

await run();
