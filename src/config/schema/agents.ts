/** `agents`: external coding-agent CLIs (claude_code, codex, …) by name: command, model and caps. */
import { z } from 'zod';

const agentSchema = z.strictObject({
  command: z.string().min(1).optional().describe('Executable to run (default: the agent’s usual binary)'),
  args: z.array(z.string()).default([]).describe('Extra arguments'),
  model: z.string().min(1).optional(),
  timeout_minutes: z
    .number()
    .positive()
    .default(30)
    .describe('Wall-clock limit; the process tree is killed after it'),
  max_cost_usd: z.number().nonnegative().optional().describe('Cost cap for one invocation'),
  enabled: z.boolean().default(true),
});

export const agentsSchema = z.record(z.string().min(1), agentSchema).default({});
