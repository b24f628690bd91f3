import { post } from '../../shared/promote/run.js';

await post();
