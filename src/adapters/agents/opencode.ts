/**
 * `opencode`: opencode non-interactively (`opencode run --format json <task>`). Permissions are set
 * through OPENCODE_CONFIG_CONTENT, which opencode merges over its own configuration: read_only
 * denies edits and shell commands, edit allows edits and denies shell commands and web fetches,
 * bypass allows everything (only when allowed). The environment carries the key of the model's
 * provider only (`anthropic/…` → ANTHROPIC_API_KEY, `google/…` → GEMINI_API_KEY, otherwise
 * OPENAI_API_KEY), chosen like aider's.
 */
import { z } from 'zod';
import { aiderModelVariables } from './aider.js';
import type { AgentDefinition } from './agent-definition.js';
import { agentEnvironment } from './agent-environment.js';
import { agentCommonParamsShape, type AgentPermission } from './agent-params.js';
import { createOpencodeEventParser } from './parse-opencode-events.js';

export const opencodeParamsSchema = z.strictObject({
  ...agentCommonParamsShape,
  agent: z.string().min(1).optional().describe('opencode agent to use (--agent)'),
});

export type OpencodeParams = z.output<typeof opencodeParamsSchema>;

function permissionConfig(permission: AgentPermission): Record<string, unknown> {
  if (permission === 'bypass') return { permission: 'allow' };
  const edit = permission === 'read_only' ? 'deny' : 'allow';
  return { permission: { edit, bash: 'deny', webfetch: 'deny' } };
}

function providerModelVariables(model: string | undefined, env: NodeJS.ProcessEnv): string[] {
  if (model?.startsWith('google/') === true) return ['GEMINI_API_KEY'];
  return aiderModelVariables(model, env);
}

export const opencodeDefinition: AgentDefinition<OpencodeParams> = {
  id: 'opencode',
  version: '1.0.0',
  description: 'Runs opencode (opencode run) on the task in the workspace and takes its change as a patch',
  executable: 'opencode',
  install: 'Install opencode: `npm install -g opencode-ai`, and set the model’s API key.',
  params: opencodeParamsSchema,
  invocation(params, context) {
    const args = ['run', '--format', 'json'];
    if (context.model !== undefined) args.push('--model', context.model);
    if (params.agent !== undefined) args.push('--agent', params.agent);
    // After `--` the task is never read as an option, whatever it starts with.
    args.push('--', params.instructions);
    return {
      args,
      env: agentEnvironment(context.env, providerModelVariables(context.model, context.env), {
        OPENCODE_CONFIG_CONTENT: JSON.stringify(permissionConfig(context.permission)),
        OPENCODE_DISABLE_AUTOUPDATE: '1',
      }),
    };
  },
  createParser: createOpencodeEventParser,
};
