import { post } from '../../shared/rollback/run.js';

await post();
