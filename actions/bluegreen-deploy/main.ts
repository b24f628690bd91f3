import { run } from '../../shared/bluegreen-deploy/run.js';

await run();
