import { post } from '../../shared/deploy/run.js';

await post();
