import { run } from '../../shared/build/main.js';

await run();
