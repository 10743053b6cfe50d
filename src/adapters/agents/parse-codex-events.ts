/**
 * Reads `codex exec --json` events: `thread.started` (the session id), `turn.started`,
 * `turn.completed` with the turn's token usage (OpenAI counting: input includes cached input),
 * `turn.failed`, `item.completed` (the agent's messages; older versions call the item kind
 * `item_type`, newer ones `type`) and `error`. Codex reports tokens but no cost.
 */
import { z } from 'zod';
import { emptySession, parseJsonLine, type AgentOutputParser } from './agent-session.js';

const eventSchema = z.looseObject({
  type: z.string(),
  thread_id: z.string().optional(),
  usage: z
    .looseObject({
      input_tokens: z.number().optional(),
      cached_input_tokens: z.number().optional(),
      output_tokens: z.number().optional(),
      reasoning_output_tokens: z.number().optional(),
    })
    .optional(),
  error: z.looseObject({ message: z.string().optional() }).optional(),
  message: z.string().optional(),
  item: z
    .looseObject({
      type: z.string().optional(),
      item_type: z.string().optional(),
      text: z.string().optional(),
    })
    .optional(),
});

export function createCodexEventParser(): AgentOutputParser {
  const session = emptySession();
  let lastError: string | undefined;
  return {
    line(text) {
      const parsed = eventSchema.safeParse(parseJsonLine(text));
      if (!parsed.success) return;
      const event = parsed.data;
      switch (event.type) {
        case 'thread.started':
          session.sessionId ??= event.thread_id;
          break;
        case 'turn.started':
          session.turns += 1;
          break;
        case 'turn.completed':
        case 'turn.failed':
          if (event.usage !== undefined) {
            session.inputTokens += event.usage.input_tokens ?? 0;
            session.cachedInputTokens += event.usage.cached_input_tokens ?? 0;
            session.outputTokens += event.usage.output_tokens ?? 0;
          }
          if (event.type === 'turn.failed') {
            session.isError = true;
            session.errorMessage = event.error?.message ?? lastError ?? 'the turn failed';
          }
          break;
        case 'item.completed': {
          const kind = event.item?.type ?? event.item?.item_type;
          if (kind === 'agent_message' && event.item?.text !== undefined)
            session.finalMessage = event.item.text;
          break;
        }
        case 'error':
          // Codex also reports retried stream errors this way; only a failed turn fails the step.
          lastError = event.message ?? event.error?.message ?? lastError;
          break;
        default:
          break;
      }
    },
    current: () => ({ ...session }),
    finish: () => ({ ...session, errorMessage: session.errorMessage ?? lastError }),
  };
}
