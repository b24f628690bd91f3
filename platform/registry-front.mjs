#!/usr/bin/env node
// The platform's OCI registry: Debian's docker-registry (started by registry.mjs's
// startRegistry on a free loopback port) behind this small pass-through proxy on the platform's
// fixed port. The proxy is where faults are injected, so tests can make the registry fail:
//
//   node platform/registry-front.mjs --port 16450 --dir STATE/registry --fault-file F --ready-file R
//
// On SIGUSR1 it re-reads the fault file ({"mode": "unavailable"|"refuse"} or absent):
//   unavailable  every request gets 503 with a registry-style UNAVAILABLE error
//   refuse       the port is closed (connection refused) until the fault is cleared
// On SIGTERM it stops docker-registry and exits.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { parseArgs } from 'node:util';
import { startRegistry } from './registry.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    dir: { type: 'string' },
    'fault-file': { type: 'string' },
    'ready-file': { type: 'string' },
  },
});
for (const name of ['port', 'dir', 'fault-file', 'ready-file']) {
  if (!values[name]) {
    process.stderr.write(`registry-front: --${name} is required\n`);
    process.exit(2);
  }
}
const port = Number(values.port);

const backend = await startRegistry(values.dir);
const [backendHost, backendPort] = backend.address.split(':');

let fault = null;
function readFault() {
  try {
    fault = existsSync(values['fault-file'])
      ? (JSON.parse(readFileSync(values['fault-file'], 'utf8')).mode ?? null)
      : null;
  } catch {
    fault = null;
  }
}

const sockets = new Set();
const server = createServer((request, response) => {
  if (fault === 'unavailable') {
    const body = '{"errors":[{"code":"UNAVAILABLE","message":"registry fault injected by the platform"}]}\n';
    response.writeHead(503, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
    return;
  }
  const upstream = httpRequest(
    {
      host: backendHost,
      port: Number(backendPort),
      method: request.method,
      path: request.url,
      headers: request.headers, // Host stays ours, so the registry's Location URLs point here
    },
    (upstreamResponse) => {
      response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
      upstreamResponse.pipe(response);
    },
  );
  upstream.on('error', (error) => {
    if (response.headersSent) return response.destroy();
    const body = `{"errors":[{"code":"UNAVAILABLE","message":"docker-registry: ${error.message}"}]}\n`;
    response.writeHead(502, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
  request.pipe(upstream);
});
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});

function listen() {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function applyFault() {
  readFault();
  if (fault === 'refuse' && server.listening) {
    server.close();
    for (const socket of sockets) socket.destroy();
  } else if (fault !== 'refuse' && !server.listening) {
    listen().catch((error) =>
      process.stderr.write(`registry-front: cannot listen again: ${error.message}\n`),
    );
  }
}

readFault();
try {
  if (fault !== 'refuse') await listen();
} catch (error) {
  await backend.stop();
  process.stderr.write(`registry-front: cannot listen on 127.0.0.1:${port}: ${error.message}\n`);
  process.exit(1);
}
writeFileSync(
  values['ready-file'],
  `${JSON.stringify({ address: `127.0.0.1:${port}`, backend: backend.address, backendPid: backend.pid })}\n`,
);
process.stdout.write(
  `registry on 127.0.0.1:${port} → docker-registry ${backend.address} (pid ${backend.pid})\n`,
);

process.on('SIGUSR1', applyFault);
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => {
    server.close();
    for (const socket of sockets) socket.destroy();
    await backend.stop();
    process.exit(0);
  });
}
