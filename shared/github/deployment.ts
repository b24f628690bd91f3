// A GitHub Deployment with statuses for each blue-green deploy, when a token is given, so the
// environment page shows what is live. Reporting never decides a deploy: API failures are warnings.

import { errorMessage } from '../errors.js';
import * as core from '../runner.js';
import { githubClient, workflowRepository } from './client.js';

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

export interface DeploymentReporter {
  status(state: DeploymentState, description: string, environmentUrl?: string): Promise<void>;
}

const SILENT: DeploymentReporter = { status: async () => {} };

export async function startGithubDeployment(
  token: string | undefined,
  options: { environment: string; version: string; description: string },
): Promise<DeploymentReporter> {
  const env = process.env;
  if (!token) return SILENT;
  const repository = workflowRepository(env);
  if (!repository || !env.GITHUB_SHA) {
    core.warning('token given but GITHUB_REPOSITORY / GITHUB_SHA are not set: no GitHub Deployment reported');
    return SILENT;
  }
  const { owner, repo } = repository;
  try {
    const octokit = await githubClient(token, env);
    const created = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: env.GITHUB_SHA,
      environment: options.environment,
      description: options.description,
      auto_merge: false,
      required_contexts: [],
      production_environment: /prod/i.test(options.environment),
      payload: { version: options.version },
    });
    const id = (created.data as { id?: number }).id;
    if (!id) throw new Error(`GitHub did not create a deployment (HTTP ${created.status})`);
    const logUrl = env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL || 'https://github.com'}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
    const reporter: DeploymentReporter = {
      status: async (state, description, environmentUrl) => {
        try {
          await octokit.rest.repos.createDeploymentStatus({
            owner,
            repo,
            deployment_id: id,
            state,
            description: description.slice(0, 140),
            ...(environmentUrl ? { environment_url: environmentUrl } : {}),
            ...(logUrl ? { log_url: logUrl } : {}),
            auto_inactive: true,
          });
        } catch (error) {
          core.warning(`GitHub Deployment status ${state} not reported: ${errorMessage(error)}`);
        }
      },
    };
    await reporter.status('in_progress', `deploying ${options.version}`);
    return reporter;
  } catch (error) {
    core.warning(`GitHub Deployment not reported: ${errorMessage(error)}`);
    return SILENT;
  }
}
