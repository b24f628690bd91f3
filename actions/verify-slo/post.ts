import { post } from '../../shared/slo/run.js';

await post();
