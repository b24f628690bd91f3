// The GitHub REST API for the workflow's own repository (Deployments, incident issues), and who ran what.

import type { getOctokit } from '@actions/github';
import { deadlineText } from '../net.js';
import * as core from '../runner.js';

export type Octokit = ReturnType<typeof getOctokit>;

/** The workflow's repository (GITHUB_REPOSITORY), when the runner says which. */
export function workflowRepository(
  env: NodeJS.ProcessEnv = process.env,
): { owner: string; repo: string } | undefined {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  return owner && repo ? { owner, repo } : undefined;
}

/** Each GitHub API call's deadline: reporting must never hold a rollback hostage. */
export const GITHUB_API_TIMEOUT_MS = 30_000;

/**
 * A client with `token`, masked first, at GITHUB_API_URL (GitHub Enterprise) or api.github.com;
 * every call ends within `timeoutMs` ("no answer within 30s").
 */
export async function githubClient(
  token: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = GITHUB_API_TIMEOUT_MS,
): Promise<Octokit> {
  core.setSecret(token);
  // Loaded only here: octokit is a large part of a bundle and most runs never need it.
  const { getOctokit } = await import('@actions/github');
  const octokit = getOctokit(token, { baseUrl: env.GITHUB_API_URL || 'https://api.github.com' });
  // A hook, not our own fetch: @actions/github's fetch is the one that honours the runner's proxy.
  octokit.hook.wrap('request', async (request, options) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      // Set on the options as given: a copy of them loses what octokit's own hooks carry (the
      // call never reaches fetch).
      options.request = { ...options.request, signal: deadline };
      return await request(options);
    } catch (error) {
      if (deadline.aborted) throw new Error(`GitHub API: no answer within ${deadlineText(timeoutMs)}`);
      throw error;
    }
  });
  return octokit;
}

/** The run and the person behind a change, for the release record and the incident. */
export function actor(env: NodeJS.ProcessEnv = process.env): { run?: string; actor?: string } {
  return {
    run: env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined,
    actor: env.GITHUB_ACTOR,
  };
}
