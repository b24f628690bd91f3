import { removeCredentials } from '../../shared/state.js';

await removeCredentials();
