/**
 * `gemini`: Google's Gemini CLI in headless mode (`gemini -p … --output-format json`). Permission
 * modes map to its approval modes (`default`: tools that need approval are refused in headless mode;
 * `auto_edit`: file edits allowed); `--yolo` only when allowed. The environment carries only
 * GEMINI_API_KEY besides the basics.
 */
import { z } from 'zod';
import type { AgentDefinition } from './agent-definition.js';
import { agentEnvironment } from './agent-environment.js';
import { agentCommonParamsShape, type AgentPermission } from './agent-params.js';
import { createGeminiJsonParser } from './parse-gemini-json.js';

export const geminiParamsSchema = z.strictObject({
  ...agentCommonParamsShape,
  sandbox: z.boolean().default(false).describe('Run Gemini CLI’s tools in its sandbox (--sandbox)'),
});

export type GeminiParams = z.output<typeof geminiParamsSchema>;

function approvalArguments(permission: AgentPermission): string[] {
  if (permission === 'bypass') return ['--yolo'];
  return ['--approval-mode', permission === 'read_only' ? 'default' : 'auto_edit'];
}

export const geminiDefinition: AgentDefinition<GeminiParams> = {
  id: 'gemini',
  version: '1.0.0',
  description: 'Runs Gemini CLI (gemini -p) on the task in the workspace and takes its change as a patch',
  executable: 'gemini',
  install: 'Install Gemini CLI: `npm install -g @google/gemini-cli`, and set GEMINI_API_KEY.',
  params: geminiParamsSchema,
  invocation(params, context) {
    // `--prompt=…` in one argument: a task starting with "-" cannot be taken for an option.
    const args = [`--prompt=${params.instructions}`, '--output-format', 'json'];
    args.push(...approvalArguments(context.permission));
    if (context.model !== undefined) args.push('--model', context.model);
    if (params.sandbox) args.push('--sandbox');
    return { args, env: agentEnvironment(context.env, ['GEMINI_API_KEY']) };
  },
  createParser: createGeminiJsonParser,
};
