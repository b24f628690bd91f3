// The installer against a loopback mirror: what enters the tool cache is the pinned release,
// checked, at the pinned version; a later run trusts the cache, so nothing else may enter it.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { currentPlatform, installTool, type ToolSpec } from '../../shared/tools/installer.js';

const SCRIPT = '#!/bin/sh\necho "Version: 9.9.8"\n';
const ASSET = 'org/fake-tool/releases/download/v9.9.9/fake-tool';
let server: Server;
let mirror: string;
let requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(SCRIPT);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  mirror = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/mirror`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  requests = [];
  const run = mkdtempSync(join(tmpdir(), 'installer-unit-'));
  process.env.RUNNER_TEMP = join(run, 'temp');
  process.env.RUNNER_TOOL_CACHE = join(run, 'cache');
});

/** A pin whose checksum matches the asset, but whose binary reports another version. */
function spec(): ToolSpec {
  return {
    name: 'fake-tool',
    version: '9.9.9',
    versionArgs: ['--version'],
    parseVersion: (output) => /Version:\s*(\S+)/.exec(output)?.[1],
    assets: {
      [currentPlatform()]: {
        path: ASSET,
        sha256: createHash('sha256').update(SCRIPT).digest('hex'),
        kind: 'binary',
      },
    },
  };
}

describe('installer', () => {
  it('a binary reporting another version than pinned is refused on every run, and never cached', async () => {
    const refused = "fake-tool: installed binary reports version '9.9.8', expected 9.9.9";
    await expect(installTool(spec(), { mirror, reusePath: false })).rejects.toThrow(refused);
    expect(existsSync(join(process.env.RUNNER_TOOL_CACHE as string, 'fake-tool'))).toBe(false);
    await expect(installTool(spec(), { mirror, reusePath: false })).rejects.toThrow(refused);
    expect(requests).toEqual([`/mirror/${ASSET}`, `/mirror/${ASSET}`]);
  });
});
