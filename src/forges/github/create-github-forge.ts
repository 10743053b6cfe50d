import { OuroError } from '../../errors/index.js';
import type { Logger } from '../../observability/logger-types.js';
import { createGitHubClient, type GitHubClientOptions } from './github-client.js';
import { GitHubForge } from './github-forge.js';

export interface GitHubForgeSettings {
  owner: string;
  repo: string;
  token_env: string;
  api_url: string;
}

/**
 * The GitHub forge from `forge.github` of the configuration. The token is read from the variable the
 * configuration names, here and nowhere else, and is never logged.
 */
export function createGitHubForge(
  settings: GitHubForgeSettings,
  context: { env: Record<string, string | undefined>; logger: Logger } & Pick<
    GitHubClientOptions,
    'pacing' | 'retryAfterUnitMs' | 'maxRateLimitRetries'
  >,
): GitHubForge {
  const token = context.env[settings.token_env];
  if (token === undefined || token === '') {
    throw new OuroError('OURO_GITHUB_TOKEN_MISSING', { variable: settings.token_env });
  }
  const client = createGitHubClient({
    token,
    apiUrl: settings.api_url,
    logger: context.logger.child({ forge: 'github', repository: `${settings.owner}/${settings.repo}` }),
    ...(context.pacing === undefined ? {} : { pacing: context.pacing }),
    ...(context.retryAfterUnitMs === undefined ? {} : { retryAfterUnitMs: context.retryAfterUnitMs }),
    ...(context.maxRateLimitRetries === undefined
      ? {}
      : { maxRateLimitRetries: context.maxRateLimitRetries }),
  });
  return new GitHubForge({ client, owner: settings.owner, repo: settings.repo });
}

/** The registry's entry: `forge.github` is present whenever `forge.type` is github (the schema checks it). */
export function createGitHubForgeFromConfig(
  forge: { github?: GitHubForgeSettings | undefined },
  context: { env: Record<string, string | undefined>; logger: Logger },
): GitHubForge {
  if (forge.github === undefined) {
    throw new OuroError('OURO_FORGE_NOT_IMPLEMENTED', {
      forge: 'github',
      reason: 'forge.github (owner, repo) is not configured',
    });
  }
  return createGitHubForge(forge.github, context);
}
