/**
 * Commits need an identity; a machine without one gets Ouro's rather than a failed step (or a failed
 * rollback). Values already in the environment win over the fallback.
 */
import { runGit, type GitCommandOptions } from './git-command.js';

export async function identityEnvironment(
  options: Omit<GitCommandOptions, 'allowExitCodes' | 'input'>,
): Promise<NodeJS.ProcessEnv> {
  const env = { ...options.env };
  const command = { ...options, allowExitCodes: [1] };
  const name = (await runGit(['config', 'user.name'], command)).stdout.trim();
  const email = (await runGit(['config', 'user.email'], command)).stdout.trim();
  if (name === '') {
    env.GIT_AUTHOR_NAME ??= 'Ouro';
    env.GIT_COMMITTER_NAME ??= 'Ouro';
  }
  if (email === '') {
    env.GIT_AUTHOR_EMAIL ??= 'ouro@localhost';
    env.GIT_COMMITTER_EMAIL ??= 'ouro@localhost';
  }
  return env;
}
