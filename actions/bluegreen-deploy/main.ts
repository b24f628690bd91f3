import { run } from '../../shared/bluegreen-deploy/main.js';

await run();
