// The incident as a GitHub issue (`incident-issue: true`), so a rollback at night is on the
// team's board in the morning. Reporting never decides a rollback: an API failure is a warning.

import { errorMessage } from '../errors.js';
import { githubClient, workflowRepository } from '../github/client.js';
import type { SummaryBuilder } from '../report/summary.js';
import * as core from '../runner.js';

/** GitHub caps an issue body at 65,536 characters. */
const BODY_LIMIT = 65_000;

export async function openIncidentIssue(
  token: string | undefined,
  incident: { release: string; environment: string; from: { version?: string }; to: { version: string } },
  summary: SummaryBuilder,
): Promise<string | undefined> {
  const repository = workflowRepository();
  if (!token || !repository) {
    core.warning('incident-issue: needs token (issues write) and GITHUB_REPOSITORY; no issue opened');
    return undefined;
  }
  try {
    const octokit = await githubClient(token);
    const body = summary.toMarkdown();
    const created = await octokit.rest.issues.create({
      ...repository,
      title: `Rollback of ${incident.release} (${incident.environment}): ${incident.from.version ?? '?'} → ${incident.to.version}`,
      body:
        body.length > BODY_LIMIT
          ? `${body.slice(0, BODY_LIMIT)}\n\n…(cut; the whole record is the run's incident artifact)`
          : body,
      labels: ['incident'],
    });
    const url = (created.data as { html_url?: string }).html_url;
    core.info(`incident issue: ${url ?? `#${(created.data as { number?: number }).number}`}`);
    return url;
  } catch (error) {
    core.warning(`incident issue not opened: ${errorMessage(error)}`);
    return undefined;
  }
}
