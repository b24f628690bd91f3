import { post } from '../../shared/deploy/umbrella.js';

await post();
