// The GitHub REST API for the workflow's own repository (Deployments, incident issues), and who ran what.
import * as core from '@actions/core';
import type { getOctokit } from '@actions/github';

export type Octokit = ReturnType<typeof getOctokit>;

/** The workflow's repository (GITHUB_REPOSITORY), when the runner says which. */
export function workflowRepository(
  env: NodeJS.ProcessEnv = process.env,
): { owner: string; repo: string } | undefined {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  return owner && repo ? { owner, repo } : undefined;
}

/** A client with `token`, masked first, at GITHUB_API_URL (GitHub Enterprise) or api.github.com. */
export async function githubClient(token: string, env: NodeJS.ProcessEnv = process.env): Promise<Octokit> {
  core.setSecret(token);
  // Loaded only here: octokit is a large part of a bundle and most runs never need it.
  const { getOctokit } = await import('@actions/github');
  return getOctokit(token, { baseUrl: env.GITHUB_API_URL || 'https://api.github.com' });
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
