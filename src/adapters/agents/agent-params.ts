/**
 * The `with:` parameters every coding-agent adapter shares. Each adapter extends this shape with its
 * own extras; all of them are strict so a typo is caught at `ouro verify` time.
 */
import { z } from 'zod';

/** Ouro's permission levels for an agent, mapped to each tool's own modes by its adapter. */
export const agentPermissionModes = ['read_only', 'edit'] as const;
export type AgentPermissionMode = (typeof agentPermissionModes)[number];

/** What the adapter finally grants: a permission mode, or everything (only when configured). */
export type AgentPermission = AgentPermissionMode | 'bypass';

export const agentCommonParamsShape = {
  instructions: z.string().min(1).describe('The task for the agent (templates are rendered by the engine)'),
  model: z
    .string()
    .min(1)
    .optional()
    .describe("The agent's model name (default: configured or the agent's own)"),
  max_turns: z.int().positive().optional().describe('Turn cap, passed to agents that have one'),
  max_cost_usd: z
    .number()
    .positive()
    .optional()
    .describe(
      'Step budget in US dollars: passed to agents that have a cap, and the agent is killed once its reported cost passes it',
    ),
  timeout_minutes: z
    .number()
    .positive()
    .optional()
    .describe(
      'Wall-clock limit (default: agents.<id>.timeout_minutes, 30); the process tree is killed after it',
    ),
  permission_mode: z
    .enum(agentPermissionModes)
    .default('edit')
    .describe(
      'read_only: look, change nothing; edit: change files in the workspace, commands only as far as the agent’s own sandbox or allowlist permits (docs/agents.md)',
    ),
  dangerously_skip_permissions: z
    .boolean()
    .default(false)
    .describe(
      'Every permission check off (sandboxed machines only); refused unless the configuration allows it',
    ),
  extra_args: z.array(z.string()).default([]).describe('More command-line arguments, appended as given'),
};

export const agentCommonParamsSchema = z.strictObject(agentCommonParamsShape);
export type AgentCommonParams = z.output<typeof agentCommonParamsSchema>;
