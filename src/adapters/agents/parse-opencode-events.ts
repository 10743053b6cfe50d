/**
 * Reads `opencode run --format json` events: each line is `{type, timestamp, sessionID, part}`;
 * `step_finish` parts carry the step's `cost` and `tokens` (`input`, `output`, `reasoning`,
 * `cache.read`, `cache.write`), `text` parts the model's words, `error` events a failure. The cost
 * is summed as the steps finish, so the budget kill works while opencode runs.
 */
import { z } from 'zod';
import { emptySession, parseJsonLine, type AgentOutputParser } from './agent-session.js';

const eventSchema = z.looseObject({
  type: z.string(),
  sessionID: z.string().optional(),
  part: z
    .looseObject({
      type: z.string().optional(),
      text: z.string().optional(),
      cost: z.number().optional(),
      tokens: z
        .looseObject({
          input: z.number().optional(),
          output: z.number().optional(),
          reasoning: z.number().optional(),
          cache: z.looseObject({ read: z.number().optional(), write: z.number().optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
  error: z
    .looseObject({
      name: z.string().optional(),
      message: z.string().optional(),
      data: z.looseObject({ message: z.string().optional() }).optional(),
    })
    .optional(),
});

export function createOpencodeEventParser(): AgentOutputParser {
  const session = emptySession();
  return {
    line(text) {
      const parsed = eventSchema.safeParse(parseJsonLine(text));
      if (!parsed.success) return;
      const event = parsed.data;
      session.sessionId ??= event.sessionID;
      if (event.type === 'step_finish' && event.part !== undefined) {
        const tokens = event.part.tokens;
        const cacheRead = tokens?.cache?.read ?? 0;
        session.turns += 1;
        // opencode's `input` excludes cache reads and writes; Ouro counts every prompt token.
        session.inputTokens += (tokens?.input ?? 0) + cacheRead + (tokens?.cache?.write ?? 0);
        session.cachedInputTokens += cacheRead;
        session.outputTokens += (tokens?.output ?? 0) + (tokens?.reasoning ?? 0);
        session.costUsd = (session.costUsd ?? 0) + (event.part.cost ?? 0);
      } else if (event.type === 'text' && event.part?.text !== undefined) {
        session.finalMessage = event.part.text;
      } else if (event.type === 'error') {
        session.isError = true;
        session.errorMessage =
          event.error?.data?.message ??
          event.error?.message ??
          event.error?.name ??
          'opencode reported an error';
      }
    },
    current: () => ({ ...session }),
    finish: () => ({ ...session }),
  };
}
