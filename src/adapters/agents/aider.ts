/**
 * `aider`: aider in one-shot mode (`aider --message … --yes-always --no-auto-commits`), so it edits
 * the workspace and Ouro, not aider, decides about commits. Permission modes: read_only is
 * `--dry-run` (aider proposes, writes nothing); edit also turns off shell-command suggestions, which
 * `--yes-always` would otherwise run; bypass leaves them on. The environment carries the key of the
 * model's provider only: ANTHROPIC_API_KEY for `anthropic/…`/`claude…` models, GEMINI_API_KEY for
 * `gemini/…`, otherwise OPENAI_API_KEY (+ OPENAI_API_BASE for OpenAI-compatible servers).
 */
import { z } from 'zod';
import type { AgentDefinition } from './agent-definition.js';
import { agentEnvironment } from './agent-environment.js';
import { agentCommonParamsShape } from './agent-params.js';
import { createAiderOutputParser } from './parse-aider-output.js';

export const aiderParamsSchema = z.strictObject({
  ...agentCommonParamsShape,
  files: z
    .array(
      z
        .string()
        .min(1)
        .refine((file) => !file.startsWith('-'), 'a file name cannot start with "-"'),
    )
    .default([])
    .describe('Files to add to the chat (paths in the workspace)'),
});

export type AiderParams = z.output<typeof aiderParamsSchema>;

/** The variables the model's provider needs; without a model, the first key the step has. */
export function aiderModelVariables(model: string | undefined, env: NodeJS.ProcessEnv): string[] {
  const anthropic = ['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL'];
  const gemini = ['GEMINI_API_KEY'];
  const openai = ['OPENAI_API_KEY', 'OPENAI_API_BASE'];
  if (model === undefined) {
    return [anthropic, openai, gemini].find((names) => env[names[0] as string] !== undefined) ?? [];
  }
  if (/^(anthropic\/|claude|sonnet$|opus$|haiku$)/.test(model)) return anthropic;
  if (/^(gemini\/|gemini)/.test(model)) return gemini;
  return openai;
}

export const aiderDefinition: AgentDefinition<AiderParams> = {
  id: 'aider',
  version: '1.0.0',
  description: 'Runs aider (--message) on the task in the workspace and takes its change as a patch',
  executable: 'aider',
  install:
    'Install aider: `python -m pip install aider-install && aider-install`, and set the model’s API key.',
  params: aiderParamsSchema,
  invocation(params, context) {
    const args = [
      `--message=${params.instructions}`,
      '--yes-always',
      '--no-auto-commits',
      '--no-pretty',
      '--no-stream',
      '--no-check-update',
      '--no-show-release-notes',
    ];
    if (context.permission === 'read_only') args.push('--dry-run');
    if (context.permission !== 'bypass') args.push('--no-suggest-shell-commands');
    if (context.model !== undefined) args.push('--model', context.model);
    args.push(...params.files);
    return { args, env: agentEnvironment(context.env, aiderModelVariables(context.model, context.env)) };
  },
  createParser: createAiderOutputParser,
};
