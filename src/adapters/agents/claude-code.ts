/**
 * `claude_code`: Anthropic's Claude Code in print mode (`claude -p … --output-format stream-json
 * --verbose`). Its own caps are passed (`--max-turns`, `--max-budget-usd`); permission modes map to
 * `plan` (read_only) and `acceptEdits` (edit: file edits, no shell commands unless `allowed_tools`
 * names them); `--dangerously-skip-permissions` only when allowed. The environment carries only
 * ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL besides the basics.
 */
import { z } from 'zod';
import type { AgentDefinition } from './agent-definition.js';
import { agentEnvironment } from './agent-environment.js';
import { agentCommonParamsShape, type AgentPermission } from './agent-params.js';
import { createClaudeStreamParser } from './parse-claude-stream.js';

export const claudeCodeParamsSchema = z.strictObject({
  ...agentCommonParamsShape,
  allowed_tools: z
    .array(z.string().min(1))
    .optional()
    .describe('Tools allowed without asking, e.g. ["Bash(npm test:*)"] (Claude Code --allowed-tools)'),
  disallowed_tools: z.array(z.string().min(1)).optional().describe('Tools denied (--disallowed-tools)'),
  append_system_prompt: z.string().min(1).optional().describe('Appended to Claude Code’s system prompt'),
});

export type ClaudeCodeParams = z.output<typeof claudeCodeParamsSchema>;

function permissionArguments(permission: AgentPermission): string[] {
  if (permission === 'bypass') return ['--dangerously-skip-permissions'];
  return ['--permission-mode', permission === 'read_only' ? 'plan' : 'acceptEdits'];
}

export const claudeCodeDefinition: AgentDefinition<ClaudeCodeParams> = {
  id: 'claude_code',
  version: '1.0.0',
  description: 'Runs Claude Code (claude -p) on the task in the workspace and takes its change as a patch',
  executable: 'claude',
  install: 'Install Claude Code: `npm install -g @anthropic-ai/claude-code`, and set ANTHROPIC_API_KEY.',
  params: claudeCodeParamsSchema,
  invocation(params, context) {
    // The task goes to stdin: `claude -p` reads its prompt there when none is given as an argument.
    const args = ['-p', '--output-format', 'stream-json', '--verbose'];
    args.push(...permissionArguments(context.permission));
    if (context.model !== undefined) args.push('--model', context.model);
    if (params.max_turns !== undefined) args.push('--max-turns', String(params.max_turns));
    if (params.max_cost_usd !== undefined) args.push('--max-budget-usd', String(params.max_cost_usd));
    if (params.allowed_tools !== undefined) args.push('--allowed-tools', params.allowed_tools.join(','));
    if (params.disallowed_tools !== undefined) {
      args.push('--disallowed-tools', params.disallowed_tools.join(','));
    }
    if (params.append_system_prompt !== undefined) {
      args.push('--append-system-prompt', params.append_system_prompt);
    }
    return {
      args,
      input: params.instructions,
      env: agentEnvironment(context.env, ['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL'], {
        // No auto-update, telemetry or error reporting from inside a step: it talks to its model only.
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      }),
    };
  },
  createParser: createClaudeStreamParser,
};
