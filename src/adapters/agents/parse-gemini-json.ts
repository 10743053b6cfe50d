/**
 * Reads `gemini --output-format json`: one JSON document printed when the run ends, with the answer
 * (`response`), per-model statistics (`stats.models.<name>.api.totalRequests` and `.tokens` with
 * `prompt`, `candidates`, `cached`, `thoughts`), the session id in newer versions and `error` on
 * failure. The document may be pretty-printed over many lines, so it is read from the whole stdout.
 * Gemini CLI reports tokens but no cost.
 */
import { z } from 'zod';
import { emptySession, type AgentOutputParser, type AgentSession } from './agent-session.js';

const modelStatsSchema = z.looseObject({
  api: z.looseObject({ totalRequests: z.number().optional() }).optional(),
  tokens: z
    .looseObject({
      prompt: z.number().optional(),
      candidates: z.number().optional(),
      cached: z.number().optional(),
      thoughts: z.number().optional(),
    })
    .optional(),
});

const documentSchema = z.looseObject({
  session_id: z.string().optional(),
  response: z.string().nullish(),
  stats: z.looseObject({ models: z.record(z.string(), modelStatsSchema).optional() }).optional(),
  error: z
    .looseObject({
      type: z.string().optional(),
      message: z.string().optional(),
      code: z.unknown().optional(),
    })
    .nullish(),
});

/** The JSON document in stdout, skipping anything printed before it (notices, warnings). */
function documentIn(stdout: string): unknown {
  let start = stdout.indexOf('{');
  while (start !== -1) {
    try {
      return JSON.parse(stdout.slice(start)) as unknown;
    } catch {
      start = stdout.indexOf('\n{', start + 1);
      if (start !== -1) start += 1;
    }
  }
  return undefined;
}

export function parseGeminiDocument(stdout: string): AgentSession {
  const session = emptySession();
  const parsed = documentSchema.safeParse(documentIn(stdout));
  if (!parsed.success) return session;
  const document = parsed.data;
  session.sessionId = document.session_id;
  session.finalMessage = document.response ?? undefined;
  for (const [model, stats] of Object.entries(document.stats?.models ?? {})) {
    session.model ??= model;
    session.turns += stats.api?.totalRequests ?? 0;
    session.inputTokens += stats.tokens?.prompt ?? 0;
    session.cachedInputTokens += stats.tokens?.cached ?? 0;
    // Thinking tokens are billed as output.
    session.outputTokens += (stats.tokens?.candidates ?? 0) + (stats.tokens?.thoughts ?? 0);
  }
  if (document.error !== undefined && document.error !== null) {
    session.isError = true;
    session.errorMessage = document.error.message ?? document.error.type ?? 'Gemini CLI reported an error';
  }
  return session;
}

export function createGeminiJsonParser(): AgentOutputParser {
  return {
    line: () => undefined,
    current: emptySession,
    finish: parseGeminiDocument,
  };
}
