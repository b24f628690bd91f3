// A loopback stand-in for the GitHub REST API's Deployments and issue-creation endpoints (a true edge: this machine
// cannot reach api.github.com). It replays the responses in test/fixtures/github and records what
// the actions sent, for the tests to assert on.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { repoRoot } from './bundle.js';

export interface GithubApiRequest {
  method: string;
  url: string;
  body: Record<string, unknown>;
}

export interface GithubApi {
  /** Base URL for GITHUB_API_URL. */
  url: string;
  requests: GithubApiRequest[];
  close(): Promise<void>;
}

const fixture = (name: string) => readFileSync(join(repoRoot, 'test', 'fixtures', 'github', name), 'utf8');

export async function startGithubApi(): Promise<GithubApi> {
  const requests: GithubApiRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body: body ? JSON.parse(body) : {} });
      const file = req.url?.endsWith('/statuses')
        ? 'create-deployment-status.json'
        : req.url?.endsWith('/issues')
          ? 'create-issue.json'
          : 'create-deployment.json';
      res.writeHead(201, { 'content-type': 'application/json' }).end(fixture(file));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
