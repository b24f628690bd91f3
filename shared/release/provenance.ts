// SLSA provenance v1 for an image built in a GitHub Actions run, as a cosign attestation predicate
// (type https://slsa.dev/provenance/v1).
export interface ProvenanceInput {
  context: string;
  file: string;
  platforms: string[];
  buildArgs: Record<string, string>;
  startedOn: Date;
  finishedOn: Date;
  env?: NodeJS.ProcessEnv;
}

export const PROVENANCE_BUILD_TYPE = 'https://github.com/org/pipeline/build-push/v1';

export function slsaProvenance(input: ProvenanceInput): Record<string, unknown> {
  const env = input.env ?? process.env;
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  const repository = env.GITHUB_REPOSITORY || 'local/unknown';
  const ref = env.GITHUB_REF || '';
  const workflowRef = env.GITHUB_WORKFLOW_REF || `${repository}/.github/workflows/unknown@${ref}`;
  const dependency: Record<string, unknown> = { uri: `git+${server}/${repository}@${ref}` };
  if (env.GITHUB_SHA) dependency.digest = { gitCommit: env.GITHUB_SHA };
  return {
    buildDefinition: {
      buildType: PROVENANCE_BUILD_TYPE,
      externalParameters: {
        workflow: {
          ref,
          repository: `${server}/${repository}`,
          path: workflowRef.split('@')[0]?.replace(`${repository}/`, ''),
        },
        context: input.context,
        file: input.file,
        platforms: input.platforms,
        buildArgs: input.buildArgs,
      },
      internalParameters: {
        github: {
          event_name: env.GITHUB_EVENT_NAME,
          repository_id: env.GITHUB_REPOSITORY_ID,
          repository_owner_id: env.GITHUB_REPOSITORY_OWNER_ID,
          runner_environment: env.RUNNER_ENVIRONMENT,
        },
      },
      resolvedDependencies: [dependency],
    },
    runDetails: {
      builder: { id: `${server}/${workflowRef}` },
      metadata: {
        invocationId: `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID ?? '0'}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
        startedOn: input.startedOn.toISOString(),
        finishedOn: input.finishedOn.toISOString(),
      },
    },
  };
}
