#!/usr/bin/env node
// npm run platform:up | platform:down | --silent platform:status
//   up      start whatever is not running (builds missing tools first); prints the status JSON
//   down    stop every process the platform started, by PID, and remove its state
//   status  print the status JSON; exit 1 when the platform is not (fully) running
import { down, platformStatus, up } from './index.mjs';

const command = process.argv[2];
try {
  if (command === 'up') {
    const status = await up();
    process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
  } else if (command === 'down') {
    await down();
  } else if (command === 'status') {
    const status = await platformStatus();
    process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    process.exitCode = status.running ? 0 : 1;
  } else {
    process.stderr.write('usage: node platform/cli.mjs up|down|status\n');
    process.exitCode = 2;
  }
} catch (error) {
  process.stderr.write(`[platform] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
