/**
 * `codex`: OpenAI's Codex CLI non-interactively (`codex exec --json`, the task on stdin). Permission
 * modes map to its sandbox (`read-only`, `workspace-write`; the bypass flag only when allowed). A
 * custom endpoint is a Codex model provider set with `-c model_providers.<name>.…` (from the
 * `provider` parameter, or OPENAI_BASE_URL of the step's environment), speaking the Responses API by
 * default. The environment carries only the provider's key variable and base URL besides the basics.
 */
import { z } from 'zod';
import type { AgentDefinition } from './agent-definition.js';
import { agentEnvironment, isForbiddenAgentVariable } from './agent-environment.js';
import { agentCommonParamsShape, type AgentPermission } from './agent-params.js';
import { createCodexEventParser } from './parse-codex-events.js';

const providerSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('ouro')
    .describe('Provider id in Codex’s configuration'),
  base_url: z.url().describe('Base URL of the OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1'),
  env_key: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .refine(
      (name) => !isForbiddenAgentVariable(name),
      'forge tokens and Ouro secrets are never passed to agents',
    )
    .default('OPENAI_API_KEY')
    .describe('Variable holding the API key'),
  wire_api: z
    .enum(['responses', 'chat'])
    .default('responses')
    .describe('Which OpenAI API the endpoint speaks'),
});

export const codexParamsSchema = z.strictObject({
  ...agentCommonParamsShape,
  provider: providerSchema.optional().describe('A custom OpenAI-compatible endpoint for Codex'),
  reasoning_effort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
});

export type CodexParams = z.output<typeof codexParamsSchema>;
type CodexProvider = z.output<typeof providerSchema>;

function sandboxArguments(permission: AgentPermission): string[] {
  if (permission === 'bypass') return ['--dangerously-bypass-approvals-and-sandbox'];
  return ['--sandbox', permission === 'read_only' ? 'read-only' : 'workspace-write'];
}

/** `-c key=value` where value is TOML; JSON strings are valid TOML basic strings. */
function configArgument(key: string, value: string): string[] {
  return ['-c', `${key}=${JSON.stringify(value)}`];
}

function providerArguments(provider: CodexProvider): string[] {
  const prefix = `model_providers.${provider.name}`;
  return [
    ...configArgument(`${prefix}.name`, provider.name),
    ...configArgument(`${prefix}.base_url`, provider.base_url),
    ...configArgument(`${prefix}.env_key`, provider.env_key),
    ...configArgument(`${prefix}.wire_api`, provider.wire_api),
    ...configArgument('model_provider', provider.name),
  ];
}

function providerOf(params: CodexParams, env: NodeJS.ProcessEnv): CodexProvider | undefined {
  if (params.provider !== undefined) return params.provider;
  const baseUrl = env.OPENAI_BASE_URL;
  if (baseUrl === undefined || baseUrl === '') return undefined;
  return { name: 'ouro', base_url: baseUrl, env_key: 'OPENAI_API_KEY', wire_api: 'responses' };
}

export const codexDefinition: AgentDefinition<CodexParams> = {
  id: 'codex',
  version: '1.0.0',
  description: 'Runs OpenAI Codex (codex exec) on the task in the workspace and takes its change as a patch',
  executable: 'codex',
  install: 'Install Codex: `npm install -g @openai/codex`, and set OPENAI_API_KEY.',
  params: codexParamsSchema,
  invocation(params, context) {
    const provider = providerOf(params, context.env);
    const args = ['exec', '--json', '--color', 'never', ...sandboxArguments(context.permission)];
    if (context.model !== undefined) args.push('--model', context.model);
    if (provider !== undefined) args.push(...providerArguments(provider));
    if (params.reasoning_effort !== undefined) {
      args.push(...configArgument('model_reasoning_effort', params.reasoning_effort));
    }
    // `-` : the prompt is read from stdin.
    args.push('-');
    const keyVariable = provider?.env_key ?? 'OPENAI_API_KEY';
    return {
      args,
      input: params.instructions,
      env: agentEnvironment(context.env, [keyVariable, 'OPENAI_BASE_URL', 'CODEX_HOME']),
    };
  },
  createParser: createCodexEventParser,
};
