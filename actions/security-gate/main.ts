import { run } from '../../shared/gate/main.js';

await run();
