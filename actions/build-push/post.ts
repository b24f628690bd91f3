import { post } from '../../shared/build/run.js';

await post();
