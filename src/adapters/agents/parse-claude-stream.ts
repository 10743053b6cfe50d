/**
 * Reads Claude Code's `--output-format stream-json --verbose` lines: `system/init` carries the
 * session id and model, each `assistant` line a message with its usage (one line per content block,
 * the same message id repeated, so usage is counted once per message), and the final `result` line
 * the authoritative turns, usage, total cost and answer. Schemas are permissive: unknown fields and
 * unknown line types are ignored.
 */
import { z } from 'zod';
import { emptySession, parseJsonLine, type AgentOutputParser, type AgentSession } from './agent-session.js';

const usageSchema = z.looseObject({
  input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
  cache_read_input_tokens: z.number().optional(),
  cache_creation_input_tokens: z.number().optional(),
});

const lineSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('system'),
    subtype: z.string().optional(),
    session_id: z.string().optional(),
    model: z.string().optional(),
  }),
  z.looseObject({
    type: z.literal('assistant'),
    session_id: z.string().optional(),
    message: z.looseObject({
      id: z.string().optional(),
      model: z.string().optional(),
      content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).optional(),
      usage: usageSchema.optional(),
    }),
  }),
  z.looseObject({
    type: z.literal('result'),
    subtype: z.string().optional(),
    is_error: z.boolean().optional(),
    num_turns: z.number().optional(),
    result: z.string().optional(),
    session_id: z.string().optional(),
    total_cost_usd: z.number().optional(),
    usage: usageSchema.optional(),
    errors: z.array(z.string()).optional(),
  }),
]);

type Usage = z.output<typeof usageSchema>;

function tokensOf(usage: Usage): { input: number; output: number; cached: number } {
  const cached = usage.cache_read_input_tokens ?? 0;
  return {
    // Anthropic counts cache reads and writes apart from input_tokens; Ouro counts every prompt token.
    input: (usage.input_tokens ?? 0) + cached + (usage.cache_creation_input_tokens ?? 0),
    output: usage.output_tokens ?? 0,
    cached,
  };
}

export function createClaudeStreamParser(): AgentOutputParser {
  const session = emptySession();
  const messages = new Map<string, Usage>();
  let lastText: string | undefined;
  let result: AgentSession | undefined;

  const running = (): AgentSession => {
    let input = 0;
    let output = 0;
    let cached = 0;
    for (const usage of messages.values()) {
      const tokens = tokensOf(usage);
      input += tokens.input;
      output += tokens.output;
      cached += tokens.cached;
    }
    return {
      ...session,
      turns: messages.size,
      inputTokens: input,
      outputTokens: output,
      cachedInputTokens: cached,
      finalMessage: lastText,
    };
  };

  return {
    line(text) {
      const parsed = lineSchema.safeParse(parseJsonLine(text));
      if (!parsed.success) return;
      const event = parsed.data;
      if (event.type === 'system') {
        session.sessionId ??= event.session_id;
        session.model ??= event.model;
      } else if (event.type === 'assistant') {
        session.sessionId ??= event.session_id;
        session.model ??= event.message.model;
        const id = event.message.id ?? `line-${messages.size}`;
        if (event.message.usage !== undefined) messages.set(id, event.message.usage);
        const texts = (event.message.content ?? []).flatMap((block) =>
          block.type === 'text' && block.text !== undefined ? [block.text] : [],
        );
        if (texts.length > 0) lastText = texts.join('\n');
      } else {
        const base = running();
        const tokens = event.usage === undefined ? undefined : tokensOf(event.usage);
        const isError =
          event.is_error === true || (event.subtype !== undefined && event.subtype !== 'success');
        result = {
          ...base,
          sessionId: event.session_id ?? base.sessionId,
          turns: event.num_turns ?? base.turns,
          inputTokens: tokens?.input ?? base.inputTokens,
          outputTokens: tokens?.output ?? base.outputTokens,
          cachedInputTokens: tokens?.cached ?? base.cachedInputTokens,
          costUsd: event.total_cost_usd,
          finalMessage: event.result ?? base.finalMessage,
          isError,
          errorMessage: isError
            ? (event.errors?.join('; ') ??
              event.result ??
              `Claude Code ended with ${event.subtype ?? 'an error'}`)
            : undefined,
        };
      }
    },
    current: () => result ?? running(),
    // No result line means the agent died or was killed before it reported: what it streamed counts.
    finish: () => result ?? running(),
  };
}
