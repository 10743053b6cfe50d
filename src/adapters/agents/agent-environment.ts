/**
 * The environment an agent runs with: a short allowlist (PATH, HOME, locale, temp dir) plus the one
 * model key and base URL the agent needs, taken from the step's environment. Forge tokens and Ouro's
 * own secrets are refused by name even if an adapter asked for them, so a mistake in an adapter
 * cannot leak them to a third-party program.
 */
import { OuroError } from '../../errors/index.js';

const baseNames = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'TMPDIR',
  'TEMP',
  'TMP',
  'TZ',
  'TERM',
  'LANG',
  'LANGUAGE',
];

const forbiddenPatterns = [/^OURO_/, /^GITHUB_/, /^GH_/, /^GITLAB_/, /^GL_TOKEN$/, /^BITBUCKET_/, /_TOKEN$/];

export function isForbiddenAgentVariable(name: string): boolean {
  return forbiddenPatterns.some((pattern) => pattern.test(name));
}

/**
 * `modelVariables` are the names the agent needs (ANTHROPIC_API_KEY…), copied when set in `source`;
 * `fixed` are values the adapter sets itself (switches that keep the agent quiet and offline).
 */
export function agentEnvironment(
  source: NodeJS.ProcessEnv,
  modelVariables: readonly string[],
  fixed: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  const copy = (name: string): void => {
    const value = source[name];
    if (value !== undefined) result[name] = value;
  };
  for (const name of baseNames) copy(name);
  for (const name of Object.keys(source)) if (name.startsWith('LC_')) copy(name);
  for (const name of [...modelVariables, ...Object.keys(fixed)]) {
    if (isForbiddenAgentVariable(name)) {
      throw new OuroError('OURO_INTERNAL', {
        message: `an agent adapter asked to pass ${name} to the agent; forge tokens and Ouro secrets never leave Ouro`,
      });
    }
  }
  for (const name of modelVariables) copy(name);
  return { ...result, ...fixed };
}
